'use client';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'next/navigation';
import { useMemo, useState } from 'react';
import type { IstioConfigObject } from '@/lib/contracts/istio-config';
import type { ServiceRoutingTarget, ServiceRoutingTargets } from '@/lib/contracts/istio-config';
import { defaultRouteApi, type RouteApi } from '@/lib/istio/forms/gateway-api';
import { jsonEqual } from '@/lib/istio/editor/merge3';
import { routingFromForm, type HttpRuleForm, type RoutingForm, type RoutingObjects } from '@/lib/istio/forms/routing';
import {
  applyTcpShifting,
  applyTrafficShifting,
  defaultHttpRule,
  initialRouting,
  markWizard,
  routingErrors,
  ruleOptionsRules,
  serviceHost,
  shiftingState,
  tcpPortChoices,
  type ShiftingState,
} from '@/lib/istio/forms/wizards';
import { apiFetch } from '@/lib/query/fetch';
import { findObject } from '@/lib/query/istio';
import { queryKeys } from '@/lib/query/keys';
import { useRemoveObjects, useSave } from '@/lib/query/save';
import { ErrorState } from '@/components/ui/states';
import { ImpactPreview } from '../impact-preview';
import { BlockingFindings, useIntroducedErrors } from '../live-validation';
import { useCanWrite } from '../view-only';
import { loadRouteOriginals, RouteApiChoice } from './gateway-api/route-api-choice';
import { GatewayApiWizard } from './gateway-api/route-wizard';
import { PolicyTab } from './policy-tab';
import { RuleOptionsTab } from './rule-options-tab';
import { RulesTab } from './rules-tab';
import { ShiftingTab } from './shifting-tab';
import { WizardDeleteButton } from './wizard-delete';
import { savedText, useTargetWorkloads, useWizardPlan, WIZARDS, WizardFrame, type WizardId } from './wizard-save';
import styles from '../istio.module.css';

/**
 * `/istio/wizards/{ns}/{service}[?wizard=…&api=istio|gateway-api]`: loads the service, its current VirtualService and
 * DestinationRule and its Gateway API routes, and opens the wizards of the API chosen (`api`, else the Gateway API
 * when the cluster serves it and no VirtualService routes the service); a choice above the wizards switches API.
 */
export function WizardPage({ namespace, service }: { namespace: string; service: string }) {
  const data = useQuery({
    queryKey: queryKeys.istio.wizard(namespace, service),
    queryFn: async () => {
      const { services, gatewayApi } = await apiFetch<ServiceRoutingTargets>(
        `/api/istio/services?namespaces=${namespace}`,
      );
      const target = services.find((s) => s.name === service);
      if (!target) throw Object.assign(new Error(`Service ${namespace}/${service} was not found`), { status: 404 });
      const [virtualService, destinationRule, routes] = await Promise.all([
        target.virtualServices[0] ? findObject(namespace, 'virtualservices', target.virtualServices[0]) : null,
        target.destinationRules[0] ? findObject(namespace, 'destinationrules', target.destinationRules[0]) : null,
        gatewayApi ? loadRouteOriginals(target) : { http: null, tcp: null },
      ]);
      return { target, services, gatewayApi, routes, originals: { virtualService, destinationRule } };
    },
    staleTime: Infinity,
    refetchInterval: false,
  });
  const canWrite = useCanWrite(namespace);
  const search = useSearchParams();
  // `?api=istio|gateway-api` picks the API (links, tests); otherwise the default below.
  const [api, setApi] = useState<RouteApi | null>(() => {
    const asked = search.get('api');
    return asked === 'istio' || asked === 'gateway-api' ? asked : null;
  });
  if (data.isError)
    return (
      <ErrorState
        title={`Cannot load service ${namespace}/${service}`}
        error={data.error}
        onRetry={() => void data.refetch()}
      />
    );
  if (data.isPending || canWrite === null) return <p className="muted">Loading {service}…</p>;
  const { target, gatewayApi, routes } = data.data;
  const chosen =
    api ??
    defaultRouteApi({
      served: gatewayApi,
      virtualServices: target.virtualServices.length,
      routes: (target.routes ?? []).filter((r) => r.namespace === target.namespace).length,
    });
  return (
    <>
      {gatewayApi && <RouteApiChoice api={chosen} onChange={setApi} target={target} />}
      {chosen === 'gateway-api' ? (
        <GatewayApiWizard
          target={target}
          services={data.data.services}
          initialOriginals={routes}
          canWrite={canWrite}
          wizard={search.get('wizard')}
        />
      ) : (
        <WizardEditor target={target} initialOriginals={data.data.originals} canWrite={canWrite} />
      )}
    </>
  );
}

