'use client';
import { useMemo, useState } from 'react';
import { sel } from '@/components/test-ids';
import type { IstioConfigObject, ServiceRoutingTarget } from '@/lib/contracts/istio-config';
import { jsonEqual } from '@/lib/istio/editor/merge3';
import {
  applyRouteShifting,
  applyTcpRouteShifting,
  httpPort,
  httpRouteKind,
  initialRoute,
  markRouteWizard,
  routeErrors,
  routeShiftingState,
  tcpPort,
  versionBackends,
  type AnyRule,
  type WizardRoute,
} from '@/lib/istio/forms/gateway-api';
import { weightErrors } from '@/lib/istio/forms/wizards';
import { useRemoveObjects, useSave } from '@/lib/query/save';
import { DeleteButton } from '../../dialogs';
import { impactServices } from '../../impact-data';
import { ImpactPreview } from '../../impact-preview';
import { ShiftingTab } from '../shifting-tab';
import { savedText, useTargetWorkloads, useWizardPlan, WIZARDS, WizardFrame } from '../wizard-save';
import { asHttpRules, RouteRulesTab } from './route-rules-tab';
import { RouteTimeoutsTab } from './route-timeouts-tab';
import styles from '../../istio.module.css';

/** The wizards the Gateway API offers (no fault injection, no traffic policy: the API has neither). */
const GATEWAY_API_IDS = ['traffic-shifting', 'request-routing', 'timeouts', 'tcp-traffic-shifting'] as const;
type WizardId = (typeof GATEWAY_API_IDS)[number];
export const GATEWAY_API_WIZARDS = WIZARDS.filter((w): w is Extract<(typeof WIZARDS)[number], { id: WizardId }> =>
  (GATEWAY_API_IDS as readonly string[]).includes(w.id),
);
/** The routes the wizard writes, in the order it previews and saves them. */
const ROUTES = ['http', 'tcp'] as const;
const HTTP_TABS: ReadonlySet<WizardId> = new Set(['traffic-shifting', 'request-routing', 'timeouts']);

/** The routes a service's Gateway API wizard edits, as the cluster has them (null: none yet). */
export interface RouteOriginals {
  /** The HTTPRoute (GRPCRoute for a gRPC service) whose parentRef is the service. */
  http: IstioConfigObject | null;
  tcp: IstioConfigObject | null;
}

interface Props {
  target: ServiceRoutingTarget;
  /** Every service of the target's namespace (the version Services are among them). */
  services: ServiceRoutingTarget[];
  initialOriginals: RouteOriginals;
  canWrite: boolean;
  /** The `?wizard=` asked for: a tab id, or one the Gateway API does not have (a note says so). */
  wizard: string | null;
}

const asObject = (r: WizardRoute) => r as unknown as IstioConfigObject;

/**
 * The service wizards over the Gateway API: Traffic Shifting (with mirroring), Request Routing, Timeouts & Retries on
 * the service's HTTPRoute (GRPCRoute for gRPC), TCP Traffic Shifting on its TCPRoute — routes for mesh traffic with
 * the Service as parent (GAMMA), backends the Services of each version. The same save flow as the VirtualService
 * wizards: live validation, dry run, review with diff and the impact on observed traffic, write.
 */
