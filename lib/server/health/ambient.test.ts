/**
 * Health counts waypoint-reported requests, once: the health queries are evaluated by Prometheus' own engine
 * (`promtool test rules`, a `promql_expr_test`) over series with the label set a waypoint emits
 * (`lib/demo/testdata/istio-proxy/server_waypoint_proxy_request_total.yaml.tmpl`): an ambient caller seen only by the
 * waypoint, and a sidecar caller seen by its own proxy (source) and by the waypoint.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildHealthQueries } from './queries';

const TEMPLATE = path.join(
  import.meta.dirname,
  '../../demo/testdata/istio-proxy/server_waypoint_proxy_request_total.yaml.tmpl',
);

/** The template's labels (first value of each), as a PromQL series selector with overrides. */
function series(over: Record<string, string>): string {
  const labels: Record<string, string> = {};
  const text = readFileSync(TEMPLATE, 'utf8');
  for (const m of text.matchAll(/- name: (\w+)\n(?:\s+\{\{[^\n]*\n)?\s+value: "?([^"\n]*)"?/g))
    if (!(m[1]! in labels)) labels[m[1]!] = m[2]!;
  const all = {
    ...labels,
    grpc_response_status: '',
    request_protocol: 'http',
    destination_service_namespace: 'bookinfo-ambient',
    destination_workload_namespace: 'bookinfo-ambient',
    source_workload_namespace: 'bookinfo-ambient',
    ...over,
  };
  return `istio_requests_total{${Object.entries(all)
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${k}="${v}"`)
    .join(',')}}`;
}

function promtool(): string {
  const bin = path.join(path.dirname(process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus'), 'promtool');
  if (!existsSync(bin)) throw new Error(`${bin} not found: run 'bash scripts/ensure-deps.sh' (installs prometheus)`);
  return bin;
}

describe('health queries over waypoint telemetry (evaluated by promtool)', () => {
  it('count an ambient caller’s requests from the waypoint, and a sidecar caller’s once', () => {
    const ambientCaller = {
      source_workload: 'productpage-v1',
      destination_workload: 'reviews-v1',
      destination_service_name: 'reviews',
    };
    const sidecarCaller = {
      source_workload: 'curl',
      destination_workload: 'reviews-v1',
      destination_service_name: 'reviews',
    };
    // counters growing by 60 per minute (1 rps) for 10 minutes; the 503s at 0.5 rps
    const inputs = [
      [series({ ...ambientCaller, reporter: 'waypoint', response_code: '200' }), '0+60x10'],
      [series({ ...ambientCaller, reporter: 'waypoint', response_code: '503' }), '0+30x10'],
      [series({ ...sidecarCaller, reporter: 'source', response_code: '200' }), '0+60x10'],
      [series({ ...sidecarCaller, reporter: 'waypoint', response_code: '200' }), '0+60x10'],
    ];
    const q = buildHealthQueries(['bookinfo-ambient'], 60);
    const inboundLabels =
      'destination_canonical_service="ratings",destination_workload="reviews-v1",destination_workload_namespace="bookinfo-ambient",request_protocol="http"';
    const test = {
      rule_files: [],
      evaluation_interval: '1m',
      tests: [
        {
          interval: '1m',
          input_series: inputs.map(([s, values]) => ({ series: s, values })),
          promql_expr_test: [
            {
              expr: q.inbound,
              eval_time: '10m',
              exp_samples: [
                { labels: `{${inboundLabels},response_code="200"}`, value: 2 },
                { labels: `{${inboundLabels},response_code="503"}`, value: 0.5 },
              ],
            },
            {
              expr: q.outbound,
              eval_time: '10m',
              exp_samples: [
                {
                  labels:
                    '{request_protocol="http",response_code="200",source_canonical_service="productpage-v1",source_workload="curl",source_workload_namespace="bookinfo-ambient"}',
                  value: 1,
                },
                {
                  labels:
                    '{request_protocol="http",response_code="200",source_canonical_service="productpage-v1",source_workload="productpage-v1",source_workload_namespace="bookinfo-ambient"}',
                  value: 1,
                },
                {
                  labels:
                    '{request_protocol="http",response_code="503",source_canonical_service="productpage-v1",source_workload="productpage-v1",source_workload_namespace="bookinfo-ambient"}',
                  value: 0.5,
                },
              ],
            },
          ],
        },
      ],
    };
    const dir = mkdtempSync(path.join(os.tmpdir(), 'health-ambient-'));
    try {
      const file = path.join(dir, 'test.yaml');
      writeFileSync(file, JSON.stringify(test)); // JSON is YAML
      const r = spawnSync(promtool(), ['test', 'rules', file], { encoding: 'utf8' });
      expect(`${r.stdout}${r.stderr}`).toContain('SUCCESS');
      expect(r.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
