/**
 * The lists' filters and their URL form (`q`, `ns`, `health`, `sidecar`, `label`, `sort`, `cluster`), kept next to the shared
 * namespace/time parameters so a link reproduces the view. Pure.
 */
import type { HealthStatus, ListItem, SidecarStatus } from '@/lib/contracts/mesh';

export interface ListFilters {
  /** Name contains (case-insensitive). */
  q: string;
  /** Exact namespace (a narrowing inside the selected namespaces). */
  ns: string;
  health: HealthStatus | '';
  sidecar: SidecarStatus | '';
  /** `key=value`, or `key` for "has the label". */
  label: string;
  /** Column id, `-` prefix for descending; default `namespace`. */
  sort: string;
  /** Multi-cluster: exact cluster of the row. */
  cluster: string;
}

export const HEALTH_FILTERS: HealthStatus[] = ['Failure', 'Degraded', 'Not Ready', 'Healthy', 'NA'];
export const SIDECAR_FILTERS: SidecarStatus[] = ['present', 'missing', 'partial', 'none'];
export const DEFAULT_SORT = 'namespace';

/** Reads the filters; unknown values fall back to "no filter". */
export function parseListFilters(search: URLSearchParams): ListFilters {
  const health = search.get('health') ?? '';
  const sidecar = search.get('sidecar') ?? '';
  return {
    q: search.get('q') ?? '',
    ns: search.get('ns') ?? '',
    health: (HEALTH_FILTERS as string[]).includes(health) ? (health as HealthStatus) : '',
    sidecar: (SIDECAR_FILTERS as string[]).includes(sidecar) ? (sidecar as SidecarStatus) : '',
    label: search.get('label') ?? '',
    sort: search.get('sort') || DEFAULT_SORT,
    cluster: search.get('cluster') ?? '',
  };
}

function labelMatches(labels: Record<string, string>, filter: string): boolean {
  const eq = filter.indexOf('=');
  if (eq < 0) return filter.trim() in labels;
  const key = filter.slice(0, eq).trim();
  return labels[key] === filter.slice(eq + 1).trim();
}

/** The items that pass every filter. An item without health counts as NA. */
export function filterItems<T extends ListItem>(items: readonly T[], f: Omit<ListFilters, 'sort'>): T[] {
  const q = f.q.trim().toLowerCase();
  return items.filter(
    (i) =>
      (!q || i.name.toLowerCase().includes(q)) &&
      (!f.ns || i.namespace === f.ns) &&
      (!f.cluster || i.cluster === f.cluster) &&
      (!f.health || (i.health?.status ?? 'NA') === f.health) &&
      (!f.sidecar || i.sidecar === f.sidecar) &&
      (!f.label.trim() || labelMatches(i.labels, f.label)),
  );
}

const RANK: Record<HealthStatus, number> = { Failure: 4, Degraded: 3, 'Not Ready': 2, Healthy: 1, NA: 0 };

/** Sort key of a health: worse is higher (so `-health` lists Failure first). */
export function healthRank(status: HealthStatus | undefined): number {
  return RANK[status ?? 'NA'];
}

/** `-name` → `{ id: 'name', desc: true }`. */
export function parseSort(sort: string): { id: string; desc: boolean } {
  return sort.startsWith('-') ? { id: sort.slice(1), desc: true } : { id: sort, desc: false };
}
