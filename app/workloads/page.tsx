import { listPageMetadata, MeshListPage } from '@/components/lists/list-page';
import { requireNamespaces } from '@/lib/server/mesh/page-guard';

type SearchParams = Record<string, string | string[] | undefined>;

export const metadata = listPageMetadata('workloads');

/** `/workloads`: the Workloads list over the selected namespaces (health, labels, sidecar, Istio config). */
export default async function WorkloadsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireNamespaces(await searchParams); // 404 for a namespace that does not exist
  return <MeshListPage kind="workloads" />;
}
