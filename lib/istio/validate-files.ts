/**
 * Validation of multi-document YAML sources as one cluster, for the CLI (`cli.ts`): parse every file, check each
 * Istio object against its CRD schema (findings coded IST0106, "Schema validation error", as istioctl reports them),
 * build a snapshot from all objects (Namespaces, Services, Pods, workloads, ServiceAccounts, Istio config) and run
 * the cross-object checks. Every finding is located at `file:line`. Pure: takes file contents, not paths.
 *
 * Each file is parsed within `FILE_LIMITS` (editor/text-limits.ts: size, nesting depth, keys, list items and aliases
 * per document, checked while tokenising), so a hostile file is a parse error, not a crash. A document that is a
 * mapping without `apiVersion` or `kind` is reported as finding MS0002 (an error: `kubectl apply` refuses it too,
 * "Object 'Kind' is missing"); a file without any document is the parse error "empty input".
 */
import type { Document, LineCounter } from 'yaml';
import { isClusterScoped } from './analyze-report';
import { analyze, type AnalyzeOptions } from './checks';
import { locatePath } from './editor/locate';
import { isEmptyDocument, parseYamlStream, toJsSafe } from './editor/safe-yaml';
import { FILE_LIMITS, type TextLimits } from './editor/text-limits';
import { hasSchemaTypes, isCrdGroup, isIstioGroup, splitApiVersion, validateIstioSchema } from './schema';
import { configKey } from './kinds';
import type { DerCheck } from './secrets';
import { flattenObjects, overlaySnapshot, snapshotFromObjects } from './snapshot';
import type { ClusterSnapshot, Finding } from './types';

export interface SourceFile {
  name: string;
  text: string;
}

export interface LocatedFinding extends Finding {
  file?: string;
  line?: number;
  column?: number;
}

export interface ParseError {
  file: string;
  line: number;
  column: number;
  message: string;
}

export type ValidationRun =
  { ok: true; findings: LocatedFinding[]; objectCount: number } | { ok: false; errors: ParseError[] };

export interface ValidateOptions extends AnalyzeOptions {
  /**
   * Objects that stand for the cluster's own before the files (`istioctl analyze`'s default resources,
   * analyze-report.ts `defaultResources`): an object of the same identity in the files replaces them.
   */
  defaults?: Record<string, unknown>[];
  /**
   * Namespace of the files' namespaced objects that name none (`istioctl analyze -n NS`: the file source's default
   * namespace). Default `default`, as `kubectl apply` would place them.
   */
  defaultNamespace?: string;
  /** X.509 check of the Secrets' certificates (lib/istio/secrets.ts `DerCheck`); PEM framing only without it. */
  checkDer?: DerCheck;
}

/** Code of the finding on a document that has no `apiVersion` or `kind`. */
export const NOT_AN_OBJECT = 'MS0002';

