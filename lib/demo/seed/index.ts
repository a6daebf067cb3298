import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { seedDemoRbac } from '../k8s-api/auth-seed';
import { applyDefaults } from '../k8s-api/defaults';
import { StoreError, type KubeObject, type ObjectStore } from '../store/object-store';
import { resourceByKind, resourceByPlural } from '../store/resources';
import { ambientObjects, USE_WAYPOINT_LABEL, WAYPOINT_NAME } from './ambient';
import { gatewayClassObjects, istioSystemObjects } from './istio-system';

/** The namespaces of the demo cluster. */
export const DEMO_NAMESPACES = [
  'istio-system',
  'bookinfo',
  'bookinfo-gateway-api',
  'default',
  'tcp-echo',
  'bookinfo-ambient',
] as const;
export type DemoNamespace = (typeof DEMO_NAMESPACES)[number];

/** The namespace running bookinfo in ambient mode (ztunnel, and a waypoint for `reviews`). */
export const AMBIENT_NAMESPACE = 'bookinfo-ambient';

/** Each namespace's data-plane labels: sidecar injection, or ambient enrollment (Istio's getting-started labels). */
const NAMESPACE_LABELS: Record<DemoNamespace, Record<string, string>> = {
  'istio-system': {},
  bookinfo: { 'istio-injection': 'enabled' },
  'bookinfo-gateway-api': { 'istio-injection': 'enabled' },
  default: { 'istio-injection': 'enabled' },
  'tcp-echo': { 'istio-injection': 'enabled' },
  [AMBIENT_NAMESPACE]: { 'istio.io/dataplane-mode': 'ambient' },
};

/** Istio's samples, copied into the project with their NOTICE. */
export const SAMPLES_DIR = path.join(__dirname, '..', 'samples');

/** The sample `files` (paths under SAMPLES_DIR), each to be loaded into `namespace`. */
const into = (namespace: DemoNamespace, ...files: string[]) => files.map((file) => ({ file, namespace }));

const BOOKINFO = 'bookinfo/platform/kube/bookinfo.yaml';
/** The per-version Services (reviews-v1...) Istio's Gateway API tasks route to (route-reviews-v3.yaml and others). */
const BOOKINFO_VERSIONS = 'bookinfo/platform/kube/bookinfo-versions.yaml';
const CURL = 'curl/curl.yaml';

/** The sample manifests the demo cluster starts with, and the namespace each goes into. */
export const SEED_MANIFESTS: { file: string; namespace: DemoNamespace }[] = [
  ...into(
    'bookinfo',
    BOOKINFO,
    'bookinfo/networking/bookinfo-gateway.yaml',
    'bookinfo/networking/destination-rule-all.yaml',
    BOOKINFO_VERSIONS,
  ),
  // Bookinfo on the Gateway API: a Gateway of class istio (istiod deploys bookinfo-gateway-istio), its HTTPRoute,
  // and an HTTPRoute with Service reviews as parent (GAMMA) sending 90% to reviews-v1, 10% to reviews-v2.
  ...into(
    'bookinfo-gateway-api',
    BOOKINFO,
    BOOKINFO_VERSIONS,
    'bookinfo/gateway-api/bookinfo-gateway.yaml',
    'bookinfo/gateway-api/route-reviews-90-10.yaml',
  ),
  // Service tcp-echo with deployments tcp-echo-v1 and tcp-echo-v2, and the curl client that talks TCP to them.
  ...into('tcp-echo', 'tcp-echo/tcp-echo-services.yaml', CURL),
  // httpbin with curl, and ServiceEntries for github.com (HTTPS) and GitHub's SSH address ranges (TCP): external,
  // MESH_EXTERNAL.
  ...into('default', 'httpbin/httpbin.yaml', CURL, 'external/github.yaml'),
  // Bookinfo again, in ambient mode, with a curl client (seed/ambient.ts adds the waypoint).
  ...into(AMBIENT_NAMESPACE, BOOKINFO, CURL),
];

