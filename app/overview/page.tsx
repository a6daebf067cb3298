import { NamespaceCards } from '@/components/overview/namespace-cards';
import { requireNamespaces } from '@/lib/server/mesh/page-guard';

type SearchParams = Record<string, string | string[] | undefined>;

export const metadata = { title: 'Overview · Meshscope' };

/** `/overview`: the mesh's components and one card per namespace (health, mTLS, validations, request rate). */
export default async function OverviewPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireNamespaces(await searchParams); // 404 for a namespace that does not exist
  return (
    <section>
      <h1>Overview</h1>
      <NamespaceCards />
    </section>
  );
}
