'use client';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useMemo, useState } from 'react';
import { sel } from '@/components/test-ids';
import { ErrorState } from '@/components/ui/states';
import type { IstioConfigList, IstioConfigObject, ServiceRoutingTarget } from '@/lib/contracts/istio-config';
import { toEditorYaml } from '@/lib/istio/editor/dump';
import { exposeObjects, exposeProblems, newExposeForm, type ExposeForm } from '@/lib/istio/forms/expose';
import { writeVerb } from '@/lib/istio/forms/wizards';
import { apiFetch } from '@/lib/query/fetch';
import { useGlobalParams } from '@/lib/query/global-params';
import { queryKeys } from '@/lib/query/keys';
import { useSave } from '@/lib/query/save';
import { ReviewToolbar, SaveDialog, SaveFailureAlert } from '../dialogs';
import { Field, problemsAt, SelectField, TextField } from '../forms/inputs';
import { BlockingFindings, LivePreview, useIntroducedErrors, useLiveValidation } from '../live-validation';
import { useCanWrite } from '../view-only';
import styles from '../istio.module.css';

/** `/istio/expose/{ns}/{service}`: loads the service and the Gateways it could bind to. */
export function ExposePage({ namespace, service }: { namespace: string; service: string }) {
  const target = useQuery({
    queryKey: queryKeys.istio.services([namespace]),
    queryFn: () => apiFetch<{ services: ServiceRoutingTarget[] }>(`/api/istio/services?namespaces=${namespace}`),
  });
  const gateways = useQuery({
    queryKey: queryKeys.istio.gateways(),
    queryFn: () => apiFetch<IstioConfigList>('/api/istio?kinds=gateways'),
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
  const existing = (gateways.data?.items ?? [])
    .filter((g) => g.kind === 'Gateway' && g.plural === 'gateways')
    .map((g) => `${g.namespace}/${g.name}`);
  return <ExposeEditor target={found} gateways={existing} canWrite={canWrite} />;
}

function ExposeEditor({
  target,
  gateways,
  canWrite,
}: {
  target: ServiceRoutingTarget;
  gateways: string[];
  canWrite: boolean;
}) {
  const { query } = useGlobalParams();
  const ports = target.ports.map((p) => p.port);
  const [form, setForm] = useState<ExposeForm>(() => newExposeForm(target.namespace, target.name, ports));
  const [saved, setSaved] = useState<string | null>(null);
  const problems = exposeProblems(form);
  const built = useMemo(() => exposeObjects(form), [form]);
  const objects = useMemo(
    () => [built.gateway, built.virtualService].filter((o): o is NonNullable<typeof o> => !!o) as IstioConfigObject[],
    [built],
  );
  const validation = useLiveValidation(objects);
  const baseline = useMemo(() => objects.map(() => null), [objects]);
  const findings = useIntroducedErrors(objects, validation, baseline);
  const writes = objects.map((object) => ({ object, original: null }));
  const save = useSave({
    onSaved: (s) => setSaved(`Created ${s.map((o) => `${o.kind} ${o.metadata.name}`).join(' and ')}.`),
  });
  const set = (c: Partial<ExposeForm>) => setForm({ ...form, ...c });
  const blocked =
    problems.length > 0 || findings.blocking === null || findings.blocking > 0 || save.stage === 'dry-run';
  const suffix = query ? `?${query}` : '';
  const field = sel.istio.formField;
  return (
    <section>
      <div className={styles.header}>
        <h1>
          <Link href={`/istio${suffix}`}>Istio Config</Link> / Expose {target.namespace}/{target.name}
        </h1>
      </div>
      <p className={styles.note}>
        Makes the service reachable from outside the mesh through the ingress gateway (Istio’s Ingress Gateways task): a
        Gateway accepts the host on a gateway port, a VirtualService bound to it routes the path to the service.
      </p>
      {saved && (
        <p className={styles.success} data-testid={sel.istio.saved}>
          {saved} Try it:{' '}
          <code>
            curl -H &quot;Host: {form.host}&quot; http://$INGRESS_HOST:{form.port}
            {form.pathPrefix}
          </code>
        </p>
      )}
      <div className={styles.wizardGrid}>
        <div className={styles.form}>
          <Field
            label="Gateway"
            hint="A new Gateway in this namespace, or an existing one (its hosts must cover yours)."
          >
            <select
              className={styles.select}
              value={form.gateway}
              onChange={(e) => set({ gateway: e.target.value })}
              data-testid={field('gateway')}
            >
              <option value="new">New Gateway…</option>
              {gateways.map((g) => (
                <option key={g}>{g}</option>
              ))}
            </select>
          </Field>
          {form.gateway === 'new' && (
            <TextField
              label="Gateway name"
              errors={problemsAt(problems, 'gatewayName')}
              value={form.gatewayName}
              onChange={(gatewayName) => set({ gatewayName })}
              testId={field('gatewayName')}
            />
          )}
          <div className={styles.row}>
            <TextField
              label="Host"
              errors={problemsAt(problems, 'host')}
              value={form.host}
              onChange={(host) => set({ host })}
              testId={field('host')}
            />
            {form.gateway === 'new' && (
              <TextField
                label="Gateway port"
                errors={problemsAt(problems, 'port')}
                value={form.port}
                onChange={(port) => set({ port })}
                testId={field('port')}
              />
            )}
            <TextField
              label="Path prefix"
              errors={problemsAt(problems, 'pathPrefix')}
              value={form.pathPrefix}
              onChange={(pathPrefix) => set({ pathPrefix })}
              testId={field('pathPrefix')}
            />
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
            <TextField
              label="VirtualService name"
              errors={problemsAt(problems, 'virtualServiceName')}
              value={form.virtualServiceName}
              onChange={(virtualServiceName) => set({ virtualServiceName })}
              testId={field('virtualServiceName')}
            />
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
        </div>
        <LivePreview objects={objects} validation={validation} />
      </div>
      <SaveDialog
        save={save}
        liveText=""
        editedText={objects.map(toEditorYaml).join('---\n')}
        dryRunNote={<p className={styles.success}>The server dry run accepted the objects; nothing written yet.</p>}
      />
    </section>
  );
}
