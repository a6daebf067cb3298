/**
 * Workload selectors over the snapshot's pods, as Istio's selector analyzers walk them (istio/istio
 * `analyzers/sidecar/selector.go`, `analyzers/telemetry/selector.go`): each object with a non-empty selector is
 * matched against the pods of its own namespace, IST0101 when it matches none, and objects that select the same pod
 * conflict (IST0110 for Sidecars, IST0159 for Telemetries).
 */
import type { Labels } from '../types';
import { nameOf, namespaceOf, type AnalysisContext, type ObjectRef } from './context';
import type { MessageCode } from './messages';
import { isEmptySelector, matchesSelector, selectorString } from './selectors';

/**
 * The objects selecting each pod, keyed `namespace/pod`, in object order. An object whose selector (`labelsOf`) is
 * missing or empty is skipped (it is namespace-wide; the "without selector" checks look at those); one whose
 * selector matches no pod in its namespace gets IST0101 `Referenced selector not found: "k=v,..."` at `path`.
 */
export function objectsByPod<T extends ObjectRef>(
  ctx: AnalysisContext,
  objects: Iterable<T>,
  labelsOf: (obj: T) => Labels | undefined,
  path: string,
): Map<string, T[]> {
  const byPod = new Map<string, T[]>();
  for (const obj of objects) {
    const labels = labelsOf(obj);
    if (isEmptySelector(labels)) continue;
    const pods = ctx.podsIn(namespaceOf(obj)).filter((p) => matchesSelector(labels, p.labels));
    if (pods.length === 0) ctx.report(obj, 'IST0101', path, ['selector', selectorString(labels)]);
    for (const pod of pods) {
      const key = `${pod.namespace}/${pod.name}`;
      byPod.set(key, [...(byPod.get(key) ?? []), obj]);
    }
  }
  return byPod;
}

/**
 * Reports `code` at `path` once per object that selects a pod together with another object, with the arguments
 * Istio's messages take: [names of the objects on that pod, pod namespace, pod name]. Pods are walked in map order;
 * `skip(pod, objects)` (optional) is asked first for each and may take a pod out (e.g. an ambient pod, reported
 * otherwise).
 */
export function reportSharedPods<T extends ObjectRef>(
  ctx: AnalysisContext,
  byPod: Map<string, T[]>,
  code: MessageCode,
  path: string,
  skip: (pod: string, objects: T[]) => boolean = () => false,
): void {
  const reported = new Set<T>();
  for (const [pod, list] of byPod) {
    if (skip(pod, list) || list.length < 2) continue;
    const [namespace = '', podName = ''] = pod.split('/');
    for (const obj of list) {
      if (reported.has(obj)) continue;
      reported.add(obj);
      ctx.report(obj, code, path, [list.map(nameOf), namespace, podName]);
    }
  }
}
