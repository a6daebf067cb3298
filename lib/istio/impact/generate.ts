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
