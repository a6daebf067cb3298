import type { ReactNode } from 'react';
import { requireNamespacesOfRequest } from '@/lib/server/mesh/page-guard';

/**
 * A namespace in the URL that does not exist is a 404 (one not-found state, issue 16). In the layout, not the page:
 * a layout is not rendered again when only the query changes (sorting, filters), so those stay instant.
 */
export default async function NamespaceCheckedLayout({ children }: { children: ReactNode }) {
  await requireNamespacesOfRequest();
  return children;
}
