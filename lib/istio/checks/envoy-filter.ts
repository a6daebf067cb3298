/**
 * EnvoyFilter patch checks (istio/istio `analyzers/envoyfilter/envoyfilter.go`, `EnvoyPatchAnalyzer`), per config
 * patch, up to the first patch without a `patch` section:
 * - IST0153 `ADD` on `ROUTE_CONFIGURATION` or `HTTP_ROUTE` (ignored by Istio);
 * - IST0154 `REMOVE` on `ROUTE_CONFIGURATION` or `HTTP_ROUTE`;
 * - IST0152 `REPLACE` on anything but `HTTP_FILTER` and `NETWORK_FILTER`;
 * - IST0151 a relative operation (`INSERT_BEFORE`, `INSERT_AFTER`, and a valid `REPLACE` or `REMOVE`) in an
 *   EnvoyFilter without `priority`; IST0155 instead when an earlier patch (of this or an EnvoyFilter before it)
 *   matching a `proxyVersion` patched the same filter name (`patch.value.name`, else the listener filter chain's
 *   filter name): it may stop applying during an upgrade. `MERGE` is not taken as relative (Istio's current
 *   analyzer; an older one did).
 * EnvoyFilters are checked in snapshot order (Istio's collection order: files as given).
 */
import { indexPath } from '../path';
import type { IstioObject } from '../types';
import type { AnalysisContext } from './context';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const field = (v: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((at, key) => (isObject(at) ? at[key] : undefined), v);

const ROUTE_LEVEL = new Set(['ROUTE_CONFIGURATION', 'HTTP_ROUTE']);
const FILTERS = new Set(['HTTP_FILTER', 'NETWORK_FILTER']);

/** The filter a patch is about, as Istio keys it for IST0155 (JSON of `patch.value.name`, or the matched filter). */
function instanceName(patch: Json): string {
  const value = field(patch, 'patch', 'value');
  if (!isObject(value)) return '';
  if (value.name !== undefined && value.name !== null) return JSON.stringify(value.name);
  const chain = field(patch, 'match', 'listener', 'filterChain');
  if (!isObject(chain)) return '';
  const name = field(chain, 'filter', 'name');
  return typeof name === 'string' ? `filter:${name}` : '';
}

/** IST0151–IST0155 on every EnvoyFilter. */
export function checkEnvoyFilterPatches(ctx: AnalysisContext): void {
  const withProxyVersion: string[] = [];
  for (const ef of ctx.snapshot.istioConfig.filter((o: IstioObject) => o.kind === 'EnvoyFilter')) {
    const spec = isObject(ef.spec) ? ef.spec : {};
    const priority = typeof spec.priority === 'number' ? spec.priority : 0;
    const patches = Array.isArray(spec.configPatches) ? spec.configPatches : [];
    for (const [index, raw] of patches.entries()) {
      const patch = isObject(raw) ? raw : {};
      if (!isObject(patch.patch)) break;
      const name = instanceName(patch);
      const operation = String(patch.patch.operation ?? 'INVALID');
      const applyTo = String(patch.applyTo ?? 'INVALID');
      const path = `${indexPath('spec.configPatches', index)}.patch.operation`;
      const relative = () => {
        if (priority !== 0) return;
        ctx.report(ef, withProxyVersion.includes(name) ? 'IST0155' : 'IST0151', path);
      };
      if (operation === 'ADD') {
        if (ROUTE_LEVEL.has(applyTo)) ctx.report(ef, 'IST0153', path);
      } else if (operation === 'REMOVE') {
        if (ROUTE_LEVEL.has(applyTo)) ctx.report(ef, 'IST0154', path);
        else relative();
      } else if (operation === 'REPLACE') {
        if (!FILTERS.has(applyTo)) ctx.report(ef, 'IST0152', path);
        else relative();
      } else if (operation === 'INSERT_BEFORE' || operation === 'INSERT_AFTER') {
        relative();
      }
      const proxyVersion = field(patch, 'match', 'proxy', 'proxyVersion');
      if (typeof proxyVersion === 'string' && proxyVersion !== '') withProxyVersion.push(name);
    }
  }
}
