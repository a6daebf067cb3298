'use client';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { IstioConfigList, IstioConfigObject, ServiceRoutingTarget } from '@/lib/contracts/istio-config';
import {
  edgesFromGraph,
  impactNotes,
  impactOfChanges,
  type GraphJsonLike,
  type ImpactEdge,
  type ImpactNote,
  type ImpactService,
} from '@/lib/istio/impact';
import { isGatewayRoute } from '@/lib/istio/impact/gateway-api';
import { apiFetch } from '@/lib/query/fetch';
import { useGlobalParams } from '@/lib/query/global-params';
import { useBackendStatus } from '@/lib/query/hooks';
import { queryKeys } from '@/lib/query/keys';
import { useWaypoints } from '@/lib/query/mesh';

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
 * The traffic of the last graph window (the duration picked in the toolbar, or `windowSeconds`) for `namespaces`, as
 * a workload graph without service nodes, with principals (Kiali's `securityPolicy` appender) and the ambient flags
 * (`meshCheck`: `isAmbient`; `ambient`: `isWaypoint`), plus the live config the preview evaluates against and the
 * waypoints with the Services attached to them.
 */
export function useImpactInputs(namespaces: string[], windowSeconds?: number) {
  const global = useGlobalParams();
  const durationSeconds = windowSeconds ?? global.durationSeconds;
  const q = new URLSearchParams({
    namespaces: namespaces.join(','),
    graphType: 'workload',
    injectServiceNodes: 'false',
    appenders: 'securityPolicy,meshCheck,ambient',
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
  // every readable waypoint: a Service may use a waypoint of another namespace (istio.io/use-waypoint-namespace)
  const waypoints = useWaypoints([], 0);
  const status = useBackendStatus();
  return { graph, config, waypoints, rootNamespace: status.data?.istioNamespace ?? 'istio-system', durationSeconds };
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
  const { graph, config, waypoints, rootNamespace } = inputs;
  const routes = changes.some((c) => isGatewayRoute(c.after as Json | null) || isGatewayRoute(c.before as Json | null));
  // the cache holds the response body under this key, as every reader of it stores it (expose page, service
  // picker); `select` picks the list
  const targets = useQuery({
    queryKey: queryKeys.istio.services(namespaces),
    queryFn: () =>
      apiFetch<{ services: ServiceRoutingTarget[] }>(`/api/istio/services?namespaces=${namespaces.join(',')}`),
    select: (r) => r.services,
    enabled: routes && !services && namespaces.length > 0,
    staleTime: 30_000,
  });
  const known = useMemo(
    () => services ?? (targets.data ? impactServices(targets.data) : undefined),
    [services, targets.data],
  );
  const result = useMemo((): { impact: ImpactEdge[]; notes: ImpactNote[] } | null => {
    // without the waypoint list (still loading) ambient edges would be judged at ztunnel; a failed list is left out
    if (!graph.data || !config.data || (waypoints.isPending && !waypoints.isError)) return null;
    if (routes && !known) return null;
    const edges = edgesFromGraph(graph.data);
    const current = config.data.items.map((i) => i.object).filter((o): o is IstioConfigObject => !!o) as Json[];
    const ctx = {
      edges,
      config: current,
      rootNamespace,
      workloads,
      services: known,
      ...(waypoints.data ? { ambient: { waypoints: waypoints.data.items } } : {}),
    };
    const list = changes as { before: Json | null; after: Json | null }[];
    return { impact: impactOfChanges(ctx, list), notes: impactNotes(ctx, list) };
  }, [
    graph.data,
    config.data,
    waypoints.data,
    waypoints.isPending,
    waypoints.isError,
    changes,
    rootNamespace,
    workloads,
    routes,
    known,
  ]);
  return {
    ...inputs,
    impact: result?.impact ?? null,
    notes: result?.notes ?? [],
    edgesCount: graph.data?.elements?.edges?.length ?? 0,
  };
}
