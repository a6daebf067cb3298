import type { MeshKind } from '@/lib/contracts/mesh';
import { MESH_PAGES } from '@/lib/query/mesh-pages';
import { MeshList } from './mesh-list';

/** The browser tab title of a list page: `Applications · Meshscope`. */
export function listPageMetadata(kind: MeshKind): { title: string } {
  return { title: `${MESH_PAGES[kind].title} · Meshscope` };
}

/** A list page (`/applications`, `/workloads`, `/services`): its heading, then the list of that kind. */
export function MeshListPage({ kind }: { kind: MeshKind }) {
  return (
    <section>
      <h1>{MESH_PAGES[kind].title}</h1>
      <MeshList kind={kind} />
    </section>
  );
}
