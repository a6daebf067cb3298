/**
 * Test-only helpers for checks tested as `istioctl analyze -f FILE` runs them: one YAML text through
 * `validateSources` (lib/istio/validate-files.ts), and Istio's own analyzer test files
 * (istio/istio `pkg/config/analysis/analyzers/testdata/*.yaml`, copied under lib/istio/testdata/analyzers).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { validateSources, type LocatedFinding, type ValidateOptions } from '../validate-files';

/**
 * The findings coded one of `codes` on `text` read as one file named `name`, in reading order. Throws the first
 * parse error's message when the text does not parse (a test's YAML is wrong, not the check).
 */
export function fileFindings(
  text: string,
  codes: readonly string[],
  options: ValidateOptions = {},
  name = 'f.yaml',
): LocatedFinding[] {
  const result = validateSources([{ name, text }], options);
  if (!result.ok) throw new Error(result.errors[0]?.message);
  return result.findings.filter((f) => codes.includes(f.code));
}

/** The text of Istio's analyzer test file `lib/istio/testdata/analyzers/<file>`. */
export function analyzerTestFile(file: string): string {
  return readFileSync(path.join(__dirname, '..', 'testdata', 'analyzers', file), 'utf8');
}

/** A finding as one line: code, kind, namespace/name and the line it stands on (`IST0102 Namespace default/bar :24`). */
export const findingLine = (f: LocatedFinding): string => `${f.code} ${f.kind} ${f.namespace}/${f.name} :${f.line}`;

/** A Namespace document with `labels` (flow-style YAML). */
export const namespaceDoc = (name: string, labels = '{}'): string =>
  `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}, labels: ${labels}}\n`;

/**
 * The test that the checks of `codes` report on Istio's analyzer test file `file` what Istio's own test expects:
 * `lines` (as `findingLine`), titled "reports what Istio's test expects on its <file><what>".
 */
export function itReportsWhatIstioExpects(file: string, codes: readonly string[], lines: string[], what = ''): void {
  it(`reports what Istio's test expects on its ${file}${what}`, () => {
    expect(fileFindings(analyzerTestFile(file), codes).map(findingLine)).toEqual(lines);
  });
}
