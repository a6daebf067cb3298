import type { ReactNode } from 'react';
import { requireNamespacesOfRequest } from '@/lib/server/mesh/page-guard';

/**
 * `/graph`'s layout: a namespace in the URL that does not exist is a 404 (one not-found state, issue 16). The check
 * sits here, outside the route's loading.tsx boundary, so the status can still be 404.
 */
export default async function GraphLayout({ children }: { children: ReactNode }) {
  await requireNamespacesOfRequest();
  return children;
}
