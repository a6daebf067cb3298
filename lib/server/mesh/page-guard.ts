/**
 * The one not-found state of the pages (issue 16: a namespace that does not exist gave three different messages,
 * and a missing workload rendered its full tab bar with HTTP 200). A page's server component calls these before
 * rendering: a requested namespace the identity cannot see, or an app/workload/service that does not exist, ends in
 * `notFound()` — HTTP 404 and app/not-found.tsx, whose text names what was not found. For a signed-in user a namespace
 * that does not exist and one they may not see give the same 404, so names cannot be probed (lib/k8s/access.ts).
 * When the cluster cannot be read or the user is not signed in, nothing is decided here: the page renders and shows
 * that error as before.
 */
import 'server-only';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { withRequestScope } from '@/lib/auth/request';
import { isDns1123Label } from '@/lib/istio/names';
import { accessibleNamespaceNames } from '@/lib/k8s/access';
import { getInventory, type Inventory } from '@/lib/k8s/inventory';
import { SEARCH_HEADER } from '@/lib/security/edge';
import { buildApps } from '@/lib/k8s/model';
import { onRequestedCluster } from '@/lib/server/clusters';
import type { MeshKind } from '@/lib/contracts/mesh';

type SearchParams = Record<string, string | string[] | undefined>;

/** The namespaces a page URL names (`namespaces=a,b`, repeated or not), valid DNS labels only. */
export function namespacesOfSearch(search: SearchParams): string[] {
  const raw = search.namespaces;
  const values = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return [...new Set(values.flatMap((v) => v.split(',')).map((s) => s.trim()))].filter(isDns1123Label);
}

/** The request of the page being rendered, for the identity (cookies, Authorization). */
async function pageRequest(): Promise<Request> {
  return new Request('http://meshscope.local/', { headers: new Headers(await headers()) });
}

/** Runs `f` as the page request's identity; undefined when that fails (not signed in, cluster unreachable). */
async function asPageIdentity<T>(f: () => Promise<T>): Promise<T | undefined> {
  try {
    return await withRequestScope([await pageRequest()], () => f());
  } catch {
    return undefined;
  }
}

/** The requested names missing from `known` (pure). */
export function missingNamespaces(requested: string[], known: Set<string>): string[] {
  return requested.filter((n) => !known.has(n));
}

/** Whether `kind`/`name` exists in `namespace` of the inventory (an app: a workload with that app label). Pure. */
export function objectExists(
  inventory: Pick<Inventory, 'workloads' | 'services'>,
  kind: MeshKind,
  namespace: string,
  name: string,
): boolean {
  if (kind === 'workloads') return inventory.workloads.some((w) => w.namespace === namespace && w.name === name);
  if (kind === 'services') return inventory.services.some((s) => s.namespace === namespace && s.name === name);
  return buildApps(inventory).some((a) => a.namespace === namespace && a.name === name);
}

/** 404 when a namespace the page URL names does not exist (or is not visible to the identity). */
export async function requireNamespaces(search: SearchParams): Promise<void> {
  const requested = namespacesOfSearch(search);
  if (!requested.length) return;
  const known = await asPageIdentity(accessibleNamespaceNames);
  if (known && missingNamespaces(requested, known).length) notFound();
}

/**
 * `requireNamespaces` for a layout, which gets no searchParams: reads the page's query string from the header proxy.ts
 * sets (`SEARCH_HEADER`). A layout's check runs outside its segment's loading.tsx boundary, so the 404 status is
 * still sent (a check inside a Suspense boundary comes after the response started, with status 200).
 */
export async function requireNamespacesOfRequest(): Promise<void> {
  const search = new URLSearchParams((await headers()).get(SEARCH_HEADER) ?? '');
  await requireNamespaces({ namespaces: search.getAll('namespaces') });
}

/**
 * 404 when the namespace, or the app/workload/service in it, does not exist. With several clusters (issue 18) it is
 * looked up in the cluster the page's `?cluster=` names (read from proxy.ts's `SEARCH_HEADER`: a layout gets no
 * searchParams), the home cluster when absent; an unknown cluster decides nothing (the page shows the API's 400).
 */
export async function requireMeshObject(kind: MeshKind, namespace: string, name: string): Promise<void> {
  if (!isDns1123Label(namespace)) notFound();
  const search = new URLSearchParams((await headers()).get(SEARCH_HEADER) ?? '');
  const onCluster =
    <T>(f: () => Promise<T>) =>
    () =>
      onRequestedCluster(search, f);
  const known = await asPageIdentity(onCluster(accessibleNamespaceNames));
  if (!known) return;
  if (!known.has(namespace)) notFound();
  const inventory = await asPageIdentity(onCluster(() => getInventory([namespace])));
  if (inventory && !objectExists(inventory, kind, namespace, name)) notFound();
}
