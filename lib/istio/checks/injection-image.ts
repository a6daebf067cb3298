/**
 * IST0158 PodsIstioProxyImageMismatchInNamespace (istio/istio `analyzers/injection/injection-image.go`,
 * `injection.ImageAnalyzer`): in a Namespace labelled for injection (`istio-injection=enabled`, or `istio.io/rev`,
 * whose revision picks the injector ConfigMap), the Pods whose `istio-proxy` container runs another image than the one
 * the injector ConfigMap (`istio-sidecar-injector[-revision]`, lib/istio/checks/injector-config.ts) would inject;
 * reported once on the Namespace with the pods' names. Pods annotated `sidecar.istio.io/proxyImage` are skipped, and
 * nothing is reported when no injector ConfigMap is in the snapshot (files; a live cluster's are not read).
 */
import type { AnalysisContext } from './context';
import { INJECTOR_CONFIG_MAP, injectorConfigMapName, injectorProxyImage } from './injector-config';

/** IST0158. */
export function checkProxyImages(ctx: AnalysisContext): void {
  const images = new Map<string, string>();
  for (const cm of ctx.snapshot.configMaps ?? [])
    if (cm.name.startsWith(INJECTOR_CONFIG_MAP)) images.set(cm.name, injectorProxyImage(cm));
  if (images.size === 0) return;
  const injected = new Map<string, string>();
  for (const ns of ctx.snapshot.namespaces) {
    const rev = ns.labels?.['istio.io/rev'];
    if (rev !== undefined) injected.set(ns.name, rev);
    else if (ns.labels?.['istio-injection'] === 'enabled') injected.set(ns.name, 'default');
  }
  const mismatched = new Map<string, string[]>();
  for (const pod of ctx.snapshot.pods) {
    const namespace = pod.metadata?.namespace || 'default';
    const revision = injected.get(namespace);
    if (revision === undefined || pod.metadata?.annotations?.['sidecar.istio.io/proxyImage']) continue;
    const expected = images.get(injectorConfigMapName(revision));
    if (expected === undefined) continue;
    for (const c of pod.spec?.containers ?? [])
      if (c.name === 'istio-proxy' && (c.image ?? '') !== expected)
        mismatched.set(namespace, [...(mismatched.get(namespace) ?? []), pod.metadata?.name ?? '']);
  }
  for (const [namespace, pods] of mismatched)
    ctx.report({ kind: 'Namespace', metadata: { name: namespace } }, 'IST0158', '', [pods.sort()]);
}
