import { DetailPage } from '@/components/details/detail-page';

/** `/namespaces/{namespace}/services/{service}`: the Service detail page (tab in `?tab=`). */
export default async function ServiceDetailPage({ params }: { params: Promise<{ namespace: string; service: string }> }) {
  const { namespace, service } = await params;
  return <DetailPage kind="services" namespace={decodeURIComponent(namespace)} name={decodeURIComponent(service)} />;
}

/** The browser tab title: `service · namespace · Meshscope`. */
export async function generateMetadata({ params }: { params: Promise<{ namespace: string; service: string }> }) {
  const { namespace, service } = await params;
  return { title: `${decodeURIComponent(service)} · ${decodeURIComponent(namespace)} · Meshscope` };
}
