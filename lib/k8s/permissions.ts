/**
 * What the signed-in user may change, for the UI (Kiali's `/api/istio/permissions`, kiali.md §1.8): one
 * SelfSubjectAccessReview per namespace, config kind (Istio's and the Gateway API's, lib/istio/kinds.ts) and verb, as
 * the user, cached 30 s per user (lib/k8s/access.ts); cluster-scoped kinds are asked once, without a namespace, and
 * kinds of a group the cluster does not serve (discovery) are not asked about (no).
 * View-only mode answers "no" everywhere without asking.
 */
import 'server-only';
import { getConfig } from '@/lib/config';
import { accessibleNamespaceNames, canI } from './access';
import { getKubeClients } from './client';
import { isGroupServed } from './discovery';
import { ISTIO_KINDS, type IstioKind } from '@/lib/istio/kinds';

export type WriteVerb = 'create' | 'update' | 'delete';
const VERBS: WriteVerb[] = ['create', 'update', 'delete'];

/** `GET /api/permissions` answer. */
export interface Permissions {
  viewOnly: boolean;
  /** True when the user may write some Istio kind in some of the namespaces. */
  canWriteIstio: boolean;
  /** Per namespace, per Istio plural: the write verbs allowed. `reason` says why all are false when they are. */
  namespaces: Record<
    string,
    { istio: Record<string, Record<WriteVerb, boolean>>; canWriteIstio: boolean; reason: string | null }
  >;
}

/**
 * Whether the current identity may `verb` objects of `kind` in `namespace` (false in view-only mode); for a
 * cluster-scoped kind (GatewayClass) the review has no namespace, as the write would have none.
 */
export async function canWriteIstio(
  namespace: string,
  kind: Pick<IstioKind, 'group' | 'resource'> & { namespaced?: boolean },
  verb: WriteVerb,
): Promise<boolean> {
  if (getConfig().viewOnly) return false;
  return canI({
    verb,
    group: kind.group,
    resource: kind.resource,
    namespace: kind.namespaced === false ? undefined : namespace,
  });
}

/**
 * The write permissions of the current identity in `namespaces` (all it may see when empty; names it may not see are
 * left out). @throws MeshscopeError unavailable/timeout/unauthorized:k8s
 */
export async function readPermissions(namespaces: readonly string[]): Promise<Permissions> {
  const viewOnly = getConfig().viewOnly;
  const accessible = await accessibleNamespaceNames();
  const names = (namespaces.length ? namespaces.filter((n) => accessible.has(n)) : [...accessible]).sort();
  const out: Permissions = { viewOnly, canWriteIstio: false, namespaces: {} };
  // Kinds of a group the cluster does not serve (no Gateway API CRDs) cannot be written: no review asked for them.
  const groups = [...new Set(ISTIO_KINDS.map((k) => k.group))];
  const served = new Map(
    viewOnly ? [] : await Promise.all(groups.map(async (g) => [g, await isGroupServed(getKubeClients(), g)] as const)),
  );
  await Promise.all(
    names.map(async (ns) => {
      const istio: Record<string, Record<WriteVerb, boolean>> = {};
      await Promise.all(
        ISTIO_KINDS.map(async (kind) => {
          const answers =
            viewOnly || !served.get(kind.group)
              ? VERBS.map(() => false)
              : await Promise.all(
                  VERBS.map((verb) =>
                    canI({
                      verb,
                      group: kind.group,
                      resource: kind.resource,
                      namespace: kind.namespaced ? ns : undefined,
                    }),
                  ),
                );
          istio[kind.plural] = { create: answers[0]!, update: answers[1]!, delete: answers[2]! };
        }),
      );
      const any = Object.values(istio).some((v) => v.create || v.update || v.delete);
      const reason = any
        ? null
        : viewOnly
          ? 'Meshscope runs in view-only mode'
          : `Your Kubernetes role does not allow changing Istio config in ${ns}`;
      out.namespaces[ns] = { istio, canWriteIstio: any, reason };
      if (any) out.canWriteIstio = true;
    }),
  );
  return out;
}
