import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ObjectStore } from '../store/object-store';
import { admitRequest } from './auth';
import { handleReview, isReviewResource } from './auth-reviews';
import type { ApiContext, ApiResult } from './context';
import { apiGroup, apiGroupList, apiResourceList, apiVersions, rootPaths, versionInfo } from './discovery';
import { readBody, sendJson, sendText } from './http-io';
import { openApiV3Document, openApiV3Index } from './openapi';
import { handleGet, handleList, handleLog } from './read-handlers';
import { parseRoute, type DiscoveryRoute, type Route } from './router';
import { ApiError, methodNotAllowed, pathNotFound } from './status';
import { WatchHub } from './watch';
import { handleCreate, handleDelete, handleDeleteCollection, handlePatch, handleUpdate } from './write-handlers';

export interface KubeApiServer {
  /** `http://host:port`, the `server:` of a kubeconfig. */
  url: string;
  /** Stops listening and ends open watches and log streams. */
  close(): Promise<void>;
}

function discovery(route: DiscoveryRoute, serverAddress: string, path: string): unknown {
  switch (route.doc) {
    case 'root':
      return rootPaths();
    case 'version':
      return versionInfo();
    case 'health':
      return 'ok';
    case 'api':
      return apiVersions(serverAddress);
    case 'apis':
      return apiGroupList();
    case 'coreVersion':
    case 'groupVersion': {
      const list = apiResourceList(route.group!, route.version!);
      if (!list) throw pathNotFound(path);
      return list;
    }
    case 'openapiIndex':
      return openApiV3Index();
    case 'openapiDoc': {
      const doc = openApiV3Document(route.group!, route.version!);
      if (!doc) throw pathNotFound(path);
      return doc;
    }
    case 'group': {
      const group = apiGroup(route.group!);
      if (!group) throw pathNotFound(path);
      return group;
    }
  }
}

/** The core group's discovery and OpenAPI documents without Secrets (a demo API not started `withSecrets`). */
function withoutSecrets(route: DiscoveryRoute, body: unknown): unknown {
  if (route.doc === 'coreVersion') {
    const list = body as { resources: { name: string }[] };
    return { ...list, resources: list.resources.filter((r) => r.name !== 'secrets' && !r.name.startsWith('secrets/')) };
  }
  if (route.doc === 'openapiDoc' && !route.group) {
    const doc = body as { paths: Record<string, unknown> };
    return { ...doc, paths: Object.fromEntries(Object.entries(doc.paths).filter(([p]) => !p.includes('/secrets/'))) };
  }
  return body;
}

/** The group a route belongs to, when it names one (resources and per-group discovery documents). */
function groupOf(route: Route): string | undefined {
  return route.type === 'resource' ? route.resource.group : route.group;
}

