/**
 * Istio annotations on Kubernetes objects (istio/istio `analyzers/annotations/annotations.go`,
 * `annotations.K8sAnalyzer`; and `analyzers/maturity/maturity.go`, `maturity.AlphaAnalyzer`), on the Namespaces,
 * Services, Pods and Deployments (their own metadata, not their pod template's) of the snapshot. Only annotations of
 * an `*istio.io` domain are looked at, and `kubernetes.io/ingress.class`, which Istio documents:
 * - IST0108 UnknownAnnotation: not in Istio's annotation table (lib/istio/checks/annotation-table.ts);
 * - IST0135 DeprecatedAnnotation: deprecated (not `sidecar.istio.io/inject` when the object also has the label);
 * - IST0107 MisplacedAnnotation: for other kinds (an annotation for `Any` kind is never misplaced);
 * - IST0125 InvalidAnnotation: a value the injector refuses (lib/istio/checks/annotation-values.ts);
 * - IST0136 AlphaAnnotation, only with `AnalyzeOptions.alphaAnnotations`: Istio leaves `maturity.AlphaAnalyzer` out
 *   of `istioctl analyze` ("too much noise") and runs it in `istioctl x precheck`. Never for `sidecar.istio.io/status`,
 *   `gateway.istio.io/controller-version` and `istio.io/rev`, nor for the capture annotations on a Pod without an
 *   `istio-init` init container (istiod sets them with CNI).
 */
import { childPath } from '../path';
import type { V1ObjectMeta } from '@kubernetes/client-node';
import type { Labels } from '../types';
import { ISTIO_ANNOTATIONS } from './annotation-table';
import { ANNOTATION_VALIDATION } from './annotation-values';
import type { AnalysisContext, ObjectRef } from './context';

const INJECT = 'sidecar.istio.io/inject';
const DEPRECATION_EXTRA: Record<string, string> = { [INJECT]: ' in favor of the "sidecar.istio.io/inject" label' };
const ALWAYS_IGNORED_ALPHA = new Set([
  'sidecar.istio.io/status',
  'gateway.istio.io/controller-version',
  'istio.io/rev',
]);
const IGNORED_ALPHA_WITH_CNI = new Set([
  'sidecar.istio.io/interceptionMode',
  'traffic.sidecar.istio.io/includeInboundPorts',
  'traffic.sidecar.istio.io/excludeInboundPorts',
  'traffic.sidecar.istio.io/includeOutboundIPRanges',
]);

/** `istioAnnotation`: the domain ends with `istio.io`, or the one Kubernetes annotation Istio documents. */
export const isIstioAnnotation = (name: string): boolean =>
  name === 'kubernetes.io/ingress.class' || name.split('/')[0]!.endsWith('istio.io');

interface Annotated {
  obj: ObjectRef;
  kind: 'Namespace' | 'Service' | 'Pod' | 'Deployment';
  annotations: Record<string, string>;
  labels: Labels;
  /** A Pod without an `istio-init` init container (`isCNIEnabled`). */
  cni?: boolean;
}

function annotatedObjects(ctx: AnalysisContext): Annotated[] {
  const out: Annotated[] = [];
  for (const ns of ctx.snapshot.namespaces)
    if (ns.annotations)
      out.push({
        obj: { kind: 'Namespace', metadata: { name: ns.name } },
        kind: 'Namespace',
        annotations: ns.annotations,
        labels: ns.labels ?? {},
      });
  const own = (kind: 'Service' | 'Pod', meta: V1ObjectMeta | undefined, extra: Partial<Annotated> = {}) => {
    if (meta?.annotations)
      out.push({
        obj: { kind, metadata: { name: meta.name, namespace: meta.namespace } },
        kind,
        annotations: meta.annotations,
        labels: meta.labels ?? {},
        ...extra,
      });
  };
  for (const svc of ctx.snapshot.services) own('Service', svc.metadata);
  for (const pod of ctx.snapshot.pods)
    own('Pod', pod.metadata, { cni: !(pod.spec?.initContainers ?? []).some((c) => c.name === 'istio-init') });
  for (const w of ctx.snapshot.workloads)
    if (w.kind === 'Deployment' && w.ownMetadata)
      out.push({
        obj: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: w.name, namespace: w.namespace } },
        kind: 'Deployment',
        annotations: w.ownMetadata.annotations,
        labels: w.ownMetadata.labels,
      });
  return out;
}

/** IST0108, IST0135, IST0107 and IST0125 (`annotations.K8sAnalyzer`). */
export function checkAnnotations(ctx: AnalysisContext): void {
  for (const { obj, kind, annotations, labels } of annotatedObjects(ctx))
    for (const name of Object.keys(annotations).sort()) {
      if (!isIstioAnnotation(name)) continue;
      const path = childPath('metadata.annotations', name);
      const def = ISTIO_ANNOTATIONS.get(name);
      if (!def) {
        ctx.report(obj, 'IST0108', path, [name]);
        continue;
      }
      if (def.deprecated && !(name === INJECT && labels[INJECT] !== undefined))
        ctx.report(obj, 'IST0135', path, [name, DEPRECATION_EXTRA[name] ?? '']);
      if (def.resources.includes('Any')) continue;
      if (!(def.resources as string[]).includes(kind)) {
        ctx.report(obj, 'IST0107', path, [name, def.resources.join(', ')]);
        continue;
      }
      const problem = ANNOTATION_VALIDATION.get(name)?.(annotations[name]!);
      if (problem) ctx.report(obj, 'IST0125', path, [name, problem]);
    }
}

/** IST0136 (`maturity.AlphaAnalyzer`), when `ctx.alphaAnnotations`. */
export function checkAlphaAnnotations(ctx: AnalysisContext): void {
  if (!ctx.alphaAnnotations) return;
  for (const { obj, annotations, cni } of annotatedObjects(ctx))
    for (const name of Object.keys(annotations).sort()) {
      if (!isIstioAnnotation(name) || ISTIO_ANNOTATIONS.get(name)?.featureStatus !== 'Alpha') continue;
      if (ALWAYS_IGNORED_ALPHA.has(name) || (cni && IGNORED_ALPHA_WITH_CNI.has(name))) continue;
      ctx.report(obj, 'IST0136', childPath('metadata.annotations', name), [name]);
    }
}
