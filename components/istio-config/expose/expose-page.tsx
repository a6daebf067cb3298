'use client';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useMemo, useState } from 'react';
import { sel } from '@/components/test-ids';
import { ErrorState } from '@/components/ui/states';
import type {
  IstioConfigList,
  IstioConfigObject,
  ServiceRoutingTarget,
  ServiceRoutingTargets,
} from '@/lib/contracts/istio-config';
import { toEditorYaml } from '@/lib/istio/editor/dump';
import {
  EXPOSE_PORT,
  exposeProblems,
  exposeWrites,
  newExposeForm,
  type ExposeApi,
  type ExposeForm,
} from '@/lib/istio/forms/expose';
import { writeVerb } from '@/lib/istio/forms/wizards';
import { apiFetch } from '@/lib/query/fetch';
import { useGlobalParams } from '@/lib/query/global-params';
import { queryKeys } from '@/lib/query/keys';
import { useSave } from '@/lib/query/save';
import { ReviewToolbar, SaveDialog, SaveFailureAlert } from '../dialogs';
import { Field, problemsAt, SelectField, TextField, textFieldBinder } from '../forms/inputs';
import { ImpactPreview } from '../impact-preview';
import { BlockingFindings, LivePreview, useIntroducedErrors, useLiveValidation } from '../live-validation';
import { useCanWrite } from '../view-only';
import { ApiRadioGroup } from '../api-radio-group';
import styles from '../istio.module.css';

/**
 * `/istio/expose/{ns}/{service}`: loads the service and the Gateways it could bind to (Istio's, and the Gateway API's
 * when the cluster serves it).
 */
export function ExposePage({ namespace, service }: { namespace: string; service: string }) {
  const target = useQuery({
    queryKey: queryKeys.istio.services([namespace]),
    queryFn: () => apiFetch<ServiceRoutingTargets>(`/api/istio/services?namespaces=${namespace}`),
  });
  const gateways = useQuery({
    queryKey: queryKeys.istio.gateways(),
    queryFn: () => apiFetch<IstioConfigList>('/api/istio?kinds=gateways,k8sgateways'),
  });
  const canWrite = useCanWrite(namespace);
  const found = target.data?.services.find((s) => s.name === service);
  if (target.isError) return <ErrorState title={`Cannot load service ${namespace}/${service}`} error={target.error} />;
  if (target.isPending || canWrite === null) return <p className="muted">Loading {service}…</p>;
  if (!found)
    return (
      <ErrorState
        title={`Service ${namespace}/${service} was not found`}
        error={Object.assign(new Error(`No service ${service} in namespace ${namespace}`), { status: 404 })}
      />
    );
  const existing = (plural: string) =>
    (gateways.data?.items ?? []).filter((g) => g.plural === plural).map((g) => `${g.namespace}/${g.name}`);
  return (
    <ExposeEditor
      target={found}
      gateways={{ istio: existing('gateways'), 'gateway-api': existing('k8sgateways') }}
      gatewayApi={!!target.data?.gatewayApi}
      canWrite={canWrite}
    />
  );
}

const API_CHOICES = [
  ['istio', 'Istio API (Gateway, VirtualService)'],
  ['gateway-api', 'Gateway API (Gateway of class istio, HTTPRoute)'],
] as const;

