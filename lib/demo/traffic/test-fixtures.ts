import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ObjectStore, type KubeObject } from '../store/object-store';
import { deploymentObject, serviceObject } from '../store/objects';
import { resourceByKind, resourceByPlural } from '../store/resources';
import { waypointObjects } from '../controllers/ambient';
import { createTrafficEngine, type TrafficEngine } from './engine';
import type { TelemetryRegistry } from './telemetry';
import type { CallEdge, CallGraph, EdgeSource, RequestTemplate } from './types';

/**
 * Test helpers (used by *.test.ts only): small stores built from Istio's sample YAML in lib/demo/samples, so the
 * engine's tests do not depend on the demo seed.
 */
const SAMPLES = path.resolve(__dirname, '../samples');

/** Parses a sample file (path relative to lib/demo/samples) into objects placed in `namespace`. */
export function sampleObjects(rel: string, namespace: string): KubeObject[] {
  const text = readFileSync(path.join(SAMPLES, rel), 'utf8');
  return parseAllDocuments(text)
    .map((d) => d.toJS() as KubeObject | null)
    .filter((o): o is KubeObject => !!o && typeof o === 'object' && typeof o.kind === 'string')
    .map((o) => ({ ...o, metadata: { ...o.metadata, namespace } }));
}

/** Creates an object in the store (any kind the demo API serves). */
export function put(store: ObjectStore, obj: KubeObject): KubeObject {
  const type = resourceByKind(obj.apiVersion, obj.kind);
  if (!type) throw new Error(`unknown kind ${obj.apiVersion} ${obj.kind}`);
  return store.create(type, obj);
}

/** Creates or replaces an object (latest resourceVersion). */
export function apply(store: ObjectStore, obj: KubeObject): void {
  const type = resourceByKind(obj.apiVersion, obj.kind)!;
  const current = store.get(type, obj.metadata.namespace, obj.metadata.name);
  if (current)
    store.update(type, { ...obj, metadata: { ...obj.metadata, resourceVersion: current.metadata.resourceVersion } });
  else store.create(type, obj);
}

/** Loads a sample file into a namespace. */
export function loadSample(store: ObjectStore, rel: string, namespace: string): void {
  for (const o of sampleObjects(rel, namespace)) apply(store, o);
}

export function namespace(name: string, labels: Record<string, string> = { 'istio-injection': 'enabled' }): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

/** A minimal Deployment (with Service) for a workload. */
export function deployment(
  ns: string,
  name: string,
  labels: Record<string, string>,
  sa = 'default',
  extra: Partial<KubeObject> = {},
): KubeObject {
  return {
    ...deploymentObject({ namespace: ns, name, labels, serviceAccountName: sa, containers: [{ name, image: 'x' }] }),
    ...extra,
  };
}

/** The istio-ingressgateway Deployment and Service in istio-system, as Istio's default profile installs them. */
export function ingressGateway(): KubeObject[] {
  const labels = { app: 'istio-ingressgateway', istio: 'ingressgateway' };
  return [
    deployment('istio-system', 'istio-ingressgateway', labels, 'istio-ingressgateway-service-account'),
    serviceObject('istio-system', 'istio-ingressgateway', labels, {
      selector: labels,
      ports: [{ name: 'http2', port: 80, targetPort: 8080 }],
    }),
  ];
}

/**
 * The default demo cluster, built from samples: bookinfo (+ gateway, destination-rule-all), curl and httpbin in
 * default, tcp-echo and curl in tcp-echo, the pypi ServiceEntries in default, the ingress gateway.
 */
export function bookinfoStore(): ObjectStore {
  const store = new ObjectStore();
  put(store, namespace('istio-system', {}));
  for (const ns of ['bookinfo', 'default', 'tcp-echo']) put(store, namespace(ns));
  for (const o of ingressGateway()) put(store, o);
  loadSample(store, 'bookinfo/platform/kube/bookinfo.yaml', 'bookinfo');
  loadSample(store, 'bookinfo/networking/bookinfo-gateway.yaml', 'bookinfo');
  loadSample(store, 'bookinfo/networking/destination-rule-all.yaml', 'bookinfo');
  loadSample(store, 'curl/curl.yaml', 'default');
  loadSample(store, 'httpbin/httpbin.yaml', 'default');
  loadSample(store, 'external/pypi.yaml', 'default');
  loadSample(store, 'tcp-echo/tcp-echo-services.yaml', 'tcp-echo');
  loadSample(store, 'curl/curl.yaml', 'tcp-echo');
  return store;
}

/** bookinfoStore with `objects` applied (a test's Istio configuration). */
export function bookinfoWith(...objects: KubeObject[]): ObjectStore {
  const store = bookinfoStore();
  for (const o of objects) apply(store, o);
  return store;
}

/** ambientStore with `objects` applied (a test's Istio configuration). */
export function ambientWith(...objects: KubeObject[]): ObjectStore {
  const store = ambientStore();
  for (const o of objects) apply(store, o);
  return store;
}

/**
 * bookinfoStore plus bookinfo and curl in `bookinfo-ambient` (labelled `istio.io/dataplane-mode=ambient`), the
 * waypoint istiod would deploy for Gateway `waypoint` (ServiceAccount, Deployment, Service), and `reviews`
 * attached to it with `istio.io/use-waypoint` (the demo seed's ambient namespace, without controllers).
 */