async function dispatch(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  serverAddress: string,
  hidden: ReadonlySet<string>,
  withSecrets: boolean,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const route = parseRoute(url.pathname);
  const group = groupOf(route);
  if (group && hidden.has(group)) throw pathNotFound(url.pathname);
  if (!withSecrets && route.type === 'resource' && route.resource.plural === 'secrets' && route.resource.group === '')
    throw pathNotFound(url.pathname);
  const method = (req.method ?? 'GET').toUpperCase();
  const user = admitRequest(ctx.store, req.headers, route, method, url.searchParams);
  if (route.type === 'discovery') {
    if (method !== 'GET' && method !== 'HEAD') throw methodNotAllowed(method);
    let body = discovery(route, serverAddress, url.pathname);
    if (!withSecrets) body = withoutSecrets(route, body);
    if (route.doc === 'apis' && hidden.size > 0) {
      const list = body as { groups: { name: string }[] };
      body = { ...list, groups: list.groups.filter((g) => !hidden.has(g.name)) };
    }
    if (typeof body === 'string') sendText(res, 200, body);
    else sendJson(res, 200, body);
    return;
  }
  const body = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method) ? await readBody(req) : Buffer.alloc(0);
  if (isReviewResource(route.resource)) {
    const review = handleReview(
      ctx.store,
      user,
      route.resource,
      method,
      route.name !== undefined,
      body,
      req.headers['content-type'],
    );
    sendJson(res, review.code, review.body);
    return;
  }
  const apiReq = { method, route, params: url.searchParams, headers: req.headers, body };
  let result: ApiResult | undefined;
  switch (method) {
    case 'GET':
      if (route.subresource === 'log') {
        handleLog(ctx, apiReq, res);
        return;
      }
      result = route.name !== undefined ? handleGet(ctx, apiReq) : handleList(ctx, apiReq, res);
      break;
    case 'POST':
      result = handleCreate(ctx, apiReq);
      break;
    case 'PUT':
      if (route.name === undefined) throw methodNotAllowed(method);
      result = handleUpdate(ctx, apiReq);
      break;
    case 'PATCH':
      if (route.name === undefined) throw methodNotAllowed(method);
      result = handlePatch(ctx, apiReq);
      break;
    case 'DELETE':
      result = route.name !== undefined ? handleDelete(ctx, apiReq) : handleDeleteCollection(ctx, apiReq);
      break;
    default:
      throw methodNotAllowed(method);
  }
  if (result) sendJson(res, result.code, result.body);
}

function sendError(res: ServerResponse, err: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (err instanceof ApiError) {
    sendJson(res, err.code, err.toStatus());
    return;
  }
  console.error('[demo kube-apiserver] internal error:', err);
  sendJson(
    res,
    500,
    new ApiError(500, 'InternalError', `Internal error occurred: ${(err as Error)?.message ?? String(err)}`).toStatus(),
  );
}

/**
 * Starts the demo mesh's Kubernetes API over plain HTTP: bearer tokens and RBAC (auth.ts: 401 for an unknown token,
 * 403 Status when RBAC denies), discovery, CRUD with resourceVersion conflicts, merge,
 * JSON and strategic merge patch, dryRun, label and field selectors, watch streams, Tables for `kubectl get`,
 * pod logs, and Istio CR validation (422). Enough for `kubectl` 1.32 and `@kubernetes/client-node`.
 * Port 0 picks a free port. `onRequest` sees each request's method and URL (path and query) as it arrives (tests count
 * the calls a feature makes). `withoutGroups` plays a cluster without those CRDs installed (e.g. the Gateway API's
 * `gateway.networking.k8s.io`): every path of the group is a 404 and `/apis` omits it. `withSecrets` serves Secrets
 * (the multi-cluster demo's Istio remote secrets, lib/demo/multicluster); without it (the single-cluster demo) they
 * are a 404 and absent from discovery, as before Secrets were added.
 * @throws Error `port N is already in use (Kubernetes API of the demo mesh)`.
 */
export async function startKubeApiServer(opts: {
  store: ObjectStore;
  host?: string;
  port: number;
  onRequest?: (method: string, url: string) => void;
  withoutGroups?: readonly string[];
  withSecrets?: boolean;
}): Promise<KubeApiServer> {
  const hidden = new Set(opts.withoutGroups ?? []);
  const host = opts.host ?? '127.0.0.1';
  const hub = new WatchHub(opts.store);
  const ctx: ApiContext = { store: opts.store, hub };
  let serverAddress = `${host}:${opts.port}`;
  const server = createServer((req, res) => {
    opts.onRequest?.(req.method ?? 'GET', req.url ?? '/');
    dispatch(ctx, req, res, serverAddress, hidden, opts.withSecrets ?? false).catch((err: unknown) =>
      sendError(res, err),
    );
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    hub.close();
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(`port ${opts.port} is already in use (Kubernetes API of the demo mesh)`);
    }
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  serverAddress = `${urlHost}:${port}`;
  return {
    url: `http://${serverAddress}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        hub.close();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
