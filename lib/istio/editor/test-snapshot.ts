/**
 * Test-only: a cluster snapshot of Istio's bookinfo sample as the demo seeds it (lib/demo/samples: platform manifests
 * and `destination-rule-all.yaml`), with one pod per Deployment carrying its template labels and a sidecar.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { ClusterSnapshot, IstioObject, V1Pod, V1Service } from '@/lib/istio/types';

const SAMPLES = path.resolve(__dirname, '../../demo/samples/bookinfo');

type Doc = {
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
};

function load(file: string): Doc[] {
  return parseAllDocuments(readFileSync(path.join(SAMPLES, file), 'utf8'))
    .map((d) => d.toJS() as Doc | null)
    .filter((d): d is Doc => !!d && typeof d === 'object');
}

/** Bookinfo in `namespace` with `destination-rule-all` (subsets v1, v2, v3 of reviews). */
export function bookinfoSnapshot(namespace = 'bookinfo'): ClusterSnapshot {
  const docs = load('platform/kube/bookinfo.yaml').map((d) => ({ ...d, metadata: { ...d.metadata, namespace } }));
  const deployments = docs.filter((d) => d.kind === 'Deployment');
  const template = (d: Doc) =>
    (d.spec?.template ?? {}) as {
      metadata?: { labels?: Record<string, string> };
      spec?: { serviceAccountName?: string };
    };
  const workloads = deployments.map((d) => ({
    namespace,
    name: d.metadata.name,
    kind: 'Deployment',
    labels: template(d).metadata?.labels ?? {},
    serviceAccount: template(d).spec?.serviceAccountName ?? null,
  }));
  const pods: V1Pod[] = workloads.map((w) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `${w.name}-0`, namespace, labels: w.labels },
    spec: {
      containers: [{ name: w.name.replace(/-v\d$/, '') }, { name: 'istio-proxy' }],
      serviceAccountName: w.serviceAccount ?? undefined,
    },
  }));
  const istioConfig = load('networking/destination-rule-all.yaml').map(
    (d) => ({ ...d, metadata: { ...d.metadata, namespace } }) as IstioObject,
  );
  return {
    namespaces: [
      { name: namespace, labels: { 'istio-injection': 'enabled' } },
      { name: 'istio-system', labels: {} },
    ],
    services: docs.filter((d) => d.kind === 'Service') as unknown as V1Service[],
    workloads,
    pods,
    serviceAccounts: docs.filter((d) => d.kind === 'ServiceAccount').map((d) => ({ namespace, name: d.metadata.name })),
    istioConfig,
  };
}
