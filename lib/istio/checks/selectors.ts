/** Label selectors as Kubernetes evaluates `labels.SelectorFromSet(set)`: every key/value must match. */
import type { Labels } from '../types';

/** True when `labels` carries every pair of `selector` (an empty selector matches everything). */
export function matchesSelector(selector: Labels | undefined, labels: Labels | undefined): boolean {
  return Object.entries(selector ?? {}).every(([key, value]) => labels?.[key] === value);
}

/** `labels.SelectorFromSet(set).String()`: `key=value` pairs sorted by key, comma separated. */
export function selectorString(selector: Labels | undefined): string {
  return Object.keys(selector ?? {})
    .sort()
    .map((key) => `${key}=${selector?.[key] ?? ''}`)
    .join(',');
}

/** A missing or `{}` selector (which matches every pod). */
export const isEmptySelector = (selector: Labels | undefined): boolean => Object.keys(selector ?? {}).length === 0;
