/**
 * Test support: recorded ambient telemetry for graph, impact and health tests. The real ztunnel scrape of Istio 1.24
 * bookinfo in namespace `default` (`lib/demo/testdata/prometheus/istio-1.24-ztunnel-tcp.excerpt.prom`, with the
 * ztunnel pod's `app="ztunnel"` label, as Istio's Prometheus job adds it), waypoint series with the label set a
 * waypoint emits (`lib/demo/testdata/istio-proxy/server_waypoint_proxy_request_total.yaml.tmpl`), and the graph
 * inventory of that namespace (bookinfo, all ambient, plus a `waypoint` Deployment).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { GraphInventory } from '../types';
import { parseExposition, type Series } from './series-prometheus';

const TESTDATA = path.join(import.meta.dirname, '../../demo/testdata');

/** The ztunnel scrape's series (`istio_tcp_*`, reporter source and destination). */
export const ZTUNNEL: Series[] = parseExposition(
  readFileSync(path.join(TESTDATA, 'prometheus/istio-1.24-ztunnel-tcp.excerpt.prom'), 'utf8'),
  { app: 'ztunnel' },
);

/** The label names and values of an istio/proxy metric template, first value of each (`{{ if }}` branches). */
export function templateLabels(file: string): Record<string, string> {
  const text = readFileSync(path.join(TESTDATA, 'istio-proxy', file), 'utf8');
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/- name: (\w+)\n(?:\s+\{\{[^\n]*\n)?\s+value: "?([^"\n]*)"?/g))
    if (!(m[1]! in out)) out[m[1]!] = m[2]!;
  return out;
}

export const WAYPOINT_REQUEST = templateLabels('server_waypoint_proxy_request_total.yaml.tmpl');

/** A client of waypoint-reported requests: workload, canonical service and revision, service account. */
export interface WaypointClient {
  workload: string;
  app: string;
  version: string;
  sa: string;
}

export const PRODUCTPAGE: WaypointClient = {
  workload: 'productpage-v1',
  app: 'productpage',
  version: 'v1',
  sa: 'bookinfo-productpage',
};

/**
 * A waypoint-reported request series to `reviews` (600 s of `perSecond` requests): the template's label set with
 * bookinfo's identities in `default`, from `client` (productpage by default).
 */
export function waypointRequests(
  wl: string,
  ver: string,
  code: string,
  perSecond: number,
  client: WaypointClient = PRODUCTPAGE,
): Series {
  return {
    name: 'istio_requests_total',
    labels: {
      ...WAYPOINT_REQUEST,
      source_workload: client.workload,
      source_canonical_service: client.app,
      source_canonical_revision: client.version,
      source_app: client.app,
      source_cluster: 'Kubernetes',
      source_principal: `spiffe://cluster.local/ns/default/sa/${client.sa}`,
      destination_workload: wl,
      destination_app: 'reviews',
      destination_version: ver,
      destination_service: 'reviews.default.svc.cluster.local',
      destination_service_name: 'reviews',
      destination_canonical_service: 'reviews',
      destination_canonical_revision: ver,
      destination_cluster: 'Kubernetes',
      destination_principal: 'spiffe://cluster.local/ns/default/sa/bookinfo-reviews',
      request_protocol: 'http',
      response_code: code,
      grpc_response_status: '',
      connection_security_policy: 'mutual_tls',
    },
    value: perSecond * 600,
  };
}

/** ztunnel rows of the same productpage → reviews-vN flows once `reviews` uses the `waypoint`: via the waypoint. */
export function throughWaypoint(): Series[] {
  const out: Series[] = [];
  for (const s of ZTUNNEL) {
    if (s.labels.source_workload !== 'productpage-v1' || s.labels.destination_service_name !== 'reviews') continue;
    const wp = { workload: 'waypoint', canonical_service: 'waypoint', canonical_revision: 'latest', app: 'waypoint' };
    out.push({
      ...s,
      labels: {
        ...s.labels,
        destination_workload: wp.workload,
        destination_canonical_service: wp.canonical_service,
        destination_canonical_revision: wp.canonical_revision,
        destination_app: wp.app,
        destination_principal: 'spiffe://cluster.local/ns/default/sa/waypoint',
      },
    });
    out.push({
      ...s,
      labels: {
        ...s.labels,
        source_workload: wp.workload,
        source_canonical_service: wp.canonical_service,
        source_canonical_revision: wp.canonical_revision,
        source_app: wp.app,
        source_principal: 'spiffe://cluster.local/ns/default/sa/waypoint',
      },
    });
  }
  return [
    ...ZTUNNEL.filter(
      (s) => s.labels.destination_service_name !== 'reviews' || s.labels.source_workload !== 'productpage-v1',
    ),
    ...out,
  ];
}

/** The graph inventory of `default`: bookinfo's workloads, all captured by ztunnel, and the `waypoint` Deployment. */
export function ambientInventory(): GraphInventory {
  const wl = (name: string, app: string, version: string, extra: Record<string, unknown> = {}) => ({
    namespace: 'default',
    name,
    kind: 'Deployment',
    labels: { app, version },
    podCount: 1,
    sidecarInjected: false,
    ambient: true,
    ...extra,
  });
  return {
    cluster: 'Kubernetes',
    namespaces: [
      { name: 'default', labels: { 'istio.io/dataplane-mode': 'ambient' }, creationTimestamp: '2024-01-01T00:00:00Z' },
    ],
    workloads: [
      wl('traffic-gen', 'traffic-gen', 'latest'),
      wl('productpage-v1', 'productpage', 'v1'),
      wl('details-v1', 'details', 'v1'),
      wl('reviews-v1', 'reviews', 'v1'),
      wl('reviews-v2', 'reviews', 'v2'),
      wl('reviews-v3', 'reviews', 'v3'),
      wl('ratings-v1', 'ratings', 'v1'),
      {
        namespace: 'default',
        name: 'waypoint',
        kind: 'Deployment',
        labels: {
          'gateway.istio.io/managed': 'istio.io-mesh-controller',
          'gateway.networking.k8s.io/gateway-name': 'waypoint',
        },
        podCount: 1,
        sidecarInjected: false,
        waypoint: true,
      },
    ],
    services: [],
    istioConfig: [],
  };
}