/** Parses a multi-document manifest into objects, dropping empty documents. @throws Error on invalid YAML. */
export function loadManifest(file: string): KubeObject[] {
  const text = readFileSync(path.join(SAMPLES_DIR, file), 'utf8');
  const objects: KubeObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0]!.message}`);
    const value = doc.toJS() as KubeObject | null;
    if (value && typeof value === 'object' && value.kind && value.metadata?.name) objects.push(value);
  }
  return objects;
}

/** Stores an object as the API server would create it (defaults applied); skips kinds the store does not serve and objects that exist. */
export function putObject(store: ObjectStore, obj: KubeObject, namespace?: string): void {
  const resource = resourceByKind(obj.apiVersion, obj.kind);
  if (!resource) return;
  const copy = structuredClone(obj);
  if (resource.namespaced) copy.metadata.namespace = namespace ?? copy.metadata.namespace ?? 'default';
  copy.apiVersion = resource.group ? `${resource.group}/${resource.versions[0]}` : resource.versions[0]!;
  try {
    store.create(resource, applyDefaults(resource, copy, store));
  } catch (err) {
    if (!(err instanceof StoreError && err.reason === 'AlreadyExists')) throw err;
  }
}

/** Options for `seedDemoCluster`. */
export interface SeedOptions {
  /**
   * Load the sample applications (bookinfo, tcp-echo, httpbin, curl, the ServiceEntries) and their namespaces.
   * Default true; false leaves only `istio-system` (istiod and the ingress gateway), for synthetic meshes.
   */
  bookinfo?: boolean;
}

/**
 * Seeds the demo cluster from real manifests: namespaces `istio-system`, `bookinfo`, `bookinfo-gateway-api`,
 * `default` and `tcp-echo` (all but istio-system labelled `istio-injection=enabled`) and `bookinfo-ambient`
 * (labelled `istio.io/dataplane-mode=ambient`), istiod, the ingress gateway and ztunnel, Istio's bookinfo
 * (platform, per-version Services, gateway, destination rules), bookinfo again on Gateway API routes (Gateway of
 * class istio, HTTPRoutes), tcp-echo v1/v2 with a curl client, httpbin with curl, the GitHub ServiceEntries, the
 * GatewayClasses istiod creates (`istio`, `istio-remote`, `istio-waypoint`), bookinfo and curl in ambient mode
 * with a waypoint serving `reviews` (seed/ambient.ts), and the demo RBAC
 * (users and roles: lib/demo/k8s-api/auth-seed.ts). Objects that already exist
 * are left alone, so seeding twice is harmless. Pods come from the
 * controllers (`startControllers`), as in a real cluster.
 */
export function seedDemoCluster(store: ObjectStore, opts: SeedOptions = {}): void {
  const withSamples = opts.bookinfo ?? true;
  const namespaces = resourceByPlural('', 'namespaces')!;
  for (const name of DEMO_NAMESPACES) {
    if (!withSamples && name !== 'istio-system') continue;
    putObject(store, {
      apiVersion: 'v1',
      kind: namespaces.kind,
      metadata: { name, labels: { ...NAMESPACE_LABELS[name] } },
    });
  }
  for (const obj of istioSystemObjects()) putObject(store, obj, 'istio-system');
  for (const obj of gatewayClassObjects()) putObject(store, obj);
  seedDemoRbac(store);
  if (!withSamples) return;
  for (const { file, namespace } of SEED_MANIFESTS) seedManifest(store, file, namespace);
  for (const obj of ambientObjects(AMBIENT_NAMESPACE)) putObject(store, obj);
  labelService(store, AMBIENT_NAMESPACE, 'reviews', { [USE_WAYPOINT_LABEL]: WAYPOINT_NAME });
}

/** Adds labels to a seeded Service (as `kubectl label service` would). */
function labelService(store: ObjectStore, namespace: string, name: string, labels: Record<string, string>): void {
  const services = resourceByPlural('', 'services')!;
  const svc = store.get(services, namespace, name);
  if (!svc || Object.entries(labels).every(([k, v]) => svc.metadata.labels?.[k] === v)) return;
  store.update(services, { ...svc, metadata: { ...svc.metadata, labels: { ...svc.metadata.labels, ...labels } } });
}

/**
 * Loads one sample manifest into a namespace, skipping kinds the demo API does not serve, and Secrets (only the
 * multi-cluster demo's APIs serve them, for Istio's remote secrets).
 */
export function seedManifest(store: ObjectStore, file: string, namespace: string): void {
  for (const obj of loadManifest(file)) if (obj.kind !== 'Secret') putObject(store, obj, namespace);
}
