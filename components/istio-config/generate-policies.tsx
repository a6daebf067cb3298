'use client';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useMemo } from 'react';
import { formatBytes, formatRate } from '@/components/format';
import { sel } from '@/components/test-ids';
import type { IstioConfigObject } from '@/lib/contracts/istio-config';
import { toEditorYaml } from '@/lib/istio/editor/dump';
import { edgesFromGraph, generatePolicies, policyWindows, trafficBasis } from '@/lib/istio/impact';
import { shortDuration } from '@/lib/query/global-url';
import { useGlobalParams } from '@/lib/query/global-params';
import { useBackendStatus, useNamespaces } from '@/lib/query/hooks';
import { useSave } from '@/lib/query/save';
import { ErrorState } from '@/components/ui/states';
import { ReviewToolbar, SaveDialog, SaveFailureAlert } from './dialogs';
import { useImpactInputs } from './impact-data';
import { ImpactPreview } from './impact-preview';
import { LivePreview, useLiveValidation } from './live-validation';
import { useCanWrite } from './view-only';
import { SelectField } from './forms/inputs';
import styles from './istio.module.css';

const EMPTY: IstioConfigObject[] = [];

/**
 * Namespace action "Generate policies from observed traffic" (Kiali's "Create Traffic Policies"): a deny-all policy
 * plus one ALLOW policy per workload listing the principals seen calling it in a window the user picks (10 min up to
 * the metrics retention; `window` in the URL, seconds), with the traffic that window holds. Shown with their YAML,
 * validation and impact; nothing is written until the user confirms.
 */
export function GeneratePolicies() {
  const search = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const { namespaces: selected, durationSeconds } = useGlobalParams();
  const all = useNamespaces();
  const namespace = search.get('namespace') ?? selected[0] ?? '';
  const canWrite = useCanWrite(namespace || undefined);
  const status = useBackendStatus();
  const windows = policyWindows(status.data?.metricsRetentionSeconds ?? 15 * 86_400);
  const asked = Number(search.get('window'));
  const windowSeconds = windows.includes(asked) ? asked : windows.includes(durationSeconds) ? durationSeconds : 600;
  const { graph, config } = useImpactInputs(namespace ? [namespace] : [], windowSeconds);
  const edges = useMemo(() => (graph.data ? edgesFromGraph(graph.data) : null), [graph.data]);
  const generated = useMemo(() => (edges ? generatePolicies(namespace, edges) : null), [edges, namespace]);
  const basis = useMemo(
    () => (edges ? trafficBasis(namespace, edges, windowSeconds) : null),
    [edges, namespace, windowSeconds],
  );
  const policies = (generated?.policies as IstioConfigObject[] | undefined) ?? EMPTY;
  const validation = useLiveValidation(policies);
  const existing = (config.data?.items ?? []).filter(
    (i) => i.kind === 'AuthorizationPolicy' && i.namespace === namespace,
  );
  const originalOf = (p: IstioConfigObject) => existing.find((e) => e.name === p.metadata.name)?.object ?? null;
  const changes = useMemo(() => policies.map((p) => ({ before: null, after: p })), [policies]);
  const save = useSave();
  const setParam = (key: string, value: string) => {
    const next = new URLSearchParams(search.toString());
    next.set(key, value);
    router.replace(`${pathname}?${next.toString()}`, { scroll: false });
  };
  const pick = (ns: string) => setParam('namespace', ns);
  const span = shortDuration(windowSeconds);
  return (
    <div className={styles.form}>
      <SelectField
        label="Namespace"
        value={namespace}
        options={(all.data ?? []).map((n) => n.name)}
        empty="Choose a namespace…"
        onChange={pick}
        testId={sel.istio.formField('namespace')}
      />
      <SelectField
        label="Traffic window (the policies allow the callers seen in it; up to the metrics retention)"
        value={windowSeconds}
        options={windows}
        labelOf={(w) => `Last ${shortDuration(w)}`}
        onChange={(v) => setParam('window', v)}
        testId={sel.istio.formField('window')}
      />
      {!namespace ? null : graph.isError ? (
        <ErrorState title="Cannot read the traffic graph" error={graph.error} onRetry={() => void graph.refetch()} />
      ) : !generated ? (
        <p className="muted">Reading the traffic of the last {span}…</p>
      ) : (
        <>
          {basis && (
            <p className={styles.note} data-testid={sel.istio.policyBasis}>
              Based on the traffic of the last {span}: {basis.requests.toLocaleString('en-US')} requests
              {basis.tcpBytes > 0 ? ` and ${formatBytes(basis.tcpBytes)} over TCP` : ''} on {basis.edges} edge
              {basis.edges === 1 ? '' : 's'} from {basis.callers} caller{basis.callers === 1 ? '' : 's'} into{' '}
              {basis.workloads} workload{basis.workloads === 1 ? '' : 's'}.
              {basis.edges === 0 && ' Nothing was observed: every call would be denied. Pick a longer window.'}
            </p>
          )}
          <p className={styles.note}>
            {policies.length - 1} workload
            {policies.length === 2 ? '' : 's'} with callers that have an mTLS identity.
            {existing.length > 0 &&
              ` ${existing.length} AuthorizationPolic${existing.length > 1 ? 'ies exist' : 'y exists'} in ${namespace}; policies with the same name are updated.`}
          </p>
          {generated.unidentified.length > 0 && (
            <div className={styles.warn}>
              <strong>These callers have no mTLS identity and would be denied:</strong>
              <ul>
                {generated.unidentified.map((u, i) => (
                  <li key={i}>
                    {u.source} → {u.destination} ({formatRate(u.rate)})
                  </li>
                ))}
              </ul>
            </div>
          )}
          {canWrite && (
            <ReviewToolbar
              save={save}
              input={{ writes: policies.map((p) => ({ object: p, original: originalOf(p) })) }}
              disabled={validation.errors === null || validation.errors > 0}
              label={`Review and create ${policies.length} policies…`}
            />
          )}
          {save.stage === 'done' && (
            <p className={styles.success} data-testid={sel.istio.saved}>
              Created {policies.length} policies in {namespace}.
            </p>
          )}
          <SaveFailureAlert failure={save.failure} />
          <ImpactPreview before={null} after={null} changes={changes} />
          <LivePreview objects={policies} validation={validation} />
          <SaveDialog
            save={save}
            liveText={policies.map(originalOf).filter(Boolean).map(toEditorYaml).join('---\n')}
            editedText={policies.map(toEditorYaml).join('---\n')}
            title={`Create ${policies.length} AuthorizationPolicies in ${namespace}`}
            dryRunNote={
              <p className={styles.success}>The server dry run accepted every policy; nothing written yet.</p>
            }
          >
            <ImpactPreview before={null} after={null} changes={changes} />
          </SaveDialog>
        </>
      )}
    </div>
  );
}
