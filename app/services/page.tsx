import { listPageMetadata, MeshListPage } from '@/components/lists/list-page';

export const metadata = listPageMetadata('services');

/** `/services`: the Services list over the selected namespaces (health, labels, sidecar, Istio config). */
export default function ServicesPage() {
  return <MeshListPage kind="services" />;
}
