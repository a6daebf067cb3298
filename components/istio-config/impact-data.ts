'use client';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { IstioConfigList, IstioConfigObject, ServiceRoutingTarget } from '@/lib/contracts/istio-config';
import {
  edgesFromGraph,
  impactOfChanges,
  type GraphJsonLike,
  type ImpactEdge,
  type ImpactService,
} from '@/lib/istio/impact';
import { isGatewayRoute } from '@/lib/istio/impact/gateway-api';
import { apiFetch } from '@/lib/query/fetch';
import { useGlobalParams } from '@/lib/query/global-params';
import { useBackendStatus } from '@/lib/query/hooks';
import { queryKeys } from '@/lib/query/keys';

type Json = Record<string, unknown>;

export interface Change {
  before: IstioConfigObject | Json | null;
  after: IstioConfigObject | Json | null;
}

const IMPACT_KINDS = [
  'authorizationpolicies,peerauthentications,virtualservices,destinationrules',
  'k8shttproutes,k8sgrpcroutes,k8stcproutes,k8sreferencegrants',
].join(',');

/** The Services a Gateway API route preview reads (ports, selected workloads), from the wizards' service targets. */
export function impactServices(targets: readonly ServiceRoutingTarget[]): ImpactService[] {
  return targets.map((t) => ({
    namespace: t.namespace,
    name: t.name,
    ports: t.ports.map((p) => p.port),
    workloads: t.workloads.map((w) => w.name),
  }));
}

/**
 * The traffic of the last graph window (the duration picked in the toolbar) for `namespaces`, as a workload graph
 * without service nodes and with principals (Kiali's `securityPolicy` appender), plus the live config the preview
 * evaluates against.
 */
export function useImpactInputs(namespaces: string[]) {
  const { durationSeconds } = useGlobalParams();
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

/**
 * Impact of a sequence of changes (a wizard writes a DestinationRule and a VirtualService), each on top of the last.
 * Gateway API routes need the Services (`services`); when a route changes and none are given, the services of
 * `namespaces` are read (`GET /api/istio/services`).
 */
export function useImpact(
  namespaces: string[],
  changes: Change[],
  workloads?: { namespace: string; name: string; labels: Record<string, string> }[],
  services?: ImpactService[],
) {
  const inputs = useImpactInputs(namespaces);
  const { graph, config, rootNamespace } = inputs;
  const routes = changes.some((c) => isGatewayRoute(c.after as Json | null) || isGatewayRoute(c.before as Json | null));
  const targets = useQuery({
    queryKey: queryKeys.istio.services(namespaces),
    queryFn: () =>
      apiFetch<{ services: ServiceRoutingTarget[] }>(`/api/istio/services?namespaces=${namespaces.join(',')}`).then(
        (r) => r.services,
      ),
    enabled: routes && !services && namespaces.length > 0,
    staleTime: 30_000,
  });
  const known = useMemo(
    () => services ?? (targets.data ? impactServices(targets.data) : undefined),
    [services, targets.data],
  );
  const impact = useMemo((): ImpactEdge[] | null => {
    if (!graph.data || !config.data) return null;
    if (routes && !known) return null;
    const edges = edgesFromGraph(graph.data);
    const current = config.data.items.map((i) => i.object).filter((o): o is IstioConfigObject => !!o) as Json[];
    return impactOfChanges(
      { edges, config: current, rootNamespace, workloads, services: known },
      changes as { before: Json | null; after: Json | null }[],
    );
  }, [graph.data, config.data, changes, rootNamespace, workloads, routes, known]);
  return { ...inputs, impact, edgesCount: graph.data?.elements?.edges?.length ?? 0 };
}
