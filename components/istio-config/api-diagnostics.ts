import type { Diagnostic } from '@codemirror/lint';
import { locatePath } from '@/lib/istio/editor/locate';
import { parseYamlSafe } from '@/lib/istio/editor/safe-yaml';
import type { Cause } from '@/lib/query/save';

/** A 422's causes as editor diagnostics, placed on the fields they name in `text` (none if the text does not parse). */
export function causesToDiagnostics(text: string, causes: Cause[]): Diagnostic[] {
  const parsed = parseYamlSafe(text);
  if (!parsed.ok) return [];
  return causes.map((c) => {
    const at = locatePath(parsed.doc, text, parsed.lineCounter, (c.field ?? '').replace(/^\./, ''));
    return {
      from: at.from,
      to: at.to,
      severity: 'error' as const,
      source: 'API',
      message: `API: ${c.field ? `${c.field}: ` : ''}${c.message ?? c.reason ?? 'invalid'}`,
    };
  });
}
