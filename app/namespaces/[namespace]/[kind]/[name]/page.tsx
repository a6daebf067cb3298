import { notFound } from 'next/navigation';
import { DetailPage } from '@/components/details/detail-page';
import { kindOfSegment } from '@/lib/query/mesh-pages';

interface Props {
  params: Promise<{ namespace: string; kind: string; name: string }>;
}

/** The route's parameters decoded; a segment other than applications, workloads or services is a 404. */
async function route({ params }: Props) {
  const { namespace, kind: segment, name } = await params;
  const kind = kindOfSegment(segment);
  if (!kind) notFound();
  return { kind, namespace: decodeURIComponent(namespace), name: decodeURIComponent(name) };
}

/**
 * `/namespaces/{namespace}/{applications|workloads|services}/{name}`: the App, Workload or Service detail page (tab in
 * `?tab=`); any other kind segment, a namespace that does not exist or an object not in it is a 404.
 */
export default async function ObjectDetailPage(props: Props) {
  const { kind, namespace, name } = await route(props);
  return <DetailPage kind={kind} namespace={namespace} name={name} />;
}

/** The browser tab title: `name · namespace · Meshscope`. */
export async function generateMetadata(props: Props) {
  const { namespace, name } = await route(props);
  return { title: `${name} · ${namespace} · Meshscope` };
}