export function GatewayApiWizard({ target, services, initialOriginals, canWrite, wizard }: Props) {
  const [originals, setOriginals] = useState<RouteOriginals>(initialOriginals);
  const asked = GATEWAY_API_WIZARDS.find((w) => w.id === wizard)?.id;
  const [tab, setTab] = useState<WizardId>(asked ?? 'traffic-shifting');
  const kind = httpRouteKind(target);
  const hp = httpPort(target)?.port ?? target.ports[0]?.port ?? 80;
  const tp = tcpPort(target)?.port ?? hp;
  const backends = useMemo(() => versionBackends(target, services, hp), [target, services, hp]);
  const tcpBackends = useMemo(() => versionBackends(target, services, tp), [target, services, tp]);
  const [httpRoute, setHttpRoute] = useState(() => initialRoute(target, kind, originals.http, hp));
  const [tcpRoute, setTcpRoute] = useState(() => initialRoute(target, 'TCPRoute', originals.tcp, tp));
  const [shifting, setShifting] = useState(() => routeShiftingState(httpRoute, backends));
  const [tcpShifting, setTcpShifting] = useState(() => routeShiftingState(tcpRoute, tcpBackends));
  const [touched, setTouched] = useState<WizardId[]>([]);
  const [savedNote, setSavedNote] = useState<string | null>(null);
  const touch = (id: WizardId) => setTouched((t) => [...t.filter((x) => x !== id), id]);
  /** The change of a shifting tab: keep its state, mark it touched, and apply it to its route (HTTP or TCP). */
  const shift = (id: 'traffic-shifting' | 'tcp-traffic-shifting') => (s: typeof shifting) => {
    touch(id);
    if (id === 'traffic-shifting') {
      setShifting(s);
      setHttpRoute((r) => applyRouteShifting(r, target, backends, s, hp));
    } else {
      setTcpShifting(s);
      setTcpRoute((r) => applyTcpRouteShifting(r, target, tcpBackends, s, tp));
    }
  };

  const built = useMemo(() => {
    const lastOf = (ids: (id: WizardId) => boolean) => [...touched].reverse().find(ids);
    const mark = (route: WizardRoute, original: IstioConfigObject | null, wizardId: WizardId | undefined) => {
      if (!original && !wizardId) return null;
      if (original && jsonEqual(route.spec, original.spec)) return original;
      return asObject(markRouteWizard(route, wizardId ?? tab));
    };
    return {
      http: mark(
        httpRoute,
        originals.http,
        lastOf((id) => HTTP_TABS.has(id)),
      ),
      tcp: mark(
        tcpRoute,
        originals.tcp,
        lastOf((id) => id === 'tcp-traffic-shifting'),
      ),
    };
  }, [httpRoute, tcpRoute, originals, touched, tab]);
  const plan = useWizardPlan(originals, built, ROUTES);
  const { validation, changes } = plan;
  const save = useSave({
    onSaved: (saved) => {
      setSavedNote(savedText(saved));
      const http = saved.find((x) => x.kind === kind);
      const tcp = saved.find((x) => x.kind === 'TCPRoute');
      setOriginals((o) => ({ http: http ?? o.http, tcp: tcp ?? o.tcp }));
      // Continue from what the API stored (with its defaults), so an unchanged wizard offers no write.
      if (http) setHttpRoute(initialRoute(target, kind, http, hp));
      if (tcp) setTcpRoute(initialRoute(target, 'TCPRoute', tcp, tp));
    },
  });
  const remove = useRemoveObjects();
  const formErrors = [
    ...(built.http ? routeErrors(built.http as unknown as WizardRoute) : []),
    ...(built.tcp ? routeErrors(built.tcp as unknown as WizardRoute).map((e) => `TCPRoute: ${e}`) : []),
  ];
  const shiftErrors = tab === 'traffic-shifting' ? weightErrors(shifting) : [];
  const blocked =
    formErrors.length > 0 || shiftErrors.length > 0 || validation.errors === null || validation.errors > 0;
  const workloads = useTargetWorkloads(target);
  const impactSvcs = useMemo(() => impactServices(services), [services]);
  const setRules = (id: WizardId, rules: AnyRule[]) => {
    touch(id);
    setHttpRoute((r) => ({ ...r, spec: { ...r.spec, rules } }));
  };
  const existing = [originals.http, originals.tcp].filter((o): o is IstioConfigObject => !!o);
  const versionless = backends.length === 1 && backends[0]!.version === null;
  const impact = (
    <ImpactPreview before={null} after={null} changes={changes} workloads={workloads} services={impactSvcs} />
  );

  return (
    <WizardFrame
      target={target}
      actions={
        canWrite &&
        existing.length > 0 && (
          <span data-testid={sel.istio.wizardDeleteRouting}>
            <DeleteButton
              what={`the Gateway API routes of ${target.name} (${existing.map((o) => `${o.kind} ${o.metadata.name}`).join(', ')})`}
              onConfirm={async () => {
                await remove(existing);
                const none = { http: null, tcp: null };
                const h = initialRoute(target, kind, null, hp);
                const t = initialRoute(target, 'TCPRoute', null, tp);
                setOriginals(none);
                setTouched([]);
                setHttpRoute(h);
                setTcpRoute(t);
                setShifting(routeShiftingState(h, backends));
                setTcpShifting(routeShiftingState(t, tcpBackends));
                setSavedNote(`Gateway API routes deleted (${existing.map((o) => o.kind).join(', ')}).`);
              }}
            />
          </span>
        )
      }
      notes={
        <>
          <p className={styles.note}>
            Writes {kind}
            {tab === 'tcp-traffic-shifting' ? ' / TCPRoute' : ''} with the Service as parent (mesh traffic, GAMMA) ·
            backends: {backends.map((b) => (b.version ? `${b.service} (${b.version})` : b.service)).join(', ')}
          </p>
          {versionless && (
            <p className={styles.warn}>
              No Service selects a single version of {target.name}: the Gateway API splits traffic between Services, so
              shifting between versions needs one Service per version (e.g. {target.name}-v1 selecting{' '}
              <code>version: v1</code>), as Istio’s samples define them.
            </p>
          )}
          {wizard && !asked && (
            <p className={styles.warn}>
              The Gateway API has no “{wizard}” routing: use the Istio API (VirtualService, DestinationRule) for it.
            </p>
          )}
        </>
      }
      tabs={GATEWAY_API_WIZARDS}
      onTab={setTab}
      {...{ savedNote, tab, formErrors, save, blocked, canWrite }}
      below={impact}
      plan={plan}
      review={impact}
    >
      {tab === 'traffic-shifting' && <ShiftingTab protocol="http" state={shifting} onChange={shift(tab)} />}
      {tab === 'tcp-traffic-shifting' && <ShiftingTab protocol="tcp" state={tcpShifting} onChange={shift(tab)} />}
      {tab === 'request-routing' && (
        <RouteRulesTab
          kind={kind}
          rules={httpRoute.spec?.rules ?? []}
          backends={backends}
          port={hp}
          onChange={(r) => setRules('request-routing', r)}
        />
      )}
      {tab === 'timeouts' && (
        <RouteTimeoutsTab
          kind={kind}
          rules={asHttpRules(httpRoute.spec?.rules ?? [])}
          onChange={(r) => setRules('timeouts', r)}
        />
      )}
    </WizardFrame>
  );
}
