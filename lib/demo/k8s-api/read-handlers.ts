import type { ServerResponse } from 'node:http';
import { getOrThrow, toScale, type ApiContext, type ApiRequest, type ApiResult } from './context';
import { boolParam, intParam, negotiate, sendText } from './http-io';
import { followIntervalMs, podLog, resolveContainer } from './pod-logs';
import { listBody, objectBody } from './represent';
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector } from './selectors';
import { badRequest } from './status';
import { serveWatch } from './watch';

interface ContinueToken {
  rv: string;
  start: number;
}

function decodeContinue(token: string | null): ContinueToken | undefined {
  if (!token) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as ContinueToken;
    if (typeof parsed.start === 'number' && parsed.start >= 0) return parsed;
  } catch {
    // fall through to the 400 below
  }
  throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
}

/**
 * `GET` on a collection: the objects in one namespace or all, filtered by `labelSelector` and `fieldSelector`,
 * paged by `limit`/`continue`, as a `{Kind}List`, a Table or PartialObjectMetadataList. With `watch=1` (or the
 * legacy `/watch/` path) the response becomes a watch stream instead.
 */
export function handleList(ctx: ApiContext, req: ApiRequest, res: ServerResponse): ApiResult | undefined {
  const { route, params } = req;
  const labels = parseLabelSelector(params.get('labelSelector'));
  const fields = parseFieldSelector(params.get('fieldSelector'), route.resource);
  const representation = negotiate(req.headers.accept);
  if (boolParam(params, 'watch') || route.watchPath) {
    serveWatch(ctx.hub, ctx.store, { route, params, labels, fields, representation }, res);
    return undefined;
  }
  const limit = intParam(params, 'limit');
  const start = decodeContinue(params.get('continue'))?.start ?? 0;
  const resourceVersion = ctx.store.resourceVersion;
  const { items, total } = ctx.store.listPage(
    route.resource,
    route.namespace,
    (o) => matchesLabels(labels, o.metadata.labels) && matchesFields(fields, o),
    start,
    limit ? start + limit : undefined,
  );
  const end = limit ? start + limit : total;
  const meta =
    end < total
      ? {
          resourceVersion,
          continue: Buffer.from(JSON.stringify({ rv: resourceVersion, start: end })).toString('base64url'),
          remainingItemCount: total - end,
        }
      : { resourceVersion };
  return { code: 200, body: listBody(route.resource, route.version, items, meta, representation, params) };
}

/** `GET` on one object (or its `status` or `scale` subresource). */
export function handleGet(ctx: ApiContext, req: ApiRequest): ApiResult {
  const obj = getOrThrow(ctx, req.route);
  if (req.route.subresource === 'scale') return { code: 200, body: toScale(obj) };
  return {
    code: 200,
    body: objectBody(req.route.resource, req.route.version, obj, negotiate(req.headers.accept), req.params),
  };
}

/**
 * `GET .../pods/{name}/log`: generated container logs as text/plain (`container`, `tailLines`, `sinceSeconds`,
 * `timestamps`, `limitBytes`). With `follow=true` the stream stays open and new lines arrive as they are "logged".
 */
export function handleLog(ctx: ApiContext, req: ApiRequest, res: ServerResponse): void {
  const pod = getOrThrow(ctx, req.route);
  const { params } = req;
  const container = resolveContainer(pod, params.get('container'));
  if (boolParam(params, 'previous')) {
    throw badRequest(`previous terminated container "${container}" in pod "${pod.metadata.name}" not found`);
  }
  const opts = {
    tailLines: intParam(params, 'tailLines'),
    sinceSeconds: intParam(params, 'sinceSeconds'),
    timestamps: boolParam(params, 'timestamps'),
  };
  const limitBytes = intParam(params, 'limitBytes');
  const first = podLog(pod, container, opts);
  const text = limitBytes !== undefined ? Buffer.from(first.text).subarray(0, limitBytes).toString('utf8') : first.text;
  if (!boolParam(params, 'follow')) {
    sendText(res, 200, text);
    return;
  }
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();
  res.write(text);
  let last = first.lastIndex;
  const timer = setInterval(
    () => {
      const current = ctx.store.get(req.route.resource, req.route.namespace, pod.metadata.name);
      if (!current) {
        res.end();
        return;
      }
      const next = podLog(current, container, { timestamps: opts.timestamps, afterIndex: last });
      last = next.lastIndex;
      if (next.text) res.write(next.text);
    },
    followIntervalMs(pod, container),
  );
  res.on('close', () => clearInterval(timer));
}
