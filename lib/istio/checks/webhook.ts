/**
 * IST0139 InvalidWebhook (istio/istio `analyzers/webhook/webhook.go`, `webhook.Analyzer`), on the
 * MutatingWebhookConfigurations of the snapshot (files; a live cluster's are not read) that are Istio's (a webhook
 * named `*istio.io`, or a revision in the `istio.io/rev` label or in a webhook's selectors):
 * - two injection webhooks that a namespace and a pod labelled as users label them (`istio-injection` absent, enabled
 *   or disabled; `sidecar.istio.io/inject` absent, true or false; each with and without every revision's
 *   `istio.io/rev`) would both match: "Webhook overlaps with others: [...]", reported on each;
 * - a webhook whose `clientConfig.service` names a Service the snapshot lacks.
 */
import { selectorMatches, type LabelSelector } from '@/lib/gateway-api';
import type { Labels } from '../types';
import type { AnalysisContext } from './context';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

interface Webhook {
  /** `configuration/webhook`, as Istio names it in the message. */
  id: string;
  configuration: { kind: string; metadata: { name: string } };
  index: number;
  namespaceSelector?: LabelSelector;
  objectSelector?: LabelSelector;
  service?: { namespace: string; name: string };
}

const REV = 'istio.io/rev';

function selector(v: unknown): LabelSelector | undefined {
  return isObject(v) ? (v as LabelSelector) : undefined;
}

/** The revisions a configuration serves (`extractRevisions`). */
function revisionsOf(labels: Labels, hooks: Webhook[]): string[] {
  const revs = new Set<string>();
  if (labels[REV] !== undefined) revs.add(labels[REV]);
  for (const h of hooks)
    for (const sel of [h.namespaceSelector, h.objectSelector]) {
      const value = sel?.matchLabels?.[REV];
      if (typeof value === 'string') revs.add(value);
      for (const e of sel?.matchExpressions ?? []) if (e.key === REV) for (const v of e.values ?? []) revs.add(v);
    }
  return [...revs];
}

/** Label sets with and without each revision (`getNamespaceLabels`/`getObjectLabels` permutations). */
function permutations(key: string, values: string[], revisions: string[]): Labels[] {
  const base: Labels[] = [{}, ...values.map((v) => ({ [key]: v }))];
  return [...base, ...revisions.flatMap((rev) => base.map((l) => ({ ...l, [REV]: rev })))];
}

function istioWebhooks(ctx: AnalysisContext): { hooks: Webhook[]; revisions: string[] } {
  const hooks: Webhook[] = [];
  const revisions = new Set<string>();
  for (const mwc of ctx.snapshot.webhookConfigurations ?? []) {
    const meta = isObject(mwc.metadata) ? mwc.metadata : {};
    const name = String(meta.name ?? '');
    const labels = (isObject(meta.labels) ? meta.labels : {}) as Labels;
    const list = Array.isArray(mwc.webhooks) ? mwc.webhooks : [];
    const own: Webhook[] = list.map((raw, index) => {
      const w = isObject(raw) ? raw : {};
      const svc = isObject(w.clientConfig) && isObject(w.clientConfig.service) ? w.clientConfig.service : undefined;
      return {
        id: `${name}/${String(w.name ?? '')}`,
        configuration: { kind: 'MutatingWebhookConfiguration', metadata: { name } },
        index,
        namespaceSelector: selector(w.namespaceSelector),
        objectSelector: selector(w.objectSelector),
        ...(svc ? { service: { namespace: String(svc.namespace ?? ''), name: String(svc.name ?? '') } } : {}),
      };
    });
    const revs = revisionsOf(labels, own);
    const isIstio = list.some((w) => isObject(w) && String(w.name ?? '').endsWith('istio.io'));
    if (revs.length === 0 && !isIstio) continue;
    hooks.push(...own);
    for (const r of revs) revisions.add(r);
  }
  return { hooks, revisions: [...revisions].sort() };
}

/** IST0139. */
export function checkWebhooks(ctx: AnalysisContext): void {
  const { hooks, revisions } = istioWebhooks(ctx);
  if (hooks.length === 0) return;
  const overlapping = new Map<Webhook, Set<string>>();
  for (const ns of permutations('istio-injection', ['enabled', 'disabled'], revisions))
    for (const obj of permutations('sidecar.istio.io/inject', ['true', 'false'], revisions)) {
      const matches = hooks.filter(
        (h) => selectorMatches(h.namespaceSelector, ns) && selectorMatches(h.objectSelector, obj),
      );
      if (matches.length < 2) continue;
      for (const h of matches) {
        const others = overlapping.get(h) ?? new Set<string>();
        for (const o of matches) if (o !== h) others.add(o.id);
        overlapping.set(h, others);
      }
    }
  // Istio reports once per overlapping permutation; identical messages collapse (`SortedDedupedCopy`): one per set
  for (const [h, others] of overlapping)
    ctx.report(h.configuration, 'IST0139', `webhooks[${h.index}]`, [
      `Webhook overlaps with others: [${[...others].sort().join(' ')}]. This may cause injection to occur twice.`,
    ]);
  const services = new Set(ctx.services.map((s) => `${s.metadata?.namespace || 'default'}/${s.metadata?.name ?? ''}`));
  for (const h of hooks) {
    if (!h.service || services.has(`${h.service.namespace}/${h.service.name}`)) continue;
    ctx.report(h.configuration, 'IST0139', `webhooks[${h.index}].clientConfig.service`, [
      `Injector refers to a control plane service that does not exist: ${h.service.namespace}/${h.service.name}.`,
    ]);
  }
}