function ExposeEditor({
  target,
  gateways,
  gatewayApi,
  canWrite,
}: {
  target: ServiceRoutingTarget;
  gateways: Record<ExposeApi, string[]>;
  gatewayApi: boolean;
  canWrite: boolean;
}) {
  const { query } = useGlobalParams();
  const ports = target.ports.map((p) => p.port);
  const [form, setForm] = useState<ExposeForm>(() => newExposeForm(target.namespace, target.name, ports));
  const [saved, setSaved] = useState<string | null>(null);
  const problems = exposeProblems(form);
  const objects = useMemo(() => exposeWrites(form) as IstioConfigObject[], [form]);
  const changes = useMemo(() => objects.map((after) => ({ before: null, after })), [objects]);
  const gatewayApiForm = form.api === 'gateway-api';
  const validation = useLiveValidation(objects);
  const baseline = useMemo(() => objects.map(() => null), [objects]);
  const findings = useIntroducedErrors(objects, validation, baseline);
  const writes = objects.map((object) => ({ object, original: null }));
  const save = useSave({
    onSaved: (s) => setSaved(`Created ${s.map((o) => `${o.kind} ${o.metadata.name}`).join(' and ')}.`),
  });
  const set = (c: Partial<ExposeForm>) => setForm({ ...form, ...c });
  const setApi = (api: ExposeApi) =>
    setForm({ ...form, api, gateway: 'new', port: form.port === EXPOSE_PORT[form.api] ? EXPOSE_PORT[api] : form.port });
  const blocked =
    problems.length > 0 || findings.blocking === null || findings.blocking > 0 || save.stage === 'dry-run';
  const suffix = query ? `?${query}` : '';
  const field = sel.istio.formField;
  const text = textFieldBinder(form, set, (key) => problemsAt(problems, key));
  return (
    <section>
      <div className={styles.header}>
        <h1>
          <Link href={`/istio${suffix}`}>Istio Config</Link> / Expose {target.namespace}/{target.name}
        </h1>
      </div>
      <p className={styles.note}>
        {gatewayApiForm
          ? 'Makes the service reachable from outside the mesh with the Kubernetes Gateway API (Istio’s Ingress task): a Gateway of class istio (Istio deploys its proxy and Service <name>-istio) accepts the host on a listener, an HTTPRoute attached to it routes the path to the service.'
          : 'Makes the service reachable from outside the mesh through the ingress gateway (Istio’s Ingress Gateways task): a Gateway accepts the host on a gateway port, a VirtualService bound to it routes the path to the service.'}
      </p>
      {gatewayApi && (
        <ApiRadioGroup title="Ingress API" name="expose-api" choices={API_CHOICES} api={form.api} onChange={setApi} />
      )}
      {saved && (
        <p className={styles.success} data-testid={sel.istio.saved}>
          {saved} Try it:{' '}
          <code>
            curl -H &quot;Host: {form.host}&quot; http://$INGRESS_HOST:{form.port}
            {form.pathPrefix}
          </code>
          {gatewayApiForm && form.gateway === 'new' && (
            <> (INGRESS_HOST: the address of Service {form.gatewayName}-istio)</>
          )}
        </p>
      )}
      <div className={styles.wizardGrid}>
        <div className={styles.form}>
          <Field
            label="Gateway"
            hint={
              gatewayApiForm
                ? 'A new Gateway (class istio) in this namespace, or an existing one (a listener must accept your host and allow routes from this namespace).'
                : 'A new Gateway in this namespace, or an existing one (its hosts must cover yours).'
            }
          >
            <select
              className={styles.select}
              value={form.gateway}
              onChange={(e) => set({ gateway: e.target.value })}
              data-testid={field('gateway')}
            >
              <option value="new">New Gateway…</option>
              {gateways[form.api].map((g) => (
                <option key={g}>{g}</option>
              ))}
            </select>
          </Field>
          {form.gateway === 'new' && <TextField label="Gateway name" {...text('gatewayName')} />}
          <div className={styles.row}>
            <TextField label="Host" {...text('host')} />
            {form.gateway === 'new' && (
              <TextField label={gatewayApiForm ? 'Listener port' : 'Gateway port'} {...text('port')} />
            )}
            <TextField label="Path prefix" {...text('pathPrefix')} />
          </div>
          <div className={styles.row}>
            {ports.length > 1 && (
              <SelectField
                label="Service port"
                value={form.servicePort}
                options={ports}
                onChange={(v) => set({ servicePort: Number(v) })}
                testId={field('servicePort')}
              />
            )}
            {gatewayApiForm ? (
              <TextField label="HTTPRoute name" {...text('routeName')} />
            ) : (
              <TextField label="VirtualService name" {...text('virtualServiceName')} />
            )}
          </div>
          {canWrite && (
            <ReviewToolbar save={save} input={{ writes }} disabled={blocked} label={writeVerb(writes)}>
              <span className={styles.note}>
                Will create {objects.map((o) => `${o.kind} ${o.metadata.name}`).join(' and ')}.
              </span>
            </ReviewToolbar>
          )}
          <BlockingFindings findings={findings} />
          <SaveFailureAlert failure={save.failure} />
          <ImpactPreview before={null} after={null} changes={changes} />
        </div>
        <LivePreview objects={objects} validation={validation} />
      </div>
      <SaveDialog
        save={save}
        liveText=""
        editedText={objects.map(toEditorYaml).join('---\n')}
        dryRunNote={<p className={styles.success}>The server dry run accepted the objects; nothing written yet.</p>}
      >
        <ImpactPreview before={null} after={null} changes={changes} />
      </SaveDialog>
    </section>
  );
}
