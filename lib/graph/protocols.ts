/**
 * Protocols and their rates, and how one sample adds to source, destination and edge (`graph/protocol.go`).
 */
import type { GraphEdge, GraphNode, Rates, Responses } from './traffic-map';

export interface RateDef {
  name: string;
  isErr?: boolean;
  isIn?: boolean;
  isOut?: boolean;
  isPercentErr?: boolean;
  isPercentReq?: boolean;
  isTotal?: boolean;
  precision: number;
}

export interface ProtocolDef {
  name: 'grpc' | 'http' | 'tcp';
  edgeRates: RateDef[];
  nodeRates: RateDef[];
}

/** gRPC, HTTP, TCP in Kiali's order (the order of `traffic[]` in node JSON). */
export const PROTOCOLS: readonly ProtocolDef[] = [
  {
    name: 'grpc',
    edgeRates: [
      { name: 'grpc', isTotal: true, precision: 2 },
      { name: 'grpcNoResponse', isErr: true, precision: 2 },
      { name: 'grpcErr', isErr: true, precision: 2 },
      { name: 'grpcPercentErr', isPercentErr: true, precision: 1 },
      { name: 'grpcPercentReq', isPercentReq: true, precision: 1 },
    ],
    nodeRates: [
      { name: 'grpcIn', isIn: true, precision: 2 },
      { name: 'grpcInNoResponse', isErr: true, precision: 2 },
      { name: 'grpcInErr', isErr: true, precision: 2 },
      { name: 'grpcOut', isOut: true, precision: 2 },
    ],
  },
  {
    name: 'http',
    edgeRates: [
      { name: 'http', isTotal: true, precision: 2 },
      { name: 'httpNoResponse', isErr: true, precision: 2 },
      { name: 'http3xx', precision: 2 },
      { name: 'http4xx', isErr: true, precision: 2 },
      { name: 'http5xx', isErr: true, precision: 2 },
      { name: 'httpPercentErr', isPercentErr: true, precision: 1 },
      { name: 'httpPercentReq', isPercentReq: true, precision: 1 },
    ],
    nodeRates: [
      { name: 'httpIn', isIn: true, precision: 2 },
      { name: 'httpInNoResponse', isErr: true, precision: 2 },
      { name: 'httpIn3xx', precision: 2 },
      { name: 'httpIn4xx', isErr: true, precision: 2 },
      { name: 'httpIn5xx', isErr: true, precision: 2 },
      { name: 'httpOut', isOut: true, precision: 2 },
    ],
  },
  {
    name: 'tcp',
    edgeRates: [{ name: 'tcp', isTotal: true, precision: 2 }],
    nodeRates: [
      { name: 'tcpIn', isIn: true, precision: 2 },
      { name: 'tcpOut', isOut: true, precision: 2 },
    ],
  },
];

function add(rates: Rates, key: string, v: number): void {
  if (!(v > 0)) return;
  rates[key] = (rates[key] ?? 0) + v;
}

function addResponse(responses: Responses, code: string, flags: string, host: string, v: number): void {
  const c = code === '' ? '-' : code;
  let detail = responses.get(c);
  if (!detail) responses.set(c, (detail = { flags: {}, hosts: {} }));
  if (flags !== '') detail.flags[flags] = (detail.flags[flags] ?? 0) + v;
  if (host !== '') detail.hosts[host] = (detail.hosts[host] ?? 0) + v;
}

/** 4xx or 5xx (`graph.IsHTTPErr`). */
export function isHTTPErr(code: string): boolean {
  return code.startsWith('4') || code.startsWith('5');
}

/** Any gRPC status but 0 (`graph.IsGRPCErr`). */
export function isGRPCErr(code: string): boolean {
  return code !== '0' && code !== '';
}

/**
 * Adds one sample's rate to the source node (out), destination node (in) and edge (`graph.AddToMetadata`).
 * HTTP errors are no-response (`-`) + 4xx + 5xx; gRPC errors are status ≠ 0 (or an HTTP error code).
 */