/** The objects the wizards write, in the order they preview and save them. */
const OBJECTS = ['destinationRule', 'virtualService'] as const;
type Originals = { virtualService: IstioConfigObject | null; destinationRule: IstioConfigObject | null };

interface EditorProps {
  target: ServiceRoutingTarget;
  initialOriginals: Originals;
  canWrite: boolean;
}

function WizardEditor({ target, initialOriginals, canWrite }: EditorProps) {
  // What the cluster has; replaced by what the API returned after each save (the inventory may lag a few seconds).
  const [originals, setOriginals] = useState<Originals>(initialOriginals);
  const search = useSearchParams();
  const initialTab = (WIZARDS.find((w) => w.id === search.get('wizard'))?.id ?? 'traffic-shifting') as WizardId;
  const [tab, setTab] = useState<WizardId>(initialTab);
  const [form, setForm] = useState<RoutingForm>(() => initialRouting(target, originals as RoutingObjects));
  const subsets = useMemo(() => (form.destinationRule?.subsets ?? []).map((s) => s.name), [form.destinationRule]);
  const [shifting, setShifting] = useState<ShiftingState>(() => shiftingState(form, subsets, 'http'));
  const ports = useMemo(() => tcpPortChoices(target), [target]);
  const [tcpShifting, setTcpShifting] = useState<ShiftingState>(() => shiftingState(form, subsets, 'tcp', ports));
  const [touched, setTouched] = useState<Set<WizardId>>(new Set());
  const [savedNote, setSavedNote] = useState<string | null>(null);
  const host = serviceHost(target);
  const touch = (id: WizardId) => setTouched((t) => new Set(t).add(id));
  /** The change of a shifting tab: keep its state, mark it touched, and apply it to the VirtualService (HTTP or TCP). */
  const shift = (id: 'traffic-shifting' | 'tcp-traffic-shifting') => (s: ShiftingState) => {
    touch(id);
    if (id === 'traffic-shifting') {
      setShifting(s);
      setForm((f) => applyTrafficShifting(f, host, s));
    } else {
      setTcpShifting(s);
      setForm((f) => applyTcpShifting(f, host, s));
    }
  };

  const built = useMemo(() => {
    const objs = routingFromForm(form, originals as RoutingObjects);
    const wizard = [...touched].pop() ?? tab;
    // An object whose spec the wizard did not change stays exactly as it is (no needless write).
    const mark = (obj: Record<string, unknown> | null, original: IstioConfigObject | null) =>
      (original && obj && jsonEqual(obj.spec, original.spec)
        ? original
        : markWizard(obj, wizard, !original)) as IstioConfigObject | null;
    const routes = form.virtualService?.http?.length || form.virtualService?.tcp?.length;
    return {
      destinationRule: mark(objs.destinationRule, originals.destinationRule),
      virtualService: routes ? mark(objs.virtualService, originals.virtualService) : null,
    };
  }, [form, originals, touched, tab]);
  const plan = useWizardPlan(originals, built, OBJECTS);
  const { objects, validation, changes, writes } = plan;
  // The live objects' own findings: errors they already have do not block the save (issue 16, ratings).
  const baseline = useMemo(
    () =>
      objects.map((o) =>
        o.kind === 'VirtualService'
          ? originals.virtualService
          : o.kind === 'DestinationRule'
            ? originals.destinationRule
            : null,
      ),
    [objects, originals],
  );
  const findings = useIntroducedErrors(objects, validation, baseline);
  const save = useSave({
    onSaved: (saved) => {
      setSavedNote(savedText(saved));
      setOriginals((o) => ({
        virtualService: saved.find((x) => x.kind === 'VirtualService') ?? o.virtualService,
        destinationRule: saved.find((x) => x.kind === 'DestinationRule') ?? o.destinationRule,
      }));
    },
  });
  const remove = useRemoveObjects();
  const formErrors = routingErrors(form);
  const blocked = formErrors.length > 0 || findings.blocking === null || findings.blocking > 0 || writes.length === 0;

  const setRules = (id: WizardId, http: HttpRuleForm[]) => {
    touch(id);
    setForm((f) => ({ ...f, virtualService: f.virtualService ? { ...f.virtualService, http } : f.virtualService }));
  };
  const workloads = useTargetWorkloads(target);

  return (
    <WizardFrame
      target={target}
      actions={
        canWrite &&
        (originals.virtualService || originals.destinationRule) && (
          <WizardDeleteButton
            service={target.name}
            objects={[originals.virtualService, originals.destinationRule]}
            onConfirm={async (chosen) => {
              await remove(chosen);
              const gone = new Set(chosen.map((o) => o.kind));
              const next = {
                virtualService: gone.has('VirtualService') ? null : originals.virtualService,
                destinationRule: gone.has('DestinationRule') ? null : originals.destinationRule,
              };
              const fresh = initialRouting(target, next as RoutingObjects);
              const freshSubsets = (fresh.destinationRule?.subsets ?? []).map((x) => x.name);
              setOriginals(next);
              setForm(fresh);
              setTouched(new Set());
              setShifting(shiftingState(fresh, freshSubsets, 'http'));
              setTcpShifting(shiftingState(fresh, freshSubsets, 'tcp', ports));
              setSavedNote(`Deleted ${chosen.map((o) => `${o.kind} ${o.metadata.name}`).join(' and ')}.`);
            }}
          />
        )
      }
      notes={
        <p className={styles.note}>
          Workloads:{' '}
          {target.workloads.map((w) => `${w.name}${w.labels.version ? ` (${w.labels.version})` : ''}`).join(', ') ||
            'none'}{' '}
          · subsets: {subsets.join(', ') || 'none'}
        </p>
      }
      tabs={WIZARDS}
      onTab={setTab}
      {...{ savedNote, tab, formErrors, save, blocked, canWrite }}
      below={
        writes.length > 0 && (
          <>
            <BlockingFindings findings={findings} />
            <ImpactPreview before={null} after={null} changes={changes} workloads={workloads} />
          </>
        )
      }
      plan={plan}
      review={<ImpactPreview before={null} after={null} changes={changes} workloads={workloads} />}
    >
      {tab === 'traffic-shifting' && <ShiftingTab protocol="http" state={shifting} onChange={shift(tab)} />}
      {tab === 'tcp-traffic-shifting' && (
        <ShiftingTab
          protocol="tcp"
          state={tcpShifting}
          ports={ports}
          onPort={(port) => {
            // another port: show (and from now on edit) that port's rule
            const next = shiftingState(
              {
                ...form,
                virtualService: form.virtualService && {
                  ...form.virtualService,
                  tcp: (form.virtualService.tcp ?? []).filter((r) => r.match?.some((m) => m.port === port)),
                },
              },
              subsets,
              'tcp',
              ports,
            );
            setTcpShifting({ ...next, port });
          }}
          onChange={shift(tab)}
        />
      )}
      {tab === 'request-routing' && (
        <RulesTab
          rules={form.virtualService?.http ?? []}
          subsets={subsets}
          host={host}
          onChange={(r) => setRules('request-routing', r)}
        />
      )}
      {(tab === 'fault-injection' || tab === 'timeouts') && (
        <RuleOptionsTab
          mode={tab === 'fault-injection' ? 'fault' : 'timeouts'}
          rules={ruleOptionsRules(form, host)}
          creating={!form.virtualService?.http?.length ? host : null}
          onChange={(r) => {
            // the created catch-all rule with nothing set again is no rule: nothing to write
            const bare = r.length === 1 && !r[0]!.fault && !r[0]!.timeout && !r[0]!.retries;
            setRules(tab, bare && jsonEqual(r[0]!.route, defaultHttpRule(host).route) ? [] : r);
          }}
        />
      )}
      {tab === 'traffic-policy' && (
        <PolicyTab
          policy={form.destinationRule?.trafficPolicy}
          onChange={(p) => {
            touch('traffic-policy');
            setForm((f) => ({
              ...f,
              destinationRule: f.destinationRule ? { ...f.destinationRule, trafficPolicy: p } : null,
            }));
          }}
        />
      )}
    </WizardFrame>
  );
}
