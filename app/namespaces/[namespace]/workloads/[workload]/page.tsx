import { DetailPage } from '@/components/details/detail-page';

/** `/namespaces/{namespace}/workloads/{workload}`: the Workload detail page (tab in `?tab=`). */
export default async function WorkloadDetailPage({ params }: { params: Promise<{ namespace: string; workload: string }> }) {
  const { namespace, workload } = await params;
  return <DetailPage kind="workloads" namespace={decodeURIComponent(namespace)} name={decodeURIComponent(workload)} />;
}

/** The browser tab title: `workload · namespace · Meshscope`. */
export async function generateMetadata({ params }: { params: Promise<{ namespace: string; workload: string }> }) {
  const { namespace, workload } = await params;
  return { title: `${decodeURIComponent(workload)} · ${decodeURIComponent(namespace)} · Meshscope` };
}
