/**
 * Input parsing shared by the mesh API routes (lists, details, overview, health, traces, logs). Every value is
 * checked here before it reaches PromQL, Jaeger or the Kubernetes API; a bad one is a 400 naming the parameter.
 */
import 'server-only';
import { assertDns1123Label, assertDns1123Subdomain, assertLabelValue, BadRequestError } from '@/lib/promql/index';
import { MAX_HEALTH_NAMESPACES, parseHealthRateInterval } from '@/lib/server/health/queries';
import type { MeshKind } from '@/lib/contracts/mesh';
import type { MeshContextOptions } from './context';

export { parseHealthRateInterval };

/** `namespaces=a,b` (or repeated) → distinct DNS-1123 labels; empty means "all". @throws BadRequestError */
export function parseNamespaces(search: URLSearchParams): string[] {
  const names = search
    .getAll('namespaces')
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  if (names.length > MAX_HEALTH_NAMESPACES)
    throw new BadRequestError('namespaces', `Too many namespaces: at most ${MAX_HEALTH_NAMESPACES}`);
  return [...new Set(names.map((n) => assertDns1123Label(n, 'namespaces')))];
}

/**
 * The mesh context of a request that always carries health (the overview cards, `/api/health/namespaces`):
 * `namespaces` (parseNamespaces) and `rateInterval` (parseHealthRateInterval, seconds), with or without validation.
 * @throws BadRequestError
 */
export function healthContextOptions(search: URLSearchParams, validate: boolean): MeshContextOptions {
  return {
    namespaces: parseNamespaces(search),
    health: true,
    validate,
    rateIntervalSeconds: parseHealthRateInterval(search.get('rateInterval')),
  };
}

/** A `true|false` flag with a default. @throws BadRequestError for anything else */
export function parseFlag(search: URLSearchParams, key: string, fallback: boolean): boolean {
  const v = search.get(key);
  if (v === null || v === '') return fallback;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new BadRequestError(key, `Invalid ${key} [${v.slice(0, 20)}]: expected true or false`);
}

/** The path parameter naming an object of `kind`, checked by Kubernetes' rules for that kind. @throws BadRequestError */
export function assertObjectName(kind: MeshKind, name: unknown): string {
  if (kind === 'workloads') return assertDns1123Subdomain(name, 'workload');
  if (kind === 'services') return assertDns1123Label(name, 'service');
  return assertLabelValue(name, 'app');
}

/** Path parameter names of the dynamic segments, as Next requires them to be spelled. */
export const NAME_PARAM: Record<MeshKind, 'app' | 'workload' | 'service'> = {
  apps: 'app',
  workloads: 'workload',
  services: 'service',
};

/** Reads and checks `{namespace}` and the object name from the route params. @throws BadRequestError */
export async function objectParams(
  kind: MeshKind,
  params: Promise<Record<string, string>>,
): Promise<{ namespace: string; name: string }> {
  const p = await params;
  return { namespace: assertDns1123Label(p.namespace, 'namespace'), name: assertObjectName(kind, p[NAME_PARAM[kind]]) };
}
