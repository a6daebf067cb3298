/**
 * Operands and flags of the graph Find/Hide language (Kiali `frontend/src/pages/Graph/GraphFind.tsx`,
 * `GraphHelpFind.tsx`; reference/kiali.md §1.1), evaluated over Kiali graph JSON `data`. Isomorphic.
 */
import type { EdgeDataJson, NodeDataJson } from './types';

export type FindTarget = 'node' | 'edge';
/** Node data may carry client-side attributes such as `rank`. */
export type FindNodeData = NodeDataJson & { rank?: number };
export type FindData = FindNodeData | EdgeDataJson;

export interface ValueOperand {
  target: FindTarget;
  kind: 'string' | 'number';
  /**
   * string operands: the value (undefined when absent), or every value of a many-valued operand (`route`: a term
   * holds when one of them matches, its `!` form when none does); number operands: the value or NaN ("no activity").
   */
  get: (d: FindData) => string | number | undefined | string[];
  /** Validates / normalises a value (e.g. `node = svc`); returns an error message for a bad one. */
  normalize?: (value: string) => string | { error: string };
}

export interface FlagOperand {
  target: FindTarget;
  test: (d: FindData) => boolean;
}

function nodeRate(protocol: string, rate: string) {
  return (d: FindData): number => {
    const t = (d as FindNodeData).traffic?.find((p) => p.protocol === protocol);
    const v = t?.rates?.[rate];
    return v === undefined ? NaN : Number(v);
  };
}

function edgeRate(protocol: string, rate: string) {
  return (d: FindData): number => {
    const t = (d as EdgeDataJson).traffic;
    const v = t?.protocol === protocol ? t.rates?.[rate] : undefined;
    return v === undefined ? NaN : Number(v);
  };
}

function num(v: string | undefined): number {
  return v === undefined || v === '' ? NaN : Number(v);
}

