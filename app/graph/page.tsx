import { GraphPage } from '@/components/graph/graph-page';

export const metadata = { title: 'Traffic graph · Meshscope' };

export default function TrafficGraphPage() {
  return <GraphPage />;
}
