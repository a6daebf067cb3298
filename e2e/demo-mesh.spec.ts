import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { requireKubectl, usableKubectl } from '@/lib/demo/k8s-api/test-kubectl';
import { E2E_PORTS } from './stack';

/** The demo mesh as a new user meets it: real Prometheus scraping it, kubectl against its Kubernetes API. */
const PROM = `http://127.0.0.1:${E2E_PORTS.prometheus}`;
const KUBECONFIG = path.resolve(__dirname, '..', '.demo', 'e2e', 'kubeconfig');
const kubectl = (...args: string[]) =>
  execFileSync(requireKubectl(usableKubectl()), ['--kubeconfig', KUBECONFIG, ...args], { encoding: 'utf8' });

async function promQuery(query: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const res = await fetch(`${PROM}/api/v1/query?query=${encodeURIComponent(query)}`);
  const body = (await res.json()) as {
    data: { result: { metric: Record<string, string>; value: [number, string] }[] };
  };
  return body.data.result;
}

test.describe('demo mesh', () => {
  test('Prometheus has istio_requests_total for every bookinfo edge with both reporters, and tcp-echo bytes', async () => {
    const edges = [
      ['istio-ingressgateway', 'productpage-v1'],
      ['productpage-v1', 'details-v1'],
      ['productpage-v1', 'reviews-v1'],
      ['productpage-v1', 'reviews-v2'],
      ['productpage-v1', 'reviews-v3'],
      ['reviews-v2', 'ratings-v1'],
      ['reviews-v3', 'ratings-v1'],
    ];
    await expect
      .poll(
        async () => {
          const rows = await promQuery(
            'sum(istio_requests_total) by (reporter, source_workload, destination_workload)',
          );
          const seen = new Set(
            rows.map((r) => `${r.metric.source_workload}>${r.metric.destination_workload}>${r.metric.reporter}`),
          );
          return edges.flatMap(([s, d]) =>
            ['source', 'destination']
              .filter((rep) => !seen.has(`${s}>${d}>${rep}`))
              .map((rep) => `${s}->${d} (${rep})`),
          );
        },
        { timeout: 45_000, message: 'edges missing a reporter' },
      )
      .toEqual([]);
    const tcp = await promQuery(
      'sum(istio_tcp_sent_bytes_total{destination_workload=~"tcp-echo-.*"}) by (destination_workload, reporter)',
    );
    expect(tcp.length).toBeGreaterThanOrEqual(2);
    expect(tcp.every((r) => Number(r.value[1]) > 0)).toBe(true);
  });

  test('kubectl lists deployments and VirtualServices, and applying reviews-v3 routes all reviews traffic to v3', async () => {
    test.setTimeout(120_000);
    expect(kubectl('get', 'deployments', '-n', 'bookinfo')).toMatch(/reviews-v3\s+1\/1/);
    expect(kubectl('get', 'virtualservices', '-A')).toContain('bookinfo');
    const manifest = path.resolve(
      __dirname,
      '..',
      'lib/demo/samples/bookinfo/networking/virtual-service-reviews-v3.yaml',
    );
    expect(kubectl('apply', '-n', 'bookinfo', '-f', manifest)).toMatch(
      /virtualservice.networking.istio.io\/reviews (created|configured)/,
    );
    try {
      const window = (v: string) =>
        `sum(increase(istio_requests_total{reporter="destination",destination_workload_namespace="bookinfo",destination_workload="reviews-${v}"}[8s]))`;
      await expect
        .poll(
          async () => {
            const [v1, v2, v3] = await Promise.all(
              ['v1', 'v2', 'v3'].map(async (v) => Number((await promQuery(window(v)))[0]?.value[1] ?? 0)),
            );
            return { v1: v1 === 0, v2: v2 === 0, v3: (v3 ?? 0) > 0 };
          },
          { timeout: 30_000, intervals: [2_000] },
        )
        .toEqual({ v1: true, v2: true, v3: true });
    } finally {
      kubectl('delete', 'virtualservice', 'reviews', '-n', 'bookinfo');
    }
  });

  test('the API refuses a VirtualService with weight "abc" with 422 field causes', async () => {
    const bad = JSON.stringify({
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'bad-weight', namespace: 'bookinfo' },
      spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews' }, weight: 'abc' }] }] },
    });
    const res = await fetch(
      `http://127.0.0.1:${E2E_PORTS.kube}/apis/networking.istio.io/v1/namespaces/bookinfo/virtualservices`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: 'Bearer demo-admin-token' },
        body: bad,
      },
    );
    expect(res.status).toBe(422);
    const status = (await res.json()) as { details: { causes: { field: string }[] } };
    expect(status.details.causes.map((c) => c.field)).toContain('spec.http[0].route[0].weight');
  });
});
