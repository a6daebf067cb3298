import { listPageMetadata, MeshListPage } from '@/components/lists/list-page';

export const metadata = listPageMetadata('workloads');

/** `/workloads`: the Workloads list over the selected namespaces (health, labels, sidecar, Istio config). */
export default function WorkloadsPage() {
  return <MeshListPage kind="workloads" />;
}
