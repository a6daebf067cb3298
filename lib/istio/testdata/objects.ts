/** Kubernetes object builders for the tests of lib/istio (checks, impact, schema, snapshot). Test-only. */

const API_VERSION: Record<string, string> = {
  VirtualService: 'networking.istio.io/v1',
  DestinationRule: 'networking.istio.io/v1',
  Gateway: 'networking.istio.io/v1',
  ServiceEntry: 'networking.istio.io/v1',
  Sidecar: 'networking.istio.io/v1',
  WorkloadEntry: 'networking.istio.io/v1',
  EnvoyFilter: 'networking.istio.io/v1alpha3',
  AuthorizationPolicy: 'security.istio.io/v1',
  PeerAuthentication: 'security.istio.io/v1',
  RequestAuthentication: 'security.istio.io/v1',
  Deployment: 'apps/v1',
};

/** What `object` builds: a plain JSON object (assignable to `Record<string, unknown>`). */
export type TestObject<S = unknown> = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  spec: S;
};

/**
 * `{ apiVersion, kind, metadata: { name, namespace }, spec }`: the apiVersion of `kind` from the table above
 * (`networking.istio.io/v1` for a kind it does not list); `namespace` bookinfo by default, null for none.
 */
export function object<S>(kind: string, name: string, spec: S, namespace: string | null = 'bookinfo'): TestObject<S> {
  const metadata = namespace === null ? { name } : { name, namespace };
  return { apiVersion: API_VERSION[kind] ?? 'networking.istio.io/v1', kind, metadata, spec };
}

/** An AuthorizationPolicy `selector` of the workloads of `app` (`matchLabels: { app }`). */
export const selectApp = (app: string) => ({ matchLabels: { app } });
/** AuthorizationPolicy `rules`: one rule matching requests from these principals (`from.source.principals`, L4). */
export const fromPrincipals = (...principals: string[]) => [{ from: [{ source: { principals } }] }];
/** AuthorizationPolicy `rules`: one rule matching requests with these methods (`to.operation.methods`, L7). */
export const toMethods = (...methods: string[]) => [{ to: [{ operation: { methods } }] }];