const str = (key: keyof NodeDataJson) => (d: FindData) => {
  const v = (d as NodeDataJson)[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
};

/**
 * The routes that govern a node, each as `name` and `namespace/name`: Gateway API routes (`hasK8sRoutes`) and
 * VirtualServices (`virtualServices`). Meshscope's `route = <name>`; Kiali's find/hide has no route-name operand
 * (only the `vs`/`virtualservice` flag), so the name follows Meshscope's `route` flag.
 */
function routeNames(d: FindData): string[] {
  const node = d as NodeDataJson;
  return [...(node.hasK8sRoutes ?? []), ...(node.virtualServices ?? [])].flatMap((r) => [
    r.name,
    `${r.namespace}/${r.name}`,
  ]);
}

const NODE_TYPES: Record<string, string> = {
  app: 'app',
  service: 'service',
  svc: 'service',
  workload: 'workload',
  wl: 'workload',
  unknown: 'unknown',
  op: 'aggregate',
  operation: 'aggregate',
  aggregate: 'aggregate',
  box: 'box',
};

const n = (o: Omit<ValueOperand, 'target'>): ValueOperand => ({ target: 'node', ...o });
const e = (o: Omit<ValueOperand, 'target'>): ValueOperand => ({ target: 'edge', ...o });

/** Value operands by lower-case name (aliases included). `name` and `label:<k>` are handled by the parser. */
export const VALUE_OPERANDS: Record<string, ValueOperand> = {
  app: n({ kind: 'string', get: str('app') }),
  cluster: n({ kind: 'string', get: str('cluster') }),
  namespace: n({ kind: 'string', get: str('namespace') }),
  ns: n({ kind: 'string', get: str('namespace') }),
  service: n({ kind: 'string', get: str('service') }),
  svc: n({ kind: 'string', get: str('service') }),
  version: n({ kind: 'string', get: str('version') }),
  workload: n({ kind: 'string', get: str('workload') }),
  wl: n({ kind: 'string', get: str('workload') }),
  operation: n({
    kind: 'string',
    get: (d) => (d as NodeDataJson).aggregate?.split('=').slice(1).join('=') || undefined,
  }),
  op: n({ kind: 'string', get: (d) => (d as NodeDataJson).aggregate?.split('=').slice(1).join('=') || undefined }),
  node: n({
    kind: 'string',
    get: str('nodeType'),
    normalize: (v) =>
      NODE_TYPES[v.toLowerCase()] ?? {
        error: `Invalid node type [${v}]. Expected app | operation | service | unknown | workload`,
      },
  }),
  grpcin: n({ kind: 'number', get: nodeRate('grpc', 'grpcIn') }),
  grpcout: n({ kind: 'number', get: nodeRate('grpc', 'grpcOut') }),
  httpin: n({ kind: 'number', get: nodeRate('http', 'httpIn') }),
  httpout: n({ kind: 'number', get: nodeRate('http', 'httpOut') }),
  tcpin: n({ kind: 'number', get: nodeRate('tcp', 'tcpIn') }),
  tcpout: n({ kind: 'number', get: nodeRate('tcp', 'tcpOut') }),
  route: n({ kind: 'string', get: routeNames }),
  rank: n({
    kind: 'number',
    get: (d) => ((d as FindNodeData).rank === undefined ? NaN : Number((d as FindNodeData).rank)),
  }),
  grpc: e({ kind: 'number', get: edgeRate('grpc', 'grpc') }),
  '%grpcerr': e({ kind: 'number', get: edgeRate('grpc', 'grpcPercentErr') }),
  '%grpcerror': e({ kind: 'number', get: edgeRate('grpc', 'grpcPercentErr') }),
  '%grpctraffic': e({ kind: 'number', get: edgeRate('grpc', 'grpcPercentReq') }),
  http: e({ kind: 'number', get: edgeRate('http', 'http') }),
  '%httperr': e({ kind: 'number', get: edgeRate('http', 'httpPercentErr') }),
  '%httperror': e({ kind: 'number', get: edgeRate('http', 'httpPercentErr') }),
  '%httptraffic': e({ kind: 'number', get: edgeRate('http', 'httpPercentReq') }),
  tcp: e({ kind: 'number', get: edgeRate('tcp', 'tcp') }),
  responsetime: e({ kind: 'number', get: (d) => num((d as EdgeDataJson).responseTime) }),
  rt: e({ kind: 'number', get: (d) => num((d as EdgeDataJson).responseTime) }),
  throughput: e({ kind: 'number', get: (d) => num((d as EdgeDataJson).throughput) }),
  protocol: e({ kind: 'string', get: (d) => (d as EdgeDataJson).traffic?.protocol || undefined }),
  destprincipal: e({ kind: 'string', get: (d) => (d as EdgeDataJson).destPrincipal || undefined }),
  sourceprincipal: e({ kind: 'string', get: (d) => (d as EdgeDataJson).sourcePrincipal || undefined }),
};

const has = (key: string) => (d: FindData) => {
  const v = (d as unknown as Record<string, unknown>)[key];
  return v !== undefined && v !== false && v !== null && v !== '';
};

function healthy(d: FindData): boolean {
  const h = (d as NodeDataJson).healthData;
  return !!h && 'status' in h && h.status?.status === 'Healthy';
}

function hasTraffic(d: FindData): boolean {
  const rates = (d as EdgeDataJson).traffic?.rates ?? {};
  return Object.values(rates).some((v) => Number(v) > 0);
}

const nf = (test: FlagOperand['test']): FlagOperand => ({ target: 'node', test });

/** A Gateway API route of `kind` governs the node (Meshscope's `hasK8sRoutes`). */
const routeOfKind = (kind: string) => (d: FindData) =>
  ((d as NodeDataJson).hasK8sRoutes ?? []).some((r) => r.kind === kind);

/**
 * Flags (unary operands) by lower-case name. Meshscope adds Gateway API ones: `gateway`/`gw` (any gateway node),
 * `gatewayapi`/`gwapi` (a Gateway API gateway), `route`/`k8sroute` (a Gateway API route governs the node) and
 * `httproute`, `grpcroute`, `tcproute` by route kind.
 */
export const FLAG_OPERANDS: Record<string, FlagOperand> = {
  circuitbreaker: nf(has('hasCB')),
  cb: nf(has('hasCB')),
  dead: nf(has('isDead')),
  faultinjection: nf(has('hasFaultInjection')),
  fi: nf(has('hasFaultInjection')),
  gateway: nf(has('isGateway')),
  gw: nf(has('isGateway')),
  gatewayapi: nf(has('isK8sGatewayAPI')),
  gwapi: nf(has('isK8sGatewayAPI')),
  healthy: nf(healthy),
  idle: nf(has('isIdle')),
  inaccessible: nf(has('isInaccessible')),
  mirroring: nf(has('hasMirroring')),
  mi: nf(has('hasMirroring')),
  k8sroute: nf(has('hasK8sRoutes')),
  route: nf(has('hasK8sRoutes')),
  httproute: nf(routeOfKind('HTTPRoute')),
  grpcroute: nf(routeOfKind('GRPCRoute')),
  tcproute: nf(routeOfKind('TCPRoute')),
  outside: nf(has('isOutside')),
  outsider: nf(has('isOutside')),
  outofmesh: nf(has('isOutOfMesh')),
  om: nf(has('isOutOfMesh')),
  sidecar: nf((d) => !has('isOutOfMesh')(d)),
  sc: nf((d) => !has('isOutOfMesh')(d)),
  requestrouting: nf(has('hasRequestRouting')),
  rr: nf(has('hasRequestRouting')),
  requesttimeout: nf(has('hasRequestTimeout')),
  rto: nf(has('hasRequestTimeout')),
  serviceentry: nf(has('isServiceEntry')),
  se: nf(has('isServiceEntry')),
  tcptrafficshifting: nf(has('hasTCPTrafficShifting')),
  tcpts: nf(has('hasTCPTrafficShifting')),
  trafficshifting: nf(has('hasTrafficShifting')),
  ts: nf(has('hasTrafficShifting')),
  trafficsource: nf(has('isRoot')),
  root: nf(has('isRoot')),
  virtualservice: nf(has('hasVS')),
  vs: nf(has('hasVS')),
  workloadentry: nf(has('hasWorkloadEntry')),
  we: nf(has('hasWorkloadEntry')),
  mtls: { target: 'edge', test: (d) => Number((d as EdgeDataJson).isMTLS ?? 0) > 0 },
  traffic: { target: 'edge', test: hasTraffic },
};

/** Every operand and flag name, once each (`route` is both), for autocompletion (Tab in Kiali's Find/Hide boxes). */
export const FIND_OPERAND_NAMES: readonly string[] = [
  ...new Set([...Object.keys(VALUE_OPERANDS), 'name', 'label:', ...Object.keys(FLAG_OPERANDS)]),
].sort();
