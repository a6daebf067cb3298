import { listPageMetadata, MeshListPage } from '@/components/lists/list-page';

export const metadata = listPageMetadata('apps');

/** `/applications`: the Applications list over the selected namespaces (health, labels, sidecar, Istio config). */
export default function ApplicationsPage() {
  return <MeshListPage kind="apps" />;
}
