import { bookinfoCalls, browserMix, DEFAULT_CALL_GRAPH, httpEdge, INGRESS } from '../traffic/default-call-graph';
import type { CallGraph } from '../traffic/types';

/**
 * The multi-cluster demo's traffic: outside users reach bookinfo through the first cluster's ingress gateway (some
 * signed in as `jason`), a trickle goes straight to productpage, and bookinfo's own calls (productpage → details,
 * reviews; reviews v2/v3 → ratings) cross clusters wherever the endpoints are (lib/demo/multicluster/topology.ts).
 * Profiles are the single-cluster demo's.
 */
export const MULTICLUSTER_CALL_GRAPH: CallGraph = {
  traceSampling: 20,
  edges: [
    httpEdge('unknown', INGRESS, 80, 8, browserMix(70, 20)),
    httpEdge('unknown', 'productpage.bookinfo.svc.cluster.local', 9080, 0.5, [{ method: 'GET', path: '/productpage' }]),
    ...bookinfoCalls('bookinfo'),
  ],
  profiles: DEFAULT_CALL_GRAPH.profiles,
};
