import { request as httpRequest, createServer, type Server } from 'node:http';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { sel } from '@/components/test-ids';
import { BOOKINFO_EDITOR_TOKEN } from '@/lib/demo/k8s-api/auth-users';
import type { RunningStack } from '@/lib/demo/stack';
import { assertPortFree } from '@/lib/demo/stack/ports';
import { startTokenMeshscope, TOKEN_PORT } from './auth-stack';
import { deleteObject, IstioObjectPage, putObject } from './pages/istio-config-page';
import { E2E_PORTS, e2ePort } from './stack';

/** A second replica of the token-strategy server (same SESSION_SECRET), and a round-robin proxy in front of both. */
const REPLICA_PORT = e2ePort(21003);
const PROXY_PORT = e2ePort(21004);
const PROXY_URL = `http://127.0.0.1:${PROXY_PORT}`;
const REPLICA_HEADER = 'x-meshscope-replica';

/**
 * Round robin over `ports`, request by request, as a Kubernetes Service spreads connections over pods (one request
 * per connection here, so consecutive requests of one browser land on different replicas). The Host header is
 * passed on (Meshscope checks it, and Origin against it, on writes); each answer names its replica in a header.
 */
function roundRobinProxy(ports: number[]): Server {
  let next = 0;
  return createServer((req, res) => {
    const port = ports[next++ % ports.length]!;
    const upstream = httpRequest(
      { host: '127.0.0.1', port, method: req.method, path: req.url, headers: { ...req.headers, connection: 'close' } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, { ...answer.headers, [REPLICA_HEADER]: String(port) });
        answer.pipe(res);
      },
    );
    upstream.on('error', (err) => res.writeHead(502).end(err.message));
    req.pipe(upstream);
  });
}

let replica: RunningStack | undefined;
let proxy: Server | undefined;

test.describe('two token-strategy replicas behind a round-robin proxy (one SESSION_SECRET)', () => {
  test.use({ baseURL: PROXY_URL });

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    await assertPortFree(REPLICA_PORT, 'e2e token replica');
    await assertPortFree(PROXY_PORT, 'e2e round-robin proxy');
    const root = path.resolve(__dirname, '..');
    const dir = path.join(root, '.demo', 'e2e');
    replica = await startTokenMeshscope(
      root,
      dir,
      E2E_PORTS,
      path.join(dir, 'kubeconfig'),
      REPLICA_PORT,
      'token-replica',
    );
    proxy = roundRobinProxy([TOKEN_PORT, REPLICA_PORT]);
    await new Promise<void>((r) => proxy!.listen(PROXY_PORT, '127.0.0.1', r));
  });

  test.afterAll(async () => {
    await new Promise<void>((r) => (proxy ? proxy.close(() => r()) : r()));
    await replica?.stop();
  });

  test('a session started on one replica works on both, and an editor save (dry run, review, write) spans them', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await page.goto('/overview');
    await expect(page).toHaveURL(/\/login\?next=/);
    await page.getByTestId(sel.auth.token).fill(BOOKINFO_EDITOR_TOKEN);
    await page.getByTestId(sel.auth.submit).click();
    await expect(page.getByTestId(sel.auth.user)).toHaveText('bookinfo-editor');

    // the cookie one replica sealed is read by both: consecutive API calls land on alternating replicas
    const served = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const res = await page.request.get('/api/workloads?namespaces=bookinfo');
      expect(res.status()).toBe(200);
      served.add(res.headers()[REPLICA_HEADER] ?? '');
      const session = await page.request.get('/api/auth/session');
      served.add(session.headers()[REPLICA_HEADER] ?? '');
      expect(((await session.json()) as { user: { username: string } | null }).user?.username).toBe('bookinfo-editor');
    }
    expect([...served].sort()).toEqual([String(TOKEN_PORT), String(REPLICA_PORT)]);

    // a save flow through the proxy: fixture written through one replica, edited and saved in the UI (its dry
    // run, review and write are separate requests, so they land on both), read back through either
    const vs = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'e2e-replicas', namespace: 'bookinfo' },
      spec: { hosts: ['details'], http: [{ route: [{ destination: { host: 'details', subset: 'v1' } }] }] },
    };
    try {
      await putObject(page.request, PROXY_URL, 'virtualservices', vs);
      const editor = new IstioObjectPage(page);
      await editor.open('bookinfo', 'virtualservices', 'e2e-replicas');
      await editor.replace(/subset: v1/, 'subset: v2');
      await editor.save();
      await expect(page.getByTestId(sel.istio.saved)).toBeVisible();
      for (let i = 0; i < 2; i++) {
        const read = await page.request.get(
          '/api/namespaces/bookinfo/istio/virtualservices/e2e-replicas?validate=false',
        );
        expect(read.status()).toBe(200);
        const { object } = (await read.json()) as { object: typeof vs };
        expect(object.spec.http[0]!.route[0]!.destination.subset).toBe('v2');
      }
    } finally {
      await deleteObject(page.request, PROXY_URL, 'bookinfo', 'virtualservices', 'e2e-replicas');
    }
  });
});
