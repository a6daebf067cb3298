/**
 * The recording rules of the graph's metrics (issue 17), after Istio's "Using Prometheus for production-scale
 * monitoring" (istio.io/latest/docs/ops/best-practices/observability: group `istio.recording-rules`, `interval: 5s`,
 * series `workload:<metric>` summed over pods and instances). Istio's rules keep every label but `instance` and the pod
 * labels (`sum without(instance, kubernetes_namespace, kubernetes_pod_name)`); these keep exactly the labels the
 * graph's queries select and group by (`sum by (reporter, …)`, the groupBy lists of Kiali's graph PromQL in
 * lib/graph/queries.ts), so each recorded series stands for one row of a graph answer and no more. The graph reads a
 * recorded series wherever a query of its metric needs no other label (traffic queries, node graphs, responseTime),
 * and the raw metric otherwise (securityPolicy needs the principals, operation nodes `request_operation`). Istio's own
 * rules, where installed, serve as well: they keep a superset of these labels under the same names.
 *
 * `recordingRulesYaml()` is the content of deploy/kubernetes/components/recording-rules/recording-rules.yaml (a test keeps the two equal) and of
 * the demo's rules file (`npm run demo -- --recording-rules`).
 */
import { GROUP_BY_GRPC_MESSAGES, GROUP_BY_REQUESTS, GROUP_BY_TCP, RECORDED_PREFIX } from './queries';

export interface RecordingRule {
  /** The raw Istio metric; the rule records `workload:<metric>`. */
  metric: string;
  /** The labels kept (`sum by`). */
  labels: readonly string[];
}

const list = (groupBy: string) => groupBy.split(',');
/** Labels of the duration histogram queries (responseTime appender): the gRPC-message groupBy + request_protocol. */
const DURATION = ['reporter', ...list(GROUP_BY_GRPC_MESSAGES), 'request_protocol'];

/** The rules, in file order. */
export const RECORDING_RULES: readonly RecordingRule[] = [
  { metric: 'istio_requests_total', labels: ['reporter', ...list(GROUP_BY_REQUESTS)] },
  { metric: 'istio_request_messages_total', labels: ['reporter', ...list(GROUP_BY_GRPC_MESSAGES)] },
  { metric: 'istio_response_messages_total', labels: ['reporter', ...list(GROUP_BY_GRPC_MESSAGES)] },
  { metric: 'istio_tcp_sent_bytes_total', labels: ['reporter', ...list(GROUP_BY_TCP)] },
  { metric: 'istio_tcp_received_bytes_total', labels: ['reporter', ...list(GROUP_BY_TCP)] },
  { metric: 'istio_request_duration_milliseconds_bucket', labels: [...DURATION, 'le'] },
  { metric: 'istio_request_duration_milliseconds_sum', labels: DURATION },
  { metric: 'istio_request_duration_milliseconds_count', labels: DURATION },
];

/** The metrics these rules record. */
export const RECORDABLE_METRICS: ReadonlySet<string> = new Set(RECORDING_RULES.map((r) => r.metric));

/**
 * The rules file (Prometheus `rule_files` format, also read by VictoriaMetrics' vmalert), every label on its own line.
 * `intervalSeconds`: the group's evaluation interval (Istio's guide: 5 s).
 */
export function recordingRulesYaml(intervalSeconds = 5): string {
  const lines = [
    "# Recording rules of the Istio metrics behind the Meshscope (Kiali) traffic graph, after Istio's",
    '# "Using Prometheus for production-scale monitoring" (istio.io/latest/docs/ops/best-practices/observability):',
    '# each series summed over pods and instances, keeping exactly the labels the graph selects and groups by.',
    '# Meshscope finds the `workload:*` series and reads them instead of the raw metrics (PROMETHEUS_RECORDING_RULES).',
    '# Generated from lib/graph/recording-rules.ts; keep the two equal.',
    'groups:',
    '  - name: meshscope.istio.recording-rules',
    `    interval: ${intervalSeconds}s`,
    '    rules:',
  ];
  for (const r of RECORDING_RULES) {
    lines.push(`      - record: ${RECORDED_PREFIX}${r.metric}`, '        expr: |', '          sum by (');
    r.labels.forEach((l, i) => lines.push(`            ${l}${i < r.labels.length - 1 ? ',' : ''}`));
    lines.push(`          ) (${r.metric})`);
  }
  return `${lines.join('\n')}\n`;
}
