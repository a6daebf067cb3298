import type { KubeObject } from '../store/object-store';
import { fnv32a } from './hash';
import { badRequest } from './status';

/**
 * Plausible container logs for demo pods, generated from the pod name, container and time, so the same request at
 * the same moment always gives the same lines: Envoy access-log lines (Istio's default TEXT format) for
 * `istio-proxy`, and request lines in the app's own style for application containers.
 */

/** Most lines returned when no `tailLines`/`sinceSeconds` narrows the window. */
const MAX_LINES = 1000;

interface AppProfile {
  path: string[];
  port: number;
  agent: string;
  tcp?: boolean;
}

const PROFILES: Record<string, AppProfile> = {
  productpage: { path: ['/productpage', '/static/tailwind/tailwind.css', '/api/v1/products'], port: 9080, agent: 'Mozilla/5.0 (X11; Linux x86_64)' },
  details: { path: ['/details/0'], port: 9080, agent: 'python-requests/2.31.0' },
  reviews: { path: ['/reviews/0'], port: 9080, agent: 'python-requests/2.31.0' },
  ratings: { path: ['/ratings/0'], port: 9080, agent: 'Apache-CXF/3.1.18' },
  httpbin: { path: ['/get', '/headers', '/status/200', '/delay/1'], port: 8080, agent: 'curl/8.16.0' },
  'tcp-echo': { path: ['-'], port: 9000, agent: '-', tcp: true },
  'istio-ingressgateway': { path: ['/productpage', '/static/tailwind/tailwind.css'], port: 8080, agent: 'Mozilla/5.0 (X11; Linux x86_64)' },
};
const DEFAULT_PROFILE: AppProfile = { path: ['/'], port: 8080, agent: 'curl/8.16.0' };

/**
 * The container a log request is for: the named one, or the only/default one.
 * @throws ApiError 400 when the pod has several containers and none is named, or the name is not in the pod.
 */
export function resolveContainer(pod: KubeObject, container: string | null): string {
  const names = ((pod.spec?.containers ?? []) as { name: string }[]).map((c) => c.name);
  const initNames = ((pod.spec?.initContainers ?? []) as { name: string }[]).map((c) => c.name);
  if (container) {
    if (names.includes(container) || initNames.includes(container)) return container;
    throw badRequest(`container ${container} is not valid for pod ${pod.metadata.name}`);
  }
  if (names.length === 1) return names[0]!;
  throw badRequest(
    `a container name must be specified for pod ${pod.metadata.name}, choose one of: [${names.join(' ')}] or one of the init containers: [${initNames.join(' ')}]`,
  );
}

function ip(seed: string): string {
  const h = fnv32a(seed);
  return `10.244.${(h >> 8) & 255}.${2 + (h % 250)}`;
}

