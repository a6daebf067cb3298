/**
 * KIA1501 and KIA1502, Kiali's `k8sgateways.multimatch` checks (kiali/kiali
 * `business/checkers/k8sgateways/multi_match_checker.go`): two Gateway API Gateways that claim the same listener
 * (hostname, port and protocol) or the same address (type and value). Differences from Kiali, on purpose: Gateways are
 * told apart by namespace and name (Kiali compares names only, so two `gateway`s in different namespaces never
 * collide), an address without `type` is an `IPAddress` (the CRD's default), and the message names the other
 * Gateways (Kiali lists them as references beside the message).
 */
import type { Gateway } from '@/lib/gateway-api';
import { indexPath } from '../path';
import type { IstioObject } from '../types';
import type { AnalysisContext } from './context';
import { worldOf } from './gateway-api';

const idOf = (g: Gateway) => `${g.metadata.namespace ?? 'default'}/${g.metadata.name}`;

/**
 * Groups the items every Gateway yields under a key and reports, on each item whose key another Gateway also
 * yields, `code` at the item's path with the other Gateways' `namespace/name` (sorted, comma-separated).
 */
function reportShared(
  ctx: AnalysisContext,
  gateways: readonly Gateway[],
  code: 'KIA1501' | 'KIA1502',
  items: (g: Gateway) => { key: string; path: string }[],
): void {
  const owners = new Map<string, Set<string>>();
  const perGateway = gateways.map((g) => ({ g, items: items(g) }));
  for (const { g, items: list } of perGateway)
    for (const { key } of list) owners.set(key, (owners.get(key) ?? new Set()).add(idOf(g)));
  for (const { g, items: list } of perGateway) {
    for (const { key, path } of list) {
      const others = [...(owners.get(key) ?? [])].filter((id) => id !== idOf(g)).sort();
      if (others.length > 0) ctx.report(g as unknown as IstioObject, code, path, [others.join(', ')]);
    }
  }
}

/** KIA1501 on each listener whose hostname, port and protocol another Gateway also listens on (listeners with a hostname only, as Kiali). */
function checkSharedListeners(ctx: AnalysisContext, gateways: readonly Gateway[]): void {
  reportShared(ctx, gateways, 'KIA1501', (g) =>
    (g.spec?.listeners ?? []).flatMap((l, i) =>
      l.hostname
        ? [{ key: `${l.hostname}|${l.port}|${l.protocol}`, path: `${indexPath('spec.listeners', i)}.hostname` }]
        : [],
    ),
  );
}

/** KIA1502 on each address whose type and value another Gateway also requests. */
function checkSharedAddresses(ctx: AnalysisContext, gateways: readonly Gateway[]): void {
  reportShared(ctx, gateways, 'KIA1502', (g) =>
    (g.spec?.addresses ?? []).map((a, i) => ({
      key: `${a.type ?? 'IPAddress'}|${a.value}`,
      path: `${indexPath('spec.addresses', i)}.value`,
    })),
  );
}

/** KIA1501 and KIA1502 over every Gateway API Gateway of the snapshot. */
export function checkGatewayMultiMatch(ctx: AnalysisContext): void {
  const gateways = worldOf(ctx).gateways;
  checkSharedListeners(ctx, gateways);
  checkSharedAddresses(ctx, gateways);
}
