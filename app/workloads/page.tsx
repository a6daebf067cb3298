import { MeshList } from '@/components/lists/mesh-list';

export const metadata = { title: 'Workloads · Meshscope' };

/** `/workloads`: the Workloads list over the selected namespaces (health, labels, sidecar, Istio config). */
export default function WorkloadsPage() {
  return (
    <section>
      <h1>Workloads</h1>
      <MeshList kind="workloads" />
    </section>
  );
}
