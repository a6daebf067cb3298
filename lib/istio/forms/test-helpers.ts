/** Builders for the tests of lib/istio/forms (wizards, Gateway API routes). Test-only. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { ShiftingState } from './wizards';

/** The object of a one-document sample file of lib/demo/samples (`rel`, as `bookinfo/networking/x.yaml`), parsed. */
export const sampleObject = (rel: string): Record<string, unknown> =>
  parse(readFileSync(path.resolve(__dirname, '../../demo/samples', rel), 'utf8')) as Record<string, unknown>;

/** Shifting table rows from `[subset, weight, mirrored?]` (a subset is a DestinationRule subset or a Service). */
export const shiftRows = (...rows: [string, number, boolean?][]): ShiftingState['rows'] =>
  rows.map(([subset, weight, mirrored = false]) => ({ subset, weight, mirrored }));