interface Source {
  file: string;
  text: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  /** Path of the object inside its document (`items[2]` for List items). */
  prefix: string;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

interface ParsedObject {
  obj: Json;
  source: Source;
}

function parseSources(
  files: SourceFile[],
  limits: TextLimits,
): { parsed: ParsedObject[]; errors: ParseError[]; notObjects: LocatedFinding[] } {
  const parsed: ParsedObject[] = [];
  const errors: ParseError[] = [];
  const notObjects: LocatedFinding[] = [];
  for (const { name: file, text } of files) {
    const stream = parseYamlStream(text, limits);
    if (!stream.ok) {
      errors.push(...stream.problems.map((p) => ({ file, line: p.line, column: p.column, message: p.message })));
      continue;
    }
    const { lineCounter } = stream;
    const docs = stream.docs.filter((d) => !isEmptyDocument(d));
    if (docs.length === 0)
      errors.push({ file, line: 1, column: 1, message: 'empty input: no YAML document to validate' });
    for (const doc of docs) {
      const js = toJsSafe(doc, text, lineCounter, limits.maxAliases);
      if (!js.ok) {
        errors.push({ file, line: js.problem.line, column: js.problem.column, message: js.problem.message });
        continue;
      }
      const value = js.value;
      if (!isObject(value)) {
        const pos = lineCounter.linePos(doc.contents?.range?.[0] ?? 0);
        errors.push({
          file,
          line: pos.line,
          column: pos.col,
          message: 'document is not a Kubernetes object (a mapping with apiVersion and kind)',
        });
        continue;
      }
      const isList = Array.isArray(value.items) && String(value.kind ?? '').endsWith('List');
      const items = isList ? flattenObjects([value]) : [value];
      items.forEach((obj, i) => {
        const source = { file, text, doc, lineCounter, prefix: isList ? `items[${i}]` : '' };
        const missing = ['apiVersion', 'kind'].filter((field) => typeof obj[field] !== 'string' || obj[field] === '');
        if (missing.length === 0) parsed.push({ obj, source });
        else notObjects.push(locate(notAnObject(obj, missing), source));
      });
    }
  }
  return { parsed, errors, notObjects };
}

/** MS0002 on a mapping that lacks `apiVersion` and/or `kind`: the cluster would not take it. */
function notAnObject(obj: Json, missing: string[]): Finding {
  const meta = isObject(obj.metadata) ? obj.metadata : {};
  return {
    code: NOT_AN_OBJECT,
    severity: 'error',
    kind: typeof obj.kind === 'string' ? obj.kind : '',
    namespace: typeof meta.namespace === 'string' && meta.namespace ? meta.namespace : 'default',
    name: typeof meta.name === 'string' ? meta.name : '',
    path: '',
    message: `The document has no ${missing.join(' and ')}: it is not a Kubernetes object`,
  };
}

/** `Kind|namespace|name`, the identity findings carry. */
function objectKey(obj: Json): string {
  const meta = isObject(obj.metadata) ? obj.metadata : {};
  return `${String(obj.kind)}|${typeof meta.namespace === 'string' && meta.namespace ? meta.namespace : 'default'}|${String(meta.name ?? '')}`;
}

/** The `configKey` (lib/istio/kinds.ts) of a document, which the findings on it carry. */
function findingKeyOf(obj: Json): string {
  const meta = isObject(obj.metadata) ? obj.metadata : {};
  const namespace = typeof meta.namespace === 'string' ? meta.namespace : undefined;
  return configKey({
    group: splitApiVersion(String(obj.apiVersion ?? '')).group,
    kind: String(obj.kind),
    namespace,
    name: String(meta.name ?? ''),
  });
}

/** Same object (group, kind, namespace, name) given twice: the later one wins, as with `kubectl apply` in order. */
const identity = (obj: Json): string => `${splitApiVersion(String(obj.apiVersion ?? '')).group}|${objectKey(obj)}`;

function locate(finding: Finding, source: Source | undefined): LocatedFinding {
  if (!source) return finding;
  const path = [source.prefix, finding.path].filter(Boolean).join('.');
  const at = locatePath(source.doc, source.text, source.lineCounter, path);
  return { ...finding, file: source.file, line: at.line, column: at.column };
}

function schemaFindings(obj: Json): Finding[] {
  const { group } = splitApiVersion(String(obj.apiVersion ?? ''));
  if (!isCrdGroup(group)) return [];
  const meta = isObject(obj.metadata) ? obj.metadata : {};
  return validateIstioSchema(obj).map((f) => ({
    code: 'IST0106',
    severity: 'error' as const,
    kind: String(obj.kind ?? ''),
    ...(isIstioGroup(group) ? {} : { group }),
    namespace: typeof meta.namespace === 'string' && meta.namespace ? meta.namespace : 'default',
    name: String(meta.name ?? ''),
    path: f.path,
    message: `Schema validation error: ${f.message}`,
  }));
}

/** The object in `namespace` when it is namespaced and names none (a copy; the object itself otherwise). */
function withDefaultNamespace(obj: Json, namespace: string): Json {
  const meta = isObject(obj.metadata) ? obj.metadata : {};
  if ((typeof meta.namespace === 'string' && meta.namespace) || isClusterScoped(String(obj.kind))) return obj;
  return { ...obj, metadata: { ...meta, namespace } };
}

/**
 * Validate the files as one cluster, or, with `live`, as applied on top of a live cluster's snapshot (`--kubeconfig`);
 * parse errors (syntax, a limit of `limits` exceeded, an empty file) stop the run (nothing else is reported).
 */
export function validateSources(
  files: SourceFile[],
  options: ValidateOptions = {},
  live?: ClusterSnapshot,
  limits: TextLimits = FILE_LIMITS,
): ValidationRun {
  const { parsed, errors, notObjects } = parseSources(files, limits);
  if (errors.length > 0) return { ok: false, errors };
  const { defaults = [], defaultNamespace, checkDer, ...analyzeOptions } = options;
  if (defaultNamespace) for (const p of parsed) p.obj = withDefaultNamespace(p.obj, defaultNamespace);
  const latest = new Map<string, Json>();
  const sources = new Map<string, Source>();
  // Defaults first, so that an object of the same identity in the files replaces them.
  for (const obj of defaults) latest.set(identity(obj), obj);
  for (const p of parsed) {
    latest.set(identity(p.obj), p.obj);
    sources.set(identity(p.obj), p.source);
  }
  const sourceOf = new Map(
    [...latest.entries()].flatMap(([id, obj]) => {
      const source = sources.get(id);
      return source ? [[findingKeyOf(obj), source] as const] : [];
    }),
  );
  const fromFiles = snapshotFromObjects([...latest.values()], hasSchemaTypes, checkDer);
  // Files alone are the whole cluster: a Secret they lack does not exist (istioctl offline reads Secrets from files).
  if (!live) fromFiles.secrets ??= [];
  // and so are MutatingWebhookConfigurations (IST0146: no injection webhook matches)
  if (!live) fromFiles.webhookConfigurations ??= [];
  const snapshot = live ? overlaySnapshot(live, fromFiles) : fromFiles;
  const located = [
    ...notObjects,
    ...parsed.flatMap((p) => schemaFindings(p.obj).map((f) => locate(f, p.source))),
    ...analyze(snapshot, analyzeOptions).map((f) => locate(f, sourceOf.get(configKey(f)))),
  ];
  // Report in reading order: by file as given, then by line; findings without a location last.
  const fileOrder = new Map(files.map((f, i) => [f.name, i] as const));
  const rank = (f: LocatedFinding): [number, number] => [
    f.file === undefined ? files.length : (fileOrder.get(f.file) ?? files.length),
    f.line ?? 0,
  ];
  const sorted = located
    .map((f, i) => ({ f, i, r: rank(f) }))
    .sort((a, b) => a.r[0] - b.r[0] || a.r[1] - b.r[1] || a.i - b.i)
    .map(({ f }) => f);
  return { ok: true, findings: sorted, objectCount: sources.size };
}
