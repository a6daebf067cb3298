'use client';
import type { ServiceRoutingTarget } from '@/lib/contracts/istio-config';
import { httpRouteKind, type RouteApi } from '@/lib/istio/forms/gateway-api';
import { pluralOf } from '@/lib/istio/kinds';
import { findObject } from '@/lib/query/istio';
import { ApiRadioGroup } from '../../api-radio-group';
import styles from '../../istio.module.css';
import type { RouteOriginals } from './route-wizard';

/**
 * The routes a service's Gateway API wizard starts from: of the routes whose parentRef is the service, those in its
 * own namespace (producer routes; a consumer route in another namespace governs only that namespace's callers), the
 * one named after the service first, else the first by name; per kind (HTTPRoute or GRPCRoute, and TCPRoute).
 */
export async function loadRouteOriginals(target: ServiceRoutingTarget): Promise<RouteOriginals> {
  const pick = (kind: string) =>
    (target.routes ?? [])
      .filter((r) => r.kind === kind && r.namespace === target.namespace)
      .sort(
        (a, b) => Number(b.name === target.name) - Number(a.name === target.name) || a.name.localeCompare(b.name),
      )[0];
  const load = (kind: string) => {
    const r = pick(kind);
    return r
      ? findObject(target.namespace, pluralOf('gateway.networking.k8s.io', kind), r.name)
      : Promise.resolve(null);
  };
  const [http, tcp] = await Promise.all([load(httpRouteKind(target)), load('TCPRoute')]);
  return { http, tcp };
}

const CHOICES = [
  ['gateway-api', 'Gateway API (HTTPRoute, GRPCRoute, TCPRoute)'],
  ['istio', 'Istio API (VirtualService, DestinationRule)'],
] as const;

/**
 * Which API the service wizards write, shown when the cluster serves the Gateway API. The default (Gateway API when
 * no VirtualService routes the service) is chosen by the page; the note says what exists already.
 */
export function RouteApiChoice({
  api,
  onChange,
  target,
}: {
  api: RouteApi;
  onChange: (api: RouteApi) => void;
  target: ServiceRoutingTarget;
}) {
  const existing = [
    ...target.virtualServices.map((v) => `VirtualService ${v}`),
    ...(target.routes ?? []).map(
      (r) => `${r.kind} ${r.namespace === target.namespace ? '' : `${r.namespace}/`}${r.name}`,
    ),
  ];
  return (
    <ApiRadioGroup title="Routing API" name="route-api" choices={CHOICES} api={api} onChange={onChange}>
      <span className={styles.note}>
        {existing.length ? `Routed now by ${existing.join(', ')}.` : 'Not routed yet.'}
      </span>
    </ApiRadioGroup>
  );
}
