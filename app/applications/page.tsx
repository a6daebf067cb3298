import { MeshList } from '@/components/lists/mesh-list';

export const metadata = { title: 'Applications · Meshscope' };

/** `/applications`: the Applications list over the selected namespaces (health, labels, sidecar, Istio config). */
export default function ApplicationsPage() {
  return (
    <section>
      <h1>Applications</h1>
      <MeshList kind="apps" />
    </section>
  );
}
