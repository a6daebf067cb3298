/**
 * Container logs of a workload's pods (Kiali's Logs tab, kiali.md §1.2): `pods/{pod}/log` through client-node with
 * `tailLines`, `timestamps` and `sinceSeconds`. The pod must belong to the workload, so the endpoint cannot be used
 * to read any pod of the namespace through a workload URL.
 */
import 'server-only';
import { MeshscopeError } from '@/lib/errors';
import { getKubeClients, kubeCall } from '@/lib/k8s/client';
import { getInventory } from '@/lib/k8s/inventory';
import { BadRequestError, assertDns1123Label, assertDns1123Subdomain, decimalIntegerParam } from '@/lib/promql/index';
import { podsOfWorkload } from '@/lib/k8s/model';
import type { PodLogs } from '@/lib/contracts/mesh';

export const DEFAULT_TAIL_LINES = 100;
export const MAX_TAIL_LINES = 5000;

export interface LogsRequest {
  pod: string;
  container: string;
  tailLines: number;
  timestamps: boolean;
  sinceSeconds?: number;
}

/**
 * Parses `pod`, `container`, `tailLines` (1–5000, default 100), `timestamps` (true|false), `sinceSeconds`.
 * @throws BadRequestError naming the parameter
 */
export function parseLogsRequest(search: URLSearchParams): LogsRequest {
  const pod = assertDns1123Subdomain(search.get('pod'), 'pod');
  const container = assertDns1123Label(search.get('container'), 'container');
  const tailLines = decimalIntegerParam(search, 'tailLines') ?? DEFAULT_TAIL_LINES;
  if (tailLines < 1 || tailLines > MAX_TAIL_LINES) {
    throw new BadRequestError('tailLines', `Invalid tailLines [${tailLines}]: must be 1 to ${MAX_TAIL_LINES}`);
  }
  const sinceSeconds = decimalIntegerParam(search, 'sinceSeconds');
  if (sinceSeconds !== undefined && (sinceSeconds < 1 || sinceSeconds > 86_400 * 30)) {
    throw new BadRequestError('sinceSeconds', 'Invalid sinceSeconds: must be 1 to 2592000');
  }
  return { pod, container, tailLines, timestamps: search.get('timestamps') === 'true', sinceSeconds };
}

/** Splits the API's text into lines; with timestamps, each line starts with an RFC 3339 time and a space. Pure. */
export function splitLogLines(text: string, timestamps: boolean): PodLogs['lines'] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => {
    if (!timestamps) return { timestamp: null, message: line };
    const space = line.indexOf(' ');
    const head = space > 0 ? line.slice(0, space) : '';
    return /^\d{4}-\d{2}-\d{2}T/.test(head)
      ? { timestamp: head, message: line.slice(space + 1) }
      : { timestamp: null, message: line };
  });
}

/**
 * Reads the logs of one container of one of the workload's pods.
 * @throws MeshscopeError not_found:k8s (workload, pod not in the workload, container not in the pod),
 *   unavailable/timeout/forbidden:k8s
 */
export async function readWorkloadLogs(namespace: string, workload: string, req: LogsRequest): Promise<PodLogs> {
  const inv = await getInventory([]);
  const w = inv.workloads.find((x) => x.namespace === namespace && x.name === workload);
  if (!w) throw new MeshscopeError('not_found:k8s', `Workload ${workload} not found in namespace ${namespace}`);
  const pod = podsOfWorkload(inv.pods, w).find((p) => p.name === req.pod);
  if (!pod)
    throw new MeshscopeError(
      'not_found:k8s',
      `Pod ${req.pod} is not a pod of workload ${workload} (it may have been replaced: pick another pod)`,
    );
  if (!pod.containers.includes(req.container) && !(req.container === 'istio-proxy' && pod.hasSidecar)) {
    throw new MeshscopeError(
      'not_found:k8s',
      `Container ${req.container} is not in pod ${req.pod} (containers: ${pod.containers.join(', ')})`,
    );
  }
  const clients = getKubeClients();
  const text = await kubeCall(clients, () =>
    clients.core.readNamespacedPodLog({
      name: req.pod,
      namespace,
      container: req.container,
      tailLines: req.tailLines,
      timestamps: req.timestamps,
      sinceSeconds: req.sinceSeconds,
    }),
  );
  const lines = splitLogLines(typeof text === 'string' ? text : String(text ?? ''), req.timestamps);
  return { pod: req.pod, container: req.container, lines, truncated: lines.length >= req.tailLines };
}
