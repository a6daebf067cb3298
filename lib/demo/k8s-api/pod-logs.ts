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
  productpage: {
    path: ['/productpage', '/static/tailwind/tailwind.css', '/api/v1/products'],
    port: 9080,
    agent: 'Mozilla/5.0 (X11; Linux x86_64)',
  },
  details: { path: ['/details/0'], port: 9080, agent: 'python-requests/2.31.0' },
  reviews: { path: ['/reviews/0'], port: 9080, agent: 'python-requests/2.31.0' },
  ratings: { path: ['/ratings/0'], port: 9080, agent: 'Apache-CXF/3.1.18' },
  httpbin: { path: ['/get', '/headers', '/status/200', '/delay/1'], port: 8080, agent: 'curl/8.16.0' },
  'tcp-echo': { path: ['-'], port: 9000, agent: '-', tcp: true },
  'istio-ingressgateway': {
    path: ['/productpage', '/static/tailwind/tailwind.css'],
    port: 8080,
    agent: 'Mozilla/5.0 (X11; Linux x86_64)',
  },
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

interface LineContext {
  pod: KubeObject;
  container: string;
  app: string;
  version: string;
  profile: AppProfile;
}

function lineContext(pod: KubeObject, container: string): LineContext {
  const app = pod.metadata.labels?.app ?? pod.metadata.labels?.['app.kubernetes.io/name'] ?? pod.metadata.name;
  return {
    pod,
    container,
    app,
    version: pod.metadata.labels?.version ?? 'v1',
    profile: PROFILES[app] ?? DEFAULT_PROFILE,
  };
}

/** What a container prints while starting, before any request. */
function startupLines({ container, app, version, profile }: LineContext): string[] {
  if (container === 'istio-proxy') {
    return [
      'info\tFLAG: --concurrency="2"',
      'info\tVersion 1.24.0-21e6b4d1f8e6d1d7c4c0e5c2a9d4b8f4e2f3a1b0-Clean',
      'info\txdsproxy\tInitializing with upstream address "istiod.istio-system.svc:15012" and cluster "Kubernetes"',
      'info\tads\tADS: new connection for node:1',
      'info\tcache\tgenerated new workload certificate',
      'info\tEnvoy proxy is ready',
    ];
  }
  if (profile.tcp) return [`listening on [::]:${profile.port}, prefix: ${version === 'v2' ? 'two' : 'one'}`];
  return [`INFO ${app}-${version} starting, listening on port ${profile.port}`];
}