export function ambientStore(): ObjectStore {
  const store = bookinfoStore();
  put(store, namespace('bookinfo-ambient', { 'istio.io/dataplane-mode': 'ambient' }));
  loadSample(store, 'bookinfo/platform/kube/bookinfo.yaml', 'bookinfo-ambient');
  loadSample(store, 'curl/curl.yaml', 'bookinfo-ambient');
  const gateway: KubeObject = {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: {
      name: 'waypoint',
      namespace: 'bookinfo-ambient',
      uid: 'waypoint-uid',
      labels: { 'istio.io/waypoint-for': 'service' },
    },
    spec: { gatewayClassName: 'istio-waypoint', listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] },
  };
  for (const o of waypointObjects(gateway)) apply(store, o);
  labelObject(store, '', 'services', 'bookinfo-ambient', 'reviews', { 'istio.io/use-waypoint': 'waypoint' });
  return store;
}

/** Sets labels on an object (`kubectl label`; a null value removes the label). */
export function labelObject(
  store: ObjectStore,
  group: string,
  plural: string,
  ns: string | undefined,
  name: string,
  labels: Record<string, string | null>,
): void {
  const type = resourceByPlural(group, plural)!;
  const o = store.get(type, ns, name)!;
  const next: Record<string, string> = { ...o.metadata.labels };
  for (const [k, v] of Object.entries(labels)) {
    if (v === null) delete next[k];
    else next[k] = v;
  }
  store.update(type, { ...o, metadata: { ...o.metadata, labels: next } });
}

/** Deletes an object if present. */
export function remove(store: ObjectStore, group: string, plural: string, ns: string, name: string): void {
  const type = resourceByPlural(group, plural)!;
  if (store.get(type, ns, name)) store.delete(type, ns, name);
}

/** Parses a series' label text into an object. */
export function parseLabels(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g))
    out[m[1]!] = m[2]!.replace(/\\"/g, '"').replace(/\\\\/g, '\\');
  return out;
}

const parsed = new Map<string, Record<string, string>>();

function labelsOf(text: string): Record<string, string> {
  let l = parsed.get(text);
  if (!l) parsed.set(text, (l = parseLabels(text)));
  return l;
}

function matches(l: Record<string, string>, want: Record<string, string>): boolean {
  return Object.entries(want).every(([k, v]) => l[k] === v);
}

/** Sum of istio_requests_total over the series whose labels include `want`. */
export function requests(telemetry: TelemetryRegistry, want: Record<string, string>): number {
  let n = 0;
  for (const s of telemetry.requestSeriesList()) if (matches(labelsOf(s.labels), want)) n += s.requests;
  return n;
}

/** Labels of all request series matching `want`. */
export function requestLabels(telemetry: TelemetryRegistry, want: Record<string, string>): Record<string, string>[] {
  return [...telemetry.requestSeriesList()].map((s) => labelsOf(s.labels)).filter((l) => matches(l, want));
}

/** Sums of the TCP counters over the series whose labels include `want`. */
export function tcp(
  telemetry: TelemetryRegistry,
  want: Record<string, string>,
): { opened: number; sent: number; received: number } {
  const out = { opened: 0, sent: 0, received: 0 };
  for (const s of telemetry.tcpSeriesList()) {
    if (!matches(labelsOf(s.labels), want)) continue;
    out.opened += s.opened;
    out.sent += s.sentBytes;
    out.received += s.receivedBytes;
  }
  return out;
}

export const T0 = Date.parse('2026-01-01T00:00:00Z');

/** Runs `n` one-second ticks after the engine's last one (tracked per engine). */
export function runTicks(engine: TrafficEngine, n: number): void {
  const start = T0 + engine.ticks * 1000;
  for (let i = 1; i <= n; i++) engine.tick(start + i * 1000);
}

/** Creates an engine on `store` with `seed` (and `callGraph`, default the demo's) and runs `ticks` ticks on it. */
export function simulate(store: ObjectStore, seed: number, ticks: number, callGraph?: CallGraph): TrafficEngine {
  const engine = createTrafficEngine(store, callGraph ? { seed, callGraph } : { seed });
  runTicks(engine, ticks);
  return engine;
}

/** A namespaced object with a spec (an Istio or Gateway API resource), as a test applies it. */
export function resource(apiVersion: string, kind: string, ns: string, name: string, spec: Record<string, unknown>) {
  return { apiVersion, kind, metadata: { name, namespace: ns }, spec } satisfies KubeObject;
}
/** A builder of `apiVersion` `kind` objects: `(namespace, name, spec)`. */
const builder =
  (apiVersion: string, kind: string) =>
  (ns: string, name: string, spec: Record<string, unknown>): KubeObject =>
    resource(apiVersion, kind, ns, name, spec);
export const virtualService = builder('networking.istio.io/v1', 'VirtualService');
export const destinationRule = builder('networking.istio.io/v1', 'DestinationRule');
export const authorizationPolicy = builder('security.istio.io/v1', 'AuthorizationPolicy');
export const peerAuthentication = builder('security.istio.io/v1', 'PeerAuthentication');
export const httpRoute = builder('gateway.networking.k8s.io/v1', 'HTTPRoute');
export const gateway = builder('gateway.networking.k8s.io/v1', 'Gateway');

/** An HTTP edge of a test call graph: `rps` requests a second from `source` to `host:port` (`extra`: more fields). */
export function httpEdge(
  source: EdgeSource,
  host: string,
  port: number,
  rps: number,
  requests?: RequestTemplate[],
  extra: Partial<CallEdge> = {},
): CallEdge {
  return { source, destination: { host, port }, protocol: 'http', rps, ...extra, ...(requests ? { requests } : {}) };
}
