/**
 * Telemetry checks (istio/istio `analyzers/telemetry/{selector,default_selector,providers}.go`):
 * - IST0101 a Telemetry's `selector.matchLabels` matches no pod in its namespace;
 * - IST0159 several Telemetries select the same pod (reported once per Telemetry, as IST0110 for Sidecars);
 * - IST0160 more than one Telemetry without `selector` in a namespace (those with `targetRef(s)` are not
 *   namespace-wide and do not count);
 * - IST0157 an `accessLogging` entry without providers, not disabled, while the mesh config names no default
 *   access log provider (`defaultProviders.accessLogging`): it configures nothing.
 */
import type { IstioObject, Labels } from '../types';
import { nameOf, namespaceOf, type AnalysisContext } from './context';
import { objectsByPod, reportSharedPods } from './selected-pods';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const telemetries = (ctx: AnalysisContext): IstioObject[] =>
  ctx.snapshot.istioConfig.filter((o) => o.kind === 'Telemetry' && o.apiVersion.startsWith('telemetry.istio.io/'));

const specOf = (t: IstioObject): Json => (isObject(t.spec) ? t.spec : {});

function matchLabels(t: IstioObject): Labels | undefined {
  const selector = specOf(t).selector;
  if (!isObject(selector) || !isObject(selector.matchLabels)) return undefined;
  return Object.fromEntries(Object.entries(selector.matchLabels).map(([k, v]) => [k, String(v)]));
}

/** IST0101 (selector) and IST0159 ConflictingTelemetryWorkloadSelectors. */
export function checkTelemetrySelectors(ctx: AnalysisContext): void {
  const byPod = objectsByPod(ctx, telemetries(ctx), matchLabels, 'spec.selector');
  reportSharedPods(ctx, byPod, 'IST0159', 'metadata.name');
}

/** IST0160 MultipleTelemetriesWithoutWorkloadSelectors. */
export function checkTelemetriesWithoutSelector(ctx: AnalysisContext): void {
  const byNamespace = new Map<string, IstioObject[]>();
  for (const t of telemetries(ctx)) {
    const spec = specOf(t);
    if (spec.selector !== undefined && spec.selector !== null) continue;
    if (spec.targetRef !== undefined || (Array.isArray(spec.targetRefs) && spec.targetRefs.length > 0)) continue;
    byNamespace.set(namespaceOf(t), [...(byNamespace.get(namespaceOf(t)) ?? []), t]);
  }
  for (const [namespace, list] of byNamespace) {
    if (list.length < 2) continue;
    for (const t of list) ctx.report(t, 'IST0160', 'metadata.name', [list.map(nameOf), namespace]);
  }
}

/** IST0157 InvalidTelemetryProvider. */
export function checkTelemetryProviders(ctx: AnalysisContext): void {
  if (ctx.defaultAccessLogProviders.length > 0) return;
  for (const t of telemetries(ctx)) {
    const entries = specOf(t).accessLogging;
    if (!Array.isArray(entries)) continue;
    entries.forEach((entry, i) => {
      const e = isObject(entry) ? entry : {};
      const providers = Array.isArray(e.providers) ? e.providers : [];
      if (providers.length === 0 && e.disabled !== true)
        ctx.report(t, 'IST0157', `spec.accessLogging[${i}]`, [nameOf(t), namespaceOf(t)]);
    });
  }
}
