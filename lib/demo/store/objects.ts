import type { KubeObject } from './object-store';

/**
 * A one-replica Deployment `namespace/name` labelled `labels`: its pods carry `podLabels` (default `labels`) and
 * `podAnnotations` (none when absent) and run `containers` as `serviceAccountName`; it selects `selector` (default
 * `labels`). The demo seeds' and the tests' Deployments, with Kubernetes' field order.
 */
export function deploymentObject(d: {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  selector?: Record<string, string>;
  podLabels?: Record<string, string>;
  podAnnotations?: Record<string, string>;
  serviceAccountName: string;
  containers: Record<string, unknown>[];
}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: d.name, namespace: d.namespace, labels: d.labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: d.selector ?? d.labels },
      template: {
        metadata: {
          labels: d.podLabels ?? d.labels,
          ...(d.podAnnotations ? { annotations: d.podAnnotations } : {}),
        },
        spec: { serviceAccountName: d.serviceAccountName, containers: d.containers },
      },
    },
  };
}

/** A Service `namespace/name` labelled `labels`, with `spec` as given (selector, ports). */
export function serviceObject(
  namespace: string,
  name: string,
  labels: Record<string, string>,
  spec: Record<string, unknown>,
): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace, labels }, spec };
}
