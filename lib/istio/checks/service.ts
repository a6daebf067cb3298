/**
 * Kubernetes Service port names (istio/istio `analyzers/service/portname.go`, protocol selection from
 * `pkg/config/kube/conversion.go` `ConvertProtocol`): IST0118 when neither `appProtocol` nor the `<protocol>[-suffix]`
 * port name names a protocol Istio knows, IST0150 for ExternalName services (also for a port named `tcp`).
 * System namespaces and Istio's own control-plane Services are skipped, as istioctl does.
 */
import { indexPath } from '../path';
import { namespaceOf, type AnalysisContext } from './context';

const PROTOCOLS = new Set([
  'tcp',
  'udp',
  'grpc',
  'grpc-web',
  'http',
  'http_proxy',
  'http2',
  'https',
  'tls',
  'mongo',
  'redis',
  'mysql',
]);
const APP_PROTOCOL_ALIASES = new Set(['kubernetes.io/h2c', 'kubernetes.io/ws', 'kubernetes.io/wss']);
/** SMTP, DNS, MySQL, MongoDB: TCP without sniffing even when unnamed. */
const WELL_KNOWN_PORTS = new Set([25, 53, 3306, 27017]);
const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage']);

/** True when Istio can tell the port's protocol (`!ConvertProtocol(...).IsUnsupported()`). */
export function portProtocolSupported(port: number, name: string, protocol: string, appProtocol?: string): boolean {
  if (protocol === 'UDP' || protocol === 'SCTP') return true;
  let candidate = appProtocol ?? name;
  if (appProtocol && APP_PROTOCOL_ALIASES.has(appProtocol)) return true;
  if (candidate.toLowerCase().startsWith('grpc-web')) return true;
  const dash = candidate.indexOf('-');
  if (dash >= 0) candidate = candidate.slice(0, dash);
  return PROTOCOLS.has(candidate.toLowerCase()) || WELL_KNOWN_PORTS.has(port);
}

/** Label on the Services Istio's gateway controllers generate (`label.GatewayManaged`). */
const GATEWAY_MANAGED = 'gateway.istio.io/managed';

/** IST0118 PortNameIsNotUnderNamingConvention and IST0150 ExternalNameServiceTypeInvalidPortName. */
export function checkServicePortNames(ctx: AnalysisContext): void {
  for (const svc of ctx.services) {
    const ref = { kind: 'Service', metadata: svc.metadata };
    const labels = svc.metadata?.labels ?? {};
    // Istio's own: system namespaces, its charts' Services, and the Services its gateway controllers generate
    // (`gateway.istio.io/managed`, for Gateway API Gateways and waypoints), which istioctl skips too.
    if (SYSTEM_NAMESPACES.has(namespaceOf(ref)) || 'istio' in labels || labels.release === 'istio') continue;
    if (GATEWAY_MANAGED in labels) continue;
    const externalName = svc.spec?.type === 'ExternalName';
    svc.spec?.ports?.forEach((port, i) => {
      const name = port.name ?? '';
      const supported = portProtocolSupported(port.port, name, port.protocol ?? 'TCP', port.appProtocol);
      if (supported && !(externalName && name === 'tcp')) return;
      const path = `${indexPath('spec.ports', i)}.name`;
      if (externalName) ctx.report(ref, 'IST0150', path);
      else ctx.report(ref, 'IST0118', path, [name, port.port, String(port.targetPort ?? port.port)]); // the API server defaults targetPort to port
    });
  }
}