/** One request as the container logs it, with its own timestamp (an Envoy access-log line for istio-proxy). */
function requestLine({ pod, container, app, version, profile }: LineContext, index: number, iso: string): string {
  const name = pod.metadata.name;
  const ns = pod.metadata.namespace ?? 'default';
  const h = fnv32a(`${name}/${container}/${index}`);
  const podIp = (pod.status?.podIP as string | undefined) ?? ip(name);
  const path = profile.path[h % profile.path.length]!;
  const code = h % 97 === 0 ? 503 : h % 41 === 0 ? 404 : 200;
  const durationMs = 1 + (h % 37);
  const bytes = 120 + (h % 4000);
  const peer = `${ip(`${name}/peer/${h % 5}`)}:${32768 + (h % 28000)}`;
  const localPort = 40000 + (h % 20000);
  const id = requestId(`${name}/${index}`);

  if (container === 'istio-proxy') {
    if (!pod.metadata.annotations?.['sidecar.istio.io/status']) {
      const flags = code === 503 ? 'UH no_healthy_upstream' : '- via_upstream';
      return `[${iso}] "GET ${path} HTTP/1.1" ${code} ${flags} - "-" 0 ${bytes} ${durationMs} ${durationMs - 1} "${peer.split(':')[0]}" "${profile.agent}" "${id}" "bookinfo.example.com" "${ip(`productpage/${h % 3}`)}:9080" outbound|9080||productpage.bookinfo.svc.cluster.local ${podIp}:${localPort} ${podIp}:8080 ${peer} - -`;
    }
    if (profile.tcp) {
      return `[${iso}] "- - -" 0 - - - "-" ${bytes % 64} ${bytes % 64} ${durationMs} - "-" "-" "-" "-" "${podIp}:${profile.port}" inbound|${profile.port}|| 127.0.0.6:${localPort} ${podIp}:${profile.port} ${peer} outbound_.${profile.port}_._.${app}.${ns}.svc.cluster.local -`;
    }
    const flags = code === 503 ? 'UF upstream_reset_before_response_started{connection_failure}' : '- via_upstream';
    return `[${iso}] "GET ${path} HTTP/1.1" ${code} ${flags} - "-" 0 ${bytes} ${durationMs} ${Math.max(0, durationMs - 1)} "-" "${profile.agent}" "${id}" "${app}:${profile.port}" "${podIp}:${profile.port}" inbound|${profile.port}|| 127.0.0.6:${localPort} ${podIp}:${profile.port} ${peer} outbound_.${profile.port}_.${version}_.${app}.${ns}.svc.cluster.local default`;
  }
  if (profile.tcp)
    return `${iso} request: hello ${h % 1000}\n${iso} response: ${version === 'v2' ? 'two' : 'one'} hello ${h % 1000}`;
  if (app === 'productpage') return `INFO:werkzeug:127.0.0.6 - - [${iso}] "GET ${path} HTTP/1.1" ${code} -`;
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

/** A container's timeline: its start-up lines when it started, then one request every `period` ms. */
class Timeline {
  readonly period: number;

  constructor(
    readonly started: number,
    readonly startupCount: number,
    seed: string,
  ) {
    this.period = 1500 + (fnv32a(`${seed}/period`) % 3500);
  }

  timeOf(index: number): number {
    return this.started + Math.max(0, index - this.startupCount + 1) * this.period;
  }

  /** Index of the last line logged at or before `t` (-1 before the container started). */
  lastAt(t: number): number {
    if (t < this.started) return -1;
    return this.startupCount - 1 + Math.floor((t - this.started) / this.period);
  }
}

/**
 * The log of one container up to `now`, as `{ text, lastIndex }`: start-up lines, then one request every few
 * seconds since the pod started, narrowed by `tailLines` and `sinceSeconds`, each prefixed with an RFC 3339
 * timestamp when `timestamps` is set (as the kubelet does). Containers that only sleep (the `curl` client) log
 * nothing.
 */
export function podLog(pod: KubeObject, container: string, opts: LogOptions = {}): { text: string; lastIndex: number } {
  const now = opts.now ?? Date.now();
  const ctx = lineContext(pod, container);
  const startup = startupLines(ctx);
  const started = Date.parse(pod.status?.startTime ?? pod.metadata.creationTimestamp ?? new Date(now).toISOString());
  const timeline = new Timeline(started, startup.length, `${pod.metadata.name}/${container}`);
  const lastIndex = timeline.lastAt(now);
  const image =
    ((pod.spec?.containers ?? []) as { name: string; image?: string }[]).find((c) => c.name === container)?.image ?? '';
  if (lastIndex < 0 || image.includes('curl')) return { text: '', lastIndex };
  let first = Math.max(0, lastIndex - MAX_LINES + 1, (opts.afterIndex ?? -1) + 1);
  if (opts.sinceSeconds !== undefined) first = Math.max(first, timeline.lastAt(now - opts.sinceSeconds * 1000 - 1) + 1);
  const lines: string[] = [];
  for (let i = first; i <= lastIndex; i++) {
    const time = new Date(timeline.timeOf(i));
    const iso = time.toISOString();
    const text =
      i < startup.length ? `${iso}${container === 'istio-proxy' ? '\t' : ' '}${startup[i]}` : requestLine(ctx, i, iso);
    for (const line of text.split('\n')) lines.push(opts.timestamps ? `${iso.replace('Z', '000000Z')} ${line}` : line);
  }
  if (opts.tailLines !== undefined) lines.splice(0, Math.max(0, lines.length - opts.tailLines));
  return { text: lines.map((l) => `${l}\n`).join(''), lastIndex };
}

/** How often a follower should look for new lines of a container's log. */
export function followIntervalMs(pod: KubeObject, container: string): number {
  return new Timeline(0, 1, `${pod.metadata.name}/${container}`).period;
}
