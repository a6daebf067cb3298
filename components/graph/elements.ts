/**
 * Kiali graph JSON → cytoscape element definitions (pure). Each element gets a small `data` (id, parent, label)
 * and classes the stylesheet keys on: node type and shape, health, flags, protocol. The full Kiali data stays
 * in the API response; panels and find/hide read it from there by id.
 */
import type { ElementDefinition } from 'cytoscape';
import type { EdgeDataJson, KialiGraphJson, NodeDataJson } from '@/lib/graph/types';
import type { EdgeLabelMode } from '@/lib/query/graph';
import { compact, num } from '@/components/format';

export interface MapOptions {
  edgeLabel: EdgeLabelMode;
  showSecurity: boolean;
  /** Large-graph mode: no compound boxes (cytoscape's costliest feature). */
  large: boolean;
  /** The mTLS marker (default the lock emoji; "mTLS" where no font draws it). */
  lock?: string;
}

export type HealthClass = 'healthy' | 'degraded' | 'failure' | 'na' | 'idle';

/** Node badges as label glyphs, in display order; the legend lists the same glyphs. */
export const BADGES = [
  { key: 'root', glyph: '➲', label: 'Traffic source', test: (d: NodeDataJson) => !!d.isRoot },
  { key: 'gateway', glyph: '⇥', label: 'Gateway', test: (d: NodeDataJson) => !!d.isGateway },
  {
    key: 'vs',
    glyph: '⎇',
    label: 'Virtual service / request routing',
    test: (d: NodeDataJson) => !!d.hasVS || !!d.hasRequestRouting,
  },
  {
    key: 'ts',
    glyph: '⇄',
    label: 'Traffic shifting',
    test: (d: NodeDataJson) => !!d.hasTrafficShifting || !!d.hasTCPTrafficShifting,
  },
  {
    key: 'route',
    glyph: '⤳',
    label: 'Gateway API route (HTTPRoute, GRPCRoute, TCPRoute)',
    test: (d: NodeDataJson) => !!d.hasK8sRoutes?.length,
  },
  { key: 'cb', glyph: '⚡', label: 'Circuit breaker', test: (d: NodeDataJson) => !!d.hasCB },
  { key: 'fi', glyph: '⊘', label: 'Fault injection', test: (d: NodeDataJson) => !!d.hasFaultInjection },
  { key: 'mirror', glyph: '⇉', label: 'Mirroring', test: (d: NodeDataJson) => !!d.hasMirroring },
  { key: 'timeout', glyph: '◷', label: 'Request timeout', test: (d: NodeDataJson) => !!d.hasRequestTimeout },
  { key: 'sidecar', glyph: '⚠', label: 'Missing sidecar', test: (d: NodeDataJson) => !!d.isOutOfMesh },
  {
    key: 'ambient',
    glyph: 'Ⓐ',
    label: 'Ambient (ztunnel, no sidecar)',
    test: (d: NodeDataJson) => !!d.isAmbient && !d.isWaypoint,
  },
  { key: 'waypoint', glyph: '⛉', label: 'Waypoint proxy (ambient L7)', test: (d: NodeDataJson) => !!d.isWaypoint },
] as const;

export const LOCK_GLYPH = '🔒';

/** The node's health class: the server's `healthData.status.status`; idle nodes grey, no data `na` (never healthy). */
export function nodeHealth(d: NodeDataJson): HealthClass {
  if (d.isIdle) return 'idle';
  const status = d.healthData?.status?.status;
  if (status === 'Failure') return 'failure';
  if (status === 'Degraded') return 'degraded';
  if (status === 'Healthy') return 'healthy';
  return 'na';
}

/** Total rate of an edge in its protocol's unit (rps, or bytes/s for TCP); null when there is none. */
export function edgeRate(d: EdgeDataJson): number | null {
  const protocol = d.traffic?.protocol;
  return protocol ? num(d.traffic.rates?.[protocol]) : null;
}

/** The edge's health class: idle (no traffic) grey, otherwise the server's `healthStatus`. */
export function edgeHealth(d: EdgeDataJson): HealthClass {
  const rate = edgeRate(d);
  if (rate === null || rate === 0) return 'idle';
  if (d.healthStatus === 'Failure') return 'failure';
  if (d.healthStatus === 'Degraded') return 'degraded';
  if (d.healthStatus === 'Healthy') return 'healthy';
  return 'na';
}

/** Display name of a node (Kiali's label rules): versions inside app boxes show only the version. */
export function nodeName(d: NodeDataJson, inAppBox: boolean): string {
  if (d.nodeType === 'box') {
    if (d.isBox === 'app') return d.app ?? '';
    if (d.isBox === 'cluster') return d.cluster;
    return d.namespace;
  }
  if (d.nodeType === 'unknown') return 'unknown';
  if (d.nodeType === 'service') return d.service ?? d.app ?? '';
  if (d.nodeType === 'aggregate') return d.aggregate?.split('=')[1] ?? d.aggregate ?? '';
  if (d.nodeType === 'app') {
    if (d.version && inAppBox) return d.version;
    return d.version ? `${d.app ?? ''}\n${d.version}` : (d.app ?? d.workload ?? '');
  }
  return d.workload ?? d.app ?? '';
}

