import { NamespaceCards } from '@/components/overview/namespace-cards';

export const metadata = { title: 'Overview · Meshscope' };

/** `/overview`: the mesh's components and one card per namespace (health, mTLS, validations, request rate). */
export default function OverviewPage() {
  return (
    <section>
      <h1>Overview</h1>
      <NamespaceCards />
    </section>
  );
}
