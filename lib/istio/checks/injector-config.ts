/**
 * What Istio's injection analyzers read of the sidecar injector's ConfigMaps (`istio-sidecar-injector[-revision]`,
 * key `values`, JSON of the chart values): istio/istio `analyzers/injection/injection.go`
 * (`GetEnableNamespacesByDefaultFromInjectedConfigMap`) and `injection-image.go` (`GetIstioProxyImage`).
 */
import type { ConfigMapRef } from '../types';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Name prefix of the injector's ConfigMaps. */
export const INJECTOR_CONFIG_MAP = 'istio-sidecar-injector';

/** `util.GetInjectorConfigMapName`: the injector ConfigMap of a revision (`default` or none: the unsuffixed one). */
export const injectorConfigMapName = (revision: string | undefined): string =>
  !revision || revision === 'default' ? INJECTOR_CONFIG_MAP : `${INJECTOR_CONFIG_MAP}-${revision}`;

function values(cm: ConfigMapRef): Json | undefined {
  try {
    const parsed: unknown = JSON.parse(cm.data.values ?? '');
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** `sidecarInjectorWebhook.enableNamespacesByDefault` of the values (false when absent or unreadable). */
export function enableNamespacesByDefault(cm: ConfigMapRef): boolean {
  const webhook = values(cm)?.sidecarInjectorWebhook;
  return isObject(webhook) && webhook.enableNamespacesByDefault === true;
}

/**
 * The proxy image injection uses: `global.proxy.image` when it contains `/`, else `hub/image:tag`. Empty when the
 * values are not JSON or a field is not a string (Go's `json.Unmarshal` into string fields fails then).
 */
export function injectorProxyImage(cm: ConfigMapRef): string {
  const parsed = values(cm);
  if (!parsed) return '';
  const global = parsed.global ?? {};
  if (!isObject(global)) return '';
  const proxy = global.proxy ?? {};
  if (!isObject(proxy)) return '';
  const fields = [global.hub, global.tag, proxy.image];
  if (fields.some((f) => f !== undefined && f !== null && typeof f !== 'string')) return '';
  const [hub = '', tag = '', image = ''] = fields.map((f) => (typeof f === 'string' ? f : undefined));
  return image.includes('/') ? image : `${hub}/${image}:${tag}`;
}
