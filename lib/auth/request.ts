/**
 * The per-request identity step every route handler runs through `handle()` (lib/server/http/respond.ts), so authentication
 * is re-checked in each handler and never only in proxy.ts (perf-security.md S17, CVE-2025-29927):
 * 1. resolve the identity (lib/auth/identity.ts) — 401 when the strategy needs credentials the request lacks, or the
 *    session was signed out or idled out;
 * 2. run the handler in a Kubernetes scope (lib/k8s/request-scope.ts), so `getKubeClients()` acts as that user;
 * 3. with token/header sign-in, refuse (403) a request whose `{namespace}` path parameter or `namespaces` query names a
 *    namespace the user may not get, before anything reaches Prometheus, Jaeger or Kubernetes (S2). Values that are
 *    not namespace names are left to the handler's own validation (400).
 */
import 'server-only';
import { isDns1123Label } from '@/lib/istio/names';
import { getServerKubeClients, type KubeClients } from '@/lib/k8s/client';
import { assertNamespacesAccessible } from '@/lib/k8s/access';
import { runInKubeScope, type KubeScope } from '@/lib/k8s/request-scope';
import { clientsForToken } from '@/lib/k8s/token-clients';
import { getAuthConfig } from './config';
import { resolveIdentity, type Identity } from './identity';
import { renewedSessionCookies } from './session-state';

/** The Kubernetes scope of an identity; clients are built on first use (a route may never call Kubernetes). */
export function scopeFor(identity: Identity): KubeScope {
  let clients: KubeClients | undefined;
  return {
    key: identity.key,
    anonymous: identity.kind === 'anonymous',
    username: identity.kind === 'user' ? identity.username : null,
    groups: identity.kind === 'user' ? identity.groups : [],
    get clients() {
      clients ??=
        identity.kind === 'anonymous'
          ? getServerKubeClients()
          : clientsForToken(identity.key, identity.token, identity.impersonate);
      return clients;
    },
  };
}

/** Namespace names a request names: the `namespace` path parameter and the `namespaces` query (comma lists). */
export async function namespacesNamedBy(req: Request | null, context: unknown): Promise<string[]> {
  const names: string[] = [];
  const params = (context as { params?: unknown } | undefined)?.params;
  if (params) {
    const p = (await params) as Record<string, unknown> | undefined;
    if (typeof p?.namespace === 'string') names.push(p.namespace);
  }
  if (req) {
    for (const v of new URL(req.url).searchParams.getAll('namespaces'))
      names.push(...v.split(',').map((s) => s.trim()));
  }
  return [...new Set(names.filter(isDns1123Label))];
}

/**
 * Runs a route handler as the request's identity. `args` are the handler's arguments (`request`, `{ params }`);
 * `run` receives the identity.
 * @throws MeshscopeError 401 unauthorized:*, 403 forbidden:k8s (a named namespace is not accessible)
 */
export async function withRequestScope<T>(
  args: readonly unknown[],
  run: (identity: Identity) => Promise<T>,
): Promise<T> {
  const req = args[0] instanceof Request ? args[0] : null;
  const identity = await resolveIdentity(req);
  return runInKubeScope(scopeFor(identity), async () => {
    if (identity.kind === 'user') await assertNamespacesAccessible(await namespacesNamedBy(req, args[1]));
    return run(identity);
  });
}

/**
 * `Set-Cookie` values a successful response to `args[0]` should carry: the renewed session of a token-strategy
 * identity whose `lastSeen` is a minute old (lib/auth/session-state.ts), else none.
 */
export function sessionRenewalCookies(args: readonly unknown[], identity: Identity): string[] {
  const req = args[0] instanceof Request ? args[0] : null;
  if (!req || identity.kind !== 'user' || !identity.session) return [];
  return renewedSessionCookies(identity.session, req, getAuthConfig(), Math.floor(Date.now() / 1000));
}
