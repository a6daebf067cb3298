/**
 * Builders for check tests: a small Bookinfo cluster that analyzes clean, and one-line constructors for the objects
 * a test adds to it. Test-only.
 */
import { expect } from 'vitest';
import type { ClusterSnapshot, Finding, IstioObject, Labels, V1Pod, V1Service } from '../types';
import { object } from '../testdata/objects';
import { analyze } from './index';
import type { AnalyzeOptions } from './context';

/** An Istio object of `kind` named `name` in `namespace` (bookinfo by default; null for no namespace). */
export function istio(kind: string, name: string, spec: unknown, namespace: string | null = 'bookinfo'): IstioObject {
  return object(kind, name, spec, namespace) as IstioObject;
}

export function service(
  name: string,
  namespace: string,
  ports: { name?: string; port: number; protocol?: string; appProtocol?: string; targetPort?: number | string }[],
  extra: { selector?: Labels | null; type?: string; annotations?: Record<string, string>; labels?: Labels } = {},
): V1Service {
  const selector = extra.selector === undefined ? { app: name } : (extra.selector ?? undefined);
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace, annotations: extra.annotations, labels: extra.labels },
    spec: { ports, selector, type: extra.type },
  };
}

export function pod(
  name: string,
  namespace: string,
  labels: Labels,
  opts: { sidecar?: boolean; serviceAccount?: string } = {},
): V1Pod {
  const containers = [{ name: 'app' }, ...(opts.sidecar === false ? [] : [{ name: 'istio-proxy' }])];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels },
    spec: { containers, serviceAccountName: opts.serviceAccount },
  };
}

const http9080 = [{ name: 'http', port: 9080 }];

/** Bookinfo in `bookinfo` plus the ingress gateway in `istio-system`; `analyze(bookinfo())` finds nothing. */
export function bookinfo(): ClusterSnapshot {
  const apps = ['productpage', 'details', 'ratings'];
  return {
    namespaces: [
      { name: 'bookinfo', labels: { 'istio-injection': 'enabled' } },
      { name: 'istio-system', labels: {} },
    ],
    services: [
      ...[...apps, 'reviews'].map((app) => service(app, 'bookinfo', http9080)),
      service(
        'istio-ingressgateway',
        'istio-system',
        [
          { name: 'http2', port: 80 },
          { name: 'https', port: 443 },
        ],
        {
          selector: { istio: 'ingressgateway' },
          labels: { istio: 'ingressgateway' },
        },
      ),
    ],
    workloads: [],
    pods: [
      ...apps.map((app) =>
        pod(`${app}-v1-abc`, 'bookinfo', { app, version: 'v1' }, { serviceAccount: `bookinfo-${app}` }),
      ),
      ...['v1', 'v2', 'v3'].map((v) =>
        pod(`reviews-${v}-abc`, 'bookinfo', { app: 'reviews', version: v }, { serviceAccount: 'bookinfo-reviews' }),
      ),
      pod('istio-ingressgateway-abc', 'istio-system', { istio: 'ingressgateway', app: 'istio-ingressgateway' }),
    ],
    serviceAccounts: [],
    istioConfig: [
      istio('DestinationRule', 'reviews', {
        host: 'reviews',
        subsets: ['v1', 'v2', 'v3'].map((v) => ({ name: v, labels: { version: v } })),
      }),
    ],
  };
}

/** `bookinfo()` with more Istio objects (and optional overrides of the other lists). */
export function withConfig(objects: IstioObject[], patch: Partial<ClusterSnapshot> = {}): ClusterSnapshot {
  const base = bookinfo();
  return { ...base, ...patch, istioConfig: [...base.istioConfig, ...objects, ...(patch.istioConfig ?? [])] };
}

/** `CODE Kind namespace/name path` lines, for compact assertions. */
export const summarize = (findings: Finding[]): string[] =>
  findings.map((f) => `${f.code} ${f.kind} ${f.namespace}/${f.name} ${f.path}`);

/** Analyze and keep only the given codes. */
export function findingsOf(snapshot: ClusterSnapshot, codes: string[], options?: AnalyzeOptions): Finding[] {
  return analyze(snapshot, options).filter((f) => codes.includes(f.code));
}

/** Asserts the findings as `summarize` lines, and the message of the first one. */
export function expectReport(findings: Finding[], lines: string[], firstMessage: string): void {
  expect(summarize(findings)).toEqual(lines);
  expect(findings[0]?.message).toBe(firstMessage);
}
