/**
 * What `istioctl analyze` does around its analyzers, for `npm run validate` (lib/server/istio-config/cli.ts): the
 * default resources it adds when analyzing files only, the mesh config it reads (`--meshConfigFile`), message levels
 * and thresholds, suppressions (`--suppress CODE=RESOURCE`), and its output formats (log lines, JSON, YAML with the
 * fields `code`, `level`, `origin`, `reference`, `message`, `documentationUrl`). Pure.
 *
 * Sources (istio/istio): `pkg/config/analysis/local/defaults.go` (default ingress gateway), `istiod_analyze.go`
 * (`AddDefaultResources`, suppressions), `pkg/config/analysis/diag/message.go` (`Unstructured`, `String`),
 * `pkg/config/legacy/source/kube/origin.go` (`FriendlyName`: `Kind name.namespace`), `istioctl/pkg/analyze/analyze.go`
 * (flags, thresholds, exit codes: `istioctl/cmd/root.go` `GetExitCode`).
 */
import { parse as parseYaml } from 'yaml';
import type { AnalyzeOptions } from './checks';
import { readMeshNetworks } from './checks/mesh-networks';
import type { Finding } from './types';

/** Istio's message levels, worst first (`diag.Level`). */
export const LEVELS = ['Error', 'Warning', 'Info'] as const;
export type Level = (typeof LEVELS)[number];

const LEVEL_OF: Record<Finding['severity'], Level> = { error: 'Error', warning: 'Warning', info: 'Info' };

/** `diag.Level` of a finding. */
export const levelOf = (f: Pick<Finding, 'severity'>): Level => LEVEL_OF[f.severity];

/** A level name as istioctl takes it (`--failure-threshold warning`: case-insensitive), or null. */
export function parseLevel(value: string): Level | null {
  return LEVELS.find((l) => l.toLowerCase() === value.toLowerCase()) ?? null;
}

/** `IsWorseThanOrEqualTo`: Error is worse than Warning, Warning than Info. */
export const atLeast = (level: Level, threshold: Level): boolean => LEVELS.indexOf(level) <= LEVELS.indexOf(threshold);

/** istioctl's exit statuses (`istioctl/cmd/root.go`). */
export const EXIT = {
  ok: 0,
  /** Any other error: an unreadable file, an unreachable cluster, a bad `--suppress` value. */
  unknown: 1,
  /** `ExitIncorrectUsage`: a bad flag or flag value. */
  usage: 64,
  /** `ExitDataError`: a file that cannot be parsed. */
  data: 65,
  /** `ExitAnalyzerFoundIssues`: a message at or above `--failure-threshold` (log output only, as istioctl). */
  issues: 79,
} as const;

/** A finding located in a file (validate-files.ts `LocatedFinding`). */
export interface ReportedFinding extends Finding {
  file?: string;
  line?: number;
  column?: number;
}

/**
 * The resource a message is about as istioctl names it (`Origin.FriendlyName`): `Kind name.namespace`, or `Kind name`
 * for a cluster-scoped object (Namespace, Node). This is also what `--suppress` patterns match.
 */
export function originOf(f: Pick<Finding, 'kind' | 'name' | 'namespace'>): string {
  return CLUSTER_SCOPED.has(f.kind) ? `${f.kind} ${f.name}` : `${f.kind} ${f.name}.${f.namespace}`;
}
/** Kinds without a namespace (Kubernetes' cluster-scoped resources that configuration files commonly hold). */
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'Node',
  'GatewayClass',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleBinding',
  'PersistentVolume',
  'StorageClass',
  'PriorityClass',
  'IngressClass',
  'RuntimeClass',
]);

/** Whether objects of `kind` have no namespace (`Kind name` origins; `-n` does not apply to them). */
export const isClusterScoped = (kind: string): boolean => CLUSTER_SCOPED.has(kind);

/**
 * istioctl's namespace filter (`istiod_analyze.go` `filterMessages` with `-n NS`, or `default` without `-A` on a live
 * cluster): messages on objects of other namespaces are dropped; messages on cluster-scoped objects (Namespace, Node)
 * and without an object are kept.
 */
export function inNamespace<F extends Pick<Finding, 'kind' | 'namespace'>>(findings: F[], namespace: string): F[] {
  return findings.filter((f) => !f.kind || CLUSTER_SCOPED.has(f.kind) || f.namespace === namespace);
}

const ISTIO_DOCS = 'https://istio.io/latest/docs/reference/config/analysis';
const KIALI_DOCS = 'https://kiali.io/docs/features/validations/';

