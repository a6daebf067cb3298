'use client';
import { useQuery } from '@tanstack/react-query';
import { sel } from '@/components/test-ids';
import type { IstioConfigList } from '@/lib/contracts/istio-config';
import {
  LISTENER_PROTOCOLS,
  LISTENER_TLS_MODES,
  newListener,
  ROUTES_FROM,
  type K8sGatewayForm,
  type ListenerForm,
  type ListenerProtocol,
  type ListenerTlsMode,
  type RoutesFrom,
} from '@/lib/istio/forms/k8s-gateway';
import type { FormProblem } from '@/lib/istio/forms/validate';
import { apiFetch } from '@/lib/query/fetch';
import { queryKeys } from '@/lib/query/keys';
import { Field, LabelsInput, ListField, problemsAt, SelectField, TextField, textFieldBinder } from './inputs';
import { EntryList, Problems } from './networking-editors';
import styles from '../istio.module.css';

const f = sel.istio.formField;

const FROM_HINT: Record<RoutesFrom, string> = {
  Same: 'Routes in this Gateway’s namespace only.',
  All: 'Routes from every namespace.',
  Selector: 'Routes from namespaces whose labels match.',
};

/** The cluster's GatewayClasses (names, with their controller's description), for the class select. */
function useGatewayClasses() {
  return useQuery({
    queryKey: queryKeys.istio.gatewayClasses(),
    queryFn: () => apiFetch<IstioConfigList>('/api/istio?kinds=k8sgatewayclasses&objects=true'),
    select: (list) =>
      list.items.map((i) => ({
        name: i.name,
        description: String((i.object?.spec as { description?: unknown } | undefined)?.description ?? ''),
      })),
  });
}

/** One listener: name, port, protocol, hostname, TLS (mode, certificate Secrets) and which routes may attach. */
function ListenerFields({
  l,
  i,
  problems,
  onChange,
}: {
  l: ListenerForm;
  i: number;
  problems: FormProblem[];
  onChange: (l: ListenerForm) => void;
}) {
  const at = (field: string) => problemsAt(problems, `listeners.${i}.${field}`);
  const text = textFieldBinder(
    l,
    (change) => onChange({ ...l, ...change }),
    at,
    (key) => f(`listener${i}-${key}`),
  );
  const tlsProtocol = l.protocol === 'HTTPS' || l.protocol === 'TLS';
  const l4 = l.protocol === 'TCP' || l.protocol === 'UDP';
  return (
    <>
      <div className={styles.row}>
        <TextField label="Listener name" {...text('name')} />
        <TextField label="Port" {...text('port')} />
        <SelectField
          label="Protocol"
          value={l.protocol}
          options={LISTENER_PROTOCOLS}
          onChange={(v) => {
            const protocol = v as ListenerProtocol;
            const tls =
              protocol === 'HTTPS' ? 'Terminate' : protocol === 'TLS' ? (l.tlsMode ?? 'Passthrough') : undefined;
            onChange({
              ...l,
              protocol,
              tlsMode: tls,
              hostname: protocol === 'TCP' || protocol === 'UDP' ? '' : l.hostname,
            });
          }}
          testId={f(`listener${i}-protocol`)}
        />
      </div>
      {!l4 && (
        <TextField
          label="Hostname"
          hint="Empty: every hostname. bookinfo.example.com or *.example.com; routes’ hostnames must intersect it."
          {...text('hostname')}
        />
      )}
      {tlsProtocol && (
        <div className={styles.row}>
          <SelectField
            label="TLS mode"
            errors={at('tlsMode')}
            hint={
              l.tlsMode === 'Passthrough'
                ? 'The gateway routes by SNI (TLSRoute) without decrypting.'
                : 'The gateway decrypts with the certificate Secrets.'
            }
            value={l.tlsMode ?? ''}
            options={l.protocol === 'HTTPS' ? ['Terminate'] : LISTENER_TLS_MODES}
            empty="(not set)"
            onChange={(v) => onChange({ ...l, tlsMode: (v || undefined) as ListenerTlsMode })}
            testId={f(`listener${i}-tlsMode`)}
          />
          {l.tlsMode === 'Terminate' && (
            <ListField
              label="certificateRefs (Secrets)"
              inputLabel="Certificate Secrets"
              errors={at('certificateRefs')}
              hint="name or namespace/name; another namespace needs a ReferenceGrant."
              value={l.certificateRefs}
              onChange={(refs) => onChange({ ...l, certificateRefs: refs ?? [] })}
              testId={f(`listener${i}-certificateRefs`)}
            />
          )}
        </div>
      )}
      <div className={styles.row}>
        <SelectField
          label="Routes allowed from"
          hint={FROM_HINT[l.from]}
          value={l.from}
          options={ROUTES_FROM}
          onChange={(v) =>
            onChange({ ...l, from: v as RoutesFrom, selector: v === 'Selector' ? l.selector : undefined })
          }
          testId={f(`listener${i}-from`)}
        />
        {l.from === 'Selector' && (
          <Field label="Namespace labels" errors={at('selector')}>
            <LabelsInput
              value={l.selector}
              onChange={(selector) => onChange({ ...l, selector })}
              label="Namespace labels"
              placeholder="kubernetes.io/metadata.name=bookinfo, shared-gateway-access=true"
              testId={f(`listener${i}-selector`)}
            />
          </Field>
        )}
      </div>
    </>
  );
}

/**
 * Gateway API Gateway: the GatewayClass (from the cluster's GatewayClasses; a class the cluster lacks is kept and
 * flagged by validation) and its listeners.
 */
export function K8sGatewayEditor({
  form,
  onChange,
  problems,
}: {
  form: K8sGatewayForm;
  onChange: (f: K8sGatewayForm) => void;
  problems: FormProblem[];
}) {
  const classes = useGatewayClasses();
  const names = [...new Set([...(classes.data ?? []).map((c) => c.name), form.gatewayClassName].filter(Boolean))];
  const described = classes.data?.find((c) => c.name === form.gatewayClassName)?.description;
  return (
    <div className={styles.form}>
      <SelectField
        label="GatewayClass"
        errors={problemsAt(problems, 'gatewayClassName')}
        hint={
          classes.isError
            ? `The cluster’s GatewayClasses could not be read (${classes.error.message}).`
            : described ||
              (classes.data && !classes.data.some((c) => c.name === form.gatewayClassName)
                ? 'The cluster has no GatewayClass of this name.'
                : 'istio: Istio deploys a gateway for it; istio-waypoint: a waypoint.')
        }
        value={form.gatewayClassName}
        options={names}
        empty={form.gatewayClassName ? undefined : '(choose a class)'}
        onChange={(gatewayClassName) => onChange({ ...form, gatewayClassName })}
        testId={f('gatewayClassName')}
      />
      <Problems problems={problems} path="listeners" />
      <EntryList
        list={form.listeners}
        onChange={(listeners) => onChange({ ...form, listeners })}
        newEntry={{ ...newListener('443'), name: 'https', protocol: 'HTTPS', tlsMode: 'Terminate' }}
        addLabel="Add listener"
        removeLabel="Remove listener"
        render={(l, i, remove, setListener) => (
          <fieldset key={i} className={styles.fieldset}>
            <legend>Listener {i + 1}</legend>
            <ListenerFields l={l} i={i} problems={problems} onChange={setListener} />
            {remove}
          </fieldset>
        )}
      />
    </div>
  );
}
