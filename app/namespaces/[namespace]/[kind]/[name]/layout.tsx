import type { ReactNode } from 'react';
import { kindOfSegment } from '@/lib/query/mesh-pages';
import { requireMeshObject } from '@/lib/server/mesh/page-guard';

interface Props {
  children: ReactNode;
  params: Promise<{ namespace: string; kind: string; name: string }>;
}

/**
 * A detail page of an app, workload or service that does not exist (or of a namespace that does not) is a 404 with
 * the one not-found state (issue 16), not a tab bar with HTTP 200. In the layout, so switching tabs (`?tab=`) does
 * not check again.
 */
export default async function MeshObjectLayout({ children, params }: Props) {
  const { namespace, kind: segment, name } = await params;
  const kind = kindOfSegment(segment);
  if (kind) await requireMeshObject(kind, decodeURIComponent(namespace), decodeURIComponent(name));
  return children;
}