/** `documentationUrl` of a code: Istio's page for IST codes (`?ref=istioctl-analyze`), Kiali's for KIA codes. */
export function documentationUrl(code: string): string | undefined {
  if (code.startsWith('IST')) return `${ISTIO_DOCS}/${code.toLowerCase()}/?ref=istioctl-analyze`;
  if (code.startsWith('KIA')) return `${KIALI_DOCS}#${code.toLowerCase()}`;
  return undefined;
}

/**
 * One message as `istioctl analyze -o json|yaml` prints it (`diag.Message.Unstructured(true)`): `code`, `level`,
 * `origin`, `reference` (`file:line`, when the object came from a file), `message`, `documentationUrl`; plus
 * Meshscope's `path` (the field, `spec.http[0].route[0].destination.subset`) and `column`.
 */
export interface IstioMessage {
  code: string;
  level: Level;
  origin?: string;
  reference?: string;
  message: string;
  documentationUrl?: string;
  path?: string;
  column?: number;
}

export function toIstioMessage(f: ReportedFinding): IstioMessage {
  return {
    code: f.code,
    level: levelOf(f),
    ...(f.kind ? { origin: originOf(f) } : {}),
    ...(f.file !== undefined ? { reference: `${f.file}:${f.line ?? 1}` } : {}),
    message: f.message,
    ...(documentationUrl(f.code) ? { documentationUrl: documentationUrl(f.code) } : {}),
    ...(f.path ? { path: f.path } : {}),
    ...(f.column !== undefined ? { column: f.column } : {}),
  };
}

/** One log line as istioctl prints it (`diag.Message.String`): `Error [IST0101] (Kind name.ns file:line) message`. */
export function formatLogLine(f: ReportedFinding): string {
  const where = [f.kind ? originOf(f) : '', f.file !== undefined ? `${f.file}:${f.line ?? 1}` : '']
    .filter(Boolean)
    .join(' ');
  return `${levelOf(f)} [${f.code}]${where ? ` (${where})` : ''} ${f.message}`;
}

/** One `--suppress` value: a code and a resource pattern (`*` matches any run of characters). */
export interface Suppression {
  code: string;
  resource: string;
}

/** `CODE=RESOURCE` (`IST0102=Namespace *`, `IST0101=VirtualService *.bookinfo`), or an error message. */
export function parseSuppression(value: string): Suppression | string {
  const parts = value.split('=');
  if (parts.length !== 2 || !parts[0] || !parts[1])
    return `${value} is not a valid suppression value (expected CODE=RESOURCE, e.g. "IST0102=Namespace *")`;
  return { code: parts[0], resource: parts[1] };
}

