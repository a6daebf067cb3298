/**
 * IST0163 InvalidExternalControlPlaneConfig and IST0164 ExternalControlPlaneAddressIsNotAHostname (istio/istio
 * `analyzers/externalcontrolplane/externalcontrolplane.go`, `ExternalControlPlaneAnalyzer`), on Istio's webhook
 * configurations of the snapshot (files; a live cluster's are not read): ValidatingWebhookConfigurations named
 * `istiod-default-validator` or `istio-validator*`, MutatingWebhookConfigurations named `istio-sidecar-injector*`.
 * For each webhook, a `clientConfig.url` (an external istiod) that Go's `url.Parse` refuses is IST0163 ("was provided
 * in an invalid format"), one whose host is an IP address is IST0164; a webhook with neither `url` nor `service` is
 * IST0163 ("is blank"). Not ported: Istio resolves a URL's hostname with DNS and reports IST0163 when it does not
 * resolve; a pure check cannot, so hostnames are never reported.
 */
import { isGoIP } from '../schema/cel/env';
import { hostnameOf, parseURL } from '../schema/cel/go-url';
import type { AnalysisContext } from './context';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Go's `url.Parse(s).Hostname()`: `undefined` when Go refuses the URL, else the host without port and brackets
 * (empty without an authority).
 */
export function goUrlHostname(raw: string): string | undefined {
  try {
    return hostnameOf(parseURL(raw).host);
  } catch {
    return undefined;
  }
}

function isIstioConfiguration(kind: string, name: string): boolean {
  return kind === 'ValidatingWebhookConfiguration'
    ? name === 'istiod-default-validator' || name.startsWith('istio-validator')
    : name.startsWith('istio-sidecar-injector');
}

/** IST0163 and IST0164. */
export function checkExternalControlPlane(ctx: AnalysisContext): void {
  const configurations = [
    ...(ctx.snapshot.validatingWebhookConfigurations ?? []).map((c) => ['ValidatingWebhookConfiguration', c] as const),
    ...(ctx.snapshot.webhookConfigurations ?? []).map((c) => ['MutatingWebhookConfiguration', c] as const),
  ];
  for (const [kind, configuration] of configurations) {
    const name = String(isObject(configuration.metadata) ? (configuration.metadata.name ?? '') : '');
    if (!isIstioConfiguration(kind, name)) continue;
    const obj = { apiVersion: 'admissionregistration.k8s.io/v1', kind, metadata: { name } };
    const webhooks = Array.isArray(configuration.webhooks) ? configuration.webhooks : [];
    webhooks.forEach((raw, i) => {
      const hook = isObject(raw) ? raw : {};
      const hookName = String(hook.name ?? '');
      const client = isObject(hook.clientConfig) ? hook.clientConfig : {};
      if (typeof client.url === 'string') {
        const host = goUrlHostname(client.url);
        const path = `webhooks[${i}].clientConfig.url`;
        if (host === undefined)
          ctx.report(obj, 'IST0163', path, [client.url, hookName, 'was provided in an invalid format']);
        else if (isGoIP(host)) ctx.report(obj, 'IST0164', path, [client.url, hookName]);
      } else if (!isObject(client.service))
        ctx.report(obj, 'IST0163', `webhooks[${i}].clientConfig`, ['', hookName, 'is blank']);
    });
  }
}
