import { writeFileSync } from 'node:fs';
import path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { BOOKINFO_EDITOR_TOKEN, BOOKINFO_VIEWER_TOKEN } from '@/lib/demo/k8s-api/auth-users';
import { DEMO_TOKEN } from '@/lib/demo/k8s-api/kubeconfig';
import { kubeCall, type KubeClients } from './client';
import { setEnv, setupKubeTestEnv } from './test-helpers';
import { rejection } from '@/lib/errors/test-helpers';
import { clientsForToken } from './token-clients';

/** Who the API server says `clients` act as (SelfSubjectReview). */
async function whoAmI(clients: KubeClients): Promise<{ username?: string; groups?: string[] }> {
  const authn = clients.kubeConfig.makeApiClient(k8s.AuthenticationV1Api);
  const review = await kubeCall(clients, () => authn.createSelfSubjectReview({ body: {} }));
  return { username: review.status?.userInfo?.username, groups: review.status?.userInfo?.groups };
}

const cluster = setupKubeTestEnv({ KUBE_TIMEOUT_MS: '6000' });

describe('clientsForToken', () => {
  it("acts as the token's user on the server's cluster, with the server's timeout", async () => {
    const c = clientsForToken('tc-viewer', BOOKINFO_VIEWER_TOKEN);
    expect(c.server).toBe(cluster().url);
    expect(c.timeoutMs).toBe(6000);
    expect(await whoAmI(c)).toEqual({ username: 'bookinfo-viewer', groups: ['system:authenticated'] });
    // the user's RBAC applies, not the server's (the kubeconfig user is the demo admin)
    expect((await rejection(kubeCall(c, () => c.core.listNamespace()))).code).toBe('forbidden:k8s');
  });

  it('caches clients by identity key, not by token', async () => {
    const first = clientsForToken('tc-same-key', BOOKINFO_VIEWER_TOKEN);
    expect(clientsForToken('tc-same-key', BOOKINFO_EDITOR_TOKEN)).toBe(first);
    const other = clientsForToken('tc-other-key', BOOKINFO_EDITOR_TOKEN);
    expect(other).not.toBe(first);
    expect((await whoAmI(other)).username).toBe('bookinfo-editor');
  });

  it("impersonates the user and the first group (the header strategy's trusted proxy)", async () => {
    const c = clientsForToken('tc-impersonate', DEMO_TOKEN, { user: 'jane', groups: ['team-a', 'team-b'] });
    // client-node keeps one value per header, so only the first group is sent; fewer groups never grant more
    expect(await whoAmI(c)).toEqual({ username: 'jane', groups: ['team-a', 'system:authenticated'] });
  });

  it('impersonating without groups sends only the user', async () => {
    const c = clientsForToken('tc-impersonate-nogroups', DEMO_TOKEN, { user: 'bookinfo-viewer', groups: [] });
    expect(await whoAmI(c)).toEqual({ username: 'bookinfo-viewer', groups: ['system:authenticated'] });
    expect((await rejection(kubeCall(c, () => c.core.listNamespacedPod({ namespace: 'default' })))).message).toContain(
      'User "bookinfo-viewer" cannot list',
    );
  });

  it('a kubeconfig without current-context gives unavailable:k8s saying so, not a plain Error (issue 12 item 5)', () => {
    const file = path.join(cluster().dir, 'no-current-context.yaml');
    writeFileSync(
      file,
      `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: ${cluster().url}\ncontexts: []\nusers: []\n`,
    );
    setEnv({ KUBECONFIG: file });
    try {
      expect(() => clientsForToken('tc-no-context', BOOKINFO_VIEWER_TOKEN)).toThrow(
        expect.objectContaining({ code: 'unavailable:k8s', message: expect.stringContaining('current-context') }),
      );
    } finally {
      setEnv({ KUBECONFIG: cluster().kubeconfig });
    }
  });

  it('without cluster configuration there are no clients (unavailable:k8s)', () => {
    setEnv({ KUBECONFIG: path.join(cluster().dir, 'missing') });
    try {
      expect(() => clientsForToken('tc-no-cluster', BOOKINFO_VIEWER_TOKEN)).toThrow(
        expect.objectContaining({ code: 'unavailable:k8s' }),
      );
    } finally {
      setEnv({ KUBECONFIG: cluster().kubeconfig });
    }
  });
});
