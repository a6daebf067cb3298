import type { IncomingMessage } from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import { GET as namespacesHandler } from '@/app/api/namespaces/route';
import { GET as sessionInfoHandler } from '@/app/api/auth/session/route';
import { BOOKINFO_VIEWER_TOKEN } from '@/lib/demo/k8s-api/auth-users';
import { DEMO_TOKEN } from '@/lib/demo/k8s-api/kubeconfig';
import { logger } from '@/lib/log';
import { PEER_HEADER, stampPeer } from '@/lib/auth/peer';
import { pageRequest, route, authTestEnvForFile } from '@/lib/auth/test-helpers';

const namespaces = route(namespacesHandler);
const sessionInfo = route(sessionInfoHandler);

/** The peer header our start-up hook would stamp for a connection from `addr`. */
function peer(addr: string): Record<string, string> {
  const req = { socket: { remoteAddress: addr }, headers: {} as Record<string, string> } as unknown as IncomingMessage;
  stampPeer(req);
  return { [PEER_HEADER]: req.headers[PEER_HEADER] as string };
}

async function visible(headers: Record<string, string>): Promise<number | string[]> {
  const res = await namespaces(pageRequest('/api/namespaces', { headers }));
  if (res.status !== 200) return res.status;
  return ((await res.json()) as { namespaces: { name: string }[] }).namespaces.map((n) => n.name);
}

/** `visible` as the proxy forwards the user of `token` (`Authorization: Bearer`), with `headers`. */
const visibleAs = (token: string, headers: Record<string, string> = {}) =>
  visible({ authorization: `Bearer ${token}`, ...headers });

authTestEnvForFile({ AUTH_STRATEGY: 'header', AUTH_PROXY_ADDRESSES: '10.1.2.3' });

describe('AUTH_STRATEGY=header', () => {
  it('needs Authorization: Bearer from the proxy on every request (401 without, 401 for a token the API refuses)', async () => {
    expect(await visible({})).toBe(401);
    expect(await visible({ authorization: 'Basic YWRtaW46YWRtaW4=' })).toBe(401);
    expect(await visible({ authorization: 'Bearer not-a-demo-token' })).toBe(401);
    expect(await (await sessionInfo(pageRequest('/api/auth/session'))).json()).toMatchObject({
      strategy: 'header',
      authenticated: false,
    });
  });

  it("acts as the token's user", async () => {
    expect(await visibleAs(BOOKINFO_VIEWER_TOKEN)).toEqual(['bookinfo']);
    expect((await visibleAs(DEMO_TOKEN)) as string[]).toContain('istio-system');
  });

  it('drops Impersonate-* headers from untrusted addresses (S15): a client cannot become another user', async () => {
    const warn = vi.spyOn(logger, 'warn');
    // a viewer asking to be the admin, directly or with a forged peer header: still the viewer
    expect(
      await visibleAs(BOOKINFO_VIEWER_TOKEN, {
        'impersonate-user': 'demo-admin',
        'impersonate-group': 'system:masters',
      }),
    ).toEqual(['bookinfo']);
    expect(
      await visibleAs(BOOKINFO_VIEWER_TOKEN, { 'impersonate-user': 'demo-admin', [PEER_HEADER]: 'guessed 10.1.2.3' }),
    ).toEqual(['bookinfo']);
    // the admin's token with impersonation from a non-proxy address: the impersonation is ignored
    expect(
      (await visibleAs(DEMO_TOKEN, { 'impersonate-user': 'bookinfo-viewer', ...peer('10.9.9.9') })) as string[],
    ).toContain('istio-system');
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ peer: '10.9.9.9' }),
      expect.stringContaining('untrusted address were dropped'),
    );
    warn.mockRestore();
  });

  it('honours impersonation from the configured proxy, and logs the effective user', async () => {
    const info = vi.spyOn(logger, 'info');
    expect(await visibleAs(DEMO_TOKEN, { 'impersonate-user': 'bookinfo-viewer', ...peer('10.1.2.3') })).toEqual([
      'bookinfo',
    ]);
    await vi.waitFor(() =>
      expect(info).toHaveBeenCalledWith(
        expect.objectContaining({ user: 'bookinfo-viewer', impersonatedBy: 'proxy' }),
        'auth: token verified',
      ),
    );
    for (const call of info.mock.calls) expect(JSON.stringify(call)).not.toContain(DEMO_TOKEN);
    info.mockRestore();
  });
});
