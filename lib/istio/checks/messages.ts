/**
 * The analyzer messages the checks emit, with code, level and template copied from Istio's
 * `pkg/config/analysis/msg/messages.yaml` and Kiali's `models/istio_validation.go` (see
 * /work/shared/reference/istio-analyzer-messages.md and kiali-validation-codes.md). Templates use Go verbs and are
 * formatted as Go's fmt would (`%q` quotes, `%v` of a list prints `[a b]`).
 */
import type { Finding } from '../types';

type Severity = Finding['severity'];

interface MessageType {
  severity: Severity;
  template: string;
}

// One constructor per level, as Istio's generated `msg` package declares them (`diag.NewMessageType(diag.Error, …)`).
const error = (template: string) => ({ severity: 'error', template }) as const;
const warning = (template: string) => ({ severity: 'warning', template }) as const;
const info = (template: string) => ({ severity: 'info', template }) as const;

export const MESSAGES = {
  IST0002: warning('Deprecated: %s'),
  IST0101: error('Referenced %s not found: %q'),
  IST0102: info(
    "The namespace is not enabled for Istio injection. Run 'kubectl label namespace %s istio-injection=enabled' to " +
      "enable it, or 'kubectl label namespace %s istio-injection=disabled' to explicitly mark it as not needing " +
      'injection.',
  ),
  IST0103: warning(
    'The pod %s is missing the Istio proxy. This can often be resolved by restarting or redeploying the workload.',
  ),
  IST0106: error('Schema validation error: %v'),
  IST0107: warning('Misplaced annotation: %s can only be applied to %s'),
  IST0108: warning('Unknown annotation: %s'),
  IST0109: error(
    'The VirtualServices %s associated with mesh gateway define the same host %s which can lead to undefined behavior. ' +
      'This can be fixed by merging the conflicting VirtualServices into a single resource.',
  ),
  IST0110: error(
    'The Sidecars %v in namespace %q select the same workload pod %q, which can lead to undefined behavior.',
  ),
  IST0111: error('The Sidecars %v in namespace %q have no workload selector, which can lead to undefined behavior.'),
  IST0112: error(
    'This VirtualService routes to a service %q that exposes multiple ports %v. Specifying a port in the destination ' +
      'is required to disambiguate.',
  ),
  IST0116: warning('This deployment %s is associated with multiple services using port %d but different protocols: %v'),
  IST0118: info("Port name %s (port: %d, targetPort: %s) doesn't follow the naming convention of Istio port."),
  IST0123: warning(
    'The namespace has more than one type of injection labels %v, which may lead to undefined behavior. Make sure ' +
      'only one injection label exists.',
  ),
  IST0125: warning('Invalid annotation %s: %s'),
  IST0126: error('Unknown service registry %s in network %s'),
  IST0127: warning('No matching workloads for this resource with the following labels: %s'),
  IST0128: warning(
    'DestinationRule %s in namespace %s has TLS mode set to %s but no caCertificates are set to validate server identity for host: %s',
  ),
  IST0129: warning(
    'DestinationRule %s in namespace %s has TLS mode set to %s but no caCertificates are set to validate server identity for host: %s at port %s',
  ),
  IST0130: warning('VirtualService rule %v not used (%s).'),
  IST0131: info('VirtualService rule %v match %v is not used (duplicate/overlapping match in rule %v).'),
  IST0132: warning('one or more host %v defined in VirtualService %s not found in Gateway %s.'),
  IST0134: warning('ServiceEntry addresses are required for this protocol.'),
  IST0135: info('Annotation %q has been deprecated%s and may not work in future Istio versions.'),
  IST0136: info('Annotation %q is part of an alpha-phase feature and may be incompletely supported.'),
  IST0137: warning(
    'This deployment %s is associated with multiple services %v using targetPort %q but different ports: %v.',
  ),
  IST0138: warning('Duplicate certificate in multiple gateways %v may cause 404s if clients re-use HTTP2 connections.'),
  IST0139: error('%v'),
  IST0140: warning('Subset in virtual service %s has no effect on ingress gateway %s requests'),
  IST0144: warning('User ID (UID) 1337 is reserved for the sidecar proxy.'),
  IST0145: error('Conflict with gateways %s (workload selector %s, port %s, hosts %v).'),
  IST0146: warning('%s %s contains `image: auto` but does not match any Istio injection webhook selectors.'),
  IST0147: error('%s %s contains `image: auto` but does not match any Istio injection webhook selectors.'),
  IST0148: info('is enabled for Istio injection, as Istio is installed with enableNamespacesByDefault as true.'),
  IST0149: error(
    'The virtual service uses the JWT claim based routing (key: %s) but found no request authentication for the ' +
      'gateway (%s) pod (%s). The request authentication must first be applied for the gateway pods to validate the ' +
      'JWT token and make the claims available for routing.',
  ),
  IST0150: warning(
    'Port name for ExternalName service is invalid. Proxy may prevent tcp named ports and unmatched traffic for ports ' +
      'serving TCP protocol from being forwarded correctly',
  ),
  IST0151: warning(
    'This EnvoyFilter does not have a priority and has a relative patch operation set which can cause the ' +
      'EnvoyFilter not to be applied. Using the INSERT_FIRST of ADD option or setting the priority may help in ' +
      'ensuring the EnvoyFilter is applied correctly.',
  ),
  IST0152: error('The REPLACE operation is only valid for HTTP_FILTER and NETWORK_FILTER.'),
  IST0153: error('The ADD operation will be ignored when applyTo is set to ROUTE_CONFIGURATION, or HTTP_ROUTE.'),
  IST0154: error('The REMOVE operation will be ignored when applyTo is set to ROUTE_CONFIGURATION, or HTTP_ROUTE.'),
  IST0155: warning(
    'This EnvoyFilter does not have a priority and has a relative patch operation (NSTERT_BEFORE/AFTER, REPLACE, ' +
      'MERGE, DELETE) and proxyVersion set which can cause the EnvoyFilter not to be applied during an upgrade. ' +
      'Using the INSERT_FIRST or ADD option or setting the priority may help in ensuring the EnvoyFilter is applied ' +
      'correctly.',
  ),
  IST0157: warning('The Telemetry %v in namespace %q with empty providers will be ignored.'),
  IST0158: warning(
    'The Istio proxy images of the pods running in the namespace do not match the image defined in the injection ' +
      'configuration (pod names: %v). This often happens after upgrading the Istio control-plane and can be fixed by ' +
      'redeploying the pods.',
  ),
  IST0159: error(
    'The Telemetries %v in namespace %q select the same workload pod %q, which can lead to undefined behavior.',
  ),
  IST0160: error('The Telemetries %v in namespace %q have no workload selector, which can lead to undefined behavior.'),
  IST0161: error(
    'The credential referenced by the Gateway %s in namespace %s is invalid, which can cause the traffic not to work as expected.',
  ),
  IST0162: warning(
    'The gateway is listening on a target port (port %d) that is not defined in the Service associated with its ' +
      'workload instances (Pod selector %s). If you need to access the gateway port through the gateway Service, it ' +
      'will not be available.',
  ),
  IST0163: warning(
    'The hostname (%s) that was provided for the webhook (%s) to reach the ingress gateway on the external control ' +
      'plane cluster %s. Traffic may not flow properly.',
  ),
  IST0164: info(
    'The address (%s) that was provided for the webhook (%s) to reach the ingress gateway on the external control ' +
      'plane cluster is an IP address. This is not recommended for a production environment.',
  ),
  IST0165: warning('Gateway reference in VirtualService %s is to an implementation-generated internal Gateway: %s.'),
  IST0166: warning('Ineffective selector on Kubernetes Gateway %s. Use the TargetRef field instead.'),
  IST0167: warning('The policy has no impact: %s.'),
  IST0170: warning(
    'The service %v in namespace %q is inconsistent across clusters %q, which can lead to undefined behaviors. The ' +
      'inconsistent behaviors are: %v.',
  ),
  IST0171: warning('A condition with a negative status is present: type=%s, reason=%s, message=%s.'),
  IST0173: error(
    'The Subset %s defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream).',
  ),
  IST0174: warning('The host %s defined in the DestinationRule does not match any services in the mesh.'),
  IST0175: warning(
    'BLOCKED_CIDRS_IN_JWKS_URIS is not configured but %d RequestAuthentication resource(s) exist (%s). Consider ' +
      'configuring it to restrict JWKS URI fetches to trusted networks.',
  ),
  IST0176: warning(
    'Gateway API CRD %q is at version %q but Istio requires at least %q; resources of this kind will not be ' +
      'processed. Upgrade the Gateway API CRDs to satisfy the minimum version.',
  ),
  IST0177: warning('Multiple ServiceEntries (%s) define the same host %q and port %d with conflicting protocols (%s).'),
  KIA0002: error('More than one selector-less object in the same namespace'),
  KIA0003: error('More than one object applied to the same workload'),
  KIA0004: warning('No matching workload found for the selector in this namespace'),
  KIA0005: error('No matching namespace found or namespace is not accessible'),
  KIA0102: warning('Only HTTP methods and Istio wildcards are allowed'),
  KIA0105: error('This field requires mTLS to be enabled'),
  KIA0106: error('Service Account not found for this principal'),
  KIA0109: warning('L7 AuthorizationPolicy in Ambient namespace requires waypoint enrollment (istio.io/use-waypoint)'),
  KIA0110: warning(
    'L7 AuthorizationPolicy in Ambient requires targetRefs to a Service or Gateway; selector policies are ignored by waypoints',
  ),
  KIA0201: warning('More than one DestinationRules for the same host subset combination'),
  KIA0210: warning(
    'L7 DestinationRule features in Ambient namespace require waypoint enrollment (istio.io/use-waypoint)',
  ),
  KIA0211: warning('L7 DestinationRule targets a service not enrolled to use a waypoint (istio.io/use-waypoint)'),
  KIA0212: warning(
    'L7 DestinationRule should be in the same namespace as the Ambient destination service to take effect',
  ),
  KIA0207: error('PeerAuthentication with TLS strict mode found, it should be permissive'),
  KIA0208: error('PeerAuthentication enabling mTLS found, permissive mode needed'),
  KIA0501: error('Destination Rule enabling namespace-wide mTLS is missing'),
  KIA0505: error('Destination Rule disabling namespace-wide mTLS is missing'),
  KIA0506: error('Destination Rule disabling mesh-wide mTLS is missing'),
  KIA1401: error('Route is pointing to a non-existent or inaccessible K8s gateway'),
  KIA1402: error("Reference doesn't have a valid service (Service name not found)"),
  KIA1501: warning('More than one K8s Gateway for the same host port combination (also %s)'),
  KIA1502: warning('More than one K8s Gateway for the same address and type combination (also %s)'),
  KIA1503: error('Each listener must have a unique combination of Hostname, Port, and Protocol'),
  KIA1504: error('Gateway API Class not found in Kiali configuration'),
  KIA1601: error('Namespace is not found or is not accessible'),
  // Meshscope's own, where neither Istio's analyzer nor Kiali has a code: the condition istiod would set on the route
  // (Gateway API RouteConditionReasons), predicted from the cluster so that unsaved text shows it too.
  MS1410: error('Route parent %s: Accepted=False, %s: %s'),
  MS1411: error('ResolvedRefs=False, %s: %s'),
  MS1106: warning(
    "The %s for host %s differs from the one in cluster %s (%s): each primary applies only its own cluster's " +
      'config, so callers are routed by the cluster they run in; apply the same object in every primary',
  ),
  MS1320: warning(
    'mTLS mode DISABLE is ignored for ambient workloads (%s): ztunnel always uses mutual TLS (HBONE), they stay ' +
      'PERMISSIVE; to turn mTLS off, take them out of ambient mode',
  ),
  KIA1109: warning(
    'L7 VirtualService for mesh traffic in Ambient namespace requires waypoint enrollment (istio.io/use-waypoint)',
  ),
  KIA1110: warning('RequestAuthentication in Ambient namespace requires waypoint enrollment (istio.io/use-waypoint)'),
  KIA1111: warning('WasmPlugin in Ambient namespace requires waypoint enrollment (istio.io/use-waypoint)'),
  KIA1112: warning('L7 Telemetry in Ambient namespace requires waypoint enrollment (istio.io/use-waypoint)'),
  KIA1113: warning('L7 VirtualService targets a service not enrolled to use a waypoint (istio.io/use-waypoint)'),
  KIA1114: warning(
    'L7 VirtualService should be in the same namespace as the Ambient destination service to take effect',
  ),
  KIA1115: warning(
    'RequestAuthentication in Ambient requires targetRefs to a Service or Gateway; selector policies are ignored by waypoints',
  ),
  KIA1116: warning(
    'WasmPlugin in Ambient requires targetRefs to a Service or Gateway; selector policies are ignored by waypoints',
  ),
  KIA1117: warning(
    'L7 Telemetry in Ambient requires targetRefs to a Service or Gateway; selector policies are ignored by waypoints',
  ),
  KIA1311: error('This workload has both sidecar and Ambient label'),
  KIA1312: warning('This workload has waypoint labels but is not in Ambient'),
  KIA1313: error('This workload has annotated waypoint but it does not exist or is misconfigured'),
  KIA1314: error('This workload has a sidecar label and ambient redirection'),
  KIA1315: error('This workload has a pod with both a sidecar container and ambient labels'),
  KIA1316: warning('This workload has a sidecar but is in an Ambient-enabled namespace'),
  KIA1317: warning('This workload has L7 Authorization Policies but no Waypoint'),
  KIA1102: error('VirtualService is pointing to a non-existent gateway'),
  KIA1104: warning('The weight is assumed to be 100 because there is only one route destination'),
  KIA1105: warning('This host subset combination is already referenced in another route destination'),
} as const satisfies Record<string, MessageType>;

export type MessageCode = keyof typeof MESSAGES;

/** Go `%v` of a value: lists print as `[a b]`. */
function goValue(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(goValue).join(' ')}]`;
  return String(value);
}

/** Format a Go fmt template with `%s %d %v %q`. */
export function goSprintf(template: string, args: readonly unknown[]): string {
  let i = 0;
  return template.replace(/%([sdvq%])/g, (_match, verb: string) => {
    if (verb === '%') return '%';
    const arg = args[i++];
    if (verb === 'q')
      return Array.isArray(arg)
        ? `[${arg.map((a) => JSON.stringify(String(a))).join(' ')}]`
        : JSON.stringify(String(arg));
    return goValue(arg);
  });
}

/** The message text of a code with its arguments. */
export function messageText(code: MessageCode, args: readonly unknown[] = []): string {
  return goSprintf(MESSAGES[code].template, args);
}
