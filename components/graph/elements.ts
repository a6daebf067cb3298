/**
 * Kiali graph JSON → cytoscape element definitions (pure). Each element gets a small `data` (id, parent, label)
 * and classes the stylesheet keys on: node type and shape, health, flags, protocol. The full Kiali data stays
 * in the API response; panels and find/hide read it from there by id.
 */
import type { ElementDefinition } from 'cytoscape';
import type { EdgeDataJson, KialiGraphJson, NodeDataJson } from '@/lib/graph/types';
import { EDGE_LABEL_MODES, type EdgeLabelMode } from '@/lib/query/graph';
import { compact, num } from '@/components/format';
import { edgeRate } from '@/lib/graph/summary';
import { ICON } from './glyphs';

export interface MapOptions {
  edgeLabels: readonly EdgeLabelMode[];
  showSecurity: boolean;
  /** Large-graph mode: no compound boxes (cytoscape's costliest feature). */
  large: boolean;
}

export type HealthClass = 'healthy' | 'degraded' | 'failure' | 'na' | 'idle';

/** Node badges as label glyphs (the app's icon font, glyphs.ts), in display order; the legend lists the same. */
export const BADGES = [
  { key: 'root', glyph: ICON.root, label: 'Traffic source', test: (d: NodeDataJson) => !!d.isRoot },
  { key: 'gateway', glyph: ICON.gateway, label: 'Gateway', test: (d: NodeDataJson) => !!d.isGateway },
  {
    key: 'vs',
    glyph: ICON.vs,
    label: 'Virtual service / request routing',
    test: (d: NodeDataJson) => !!d.hasVS || !!d.hasRequestRouting,
  },
  {
    key: 'ts',
    glyph: ICON.ts,
    label: 'Traffic shifting',
    test: (d: NodeDataJson) => !!d.hasTrafficShifting || !!d.hasTCPTrafficShifting,
  },
  {
    key: 'route',
    glyph: ICON.route,
    label: 'Gateway API route (HTTPRoute, GRPCRoute, TCPRoute)',
    test: (d: NodeDataJson) => !!d.hasK8sRoutes?.length,
  },
  { key: 'cb', glyph: ICON.cb, label: 'Circuit breaker', test: (d: NodeDataJson) => !!d.hasCB },
  { key: 'fi', glyph: ICON.fi, label: 'Fault injection', test: (d: NodeDataJson) => !!d.hasFaultInjection },
  { key: 'mirror', glyph: ICON.mirror, label: 'Mirroring', test: (d: NodeDataJson) => !!d.hasMirroring },
  { key: 'timeout', glyph: ICON.timeout, label: 'Request timeout', test: (d: NodeDataJson) => !!d.hasRequestTimeout },
  { key: 'sidecar', glyph: ICON.sidecar, label: 'Missing sidecar', test: (d: NodeDataJson) => !!d.isOutOfMesh },
  {
    key: 'ambient',
    glyph: ICON.ambient,
    label: 'Ambient (ztunnel, no sidecar)',
    test: (d: NodeDataJson) => !!d.isAmbient && !d.isWaypoint,
  },
  {
    key: 'waypoint',
    glyph: ICON.waypoint,
    label: 'Waypoint proxy (ambient L7)',
    test: (d: NodeDataJson) => !!d.isWaypoint,
  },
] as const;

export const LOCK_GLYPH = ICON.lock;

/** The node's health class: the server's `healthData.status.status`; idle nodes grey, no data `na` (never healthy). */
export function nodeHealth(d: NodeDataJson): HealthClass {
  if (d.isIdle) return 'idle';
  const status = d.healthData?.status?.status;
  if (status === 'Failure') return 'failure';
  if (status === 'Degraded') return 'degraded';
  if (status === 'Healthy') return 'healthy';
  return 'na';
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

/** Badge glyphs of a node, e.g. ICON.vs + ICON.cb. */
export function nodeBadges(d: NodeDataJson): string {
  return BADGES.filter((b) => b.test(d))
    .map((b) => b.glyph)
    .join('');
}

/** One label's text for an edge ("" when the edge has no such value): Kiali's edge label texts. */
export function edgeLabelPart(d: EdgeDataJson, mode: EdgeLabelMode): string {
  const rates = d.traffic?.rates ?? {};
  const protocol = d.traffic?.protocol ?? '';
  const rate = edgeRate(d);
  if (mode === 'trafficRate') {
    if (rate === null || rate <= 0) return '';
    if (protocol === 'tcp') return compact.bytesRate(rate);
    const err = num(rates[`${protocol}PercentErr`]);
    return err !== null && err > 0 ? `${compact.rate(rate)}\n${compact.percent(err)}` : compact.rate(rate);
  }
  if (mode === 'trafficDistribution') {
    const pct = num(rates[`${protocol}PercentReq`]);
    return pct !== null && pct > 0 ? compact.percent(pct) : '';
  }
  if (mode.startsWith('rt')) {
    const ms = num(d.responseTime);
    return ms !== null && ms > 0 ? compact.ms(ms) : '';
  }
  const bps = num(d.throughput);
  return bps !== null && bps > 0 ? compact.bytesRate(bps) : '';
}

/**
 * The edge's label: each selected label's text on its own line, in EDGE_LABEL_MODES order (Kiali shows several at
 * once), and the mTLS lock first when security badges are on.
 */
export function edgeLabel(d: EdgeDataJson, modes: readonly EdgeLabelMode[], showSecurity: boolean): string {
  const text = EDGE_LABEL_MODES.filter((m) => modes.includes(m))
    .map((m) => edgeLabelPart(d, m))
    .filter(Boolean)
    .join('\n');
  const mtls = num(d.isMTLS);
  if (showSecurity && mtls !== null && mtls > 0) return text ? `${LOCK_GLYPH} ${text}` : LOCK_GLYPH;
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
  if (d.isWaypoint) c.push('waypoint'); // the layout keeps a waypoint between its clients and what it serves
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
        label: edgeLabel(d, opts.edgeLabels, opts.showSecurity),
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
