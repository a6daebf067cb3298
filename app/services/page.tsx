import { MeshList } from '@/components/lists/mesh-list';

export const metadata = { title: 'Services · Meshscope' };

/** `/services`: the Services list over the selected namespaces (health, labels, sidecar, Istio config). */
export default function ServicesPage() {
  return (
    <section>
      <h1>Services</h1>
      <MeshList kind="services" />
    </section>
  );
}