/** `glob.Glob`: `*` matches any run of characters, everything else literally, the whole string. */
function globMatches(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`, 's');
  return re.test(value);
}
const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether a `--suppress` entry drops the finding (same code, pattern matching its origin). */
export function isSuppressed(f: Finding, suppressions: readonly Suppression[]): boolean {
  return suppressions.some((s) => s.code === f.code && f.kind !== '' && globMatches(s.resource, originOf(f)));
}

/** The mesh config fields the CLI uses (`--meshConfigFile`, the `mesh` key of the `istio` ConfigMap). */
export interface MeshConfigSettings {
  analyze: AnalyzeOptions;
  /** `ingressService`: name of the default ingress gateway Service. Default `istio-ingressgateway`. */
  ingressService: string;
  /** `ingressControllerMode`: `OFF` turns the default ingress gateway off. Default `STRICT`. */
  ingressControllerMode: string;
}

/**
 * Read a mesh config file (YAML of MeshConfig: `rootNamespace`, `trustDomain`, `enableAutoMtls`, `ingressService`,
 * `ingressControllerMode`, `defaultProviders.accessLogging`, `defaultConfig.proxyMetadata` DNS capture and address
 * allocation; Istio's defaults for what it leaves out, `mesh.ApplyMeshConfigDefaults`), and the mesh networks of a `meshNetworks` field (IST0126). Accepts the `istio`
 * ConfigMap too (its `data.mesh` and `data.meshNetworks`). @returns the settings, or an error message.
 */
export function parseMeshConfig(text: string): MeshConfigSettings | string {
  let doc: unknown;
  try {
    doc = parseYaml(text, { maxAliasCount: 10 });
  } catch (e) {
    return `not YAML: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
  }
  if (doc === null || doc === undefined) doc = {};
  if (isRecord(doc) && doc.kind === 'ConfigMap' && isRecord(doc.data)) {
    const { mesh, meshNetworks } = doc.data;
    if (typeof mesh === 'string' || typeof meshNetworks === 'string') {
      const settings = parseMeshConfig(typeof mesh === 'string' ? mesh : '');
      return typeof settings === 'string' ? settings : withMeshNetworks(settings, meshNetworks);
    }
  }
  if (!isRecord(doc)) return 'a mesh config is a YAML mapping (MeshConfig fields)';
  const str = (key: string): string | undefined | Error => {
    const v = doc[key];
    if (v === undefined || v === null) return undefined;
    return typeof v === 'string' ? v : new Error(`${key} must be a string`);
  };
  const rootNamespace = str('rootNamespace');
  const trustDomain = str('trustDomain');
  const ingressService = str('ingressService');
  const ingressControllerMode = str('ingressControllerMode');
  for (const v of [rootNamespace, trustDomain, ingressService, ingressControllerMode])
    if (v instanceof Error) return v.message;
  const autoMtls = doc.enableAutoMtls;
  if (autoMtls !== undefined && autoMtls !== null && typeof autoMtls !== 'boolean')
    return 'enableAutoMtls must be true or false';
  const metadata =
    isRecord(doc.defaultConfig) && isRecord(doc.defaultConfig.proxyMetadata) ? doc.defaultConfig.proxyMetadata : {};
  // ProtocolAddressesAnalyzer: DNS capture on, and addresses allocated by the agent or by istiod.
  const addressAutoAllocation =
    metadata.ISTIO_META_DNS_CAPTURE === 'true' &&
    (metadata.ISTIO_META_DNS_AUTO_ALLOCATE === 'true' || metadata.PILOT_ENABLE_IP_AUTOALLOCATE === 'true');
  const accessLogging = isRecord(doc.defaultProviders) ? doc.defaultProviders.accessLogging : undefined;
  if (accessLogging !== undefined && accessLogging !== null && !isStringList(accessLogging))
    return 'defaultProviders.accessLogging must be a list of provider names';
  return withMeshNetworks(
    {
      analyze: {
        ...(isStringList(accessLogging) && accessLogging.length ? { defaultAccessLogProviders: accessLogging } : {}),
        ...(rootNamespace ? { rootNamespace: rootNamespace as string } : {}),
        ...(trustDomain ? { trustDomain: trustDomain as string } : {}),
        ...(typeof autoMtls === 'boolean' ? { autoMtls } : {}),
        ...(addressAutoAllocation ? { addressAutoAllocation } : {}),
      },
      ingressService: (ingressService as string | undefined) || 'istio-ingressgateway',
      ingressControllerMode: ((ingressControllerMode as string | undefined) || 'STRICT').toUpperCase(),
    },
    doc.meshNetworks,
  );
}

/** The settings with the mesh networks (IST0126) of `value` (a MeshNetworks mapping or its YAML text), if any. */
function withMeshNetworks(settings: MeshConfigSettings, value: unknown): MeshConfigSettings | string {
  if (value === undefined || value === null) return settings;
  const meshNetworks = readMeshNetworks(value);
  if (!meshNetworks) return 'meshNetworks must be a MeshNetworks mapping (networks, gateways)';
  return { ...settings, analyze: { ...settings.analyze, meshNetworks } };
}

const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The resources `istioctl analyze` adds when it analyzes files without a cluster (`AddDefaultResources`), so that
 * configuration selecting Istio's own ingress gateway is not reported: a Pod labelled `istio: ingressgateway` with an
 * `istio-proxy` container and its Service (ports 80, 443, 31400, 15443, and 8080, 8443), in the Istio namespace. None when the mesh
 * config's `ingressControllerMode` is `OFF`.
 */
export function defaultResources(istioNamespace: string, settings?: MeshConfigSettings): Record<string, unknown>[] {
  if (settings?.ingressControllerMode === 'OFF') return [];
  const name = settings?.ingressService ?? 'istio-ingressgateway';
  const port = (portName: string, number: number, nodePort: number) => ({
    name: portName,
    nodePort,
    port: number,
    protocol: 'TCP',
    targetPort: number,
  });
  return [
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `${name}-dummypod`, namespace: istioNamespace, labels: { istio: 'ingressgateway' } },
      spec: { containers: [{ name: 'istio-proxy' }] },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: istioNamespace },
      spec: {
        ports: [
          port('http2', 80, 31380),
          port('https', 443, 31390),
          port('tcp', 31400, 31400),
          port('tls', 15443, 31447),
          // The gateway chart's targetPorts (80→8080, 443→8443), which Istio's samples listen on since IST0162 reads
          // targetPorts (bookinfo-gateway.yaml: 8080): Meshscope's addition, so that neither convention is reported.
          port('http-alt', 8080, 31480),
          port('https-alt', 8443, 31493),
        ],
        selector: { istio: 'ingressgateway' },
      },
    },
  ];
}
