import { describe, expect, it } from 'vitest';
import {
  BOOKINFO_EDITOR_TOKEN,
  BOOKINFO_LIMITED_TOKEN,
  BOOKINFO_VIEWER_TOKEN,
  NOBODY_TOKEN,
} from '@/lib/demo/k8s-api/auth-users';
import { DEMO_TOKEN } from '@/lib/demo/k8s-api/kubeconfig';
import { findKind, ISTIO_KINDS } from '@/lib/istio/kinds';
import { canWriteIstio, readPermissions, type WriteVerb } from './permissions';
import { asUser, setEnv, setupKubeTestEnv, DEMO_NAMESPACES } from './test-helpers';
import { rejection } from '@/lib/errors/test-helpers';

const VS = findKind('networking.istio.io', 'VirtualService')!;
const PLURALS = ISTIO_KINDS.map((k) => k.plural).sort();
/** The same verbs answer for every Istio kind. */
const everyKind = (verbs: Record<WriteVerb, boolean>) => Object.fromEntries(PLURALS.map((p) => [p, verbs]));
const ALL_YES = { create: true, update: true, delete: true };
const ALL_NO = { create: false, update: false, delete: false };

setupKubeTestEnv();

describe('readPermissions', () => {
  it('bookinfo-editor: every namespaced kind writable in bookinfo, the only namespace it sees; not GatewayClasses', async () => {
    const p = await asUser(BOOKINFO_EDITOR_TOKEN, () => readPermissions([]));
    // Its RoleBinding grants nothing cluster-scoped, so the cluster-scoped GatewayClass is asked without a namespace.
    const istio = { ...everyKind(ALL_YES), k8sgatewayclasses: ALL_NO };
    expect(p).toEqual({
      viewOnly: false,
      canWriteIstio: true,
      namespaces: { bookinfo: { istio, canWriteIstio: true, reason: null } },
    });
    expect(Object.keys(istio)).toEqual(
      expect.arrayContaining(['gateways', 'k8sgateways', 'k8shttproutes', 'k8sreferencegrants']),
    );
  });

  it('bookinfo-viewer: nothing writable, with the reason', async () => {
    const p = await asUser(BOOKINFO_VIEWER_TOKEN, () => readPermissions([]));
    expect(p.canWriteIstio).toBe(false);
    expect(p.namespaces).toEqual({
      bookinfo: {
        istio: everyKind(ALL_NO),
        canWriteIstio: false,
        reason: 'Your Kubernetes role does not allow changing Istio config in bookinfo',
      },
    });
  });

  it('leaves out requested namespaces the user may not see', async () => {
    const p = await asUser(BOOKINFO_EDITOR_TOKEN, () => readPermissions(['default', 'bookinfo', 'no-such-ns']));
    expect(Object.keys(p.namespaces)).toEqual(['bookinfo']);
    expect(await asUser(NOBODY_TOKEN, () => readPermissions([]))).toEqual({
      viewOnly: false,
      canWriteIstio: false,
      namespaces: {},
    });
  });

  it("the demo admin (and anonymous mode, with the server's admin credentials) may write everywhere", async () => {
    const admin = await asUser(DEMO_TOKEN, () => readPermissions(['istio-system', 'default']));
    expect(Object.keys(admin.namespaces).sort()).toEqual(['default', 'istio-system']);
    expect(admin.namespaces['istio-system']?.istio).toEqual(everyKind(ALL_YES));
    const anonymous = await readPermissions([]);
    expect(Object.keys(anonymous.namespaces).sort()).toEqual(DEMO_NAMESPACES);
    expect(anonymous.canWriteIstio).toBe(true);
  });

  it('a refused token is an error (unauthorized:k8s), not "no permissions"', async () => {
    expect((await rejection(asUser('not-a-demo-token', () => readPermissions([])))).code).toBe('unauthorized:k8s');
  });

  it('view-only mode answers "no" everywhere, saying why', async () => {
    setEnv({ VIEW_ONLY: 'true' });
    try {
      const p = await asUser(BOOKINFO_EDITOR_TOKEN, () => readPermissions(['bookinfo']));
      expect(p).toEqual({
        viewOnly: true,
        canWriteIstio: false,
        namespaces: {
          bookinfo: { istio: everyKind(ALL_NO), canWriteIstio: false, reason: 'Meshscope runs in view-only mode' },
        },
      });
    } finally {
      setEnv({ VIEW_ONLY: undefined });
    }
  });
});

describe('canWriteIstio', () => {
  it("answers per namespace, kind and verb from the user's RBAC", async () => {
    expect(await asUser(BOOKINFO_EDITOR_TOKEN, () => canWriteIstio('bookinfo', VS, 'update'))).toBe(true);
    expect(await asUser(BOOKINFO_EDITOR_TOKEN, () => canWriteIstio('default', VS, 'update'))).toBe(false);
    expect(await asUser(BOOKINFO_LIMITED_TOKEN, () => canWriteIstio('bookinfo', VS, 'create'))).toBe(false);
    const route = findKind('gateway.networking.k8s.io', 'HTTPRoute')!;
    expect(await asUser(BOOKINFO_EDITOR_TOKEN, () => canWriteIstio('bookinfo', route, 'create'))).toBe(true);
    expect(await asUser(BOOKINFO_LIMITED_TOKEN, () => canWriteIstio('bookinfo', route, 'create'))).toBe(false);
    expect(
      await asUser(BOOKINFO_EDITOR_TOKEN, () =>
        canWriteIstio('bookinfo', findKind('gateway.networking.k8s.io', 'GatewayClass')!, 'create'),
      ),
    ).toBe(false);
  });

  it('view-only mode says no without asking the API (even a refused token gets a plain "no")', async () => {
    setEnv({ VIEW_ONLY: 'true' });
    try {
      expect(await asUser(BOOKINFO_EDITOR_TOKEN, () => canWriteIstio('bookinfo', VS, 'create'))).toBe(false);
      expect(await asUser('not-a-demo-token', () => canWriteIstio('bookinfo', VS, 'delete'))).toBe(false);
    } finally {
      setEnv({ VIEW_ONLY: undefined });
    }
  });
});
