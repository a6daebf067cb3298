import { DetailPage } from '@/components/details/detail-page';

/** `/namespaces/{namespace}/applications/{app}`: the Application detail page (tab in `?tab=`). */
export default async function ApplicationDetailPage({ params }: { params: Promise<{ namespace: string; app: string }> }) {
  const { namespace, app } = await params;
  return <DetailPage kind="apps" namespace={decodeURIComponent(namespace)} name={decodeURIComponent(app)} />;
}

/** The browser tab title: `app · namespace · Meshscope`. */
export async function generateMetadata({ params }: { params: Promise<{ namespace: string; app: string }> }) {
  const { namespace, app } = await params;
  return { title: `${decodeURIComponent(app)} · ${decodeURIComponent(namespace)} · Meshscope` };
}
