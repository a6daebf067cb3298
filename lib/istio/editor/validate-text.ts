/**
 * Validation of an unsaved editor text, in three layers like `kubectl apply` + istiod's webhook + `istioctl analyze`:
 * YAML syntax (safe parsing), the CRD schema of the declared version, then cross-object checks of the object against
 * the cluster. Kiali only validates saved objects (kiali.md §1.5); this runs on every edit. Pure: the schema and
 * cross-object validators are passed in, so the browser, the server and tests share it.
 */
import { markersFromYamlProblems, placeFindings, sortMarkers, type EditorMarker, type FindingLike } from './markers';
import { parseYamlSafe, type YamlProblem } from './safe-yaml';
import type { TextLimits } from './text-limits';

/** What the object must keep when an existing object is edited (a rename or move is a different object). */
export interface ExpectedIdentity {
  kind: string;
  name: string;
  namespace: string;
  /** The API group the object must stay in (`gateway.networking.k8s.io`); unchecked when absent. */
  group?: string;
}

export interface TextValidators {
  /** CRD schema findings (`validateIstioSchema` from lib/istio/schema). */
  schema: (obj: Record<string, unknown>) => { path: string; message: string }[];
  /** Cross-object findings of this object against the cluster (lib/istio/checks over a snapshot); optional. */
  crossObject?: (obj: Record<string, unknown>) => FindingLike[];
}

export interface TextValidation {
  /** The parsed object, or null when the text does not parse. */
  object: Record<string, unknown> | null;
  markers: EditorMarker[];
  /** The problem when the text exceeded a hard limit (size, depth, keys, aliases); its marker is in `markers` too. */
  limit?: YamlProblem;
}

function identityFindings(obj: Record<string, unknown>, expected: ExpectedIdentity): FindingLike[] {
  const meta = (obj.metadata ?? {}) as { name?: unknown; namespace?: unknown };
  const out: FindingLike[] = [];
  const problem = (path: string, message: string) => out.push({ code: 'MS0001', severity: 'error', path, message });
  if (obj.kind !== expected.kind) problem('kind', `kind must stay ${expected.kind}; create a new object to change it`);
  if (expected.group !== undefined && typeof obj.apiVersion === 'string') {
    const group = obj.apiVersion.includes('/') ? obj.apiVersion.slice(0, obj.apiVersion.indexOf('/')) : '';
    // Istio's Gateway and the Gateway API's share the kind name: the group tells them apart.
    if (group !== expected.group)
      problem('apiVersion', `apiVersion must stay in ${expected.group}; create a new object to change it`);
  }
  if (meta.name !== expected.name)
    problem('metadata.name', `metadata.name must stay ${expected.name}; create a new object to rename it`);
  if (meta.namespace !== undefined && meta.namespace !== expected.namespace) {
    problem('metadata.namespace', `metadata.namespace must stay ${expected.namespace}`);
  }
  return out;
}

/**
 * Validates `text` and returns markers for all three layers. Syntax errors stop the other layers (there is no object
 * to check). Schema findings are IST0106 errors (the API server would answer 422); cross-object findings keep their severity.
 * `limits` defaults to `OBJECT_LIMITS` (text-limits.ts).
 */
export function validateText(
  text: string,
  validators: TextValidators,
  expected?: ExpectedIdentity,
  limits?: TextLimits,
): TextValidation {
  const parsed = parseYamlSafe(text, { limits });
  if (!parsed.ok) {
    const limit = parsed.problems.find((p) => p.limit);
    return { object: null, markers: markersFromYamlProblems(parsed.problems), ...(limit ? { limit } : {}) };
  }
  const { value, doc, lineCounter } = parsed;
  const identity = expected ? identityFindings(value, expected) : [];
  const schema: FindingLike[] = validators.schema(value).map((f) => ({
    code: 'IST0106',
    severity: 'error',
    path: f.path,
    message: `Schema validation error: ${f.path ? `${f.path}: ` : ''}${f.message}`,
  }));
  const cross = validators.crossObject ? validators.crossObject(value) : [];
  const markers = [
    ...placeFindings(identity, 'identity', doc, text, lineCounter),
    ...placeFindings(schema, 'schema', doc, text, lineCounter),
    ...placeFindings(cross, 'check', doc, text, lineCounter),
  ];
  return { object: value, markers: sortMarkers(markers) };
}
