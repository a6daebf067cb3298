import { parseValidateRequest, validateYaml } from '@/lib/server/istio-config/validate';
import { readJsonBody } from '@/lib/server/http/mutation-guard';
import { handle, json } from '@/lib/server/http/respond';
import { onRequestedCluster } from '@/lib/server/clusters';

export const dynamic = 'force-dynamic';

/**
 * POST /api/istio/validate — validates unsaved YAML text for the editor. Body `{ yaml, namespace?, expect?: { kind,
 * namespace, name }, with?: [objects saved together] }` (JSON, at most 1 MiB). Answers `ValidateResponse`: `{ object | null, markers: [{ code, severity,
 * message, path, source: syntax|schema|check|identity, line, column, endLine, endColumn, from, to, exact }], counts,
 * related, crossObjectChecked }`. Syntax errors (duplicate keys, tabs, `__proto__` keys, several documents) are
 * markers, not HTTP errors. The text is validated in a worker thread with a time and memory limit (issue 12, S24), so
 * this route never blocks the server; closing the request stops the job. Allowed in view-only mode (nothing is written).
 * `?cluster=` (multi-cluster): the cross-object checks see that cluster's objects.
 * Errors: 400 `bad_request:api` naming the field (or `cluster` naming no known cluster); 403 when not JSON; 413 over 1 MiB (body or text); 422
 * `invalid:api` when the text passes a hard limit (`reason`: YAML_TOO_DEEP over 100 levels, YAML_TOO_MANY_KEYS over
 * 10,000 keys, YAML_TOO_MANY_ITEMS over 20,000 list items, YAML_ALIAS_LIMIT over 100 aliases or expansions;
 * lib/istio/editor/text-limits.ts) or its validation passes the job's time or memory limit (VALIDATION_TIMEOUT,
 * VALIDATION_OUT_OF_MEMORY), or when the JSON body itself passes them (JSON_TOO_DEEP, JSON_TOO_MANY_KEYS,
 * JSON_TOO_MANY_ITEMS); 503 `unavailable:api` when the pool's queue is full (VALIDATION_BUSY).
 */
export const POST = handle(async (req: Request) => {
  const body = parseValidateRequest(await readJsonBody(req));
  const search = new URL(req.url).searchParams;
  return json(await onRequestedCluster(search, () => validateYaml(body, undefined, undefined, req.signal)));
});