function requestId(seed: string): string {
  const hex = [0, 1, 2, 3].map((i) => fnv32a(`${seed}#${i}`).toString(16).padStart(8, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function lineAt(pod: KubeObject, container: string, index: number, time: Date): string {
  const name = pod.metadata.name;
  const ns = pod.metadata.namespace ?? 'default';
  const app = pod.metadata.labels?.app ?? pod.metadata.labels?.['app.kubernetes.io/name'] ?? name;
  const version = pod.metadata.labels?.version ?? 'v1';
  const profile = PROFILES[app] ?? DEFAULT_PROFILE;
  const h = fnv32a(`${name}/${container}/${index}`);
  const iso = time.toISOString();
  const podIp = (pod.status?.podIP as string | undefined) ?? ip(name);
  const path = profile.path[h % profile.path.length]!;
  const code = h % 97 === 0 ? 503 : h % 41 === 0 ? 404 : 200;
  const durationMs = 1 + (h % 37);
  const bytes = 120 + (h % 4000);
  const peer = `${ip(`${name}/peer/${h % 5}`)}:${32768 + (h % 28000)}`;

  if (container === 'istio-proxy') {
    if (index === 0) return `${iso}\tinfo\tFLAG: --concurrency="2"`;
    if (index === 1) return `${iso}\tinfo\tEnvoy proxy is ready`;
    if (!pod.metadata.annotations?.['sidecar.istio.io/status']) {
      return `[${iso}] "GET ${path} HTTP/1.1" ${code} ${code === 503 ? 'UH no_healthy_upstream' : '- via_upstream'} - "-" 0 ${bytes} ${durationMs} ${durationMs - 1} "${peer.split(':')[0]}" "${profile.agent}" "${requestId(`${name}/${index}`)}" "bookinfo.example.com" "${ip(`productpage/${h % 3}`)}:9080" outbound|9080||productpage.bookinfo.svc.cluster.local ${podIp}:${40000 + (h % 20000)} ${podIp}:8080 ${peer} - -`;
    }
    if (profile.tcp) {
      return `[${iso}] "- - -" 0 - - - "-" ${bytes % 64} ${bytes % 64} ${durationMs} - "-" "-" "-" "-" "${podIp}:${profile.port}" inbound|${profile.port}|| 127.0.0.6:${40000 + (h % 20000)} ${podIp}:${profile.port} ${peer} outbound_.${profile.port}_._.${app}.${ns}.svc.cluster.local -`;
    }
    const flags = code === 503 ? 'UF upstream_reset_before_response_started{connection_failure}' : '- via_upstream';
    return `[${iso}] "GET ${path} HTTP/1.1" ${code} ${flags} - "-" 0 ${bytes} ${durationMs} ${Math.max(0, durationMs - 1)} "-" "${profile.agent}" "${requestId(`${name}/${index}`)}" "${app}:${profile.port}" "${podIp}:${profile.port}" inbound|${profile.port}|| 127.0.0.6:${40000 + (h % 20000)} ${podIp}:${profile.port} ${peer} outbound_.${profile.port}_.${version}_.${app}.${ns}.svc.cluster.local default`;
  }
  if (index === 0) return `${iso} INFO ${app}-${version} starting, listening on port ${profile.port}`;
  if (profile.tcp) return `${iso} request: hello ${h % 1000}\n${iso} response: ${version === 'v2' ? 'two' : 'one'} hello ${h % 1000}`;
  if (app === 'productpage') {
    return `INFO:werkzeug:127.0.0.6 - - [${iso}] "GET ${path} HTTP/1.1" ${code} -`;
  }
  return `${iso} INFO ${app} "GET ${path} HTTP/1.1" ${code} ${bytes} ${durationMs}ms`;
}

export interface LogOptions {
  tailLines?: number;
  sinceSeconds?: number;
  timestamps?: boolean;
  /** Milliseconds since the epoch; defaults to now. */
  now?: number;
  /** Only lines after this index (used by `follow` to send what is new). */
  afterIndex?: number;
}

function periodMs(pod: KubeObject, container: string): number {
  return 1500 + (fnv32a(`${pod.metadata.name}/${container}/period`) % 3500);
}

/**
 * The log of one container up to `now`, as `{ text, lastIndex }`: one line every few seconds since the pod
 * started, narrowed by `tailLines` and `sinceSeconds`, each prefixed with an RFC 3339 timestamp when
 * `timestamps` is set (as the kubelet does). Containers that only sleep (the `curl` client) log nothing.
 */
export function podLog(pod: KubeObject, container: string, opts: LogOptions = {}): { text: string; lastIndex: number } {
  const now = opts.now ?? Date.now();
  const started = Date.parse(pod.status?.startTime ?? pod.metadata.creationTimestamp ?? new Date(now).toISOString());
  const period = periodMs(pod, container);
  const lastIndex = Math.floor((now - started) / period);
  const image = ((pod.spec?.containers ?? []) as { name: string; image?: string }[]).find((c) => c.name === container)?.image ?? '';
  if (lastIndex < 0 || image.includes('curl')) return { text: '', lastIndex };
  let first = Math.max(0, lastIndex - MAX_LINES + 1, (opts.afterIndex ?? -1) + 1);
  if (opts.sinceSeconds !== undefined) first = Math.max(first, Math.ceil((now - opts.sinceSeconds * 1000 - started) / period));
  if (opts.tailLines !== undefined) first = Math.max(first, lastIndex - opts.tailLines + 1);
  const lines: string[] = [];
  for (let i = first; i <= lastIndex; i++) {
    const time = new Date(started + i * period + (fnv32a(`${pod.metadata.name}/${i}`) % 997));
    const text = lineAt(pod, container, i, time);
    for (const line of text.split('\n')) lines.push(opts.timestamps ? `${time.toISOString().replace('Z', '000000Z')} ${line}` : line);
  }
  if (opts.tailLines !== undefined) lines.splice(0, Math.max(0, lines.length - opts.tailLines));
  return { text: lines.map((l) => `${l}\n`).join(''), lastIndex };
}

/** How often a follower should look for new lines of a container's log. */
export function followIntervalMs(pod: KubeObject, container: string): number {
  return periodMs(pod, container);
}
