/**
 * The HTTP layer of every Kubernetes API client Meshscope makes: client-node's own (node-fetch 2, the agent with the
 * cluster's CA and client certificates, the call's signal) with a cap on the answer's size (issue 12: like
 * PROMETHEUS_MAX_BYTES for Prometheus). A list of every pod of a big cluster can be hundreds of MiB; over the cap the
 * body is cut off while it streams in (node-fetch's `size`) and the call fails with `too_large:k8s` (502).
 */
import 'server-only';
import * as k8s from '@kubernetes/client-node';
import fetch, { FetchError, type RequestInit } from 'node-fetch';
import { getConfig } from '@/lib/config';
import { MeshscopeError } from '@/lib/errors';

function tooLarge(server: string, maxBytes: number): MeshscopeError {
  return new MeshscopeError(
    'too_large:k8s',
    `The Kubernetes API at ${server} sent more than the answer cap of ${maxBytes} bytes (K8S_MAX_BYTES): ` +
      'ask for fewer namespaces, or raise the cap',
    { maxBytes },
  );
}

/**
 * client-node's `IsomorphicFetchHttpLibrary` plus the byte cap: a `Content-Length` over `maxBytes` fails at once,
 * and a body that grows past it (chunked answers) fails when it reaches it.
 * @throws MeshscopeError too_large:k8s (from `send`, or from the body's `text()`/`binary()`)
 */
export function cappedHttpLibrary(server: string, maxBytes: number): k8s.HttpLibrary {
  const guard = <T>(p: Promise<T>): Promise<T> =>
    p.catch((err: unknown) => {
      if (err instanceof FetchError && err.type === 'max-size') throw tooLarge(server, maxBytes);
      throw err;
    });
  return k8s.wrapHttpLibrary({
    async send(request: k8s.RequestContext): Promise<k8s.ResponseContext> {
      // the request's body, signal and agent are what node-fetch 2 takes (client-node passes them the same way)
      const init = {
        method: request.getHttpMethod().toString(),
        body: request.getBody(),
        headers: request.getHeaders(),
        signal: request.getSignal(),
        agent: request.getAgent(),
        size: maxBytes,
      } as unknown as RequestInit;
      const resp = await fetch(request.getUrl(), init);
      const declared = Number(resp.headers.get('content-length') ?? '');
      if (Number.isFinite(declared) && declared > maxBytes) {
        resp.body.resume(); // drain and drop: the socket goes back to the agent
        throw tooLarge(server, maxBytes);
      }
      const headers: Record<string, string> = {};
      resp.headers.forEach((value, name) => {
        headers[name] = value;
      });
      return new k8s.ResponseContext(resp.status, headers, {
        text: () => guard(resp.text()),
        binary: () => guard(resp.buffer()),
      });
    },
  });
}

/**
 * An API client of `kc` (like `kc.makeApiClient(Api)`) whose answers go through the byte cap `maxBytes` (default
 * K8S_MAX_BYTES).
 * @throws MeshscopeError unavailable:k8s when `kc` has no current cluster (a kubeconfig without `current-context`)
 */
export function makeApi<T>(kc: k8s.KubeConfig, Api: new (config: k8s.Configuration) => T, maxBytes?: number): T {
  const cluster = kc.getCurrentCluster();
  if (!cluster) {
    throw new MeshscopeError(
      'unavailable:k8s',
      'The Kubernetes configuration has no current cluster: set current-context in the KUBECONFIG file',
    );
  }
  const cap = maxBytes ?? getConfig().kube.maxBytes;
  const config = k8s.createConfiguration({
    baseServer: new k8s.ServerConfiguration(cluster.server, {}),
    authMethods: { default: kc },
    httpApi: cappedHttpLibrary(cluster.server, cap),
  });
  return new Api(config);
}
