'use client';
import { sel } from '@/components/test-ids';
import { ApiError } from '@/lib/query/fetch';
import { MAX_RETRIES } from '@/lib/query/retry';
import { DURATIONS } from '@/lib/query/global-params';
import type { GraphWarning } from '@/lib/graph/types';

/** "Last 10m" → "10m", for sentences. */
export function durationText(seconds: number): string {
  return DURATIONS.find((d) => d.value === seconds)?.label.replace(/^Last /, '') ?? `${seconds}s`;
}

/** No namespace selected: the graph has nothing to ask for yet. */
export function SelectNamespacesState() {
  return (
    <div className="graph-state" data-testid={sel.graph.empty}>
      <h3>No namespace selected</h3>
      <p className="muted">Select one or more namespaces in the Namespace menu above to see their traffic graph.</p>
    </div>
  );
}

/** Empty graph (Kiali's "Empty Graph"): the query worked, there was just no traffic. */
export function EmptyGraphState({
  durationSeconds,
  idleNodes,
  onShowIdleNodes,
}: {
  durationSeconds: number;
  idleNodes: boolean;
  onShowIdleNodes(): void;
}) {
  return (
    <div className="graph-state" data-testid={sel.graph.empty}>
      <h3>No traffic in the selected namespaces for the last {durationText(durationSeconds)}</h3>
      <ul className="graph-state-hints">
        <li>Select other namespaces, or a longer time range.</li>
        <li>Check that the workloads have sidecars (or are in ambient mode) and receive requests.</li>
        {!idleNodes && (
          <li>
            <button type="button" className="link-button" onClick={onShowIdleNodes}>
              Show idle nodes
            </button>{' '}
            to see services and workloads that had no traffic.
          </li>
        )}
      </ul>
    </div>
  );
}

/**
 * The line under the spinner while a failed first request is retried: what failed and which attempt runs, e.g.
 * "Prometheus unavailable (…): trying again, attempt 2 of 3". Retries are bounded (lib/query/retry.ts), after which
 * the error state replaces the spinner, so this never reads "retrying" for ever. Null before any failure.
 */
export function retryNotice(failureCount: number, reason: Error | null | undefined): string | null {
  if (!reason || failureCount <= 0) return null;
  const attempt = Math.min(failureCount, MAX_RETRIES) + 1;
  return `${graphErrorText(reason).title} (${reason.message}): trying again, attempt ${attempt} of ${MAX_RETRIES + 1}`;
}

/** Loading the first graph (later refreshes keep the current one on screen); says so while retrying a failure. */
export function GraphLoadingState({
  retryReason,
  failureCount = 0,
}: {
  retryReason?: Error | null;
  failureCount?: number;
}) {
  const notice = retryNotice(failureCount, retryReason);
  return (
    <div className="graph-state" data-testid={sel.graph.loading} aria-busy="true">
      <div className="graph-spinner" aria-hidden />
      <p className="muted">Loading the traffic graph…</p>
      {notice && <p className="muted">{notice}</p>}
    </div>
  );
}

/** What to tell the user for a failed graph request, by status and backend. */
export function graphErrorText(error: Error): { title: string; hint: string } {
  if (!(error instanceof ApiError)) return { title: 'Error loading the graph', hint: 'Try again.' };
  if (error.status === 403)
    return { title: 'Not allowed', hint: 'You do not have access to one of the selected namespaces.' };
  if (error.status === 404) return { title: 'Not found', hint: `${error.message} Select namespaces that exist.` };
  if (error.status === 400)
    return { title: 'Invalid graph request', hint: 'A graph option was refused; reset the options and try again.' };
  if (error.status === 429) {
    const hint = 'Many graphs are being built; Meshscope asks again after the time the server gave.';
    return { title: 'Prometheus is busy', hint };
  }
  if (error.code.startsWith('too_large:')) {
    return { title: 'Answer too large', hint: 'Select fewer namespaces or a shorter time range.' };
  }
  if (error.status === 504) {
    return {
      title: 'The graph took too long',
      hint: 'Prometheus is slow or busy; select fewer namespaces or a shorter time range, or try again later.',
    };
  }
  if (error.backend === 'prometheus' || error.code.endsWith(':prometheus')) {
    return {
      title: 'Prometheus unavailable',
      hint: 'The graph is built from Prometheus metrics; it shows again once Prometheus answers.',
    };
  }
  if (error.backend === 'k8s') {
    return {
      title: 'Kubernetes API unavailable',
      hint: 'The graph needs the Kubernetes API for workloads and services; try again.',
    };
  }
  if (error.status === 0)
    return { title: 'Meshscope server unreachable', hint: 'Check your connection and try again.' };
  return { title: 'Error loading the graph', hint: 'A backend failed; try again.' };
}

/** Error loading the graph (Kiali's "Error loading graph"), naming the failing backend; distinct from empty. */
export function GraphErrorState({ error, onRetry }: { error: Error; onRetry(): void }) {
  const { title, hint } = graphErrorText(error);
  const status = error instanceof ApiError ? error.status : 0;
  return (
    <div className="graph-state graph-state-error" role="alert" data-testid={sel.graph.error}>
      <h3>{title}</h3>
      <p>{error.message}</p>
      <p className="muted">{hint}</p>
      {status !== 403 && status !== 400 && (
        <button type="button" className="button" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}

/** A partial graph: these namespaces' (or, multi-cluster, these clusters') data is missing or incomplete. */
export function GraphWarningsBanner({ warnings }: { warnings: GraphWarning[] }) {
  if (!warnings.length) return null;
  const where = (w: GraphWarning) =>
    w.cluster ? (w.namespace ? `${w.cluster}/${w.namespace}` : `cluster ${w.cluster}`) : w.namespace;
  const places = [...new Set(warnings.map(where))];
  return (
    <div className="graph-banner banner-warning" role="status" data-testid={sel.graph.warnings}>
      <strong>Partial graph</strong>: data is missing for {places.join(', ')}.
      <ul>
        {warnings.map((w, i) => (
          <li key={i}>
            <span className="mono">{where(w)}</span>: {w.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
