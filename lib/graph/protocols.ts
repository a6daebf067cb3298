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

/**
 * The rates of a request protocol (gRPC, HTTP): on the edge the total, the no-response rate, one rate per response
 * class (`classes`: name suffix and whether it counts as an error), the error % and the request %; on the
 * destination node the same as `In` rates, and the source's `Out` rate.
 */
function requestProtocol(name: 'grpc' | 'http', classes: [suffix: string, isErr: boolean][]): ProtocolDef {
  const classRates = (prefix: string): RateDef[] =>
    classes.map(([suffix, isErr]) => ({ name: `${prefix}${suffix}`, ...(isErr && { isErr }), precision: 2 }));
  return {
    name,
    edgeRates: [
      { name, isTotal: true, precision: 2 },
      { name: `${name}NoResponse`, isErr: true, precision: 2 },
      ...classRates(name),
      { name: `${name}PercentErr`, isPercentErr: true, precision: 1 },
      { name: `${name}PercentReq`, isPercentReq: true, precision: 1 },
    ],
    nodeRates: [
      { name: `${name}In`, isIn: true, precision: 2 },
      { name: `${name}InNoResponse`, isErr: true, precision: 2 },
      ...classRates(`${name}In`),
      { name: `${name}Out`, isOut: true, precision: 2 },
    ],
  };
}

/** gRPC, HTTP, TCP in Kiali's order (the order of `traffic[]` in node JSON). */
export const PROTOCOLS: readonly ProtocolDef[] = [
  requestProtocol('grpc', [['Err', true]]),
  requestProtocol('http', [
    ['3xx', false],
    ['4xx', true],
    ['5xx', true],
  ]),
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
 * The rate class of a response code, as a rate name suffix: `NoResponse` for `-`; gRPC `Err` for a status ≠ 0 (or
 * an HTTP error code); HTTP `3xx`, `4xx` or `5xx`; none for a success.
 */
function responseClass(protocol: 'grpc' | 'http', code: string): string | undefined {
  if (code === '-') return 'NoResponse';
  if (protocol === 'grpc') return (code.length === 3 ? isHTTPErr(code) : isGRPCErr(code)) ? 'Err' : undefined;
  const first = code.charAt(0);
  return first === '3' || first === '4' || first === '5' ? `${first}xx` : undefined;
}

/**
 * Adds one sample's rate to the source node (out), destination node (in) and edge (`graph.AddToMetadata`).
 * HTTP errors are no-response (`-`) + 4xx + 5xx; gRPC errors are status ≠ 0 (or an HTTP error code). TCP has no
 * response codes (its responses are kept under `-`). Other protocols add nothing.
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
  if (protocol !== 'grpc' && protocol !== 'http' && protocol !== 'tcp') return;
  const names = RATE_NAMES[protocol];
  add(source.rates, names.out, val);
  add(dest.rates, names.in, val);
  add(edge.rates, protocol, val);
  if (protocol === 'tcp') {
    addResponse(edge.responses, '-', flags, host, val);
    return;
  }
  addResponse(edge.responses, code, flags, host, val);
  const cls = responseClass(protocol, code);
  if (cls === undefined) return;
  add(dest.rates, names.inClass[cls] ?? `${protocol}In${cls}`, val);
  add(edge.rates, names.edgeClass[cls] ?? `${protocol}${cls}`, val);
}

/** Rate names `addToMetadata` writes, spelled once per protocol rather than per row. */
const RATE_NAMES = Object.fromEntries(
  (['grpc', 'http', 'tcp'] as const).map((p) => {
    const classes = ['NoResponse', 'Err', '3xx', '4xx', '5xx'];
    return [
      p,
      {
        out: `${p}Out`,
        in: `${p}In`,
        inClass: Object.fromEntries(classes.map((c) => [c, `${p}In${c}`])) as Record<string, string>,
        edgeClass: Object.fromEntries(classes.map((c) => [c, `${p}${c}`])) as Record<string, string>,
      },
    ];
  }),
) as Record<
  'grpc' | 'http' | 'tcp',
  { out: string; in: string; inClass: Record<string, string>; edgeClass: Record<string, string> }
>;

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
