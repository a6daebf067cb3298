/**
 * What the side panel shows of a node or an edge, computed from the graph JSON (pure; the graph's own summary is
 * lib/graph/summary.ts): a node's inbound/outbound traffic by protocol, and an edge's rate, errors, response codes and
 * security.
 * Error figures are ratios in [0, 1]; a missing value is `null`, never 0.
 */
import type { EdgeDataJson, NodeDataJson } from '@/lib/graph/types';
import { num } from '@/components/format';
import { edgeErrorRate, edgeRate } from '@/lib/graph/summary';

export interface DirectionTraffic {
  rate: number | null;
  errorRatio: number | null;
}

export interface NodeTraffic {
  protocol: 'http' | 'grpc' | 'tcp';
  inbound: DirectionTraffic;
  outbound: DirectionTraffic;
}

/** A node's inbound/outbound rate per protocol from its `traffic[]` rates (inbound errors as a ratio). */
export function nodeTraffic(d: NodeDataJson): NodeTraffic[] {
  const out: NodeTraffic[] = [];
  for (const t of d.traffic ?? []) {
    const p = t.protocol;
    if (p !== 'http' && p !== 'grpc' && p !== 'tcp') continue;
    const r = t.rates ?? {};
    const inRate = num(r[`${p}In`]);
    let inErr: number | null = null;
    if (p === 'http') inErr = (num(r.httpInNoResponse) ?? 0) + (num(r.httpIn4xx) ?? 0) + (num(r.httpIn5xx) ?? 0);
    if (p === 'grpc') inErr = (num(r.grpcInNoResponse) ?? 0) + (num(r.grpcInErr) ?? 0);
    out.push({
      protocol: p,
      inbound: { rate: inRate, errorRatio: inRate && inErr !== null ? inErr / inRate : null },
      outbound: { rate: num(r[`${p}Out`]), errorRatio: null },
    });
  }
  return out;
}

export interface ResponseRow {
  code: string;
  /** Percent of the edge's requests (the JSON's unit). */
  percent: number | null;
  flags: { flag: string; percent: number | null }[];
  hosts: { host: string; percent: number | null }[];
}

export interface EdgeSummary {
  protocol: string;
  rate: number | null;
  errorRatio: number | null;
  /** Percent of the source's outbound requests. */
  percentOfSource: number | null;
  responseTimeMs: number | null;
  throughputBytes: number | null;
  mtlsPercent: number | null;
  sourcePrincipal: string | null;
  destPrincipal: string | null;
  responses: ResponseRow[];
}

/** An edge's figures for the panel; response codes sorted by share, largest first. */
export function edgeSummary(d: EdgeDataJson): EdgeSummary {
  const protocol = d.traffic?.protocol ?? 'http';
  const rate = edgeRate(d);
  const rates = d.traffic?.rates ?? {};
  const responses: ResponseRow[] = Object.entries(d.traffic?.responses ?? {}).map(([code, detail]) => {
    const flags = Object.entries(detail.flags ?? {}).map(([flag, p]) => ({ flag, percent: num(p) }));
    const hosts = Object.entries(detail.hosts ?? {}).map(([host, p]) => ({ host, percent: num(p) }));
    const percent = flags.reduce<number | null>((acc, f) => (f.percent === null ? acc : (acc ?? 0) + f.percent), null);
    return { code, percent, flags, hosts };
  });
  responses.sort((a, b) => (b.percent ?? 0) - (a.percent ?? 0));
  return {
    protocol,
    rate,
    errorRatio: protocol === 'tcp' || !rate ? null : edgeErrorRate(d) / rate,
    percentOfSource: num(rates[`${protocol}PercentReq`]),
    responseTimeMs: num(d.responseTime),
    throughputBytes: num(d.throughput),
    mtlsPercent: num(d.isMTLS),
    sourcePrincipal: d.sourcePrincipal || null,
    destPrincipal: d.destPrincipal || null,
    responses,
  };
}
