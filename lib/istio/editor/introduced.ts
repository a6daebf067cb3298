/**
 * Which validation errors an edit introduced: a save is blocked only by errors the edited object has and the live
 * object did not have (issue 16: circuit breaking on the sample's `ratings` DestinationRule could not be saved because
 * its subsets `v2-mysql` and `v2-mysql-vm` select no pods, a finding the edit did not cause). Findings are compared
 * by code and message (their paths move when the edit inserts list items before them), counted as a multiset, so an
 * edit that adds a second finding of an existing kind is still caught. Pure and isomorphic.
 */
import type { FindingLike } from './markers';

export interface FindingSplit<T extends FindingLike> {
  /** Errors the edit introduced: these block the save. */
  introduced: T[];
  /** Errors the live object already had: shown, never blocking. */
  preexisting: T[];
}

const keyOf = (f: FindingLike) => `${f.code}\u0000${f.message}`;

/**
 * Splits the errors of the edited object (`after`) into those the live object (`before`; empty for a new object)
 * already had and those the edit introduced. Warnings and infos never block and are left out of both lists.
 */
export function splitErrors<T extends FindingLike>(after: T[], before: FindingLike[]): FindingSplit<T> {
  const remaining = new Map<string, number>();
  for (const f of before) if (f.severity === 'error') remaining.set(keyOf(f), (remaining.get(keyOf(f)) ?? 0) + 1);
  const out: FindingSplit<T> = { introduced: [], preexisting: [] };
  for (const f of after) {
    if (f.severity !== 'error') continue;
    const left = remaining.get(keyOf(f)) ?? 0;
    if (left > 0) {
      remaining.set(keyOf(f), left - 1);
      out.preexisting.push(f);
    } else out.introduced.push(f);
  }
  return out;
}
