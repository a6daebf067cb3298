import { parseValidateRequest, validateYaml } from '@/lib/server/istio-config/validate';
import { readJsonBody } from '@/lib/server/http/mutation-guard';
import { handle, json } from '@/lib/server/http/respond';

export const dynamic = 'force-dynamic';

/**
 * POST /api/istio/validate — validates unsaved YAML text for the editor. Body `{ yaml, namespace?, expect?: { kind,
 * namespace, name }, with?: [objects saved together] }` (JSON, at most 1 MiB). Answers `ValidateResponse`: `{ object | null, markers: [{ code, severity,
 * message, path, source: syntax|schema|check|identity, line, column, endLine, endColumn, from, to, exact }], counts,
 * related, crossObjectChecked }`. Syntax errors (duplicate keys, tabs, alias bombs, `__proto__` keys, several
 * documents) are markers, not HTTP errors. Allowed in view-only mode (nothing is written).
 * Errors: 400 `bad_request:api` naming the field; 403 when not JSON; 413 over 1 MiB.
 */
export const POST = handle(async (req: Request) => json(await validateYaml(parseValidateRequest(await readJsonBody(req)))));
