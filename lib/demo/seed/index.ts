import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { seedDemoRbac } from '../k8s-api/auth-seed';
import { applyDefaults } from '../k8s-api/defaults';
import { StoreError, type KubeObject, type ObjectStore } from '../store/object-store';
import { resourceByKind, resourceByPlural } from '../store/resources';
import { gatewayClassObjects, istioSystemObjects } from './istio-system';

/** The namespaces of the demo cluster, and whether Istio injects sidecars into each. */
export const DEMO_NAMESPACES = ['istio-system', 'bookinfo', 'default', 'tcp-echo'] as const;
export type DemoNamespace = (typeof DEMO_NAMESPACES)[number];

const INJECTED: ReadonlySet<DemoNamespace> = new Set(['bookinfo', 'default', 'tcp-echo']);

/** Istio's samples, copied into the project with their NOTICE. */
export const SAMPLES_DIR = path.join(__dirname, '..', 'samples');

/** The sample manifests the demo cluster starts with, and the namespace each goes into. */
export const SEED_MANIFESTS: { file: string; namespace: DemoNamespace }[] = [
  { file: 'bookinfo/platform/kube/bookinfo.yaml', namespace: 'bookinfo' },
  { file: 'bookinfo/networking/bookinfo-gateway.yaml', namespace: 'bookinfo' },
  { file: 'bookinfo/networking/destination-rule-all.yaml', namespace: 'bookinfo' },
  // Service tcp-echo with deployments tcp-echo-v1 and tcp-echo-v2, and the curl client that talks TCP to them.
  { file: 'tcp-echo/tcp-echo-services.yaml', namespace: 'tcp-echo' },
  { file: 'curl/curl.yaml', namespace: 'tcp-echo' },
  { file: 'httpbin/httpbin.yaml', namespace: 'default' },
  { file: 'curl/curl.yaml', namespace: 'default' },
  // ServiceEntries for github.com (HTTPS) and GitHub's SSH address ranges (TCP): external, MESH_EXTERNAL.
  { file: 'external/github.yaml', namespace: 'default' },
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
function put(store: ObjectStore, obj: KubeObject, namespace?: string): void {
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
 * Seeds the demo cluster from real manifests: namespaces `istio-system`, `bookinfo`, `default` and `tcp-echo`
 * (all but istio-system labelled `istio-injection=enabled`), istiod and the ingress gateway, Istio's bookinfo
 * (platform, gateway, destination rules), tcp-echo v1/v2 with a curl client, httpbin with curl, and the GitHub
 * ServiceEntries, the GatewayClasses istiod creates (`istio`, `istio-remote`, `istio-waypoint`), and the demo RBAC (users and roles: lib/demo/k8s-api/auth-seed.ts). Objects that already exist
 * are left alone, so seeding twice is harmless. Pods come from the
 * controllers (`startControllers`), as in a real cluster.
 */
export function seedDemoCluster(store: ObjectStore, opts: SeedOptions = {}): void {
  const withSamples = opts.bookinfo ?? true;
  const namespaces = resourceByPlural('', 'namespaces')!;
  for (const name of DEMO_NAMESPACES) {
    if (!withSamples && name !== 'istio-system') continue;
    const labels: Record<string, string> = INJECTED.has(name) ? { 'istio-injection': 'enabled' } : {};
    put(store, { apiVersion: 'v1', kind: namespaces.kind, metadata: { name, labels } });
  }
  for (const obj of istioSystemObjects()) put(store, obj, 'istio-system');
  for (const obj of gatewayClassObjects()) put(store, obj);
  seedDemoRbac(store);
  if (!withSamples) return;
  for (const { file, namespace } of SEED_MANIFESTS) seedManifest(store, file, namespace);
}

/** Loads one sample manifest into a namespace, skipping kinds the demo API does not serve. */
export function seedManifest(store: ObjectStore, file: string, namespace: string): void {
  for (const obj of loadManifest(file)) put(store, obj, namespace);
}
