import { GraphLoadingState } from '@/components/graph/graph-states';

/** Shown while the graph route's code loads. */
export default function GraphRouteLoading() {
  return <GraphLoadingState />;
}
