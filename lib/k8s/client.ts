import { existsSync } from 'node:fs';
import * as k8s from '@kubernetes/client-node';
import { getConfig } from '@/lib/config';
import { MeshscopeError } from '@/lib/errors';

const IN_CLUSTER_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/** The Kubernetes API clients Meshscope uses, all built from one KubeConfig. */
export interface KubeClients {
  kubeConfig: k8s.KubeConfig;
  core: k8s.CoreV1Api;
  apps: k8s.AppsV1Api;
  custom: k8s.CustomObjectsApi;
  version: k8s.VersionApi;
  /** The API server URL, for messages. */
  server: string;
  timeoutMs: number;
}

let cached: KubeClients | undefined;

/**
 * Loads the server's own credentials: `KUBECONFIG` when set, else the in-cluster service account.
 * (The signed-in user's token comes later with AUTH_STRATEGY=token|header.)
 * @throws MeshscopeError `unavailable:k8s` when neither is available.
 */
export function loadKubeConfig(kubeconfig: string | undefined): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  if (kubeconfig) {
    if (!existsSync(kubeconfig)) {
      throw new MeshscopeError('unavailable:k8s', `KUBECONFIG points at ${kubeconfig}, which does not exist`);
    }
    kc.loadFromFile(kubeconfig);
  } else if (existsSync(IN_CLUSTER_TOKEN)) {
    kc.loadFromCluster();
  } else {
    throw new MeshscopeError('unavailable:k8s', 'No Kubernetes credentials: set KUBECONFIG or run in a cluster with a service account');
  }
  return kc;
}

/** The process-wide clients, built on first use from the config. */
export function getKubeClients(): KubeClients {
  if (cached) return cached;
  const cfg = getConfig();
  const kc = loadKubeConfig(cfg.kube.kubeconfig);
  cached = {
    kubeConfig: kc,
    core: kc.makeApiClient(k8s.CoreV1Api),
    apps: kc.makeApiClient(k8s.AppsV1Api),
    custom: kc.makeApiClient(k8s.CustomObjectsApi),
    version: kc.makeApiClient(k8s.VersionApi),
    server: kc.getCurrentCluster()?.server ?? '(unknown server)',
    timeoutMs: cfg.kube.timeoutMs,
  };
  return cached;
}

/** For tests: forget the cached clients. */
export function resetKubeClients(): void {
  cached = undefined;
}

interface KubeStatus {
  message?: string;
  reason?: string;
  details?: { causes?: { field?: string; message?: string; reason?: string }[] };
}

function parseBody(body: unknown): KubeStatus {
  if (typeof body === 'string') {
    try {
      return JSON.parse(body) as KubeStatus;
    } catch {
      return { message: body };
    }
  }
  return (body ?? {}) as KubeStatus;
}

/**
 * Maps a client-node failure to a MeshscopeError: 401/403 → forbidden:k8s, 404 → not_found:k8s,
 * 409 → conflict:k8s, 422 → invalid:k8s (with the API's field `causes`), 400 → bad_request:k8s,
 * network errors and 5xx → unavailable:k8s. The Kubernetes `Status` message is kept.
 */
export function toKubeError(err: unknown, server: string): MeshscopeError {
  if (err instanceof MeshscopeError) return err;
  if (err instanceof k8s.ApiException) {
    const status = parseBody(err.body);
    const message = status.message ?? `Kubernetes API answered HTTP ${err.code}`;
    switch (err.code) {
      case 401:
      case 403:
        return new MeshscopeError('forbidden:k8s', message);
      case 404:
        return new MeshscopeError('not_found:k8s', message);
      case 409:
        return new MeshscopeError('conflict:k8s', message, { reason: status.reason });
      case 422:
        return new MeshscopeError('invalid:k8s', message, { causes: status.details?.causes ?? [] });
      case 400:
        return new MeshscopeError('bad_request:k8s', message);
      default:
        return new MeshscopeError('unavailable:k8s', `Kubernetes API at ${server} failed: ${message}`);
    }
  }
  const e = err as { code?: string; cause?: { code?: string }; message?: string };
  const code = e.code ?? e.cause?.code;
  return new MeshscopeError('unavailable:k8s', `Kubernetes API unreachable at ${server} (${code ?? e.message ?? 'network error'})`);
}

/**
 * Runs one Kubernetes call with the configured timeout and error mapping.
 * @throws MeshscopeError timeout:k8s after `timeoutMs`, or as toKubeError maps the failure.
 */
export async function kubeCall<T>(clients: Pick<KubeClients, 'server' | 'timeoutMs'>, f: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new MeshscopeError('timeout:k8s', `Kubernetes API did not answer within ${clients.timeoutMs / 1000} s at ${clients.server}`)),
      clients.timeoutMs,
    );
  });
  try {
    return await Promise.race([f(), timeout]);
  } catch (err) {
    throw toKubeError(err, clients.server);
  } finally {
    clearTimeout(timer);
  }
}
