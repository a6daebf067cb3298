import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Test helpers (used by *.test.ts only) for the metrics expositions. */

/** lib/demo/testdata: real scrapes (prometheus/) and istio/proxy's stats test templates (istio-proxy/). */
export const TESTDATA = path.resolve(__dirname, '../testdata');

/**
 * Label names of a metric in one of istio/proxy's stats test templates (`testdata/istio-proxy/<file>`), in order.
 * Templates branch on variables ({{ if }}), listing some names twice: the first of each is kept.
 */
export function templateLabelNames(file: string): string[] {
  const text = readFileSync(path.join(TESTDATA, 'istio-proxy', file), 'utf8');
  return [...new Set([...text.matchAll(/- name: (\w+)/g)].map((m) => m[1]!))];
}