/** Badge glyphs of a node, e.g. "⎇⚡". */
export function nodeBadges(d: NodeDataJson): string {
  return BADGES.filter((b) => b.test(d))
    .map((b) => b.glyph)
    .join('');
}

/** The edge's label text for the selected label mode (and the mTLS lock when security badges are on). */
export function edgeLabel(d: EdgeDataJson, mode: EdgeLabelMode, showSecurity: boolean, lock = LOCK_GLYPH): string {
  const rates = d.traffic?.rates ?? {};
  const protocol = d.traffic?.protocol ?? '';
  let text = '';
  const rate = edgeRate(d);
  if (mode === 'trafficRate' && rate !== null && rate > 0) {
    if (protocol === 'tcp') text = compact.bytesRate(rate);
    else {
      text = compact.rate(rate);
      const err = num(rates[`${protocol}PercentErr`]);
      if (err !== null && err > 0) text += `\n${compact.percent(err)}`;
    }
  } else if (mode === 'trafficDistribution') {
    const pct = num(rates[`${protocol}PercentReq`]);
    if (pct !== null && pct > 0) text = compact.percent(pct);
  } else if (mode.startsWith('rt')) {
    const ms = num(d.responseTime);
    if (ms !== null && ms > 0) text = compact.ms(ms);
  } else if (mode.startsWith('throughput')) {
    const bps = num(d.throughput);
    if (bps !== null && bps > 0) text = compact.bytesRate(bps);
  }
  const mtls = num(d.isMTLS);
  if (showSecurity && mtls !== null && mtls > 0) text = text ? `${lock} ${text}` : lock;
  return text;
}

function nodeClasses(d: NodeDataJson): string[] {
  if (d.nodeType === 'box') return ['box', `box-${d.isBox ?? 'namespace'}`, ...(d.isOutside ? ['outside'] : [])];
  const c: string[] = [d.isServiceEntry ? 'serviceentry' : d.nodeType, nodeHealth(d)];
  if (d.isOutside) c.push('outside');
  if (d.isInaccessible) c.push('inaccessible');
  if (d.isRoot) c.push('root');
  if (d.isGateway) c.push('gateway');
  if (d.isOutOfMesh) c.push('outofmesh');
  return c;
}

const BOX_ORDER: Record<string, number> = { cluster: 0, namespace: 1, app: 2 };

/** Cytoscape elements for the graph: boxes first (parents before children), then nodes, then edges. */
export function toCyElements(json: KialiGraphJson, opts: MapOptions): ElementDefinition[] {
  const rawNodes = json.elements?.nodes ?? [];
  const byId = new Map(rawNodes.map((n) => [n.data.id, n.data]));
  const nsBoxed = rawNodes.some((n) => n.data.isBox === 'namespace');
  const boxes: ElementDefinition[] = [];
  const nodes: ElementDefinition[] = [];
  for (const { data: d } of rawNodes) {
    const isBox = d.nodeType === 'box';
    if (isBox && opts.large) continue;
    const parentData = d.parent ? byId.get(d.parent) : undefined;
    const parent = !opts.large && parentData ? d.parent : undefined;
    let label = nodeName(d, !opts.large && parentData?.isBox === 'app');
    if (!isBox) {
      const badges = nodeBadges(d);
      if (badges) label = `${badges} ${label}`;
      if (d.isOutside && (!nsBoxed || opts.large) && d.namespace !== 'unknown') label += `\n(${d.namespace})`;
    }
    const el: ElementDefinition = {
      group: 'nodes',
      data: parent ? { id: d.id, parent, label } : { id: d.id, label },
      classes: nodeClasses(d).join(' '),
    };
    (isBox ? boxes : nodes).push(el);
  }
  const rank = (el: ElementDefinition) => BOX_ORDER[byId.get(String(el.data.id))?.isBox ?? ''] ?? 9;
  boxes.sort((a, b) => rank(a) - rank(b));
  const edges: ElementDefinition[] = (json.elements?.edges ?? [])
    .filter((e) => byId.has(e.data.source) && byId.has(e.data.target))
    .map(({ data: d }) => ({
      group: 'edges',
      data: {
        id: d.id,
        source: d.source,
        target: d.target,
        label: edgeLabel(d, opts.edgeLabel, opts.showSecurity, opts.lock),
      },
      // a `to` edge carrying the waypoint's edge back is drawn bi-directional (Kiali's waypoint edges)
      classes: [d.traffic?.protocol || 'http', edgeHealth(d), ...(d.waypoint?.fromEdge ? ['waypoint-both'] : [])].join(
        ' ',
      ),
    }));
  return [...boxes, ...nodes, ...edges];
}

/** Number of elements the graph would draw; above `LARGE_GRAPH_THRESHOLD` the page switches to large mode. */
export function elementCount(json: KialiGraphJson): number {
  return (json.elements?.nodes?.length ?? 0) + (json.elements?.edges?.length ?? 0);
}

export const LARGE_GRAPH_THRESHOLD = 1000;
