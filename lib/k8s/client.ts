import 'server-only';
import { existsSync } from 'node:fs';
import * as k8s from '@kubernetes/client-node';
import { getConfig } from '@/lib/config';
import { isDeadline, requestSignal, runWithSignal } from '@/lib/config/request-deadline';
import { MeshscopeError, untilAborted } from '@/lib/errors';
import { makeApi } from './capped-http';
import { currentKubeScope } from './request-scope';

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
 * A KubeConfig whose every API call carries the current signal (lib/config/request-deadline.ts: the call's timeout
 * and the request's deadline, set by `kubeCall`): client-node 1.x calls `applySecurityAuthentication` once per request
 * with its RequestContext, whose signal its fetch obeys, so the HTTP request itself is cancelled.
 */
export class SignalKubeConfig extends k8s.KubeConfig {
  override async applySecurityAuthentication(context: k8s.RequestContext): Promise<void> {
    await super.applySecurityAuthentication(context);
    const signal = requestSignal();
    if (signal) context.setSignal(signal);
  }
}

/**
 * Loads the server's own credentials: `KUBECONFIG` when set, else the in-cluster service account.
 * (The signed-in user's token comes later with AUTH_STRATEGY=token|header.)
 * @throws MeshscopeError `unavailable:k8s` when neither is available.
 */
export function loadKubeConfig(kubeconfig: string | undefined): k8s.KubeConfig {
  const kc = new SignalKubeConfig();
  if (kubeconfig) {
    if (!existsSync(kubeconfig)) {
      throw new MeshscopeError('unavailable:k8s', `KUBECONFIG points at ${kubeconfig}, which does not exist`);
    }
    kc.loadFromFile(kubeconfig);
  } else if (existsSync(IN_CLUSTER_TOKEN)) {
    kc.loadFromCluster();
  } else {
    throw new MeshscopeError(
      'unavailable:k8s',
      'No Kubernetes credentials: set KUBECONFIG or run in a cluster with a service account',
    );
  }
  return kc;
}

/**
 * The clients of the current request's identity (lib/k8s/request-scope.ts): the signed-in user's with
 * AUTH_STRATEGY=token|header, the server's own with anonymous. Outside a request, the server's own with anonymous
 * and a 401 otherwise, so no code path can fall back to the server's credentials for a user (perf-security.md S12).
 * @throws MeshscopeError unauthorized:api (token/header strategy, no request identity), unavailable:k8s
 */
export function getKubeClients(): KubeClients {
  const scope = currentKubeScope();
  if (scope) return scope.clients;
  if (getConfig().authStrategy !== 'anonymous')
    throw new MeshscopeError('unauthorized:api', 'Sign in to use the Kubernetes API');
  return getServerKubeClients();
}

/**
 * The server's own clients (KUBECONFIG or the in-cluster service account), built on first use. Only for what the
 * server does on its own behalf: anonymous mode, and listing namespace names to check a user's access to each.
 */
export function getServerKubeClients(): KubeClients {
  if (cached) return cached;
  const cfg = getConfig();
  const kc = loadKubeConfig(cfg.kube.kubeconfig);
  cached = buildKubeClients(kc, cfg.kube.timeoutMs);
  return cached;
}

/**
 * The API clients of `kc`, each reading answers through the byte cap (`maxBytes`, default K8S_MAX_BYTES:
 * lib/k8s/capped-http.ts), with `timeoutMs` per call (kubeCall).
 * @throws MeshscopeError unavailable:k8s when `kc` has no current cluster
 */
export function buildKubeClients(kc: k8s.KubeConfig, timeoutMs: number, maxBytes?: number): KubeClients {
  return {
    kubeConfig: kc,
    core: makeApi(kc, k8s.CoreV1Api, maxBytes),
    apps: makeApi(kc, k8s.AppsV1Api, maxBytes),
    custom: makeApi(kc, k8s.CustomObjectsApi, maxBytes),
    version: makeApi(kc, k8s.VersionApi, maxBytes),
    server: kc.getCurrentCluster()?.server ?? '(unknown server)',
    timeoutMs,
  };
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
 * Maps a client-node failure to a MeshscopeError (one already, like capped-http's too_large:k8s, is kept): 401 → unauthorized:k8s, 403 → forbidden:k8s, 404 → not_found:k8s,
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
        // the user's token expired or was revoked: the UI signs in again (the API's text may echo nothing useful)
        return new MeshscopeError(
          'unauthorized:k8s',
          'The Kubernetes API did not accept the credentials (expired or revoked token)',
        );
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
  return new MeshscopeError(
    'unavailable:k8s',
    `Kubernetes API unreachable at ${server} (${code ?? e.message ?? 'network error'})`,
  );
}

/**
 * Runs one Kubernetes call with the configured timeout and error mapping. The call's signal (its timeout, and the
 * request's deadline or client, lib/config/request-deadline.ts) cancels the HTTP request itself (SignalKubeConfig).
 * @throws MeshscopeError timeout:k8s after `timeoutMs` or at the request's deadline, or as toKubeError maps the
 *   failure.
 */
export async function kubeCall<T>(clients: Pick<KubeClients, 'server' | 'timeoutMs'>, f: () => Promise<T>): Promise<T> {
  const request = requestSignal();
  const timeout = AbortSignal.timeout(clients.timeoutMs);
  const signal = request ? AbortSignal.any([request, timeout]) : timeout;
  try {
    signal.throwIfAborted();
    return await untilAborted(runWithSignal(signal, f), signal);
  } catch (err) {
    if (signal.aborted) {
      if (request?.aborted && !isDeadline(request)) {
        const message = `Kubernetes API call cancelled: the client went away (${clients.server})`;
        throw new MeshscopeError('timeout:k8s', message);
      }
      const what = timeout.aborted
        ? `within ${clients.timeoutMs / 1000} s`
        : "before the request's deadline (REQUEST_TIMEOUT_MS)";
      throw new MeshscopeError('timeout:k8s', `Kubernetes API did not answer ${what} at ${clients.server}`);
    }
    throw toKubeError(err, clients.server);
  }
}
