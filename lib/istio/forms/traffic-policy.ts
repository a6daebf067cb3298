/**
 * DestinationRule `trafficPolicy` as form values (Kiali's wizard "Traffic Policy" and "Circuit Breaker" tabs,
 * kiali.md §1.4): TLS mode, load balancer (simple, or consistent hash by header, cookie, source IP or query
 * parameter), connection pool (`tcp.maxConnections`, `http.http1MaxPendingRequests`, `http.maxRequestsPerConnection`)
 * and outlier detection. Unknown fields are kept from the original. Pure and isomorphic.
 */
import { asRecord, isRecord, mergeKnown, mergeOptional, mergePart, oneOf, optString, type Json } from './merge';

export const TLS_MODES = ['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL'] as const;
export type TlsMode = (typeof TLS_MODES)[number];
export const LB_SIMPLE = ['ROUND_ROBIN', 'LEAST_REQUEST', 'RANDOM', 'PASSTHROUGH', 'LEAST_CONN'] as const;
export type LbSimple = (typeof LB_SIMPLE)[number];

export interface ConsistentHashForm {
  httpHeaderName?: string;
  httpCookie?: { name: string; ttl?: string; path?: string };
  useSourceIp?: boolean;
  httpQueryParameterName?: string;
}

export interface TrafficPolicyForm {
  tlsMode?: TlsMode;
  loadBalancer?: { simple?: LbSimple; consistentHash?: ConsistentHashForm };
  connectionPool?: { maxConnections?: number; http1MaxPendingRequests?: number; maxRequestsPerConnection?: number };
  outlierDetection?: {
    consecutive5xxErrors?: number;
    consecutiveGatewayErrors?: number;
    interval?: string;
    baseEjectionTime?: string;
    maxEjectionPercent?: number;
  };
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

export function trafficPolicyToForm(v: Json): TrafficPolicyForm {
  const tls = asRecord(v.tls);
  const lb = asRecord(v.loadBalancer);
  const ch = asRecord(lb.consistentHash);
  const cookie = asRecord(ch.httpCookie);
  const tcp = asRecord(asRecord(v.connectionPool).tcp);
  const http = asRecord(asRecord(v.connectionPool).http);
  const od = asRecord(v.outlierDetection);
  return {
    tlsMode: oneOf(TLS_MODES, tls.mode),
    loadBalancer: isRecord(v.loadBalancer)
      ? {
          simple: oneOf(LB_SIMPLE, lb.simple),
          consistentHash: isRecord(lb.consistentHash)
            ? {
                httpHeaderName: optString(ch.httpHeaderName),
                httpCookie: isRecord(ch.httpCookie)
                  ? { name: optString(cookie.name) ?? '', ttl: optString(cookie.ttl), path: optString(cookie.path) }
                  : undefined,
                useSourceIp: typeof ch.useSourceIp === 'boolean' ? ch.useSourceIp : undefined,
                httpQueryParameterName: optString(ch.httpQueryParameterName),
              }
            : undefined,
        }
      : undefined,
    connectionPool: isRecord(v.connectionPool)
      ? {
          maxConnections: num(tcp.maxConnections),
          http1MaxPendingRequests: num(http.http1MaxPendingRequests),
          maxRequestsPerConnection: num(http.maxRequestsPerConnection),
        }
      : undefined,
    outlierDetection: isRecord(v.outlierDetection)
      ? {
          consecutive5xxErrors: num(od.consecutive5xxErrors),
          consecutiveGatewayErrors: num(od.consecutiveGatewayErrors),
          interval: optString(od.interval),
          baseEjectionTime: optString(od.baseEjectionTime),
          maxEjectionPercent: num(od.maxEjectionPercent),
        }
      : undefined,
  };
}

export function trafficPolicyFromForm(f: TrafficPolicyForm, original: unknown): Json {
  const o = asRecord(original);
  const olb = asRecord(o.loadBalancer);
  const och = asRecord(olb.consistentHash);
  const ocp = asRecord(o.connectionPool);
  const loadBalancer = mergePart(f.loadBalancer, olb, (lb) => ({
    simple: lb.simple,
    consistentHash: mergePart(lb.consistentHash, och, (ch) => ({
      httpHeaderName: ch.httpHeaderName || undefined,
      httpCookie: mergePart(ch.httpCookie, och.httpCookie, (cookie) => ({
        name: cookie.name,
        ttl: cookie.ttl || undefined,
        path: cookie.path || undefined,
      })),
      useSourceIp: ch.useSourceIp,
      httpQueryParameterName: ch.httpQueryParameterName || undefined,
    })),
  }));
  const connectionPool = mergePart(f.connectionPool, ocp, (cp) => ({
    tcp: mergeOptional(ocp.tcp, { maxConnections: cp.maxConnections }),
    http: mergeOptional(ocp.http, {
      http1MaxPendingRequests: cp.http1MaxPendingRequests,
      maxRequestsPerConnection: cp.maxRequestsPerConnection,
    }),
  }));
  return mergeKnown(o, {
    tls:
      f.tlsMode === undefined
        ? isRecord(o.tls)
          ? mergeKnown(o.tls, { mode: undefined })
          : undefined
        : mergeKnown(o.tls, { mode: f.tlsMode }),
    loadBalancer,
    connectionPool,
    outlierDetection: mergePart(f.outlierDetection, o.outlierDetection, (od) => ({ ...od })),
  });
}
