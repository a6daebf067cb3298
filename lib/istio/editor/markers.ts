/**
 * Editor markers: every problem of an unsaved text (YAML syntax, CRD schema, cross-object checks) with its code, its
 * severity and the range it applies to. Severity follows Kiali's mapping to editor markers (error | warning | info).
 * Pure and isomorphic.
 */
import type { Document, LineCounter } from 'yaml';
import { locatePath } from './locate';
import type { YamlProblem } from './safe-yaml';
import type { TextRange } from './text-range';

export type MarkerSeverity = 'error' | 'warning' | 'info';
export type MarkerSource = 'syntax' | 'schema' | 'check' | 'identity';

/** A finding as the validation engine reports it (lib/istio/checks' `Finding`, schema findings, syntax problems). */
export interface FindingLike {
  code: string;
  severity: MarkerSeverity;
  message: string;
  /** Dotted path into the object (`spec.http[0].route[1].destination.subset`); '' for the whole object. */
  path: string;
  kind?: string;
  /** API group of `kind` when it is not an Istio kind (Gateway API findings). */
  group?: string;
  namespace?: string;
  name?: string;
}

export interface EditorMarker extends FindingLike, TextRange {
  source: MarkerSource;
  /** False when the path was not found in the text and the marker sits on an ancestor. */
  exact: boolean;
}

/** Syntax problems become error markers where the parser stopped. */
export function markersFromYamlProblems(problems: YamlProblem[]): EditorMarker[] {
  return problems.map((p) => ({ ...p, severity: 'error', path: '', source: 'syntax', exact: true }));
}

/** Places findings of the object parsed from `text` on the lines their paths point at. */
export function placeFindings(
  findings: FindingLike[],
  source: MarkerSource,
  doc: Document.Parsed,
  text: string,
  lc: LineCounter,
): EditorMarker[] {
  return findings.map((f) => {
    const { depth: _depth, exact, ...range } = locatePath(doc, text, lc, f.path);
    return { ...f, ...range, source, exact };
  });
}

const RANK: Record<MarkerSeverity, number> = { error: 0, warning: 1, info: 2 };

/** Orders markers by position, then severity, and drops exact duplicates (a check and the schema saying the same). */
export function sortMarkers(markers: EditorMarker[]): EditorMarker[] {
  const seen = new Set<string>();
  return [...markers]
    .sort((a, b) => a.from - b.from || RANK[a.severity] - RANK[b.severity] || a.code.localeCompare(b.code))
    .filter((m) => {
      const key = `${m.from}:${m.code}:${m.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** Counts by severity, for status badges and the list page. */
export function countBySeverity(items: { severity: MarkerSeverity }[]): Record<MarkerSeverity, number> {
  const counts: Record<MarkerSeverity, number> = { error: 0, warning: 0, info: 0 };
  for (const i of items) counts[i.severity]++;
  return counts;
}
