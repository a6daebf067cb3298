/**
 * Tolerances: Kiali's defaults, the `health.kiali.io/rate` annotation, matching `health_config.rate[]`
 * entries to an object, and regex compilation (`business/health_config.go`, `config.AddHealthDefault`).
 */
import type { HealthKind, RateConfig, Tolerance } from './types';

/** The annotation that overrides tolerances per object: `"code,degraded,failure,protocol,direction;..."`. */
export const HEALTH_ANNOTATION = 'health.kiali.io/rate';

/**
 * Kiali's default tolerances, appended after any user rates (`config.AddHealthDefault`):
 * any 5xx is Degraded and ≥10% Failure; 4xx ≥10% Degraded, ≥20% Failure; gRPC errors 1–16 and
 * no-response (`-`) ≥10% Failure.
 */
export const DEFAULT_TOLERANCES: readonly Tolerance[] = Object.freeze([
  { code: '5XX', protocol: 'http', direction: '.*', degraded: 0, failure: 10 },
  { code: '4XX', protocol: 'http', direction: '.*', degraded: 10, failure: 20 },
  { code: '^[1-9]$|^1[0-6]$', protocol: 'grpc', direction: '.*', degraded: 0, failure: 10 },
  { code: '^-$', protocol: 'http|grpc', direction: '.*', degraded: 0, failure: 10 },
]);

export const DEFAULT_RATES: readonly RateConfig[] = Object.freeze([{ tolerance: [...DEFAULT_TOLERANCES] }]);

export interface CompiledTolerance {
  code: RegExp;
  protocol: RegExp;
  direction: RegExp;
  degraded: number;
  failure: number;
}

const MATCH_ALL = /^.*$/;
const cache = new Map<string, RegExp>();

/**
 * Compiles a pattern the way Kiali does (`compilePattern`): empty → `.*`; prefixed with `^` and suffixed with
 * `$` unless already present (so `http|grpc` becomes `^http|grpc$`, exactly as in Kiali). Invalid → `.*`.
 */
export function compilePattern(pattern: string | undefined): RegExp {
  let p = pattern && pattern.length > 0 ? pattern : '.*';
  if (!p.startsWith('^')) p = `^${p}`;
  if (!p.endsWith('$')) p = `${p}$`;
  const hit = cache.get(p);
  if (hit) return hit;
  let re: RegExp;
  try {
    re = new RegExp(p);
  } catch {
    re = MATCH_ALL;
  }
  if (cache.size < 1000) cache.set(p, re);
  return re;
}

/** Like `compilePattern`, but `X`/`x` first become `\d` (`compileCodePattern`): `5XX` → `^5\d\d$`. */
export function compileCodePattern(pattern: string | undefined): RegExp {
  const p = pattern && pattern.length > 0 ? pattern : '.*';
  return compilePattern(p.replace(/[Xx]/g, '\\d'));
}

const compiledTolerances = new WeakMap<Tolerance, CompiledTolerance>();

/** The tolerance with its patterns compiled (memoised per tolerance object). */
export function compileTolerance(t: Tolerance): CompiledTolerance {
  let c = compiledTolerances.get(t);
  if (!c) {
    c = {
      code: compileCodePattern(t.code),
      protocol: compilePattern(t.protocol),
      direction: compilePattern(t.direction),
      degraded: t.degraded,
      failure: t.failure,
    };
    compiledTolerances.set(t, c);
  }
  return c;
}

const parsedAnnotations = new Map<string, Tolerance[]>();

/**
 * Parses `health.kiali.io/rate` (`ParseHealthAnnotation`): `;`-separated entries of exactly five `,`-separated
 * fields `code,degraded,failure,protocol,direction`. Entries with bad numbers or degraded > failure are skipped.
 */
export function parseHealthAnnotation(value: string | undefined): Tolerance[] {
  if (!value) return [];
  const hit = parsedAnnotations.get(value);
  if (hit) return hit;
  const out: Tolerance[] = [];
  for (const raw of value.split(';')) {
    const part = raw.trim();
    if (!part) continue;
    const f = part.split(',');
    if (f.length !== 5) continue;
    const degraded = Number(f[1]!.trim());
    const failure = Number(f[2]!.trim());
    if (f[1]!.trim() === '' || f[2]!.trim() === '' || !Number.isFinite(degraded) || !Number.isFinite(failure)) continue;
    if (degraded > failure) continue;
    out.push({ code: f[0]!, degraded, failure, protocol: f[3]!, direction: f[4]! });
  }
  if (parsedAnnotations.size > 500) parsedAnnotations.clear();
  parsedAnnotations.set(value, out);
  return out;
}

/**
 * The tolerances for one object (`GetTolerancesWithAnnotationOverride`): a valid `health.kiali.io/rate`
 * annotation wins; otherwise the first `rates` entry whose namespace, name and kind regexes match (user rates
 * first, then the defaults); otherwise the last entry.
 */
export function tolerancesFor(
  namespace: string,
  name: string,
  kind: HealthKind | string,
  annotations?: Record<string, string> | null,
  rates: readonly RateConfig[] = DEFAULT_RATES,
): Tolerance[] {
  const annotation = annotations?.[HEALTH_ANNOTATION];
  let memo = resolvedTolerances.get(rates);
  if (!memo) {
    memo = new Map();
    resolvedTolerances.set(rates, memo);
  }
  const key = `${kind}\u0000${namespace}\u0000${name}\u0000${annotation ?? ''}`;
  let hit = memo.get(key);
  if (!hit) {
    hit = resolveTolerances(namespace, name, kind, annotation, rates);
    if (memo.size >= 100_000) memo.clear();
    memo.set(key, hit);
  }
  return hit;
}

/**
 * Resolved tolerances by rate config and object (a graph asks the same few questions thousands of times; the graph's
 * health finalizer asks once per node and direction, lib/graph/appenders/health.ts).
 */
const resolvedTolerances = new WeakMap<readonly RateConfig[], Map<string, Tolerance[]>>();

function resolveTolerances(
  namespace: string,
  name: string,
  kind: string,
  annotation: string | undefined,
  rates: readonly RateConfig[],
): Tolerance[] {
  const fromAnnotation = parseHealthAnnotation(annotation);
  if (fromAnnotation.length > 0) return fromAnnotation;
  const all = rates === DEFAULT_RATES ? rates : [...rates, ...DEFAULT_RATES];
  for (const r of all) {
    if (
      compilePattern(r.namespace).test(namespace) &&
      compilePattern(r.name).test(name) &&
      compilePattern(r.kind).test(kind)
    ) {
      return r.tolerance;
    }
  }
  return all.length > 0 ? all[all.length - 1]!.tolerance : [];
}

const byDirection = new WeakMap<readonly Tolerance[], Map<string, Tolerance[]>>();

/** The tolerances whose direction pattern matches `direction` (memoised per list). */
export function tolerancesInDirection(tolerances: readonly Tolerance[], direction: string): Tolerance[] {
  let memo = byDirection.get(tolerances);
  if (!memo) {
    memo = new Map();
    byDirection.set(tolerances, memo);
  }
  let hit = memo.get(direction);
  if (!hit) {
    hit = tolerances.filter((t) => compileTolerance(t).direction.test(direction));
    memo.set(direction, hit);
  }
  return hit;
}

/** The `health.kiali.io/*` annotations of an object (what Kiali returns as `healthAnnotations`). */
export function healthAnnotations(annotations: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(annotations ?? {})) {
    if (k === HEALTH_ANNOTATION) out[k] = v;
  }
  return out;
}
