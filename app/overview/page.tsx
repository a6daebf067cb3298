import { NamespaceCards } from '@/components/overview/namespace-cards';

export const metadata = { title: 'Overview · Meshscope' };

export default function OverviewPage() {
  return (
    <section>
      <h1>Overview</h1>
      <NamespaceCards />
    </section>
  );
}
