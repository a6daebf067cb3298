/**
 * `image: auto` without injection (istio/istio `analyzers/injection/injection-image.go`, `injection.ImageAutoAnalyzer`):
 * - IST0147 ImageAutoWithoutInjectionError: a Pod whose `istio-proxy` container still has `image: auto` (injection
 *   did not run, so the pod cannot start);
 * - IST0146 ImageAutoWithoutInjectionWarning: a Deployment whose template has one, when no Istio injection webhook
 *   (a webhook of a MutatingWebhookConfiguration named `*istio.io`) matches both its Namespace's labels (none when
 *   the Namespace is not in the snapshot) and its template's labels (an absent selector matches everything).
 * IST0146 runs only when the MutatingWebhookConfigurations are known (files: those given, possibly none; a live
 * cluster's are not read), and on Deployments read from files (a live cluster's templates' containers are not read).
 */
import { selectorMatches, type LabelSelector } from '@/lib/gateway-api';
import { hasAutoImage } from '../snapshot';
import type { Labels } from '../types';
import type { AnalysisContext } from './context';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const selector = (v: unknown): LabelSelector | undefined => (isObject(v) ? (v as LabelSelector) : undefined);

/** IST0146 and IST0147. */
export function checkImageAuto(ctx: AnalysisContext): void {
  for (const pod of ctx.snapshot.pods) {
    if (!hasAutoImage(pod.spec)) continue;
    const name = pod.metadata?.name ?? '';
    const metadata = { name, namespace: pod.metadata?.namespace || 'default' };
    ctx.report({ kind: 'Pod', metadata }, 'IST0147', '', ['Pod', name]);
  }
  const configurations = ctx.snapshot.webhookConfigurations;
  if (!configurations) return;
  const webhooks = configurations
    .flatMap((mwc) => (Array.isArray(mwc.webhooks) ? mwc.webhooks : []))
    .filter((w): w is Json => isObject(w) && String(w.name ?? '').endsWith('istio.io'));
  const declared = new Map(ctx.snapshot.namespaces.map((ns) => [ns.name, ns.labels ?? {}] as const));
  for (const w of ctx.snapshot.workloads) {
    if (w.kind !== 'Deployment' || !w.autoImage) continue;
    const nsLabels: Labels = declared.get(w.namespace) ?? {};
    const injected = webhooks.some(
      (h) =>
        selectorMatches(selector(h.namespaceSelector), nsLabels) &&
        selectorMatches(selector(h.objectSelector), w.labels),
    );
    if (injected) continue;
    const obj = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: w.name, namespace: w.namespace } };
    ctx.report(obj, 'IST0146', '', ['Deployment', w.name]);
  }
}
