/**
 * The shipped rules file is the one lib/graph/recording-rules.ts describes, and each rule keeps every label a graph
 * query of its metric selects or groups by (Kiali's graph PromQL, lib/graph/queries.ts; Istio's production-scale
 * Prometheus guide drops only pod and instance labels, these rules keep only what the graph reads).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GROUP_BY_REQUESTS, GROUP_BY_TCP } from './queries';
import { RECORDING_RULES, recordingRulesYaml } from './recording-rules';

const FILE = path.join(__dirname, '../../deploy/kubernetes/components/recording-rules/recording-rules.yaml');

describe('recording rules', () => {
  it('are what deploy/kubernetes/components/recording-rules/recording-rules.yaml ships', () => {
    expect(readFileSync(FILE, 'utf8')).toBe(recordingRulesYaml());
  });

  it('keep the reporter and every groupBy label of the traffic queries, and no pod or instance label', () => {
    const labels = (m: string) => RECORDING_RULES.find((r) => r.metric === m)!.labels;
    expect(labels('istio_requests_total')).toEqual(['reporter', ...GROUP_BY_REQUESTS.split(',')]);
    expect(labels('istio_tcp_sent_bytes_total')).toEqual(['reporter', ...GROUP_BY_TCP.split(',')]);
    expect(labels('istio_request_duration_milliseconds_bucket')).toContain('le');
    for (const r of RECORDING_RULES) expect(r.labels).not.toEqual(expect.arrayContaining(['pod']));
    for (const r of RECORDING_RULES) expect(r.labels).not.toEqual(expect.arrayContaining(['instance']));
  });

  it('render every label of a rule in its sum by', () => {
    const yaml = recordingRulesYaml(10);
    expect(yaml).toContain('interval: 10s');
    for (const r of RECORDING_RULES) expect(yaml).toContain(`- record: workload:${r.metric}\n`);
  });
});
