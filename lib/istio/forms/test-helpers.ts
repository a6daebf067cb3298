/** Builders for the tests of lib/istio/forms (wizards, Gateway API routes). Test-only. */
import type { ShiftingState } from './wizards';

/** Shifting table rows from `[subset, weight, mirrored?]` (a subset is a DestinationRule subset or a Service). */
export const shiftRows = (...rows: [string, number, boolean?][]): ShiftingState['rows'] =>
  rows.map(([subset, weight, mirrored = false]) => ({ subset, weight, mirrored }));
