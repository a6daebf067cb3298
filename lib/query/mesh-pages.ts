/**
 * The UI pages of the three mesh kinds (Kiali's Applications, Workloads and Services), for the pages, links and
 * breadcrumbs alike: pure, so server components and client code share it.
 */
import type { MeshKind } from '@/lib/contracts/mesh';

export interface MeshPage {
  /** The URL segment of the list (`/applications`) and of the detail pages (`/namespaces/{ns}/applications/{name}`). */
  segment: string;
  /** The list page's heading and navigation label. */
  title: string;
  /** One object of the kind, as the detail page names it. */
  noun: string;
}

export const MESH_PAGES: Record<MeshKind, MeshPage> = {
  apps: { segment: 'applications', title: 'Applications', noun: 'App' },
  workloads: { segment: 'workloads', title: 'Workloads', noun: 'Workload' },
  services: { segment: 'services', title: 'Services', noun: 'Service' },
};

/** The kind whose pages live under a URL segment (`applications` -> `apps`), or null for any other segment. */
export function kindOfSegment(segment: string): MeshKind | null {
  const found = Object.entries(MESH_PAGES).find(([, page]) => page.segment === segment);
  return found ? (found[0] as MeshKind) : null;
}

/** The UI path of a kind's list page: `/applications`. */
export function listPagePath(kind: MeshKind): string {
  return `/${MESH_PAGES[kind].segment}`;
}

/** The UI path of an object's detail page: `/namespaces/bookinfo/applications/reviews`. */
export function objectPagePath(kind: MeshKind, namespace: string, name: string): string {
  return `/namespaces/${encodeURIComponent(namespace)}/${MESH_PAGES[kind].segment}/${encodeURIComponent(name)}`;
}
