/**
 * "Generate policies from observed traffic" for a namespace (Kiali's namespace action "Create Traffic Policies",
 * `buildGraphAuthorizationPolicy` in `WizardActions.ts`, kiali.md §1.4): a `deny-all` AuthorizationPolicy (an ALLOW
 * policy without rules allows nothing) plus one ALLOW policy per workload that received traffic, listing the source
 * principals actually seen calling it. Traffic without an mTLS identity cannot be allowed by principal; it is
 * reported so the user sees what the policies would deny. Nothing is written here: the page shows the result for
 * review first. Pure and isomorphic.
 */
import { endpointName, type TrafficEdge } from './edges';

type Json = Record<string, unknown>;

export interface GeneratedPolicies {
  policies: Json[];
  /** Observed callers that would be denied because they have no principal (plaintext, or outside the mesh). */
  unidentified: { source: string; destination: string; rate: number }[];
}

/** Labels that select a workload: app and version when it has them (Kiali does the same), else all its labels. */
function selectorFor(labels: Record<string, string>): Record<string, string> {
  const picked = Object.fromEntries(Object.entries(labels).filter(([k]) => k === 'app' || k === 'version'));
  return Object.keys(picked).length ? picked : labels;
}

export function generatePolicies(
  namespace: string,
  edges: TrafficEdge[],
  apiVersion = 'security.istio.io/v1',
): GeneratedPolicies {
  const byWorkload = new Map<string, { labels: Record<string, string>; principals: Set<string> }>();
  const unidentified: GeneratedPolicies['unidentified'] = [];
  for (const e of edges) {
    const d = e.destination;
    if (d.namespace !== namespace || !d.workload || e.rate <= 0) continue;
    const entry = byWorkload.get(d.workload) ?? { labels: d.labels, principals: new Set<string>() };
    byWorkload.set(d.workload, entry);
    if (e.sourcePrincipal && (e.mtlsShare ?? 1) > 0) entry.principals.add(e.sourcePrincipal);
    else unidentified.push({ source: endpointName(e.source), destination: endpointName(d), rate: e.rate });
  }
  const meta = (name: string) => ({ name, namespace, labels: { 'app.kubernetes.io/managed-by': 'meshscope' } });
  const policies: Json[] = [{ apiVersion, kind: 'AuthorizationPolicy', metadata: meta('deny-all'), spec: {} }];
  for (const [workload, { labels, principals }] of [...byWorkload].sort(([a], [b]) => a.localeCompare(b))) {
    if (!principals.size) continue;
    policies.push({
      apiVersion,
      kind: 'AuthorizationPolicy',
      metadata: meta(workload),
      spec: {
        selector: { matchLabels: selectorFor(labels) },
        action: 'ALLOW',
        rules: [{ from: [{ source: { principals: [...principals].sort() } }] }],
      },
    });
  }
  return { policies, unidentified };
}

/** The traffic a generated policy set is based on (issue 16: "show how much traffic it is based on"). */
export interface TrafficBasis {
  windowSeconds: number;
  /** Observed edges into the namespace's workloads. */
  edges: number;
  /** Distinct callers (graph nodes) of those workloads. */
  callers: number;
  /** Workloads that received traffic. */
  workloads: number;
  /** Requests in the window (HTTP/gRPC rate × window), rounded. */
  requests: number;
  /** TCP bytes in the window (TCP rate × window), rounded. */
  tcpBytes: number;
}

/** How much observed traffic into `namespace` the window holds: the graph's average rates times the window. */
export function trafficBasis(namespace: string, edges: TrafficEdge[], windowSeconds: number): TrafficBasis {
  const into = edges.filter((e) => e.destination.namespace === namespace && e.destination.workload && e.rate > 0);
  const sum = (l: TrafficEdge[]) => l.reduce((s, e) => s + e.rate, 0) * windowSeconds;
  return {
    windowSeconds,
    edges: into.length,
    callers: new Set(into.map((e) => e.source.id)).size,
    workloads: new Set(into.map((e) => e.destination.workload)).size,
    requests: Math.round(sum(into.filter((e) => e.protocol !== 'tcp'))),
    tcpBytes: Math.round(sum(into.filter((e) => e.protocol === 'tcp'))),
  };
}

/**
 * The windows the generator offers: 10 min up to the metrics retention (`retentionSeconds`, Prometheus' TSDB
 * retention; the graph API refuses longer ones), as seconds: 10 min, 1 h, 6 h, 1 d, 7 d, 15 d, 30 d and the
 * retention itself when it is not one of them.
 */
export function policyWindows(retentionSeconds: number): number[] {
  const steps = [600, 3600, 21_600, 86_400, 7 * 86_400, 15 * 86_400, 30 * 86_400].filter((s) => s <= retentionSeconds);
  return retentionSeconds >= 600 && !steps.includes(retentionSeconds) ? [...steps, retentionSeconds] : steps;
}
