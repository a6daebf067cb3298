/**
 * Validation of multi-document YAML sources as one cluster, for the CLI (`cli.ts`): parse every file, check each
 * Istio object against its CRD schema (findings coded IST0106, "Schema validation error", as istioctl reports them),
 * build a snapshot from all objects (Namespaces, Services, Pods, workloads, ServiceAccounts, Istio config) and run
 * the cross-object checks. Every finding is located at `file:line`. Pure: takes file contents, not paths.
 */
import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import { analyze, type AnalyzeOptions } from './checks';
import { locatePath } from './editor/locate';
import { hasSchemaTypes, isIstioGroup, splitApiVersion, validateIstioSchema } from './schema';
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

export type ValidationRun = { ok: true; findings: LocatedFinding[]; objectCount: number } | { ok: false; errors: ParseError[] };

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

function parseSources(files: SourceFile[]): { parsed: ParsedObject[]; errors: ParseError[] } {
  const parsed: ParsedObject[] = [];
  const errors: ParseError[] = [];
  for (const { name: file, text } of files) {
    const lineCounter = new LineCounter();
    for (const doc of parseAllDocuments(text, { lineCounter, prettyErrors: false })) {
      const error = doc.errors[0];
      if (error) {
        const pos = lineCounter.linePos(error.pos[0]);
        errors.push({ file, line: pos.line, column: pos.col, message: error.message.split('\n')[0] ?? error.message });
        continue;
      }
      const value: unknown = doc.toJS({ maxAliasCount: 100 });
      if (value === null || value === undefined) continue;
      if (!isObject(value)) {
        const pos = lineCounter.linePos(doc.contents?.range?.[0] ?? 0);
        errors.push({ file, line: pos.line, column: pos.col, message: 'document is not a Kubernetes object (a mapping with apiVersion and kind)' });
        continue;
      }
      const isList = Array.isArray(value.items) && String(value.kind ?? '').endsWith('List');
      const items = isList ? flattenObjects([value]) : [value];
      items.forEach((obj, i) => parsed.push({ obj, source: { file, text, doc, lineCounter, prefix: isList ? `items[${i}]` : '' } }));
    }
  }
  return { parsed, errors };
}

/** `Kind|namespace|name`, the identity findings carry. */
function objectKey(obj: Json): string {
  const meta = isObject(obj.metadata) ? obj.metadata : {};
  return `${String(obj.kind)}|${typeof meta.namespace === 'string' && meta.namespace ? meta.namespace : 'default'}|${String(meta.name ?? '')}`;
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
  if (!isIstioGroup(group)) return [];
  const meta = isObject(obj.metadata) ? obj.metadata : {};
  return validateIstioSchema(obj).map((f) => ({
    code: 'IST0106',
    severity: 'error' as const,
    kind: String(obj.kind ?? ''),
    namespace: typeof meta.namespace === 'string' && meta.namespace ? meta.namespace : 'default',
    name: String(meta.name ?? ''),
    path: f.path,
    message: `Schema validation error: ${f.message}`,
  }));
}

/**
 * Validate the files as one cluster, or, with `live`, as applied on top of a live cluster's snapshot (`--kubeconfig`);
 * parse errors stop the run (nothing else is reported).
 */
export function validateSources(files: SourceFile[], options: AnalyzeOptions = {}, live?: ClusterSnapshot): ValidationRun {
  const { parsed, errors } = parseSources(files);
  if (errors.length > 0) return { ok: false, errors };
  const latest = new Map<string, ParsedObject>();
  for (const p of parsed) latest.set(identity(p.obj), p);
  const sourceOf = new Map([...latest.values()].map((p) => [objectKey(p.obj), p.source] as const));
  const fromFiles = snapshotFromObjects([...latest.values()].map((p) => p.obj), hasSchemaTypes);
  const snapshot = live ? overlaySnapshot(live, fromFiles) : fromFiles;
  const located = [
    ...parsed.flatMap((p) => schemaFindings(p.obj).map((f) => locate(f, p.source))),
    ...analyze(snapshot, options).map((f) => locate(f, sourceOf.get(`${f.kind}|${f.namespace}|${f.name}`))),
  ];
  // Report in reading order: by file as given, then by line; findings without a location last.
  const fileOrder = new Map(files.map((f, i) => [f.name, i] as const));
  const rank = (f: LocatedFinding): [number, number] => [f.file === undefined ? files.length : (fileOrder.get(f.file) ?? files.length), f.line ?? 0];
  const sorted = located
    .map((f, i) => ({ f, i, r: rank(f) }))
    .sort((a, b) => a.r[0] - b.r[0] || a.r[1] - b.r[1] || a.i - b.i)
    .map(({ f }) => f);
  return { ok: true, findings: sorted, objectCount: latest.size };
}

const SEVERITY_LABEL = { error: 'Error', warning: 'Warning', info: 'Info' } as const;

/** One text line, istioctl style: `Error [IST0101] (VirtualService bookinfo/reviews spec.http[0]... vs.yaml:12) message`. */
export function formatFinding(f: LocatedFinding): string {
  const where = [`${f.kind} ${f.namespace}/${f.name}`, f.path, f.file ? `${f.file}:${f.line}` : ''].filter(Boolean).join(' ');
  return `${SEVERITY_LABEL[f.severity]} [${f.code}] (${where}) ${f.message}`;
}
