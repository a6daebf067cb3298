'use client';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { IstioConfigList, IstioConfigObject } from '@/lib/contracts/istio-config';
import { edgesFromGraph, impactOfChanges, type GraphJsonLike, type ImpactEdge } from '@/lib/istio/impact';
import { apiFetch } from '@/lib/query/fetch';
import { useGlobalParams } from '@/lib/query/global-params';
import { useBackendStatus } from '@/lib/query/hooks';
import { queryKeys } from '@/lib/query/keys';

type Json = Record<string, unknown>;

export interface Change {
  before: IstioConfigObject | Json | null;
  after: IstioConfigObject | Json | null;
}

const IMPACT_KINDS = 'authorizationpolicies,peerauthentications,virtualservices,destinationrules';

/**
 * The traffic of the last graph window (the duration picked in the toolbar, or `windowSeconds`) for `namespaces`, as a
 * workload graph
 * without service nodes and with principals (Kiali's `securityPolicy` appender), plus the live config the preview
 * evaluates against.
 */
export function useImpactInputs(namespaces: string[], windowSeconds?: number) {
  const global = useGlobalParams();
  const durationSeconds = windowSeconds ?? global.durationSeconds;
  const q = new URLSearchParams({
    namespaces: namespaces.join(','),
    graphType: 'workload',
    injectServiceNodes: 'false',
    appenders: 'securityPolicy',
    duration: `${durationSeconds}s`,
  });
  const graph = useQuery({
    queryKey: queryKeys.istio.impactGraph(q.toString()),
    queryFn: () => apiFetch<GraphJsonLike>(`/api/namespaces/graph?${q.toString()}`),
    enabled: namespaces.length > 0,
    staleTime: 30_000,
  });
  const config = useQuery({
    queryKey: queryKeys.istio.impactConfig(),
    queryFn: () => apiFetch<IstioConfigList>(`/api/istio?kinds=${IMPACT_KINDS}&objects=true`),
    staleTime: 5_000,
  });
  const status = useBackendStatus();
  return { graph, config, rootNamespace: status.data?.istioNamespace ?? 'istio-system', durationSeconds };
}

/** Impact of a sequence of changes (a wizard writes a DestinationRule and a VirtualService), each on top of the last. */
export function useImpact(
  namespaces: string[],
  changes: Change[],
  workloads?: { namespace: string; name: string; labels: Record<string, string> }[],
) {
  const inputs = useImpactInputs(namespaces);
  const { graph, config, rootNamespace } = inputs;
  const impact = useMemo((): ImpactEdge[] | null => {
    if (!graph.data || !config.data) return null;
    const edges = edgesFromGraph(graph.data);
    const current = config.data.items.map((i) => i.object).filter((o): o is IstioConfigObject => !!o) as Json[];
    return impactOfChanges(
      { edges, config: current, rootNamespace, workloads },
      changes as { before: Json | null; after: Json | null }[],
    );
  }, [graph.data, config.data, changes, rootNamespace, workloads]);
  return { ...inputs, impact, edgesCount: graph.data?.elements?.edges?.length ?? 0 };
}
