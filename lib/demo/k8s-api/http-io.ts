import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { decodeKubernetesProtobuf } from './protobuf';
import { ApiError, badRequest, unsupportedMediaType } from './status';

/** Largest request body accepted (the real API server's limit is 3 MiB). */
const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** Reads the whole request body. @throws ApiError 400 when it is larger than the API server's limit. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw badRequest('request entity too large: limit is 3145728');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The media type of a Content-Type header, lower-cased, without parameters. */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * Decodes a request body: JSON, YAML when the content type says so (`application/yaml`,
 * `application/apply-patch+yaml`), or the Kubernetes protobuf kubectl's generators send.
 * @throws ApiError 400 on a body that does not parse, 415 on an encoding the server does not speak.
 */
export function decodeBody(body: Buffer, contentType: string | undefined): unknown {
  const type = mediaType(contentType);
  if (type === 'application/vnd.kubernetes.protobuf') {
    try {
      return decodeKubernetesProtobuf(body);
    } catch (err) {
      throw new ApiError(
        415,
        'UnsupportedMediaType',
        `${(err as Error).message}; send JSON instead (e.g. kubectl apply -f)`,
      );
    }
  }
  if (type.includes('protobuf') || type.includes('cbor')) throw unsupportedMediaType(type);
  const text = body.toString('utf8');
  if (text.trim() === '') throw badRequest('the request body is empty');
  try {
    return type.endsWith('yaml') ? parseYaml(text) : JSON.parse(text);
  } catch (err) {
    throw badRequest(`the body of the request could not be decoded: ${(err as Error).message}`);
  }
}

/** Writes a JSON response. */
export function sendJson(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** Writes a plain-text response (pod logs). */
export function sendText(res: ServerResponse, code: number, text: string): void {
  res.writeHead(code, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** How the client asked for objects to be represented (the `as=` parameter of its Accept header). */
export type Representation = 'object' | 'table' | 'metadata';

/**
 * Picks the first representation in the Accept header the server supports: a `meta.k8s.io` Table
 * (`kubectl get`), PartialObjectMetadata(List), or the plain object. Aggregated discovery and protobuf are skipped,
 * so clients fall back to plain JSON as they do against older servers.
 */
export function negotiate(accept: string | undefined): Representation {
  for (const option of (accept ?? '').split(',')) {
    const [type, ...params] = option.split(';').map((p) => p.trim());
    if (type !== 'application/json' && type !== '*/*') continue;
    const p = Object.fromEntries(params.map((kv) => kv.split('=').map((s) => s.trim()) as [string, string]));
    if (!p.as) return 'object';
    if (p.g !== 'meta.k8s.io') continue;
    if (p.as === 'Table') return 'table';
    if (p.as === 'PartialObjectMetadata' || p.as === 'PartialObjectMetadataList') return 'metadata';
  }
  return 'object';
}

/** Parses an optional non-negative integer query parameter. @throws ApiError 400 when it is not one. */
export function intParam(params: URLSearchParams, name: string): number | undefined {
  const raw = params.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^\d+$/.test(raw)) throw badRequest(`invalid value for ${name}: "${raw}"`);
  return Number(raw);
}

/** Whether a boolean query parameter is set (`1`, `true`). */
export function boolParam(params: URLSearchParams, name: string): boolean {
  const raw = params.get(name);
  return raw === '1' || raw === 'true';
}

/** Reads `dryRun` from the query (`dryRun=All`; any other value is a 400, as on a real server). */
export function dryRunParam(params: URLSearchParams): boolean {
  const values = params.getAll('dryRun').filter((v) => v !== '');
  if (values.length === 0) return false;
  if (values.every((v) => v === 'All')) return true;
  throw badRequest(`Invalid dry run value: [${values.join(' ')}]: supported values: "All"`);
}
