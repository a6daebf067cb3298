/**
 * Object → editor text. Like Kiali's editor (which dumps with js-yaml, kiali.md §1.5) but without
 * `metadata.managedFields`, which is long, server-owned and not editable. Pure and isomorphic.
 */
import { stringify } from 'yaml';

/** The object as the editor shows it: YAML, 2-space indent, no line folding, no managedFields. */
export function toEditorYaml(obj: unknown): string {
  if (typeof obj !== 'object' || obj === null) return '';
  const copy = structuredClone(obj) as { metadata?: Record<string, unknown> };
  if (copy.metadata) delete copy.metadata.managedFields;
  return stringify(copy, { indent: 2, lineWidth: 0, aliasDuplicateObjects: false });
}