export function addToMetadata(
  protocol: string,
  val: number,
  code: string,
  flags: string,
  host: string,
  source: GraphNode,
  dest: GraphNode,
  edge: GraphEdge,
): void {
  if (!(val > 0)) return;
  switch (protocol) {
    case 'grpc':
      add(source.rates, 'grpcOut', val);
      add(dest.rates, 'grpcIn', val);
      add(edge.rates, 'grpc', val);
      addResponse(edge.responses, code, flags, host, val);
      if (code === '-') {
        add(dest.rates, 'grpcInNoResponse', val);
        add(edge.rates, 'grpcNoResponse', val);
      } else if (code.length === 3 ? isHTTPErr(code) : isGRPCErr(code)) {
        add(dest.rates, 'grpcInErr', val);
        add(edge.rates, 'grpcErr', val);
      }
      break;
    case 'http':
      add(source.rates, 'httpOut', val);
      add(dest.rates, 'httpIn', val);
      add(edge.rates, 'http', val);
      addResponse(edge.responses, code, flags, host, val);
      if (code === '-') {
        add(dest.rates, 'httpInNoResponse', val);
        add(edge.rates, 'httpNoResponse', val);
      } else if (code.startsWith('3')) {
        add(dest.rates, 'httpIn3xx', val);
        add(edge.rates, 'http3xx', val);
      } else if (code.startsWith('4')) {
        add(dest.rates, 'httpIn4xx', val);
        add(edge.rates, 'http4xx', val);
      } else if (code.startsWith('5')) {
        add(dest.rates, 'httpIn5xx', val);
        add(edge.rates, 'http5xx', val);
      }
      break;
    case 'tcp':
      add(source.rates, 'tcpOut', val);
      add(dest.rates, 'tcpIn', val);
      add(edge.rates, 'tcp', val);
      addResponse(edge.responses, '-', flags, host, val);
      break;
    default:
      break;
  }
}

const OUT_RATE: Record<string, string> = { grpc: 'grpcOut', http: 'httpOut', tcp: 'tcpOut' };

/** Adds an edge's total to its source's outgoing rate (`graph.AddOutgoingEdgeToMetadata`). */
export function addOutgoingEdge(source: GraphNode, edge: GraphEdge): void {
  for (const [p, out] of Object.entries(OUT_RATE)) {
    const v = edge.rates[p];
    if (v !== undefined) add(source.rates, out, v);
  }
}

/** Clears a node's outgoing rates (`graph.ResetOutgoingMetadata`). */
export function resetOutgoing(node: GraphNode): void {
  delete node.rates.grpcOut;
  delete node.rates.httpOut;
  delete node.rates.tcpOut;
}

/** Adds every node rate of `node` into `into` (`graph.AggregateNodeTraffic`). */
export function aggregateNodeTraffic(node: GraphNode, into: GraphNode): void {
  for (const p of PROTOCOLS) {
    for (const r of p.nodeRates) {
      const v = node.rates[r.name];
      if (v !== undefined) add(into.rates, r.name, v);
    }
  }
}

/**
 * Adds an edge's traffic into another edge of the same protocol (`graph.AggregateEdgeTraffic`), used when the
 * service graph or service entries merge edges. Response times are not merged: quantiles cannot be averaged
 * (kiali-2297). Unlike Kiali we also carry the no-response rates over.
 */
export function aggregateEdgeTraffic(edge: GraphEdge, into: GraphEdge): void {
  const p = PROTOCOLS.find((x) => x.name === edge.protocol);
  if (!p) return;
  for (const r of p.edgeRates) {
    if (r.isPercentErr || r.isPercentReq) continue;
    const v = edge.rates[r.name];
    if (v !== undefined) add(into.rates, r.name, v);
  }
  for (const [code, d] of edge.responses) {
    for (const [flags, v] of Object.entries(d.flags)) addResponse(into.responses, code, flags, '', v);
    for (const [host, v] of Object.entries(d.hosts)) addResponse(into.responses, code, '', host, v);
  }
}
