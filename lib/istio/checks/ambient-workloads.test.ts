import { describe, expect, it } from 'vitest';
import type { ClusterSnapshot, Labels, V1Pod, WorkloadRef } from '../types';
import { workloadAmbientCodes } from './ambient-workloads';
import { findingsOf, pod, summarize } from './test-helpers';

const CODES = ['KIA1311', 'KIA1312', 'KIA1314', 'KIA1315', 'KIA1316'];
const AMBIENT = { 'istio.io/dataplane-mode': 'ambient' };

const workload = (labels: Labels = {}, annotations?: Record<string, string>): WorkloadRef => ({
  namespace: 'ns',
  name: 'app-v1',
  kind: 'Deployment',
  labels: { app: 'app', ...labels },
  serviceAccount: null,
  ...(annotations ? { annotations } : {}),
});
const withSidecar = (labels: Labels = {}) => pod('app-v1-x', 'ns', { app: 'app', ...labels });
const ambientPod = (annotations: Record<string, string> = { 'ambient.istio.io/redirection': 'enabled' }): V1Pod => {
  const p = pod('app-v1-x', 'ns', { app: 'app' }, { sidecar: false });
  p.metadata!.annotations = annotations;
  return p;
};

describe('ambient workload checks (Kiali ambient_workload_checker.go)', () => {
  it('a clean ambient workload and a clean sidecar workload have none', () => {
    expect(workloadAmbientCodes(workload(), AMBIENT, [ambientPod()])).toEqual([]);
    expect(workloadAmbientCodes(workload(), { 'istio-injection': 'enabled' }, [withSidecar()])).toEqual([]);
    expect(workloadAmbientCodes(workload(), {}, [pod('p', 'ns', { app: 'app' }, { sidecar: false })])).toEqual([]);
  });

  it('KIA1311 asks for both: ambient namespace and sidecar injection (namespace or the workload’s inject label)', () => {
    expect(workloadAmbientCodes(workload(), { ...AMBIENT, 'istio-injection': 'enabled' }, [])).toEqual(['KIA1311']);
    expect(workloadAmbientCodes(workload(), { ...AMBIENT, 'istio.io/rev': 'canary' }, [])).toEqual(['KIA1311']);
    expect(workloadAmbientCodes(workload({ 'sidecar.istio.io/inject': 'true' }), AMBIENT, [])).toEqual(['KIA1311']);
    // opting out of either removes the conflict
    expect(
      workloadAmbientCodes(
        workload({ 'sidecar.istio.io/inject': 'false' }),
        { ...AMBIENT, 'istio-injection': 'enabled' },
        [],
      ),
    ).toEqual([]);
    expect(
      workloadAmbientCodes(
        workload({ 'istio.io/dataplane-mode': 'none' }),
        { ...AMBIENT, 'istio-injection': 'enabled' },
        [],
      ),
    ).toEqual([]);
  });

  it('KIA1312 names a waypoint but is not captured by ambient (only with pods)', () => {
    const labelled = workload({ 'istio.io/use-waypoint': 'waypoint' });
    expect(workloadAmbientCodes(labelled, {}, [pod('p', 'ns', { app: 'app' }, { sidecar: false })])).toEqual([
      'KIA1312',
    ]);
    expect(workloadAmbientCodes(labelled, {}, [])).toEqual([]);
    expect(workloadAmbientCodes(labelled, AMBIENT, [ambientPod()])).toEqual([]);
    // the namespace's label counts; the workload's `none` and dataplane-mode none opt out
    expect(workloadAmbientCodes(workload(), { 'istio.io/use-waypoint': 'wp' }, [withSidecar()])).toEqual(['KIA1312']);
    expect(
      workloadAmbientCodes(workload({ 'istio.io/use-waypoint': 'none' }), { 'istio.io/use-waypoint': 'wp' }, [
        withSidecar(),
      ]),
    ).toEqual([]);
  });

  it('KIA1314 sidecar asked for and a pod redirected by the CNI; KIA1315 ambient asked for and a pod with a sidecar', () => {
    expect(workloadAmbientCodes(workload(), { 'istio-injection': 'enabled' }, [ambientPod()])).toEqual(['KIA1314']);
    expect(workloadAmbientCodes(workload({ 'istio.io/dataplane-mode': 'ambient' }), {}, [withSidecar()])).toEqual([
      'KIA1315',
    ]);
  });

  it('KIA1316 a sidecar in an ambient namespace (with KIA1315, as Kiali reports both)', () => {
    expect(workloadAmbientCodes(workload(), AMBIENT, [withSidecar()])).toEqual(['KIA1315', 'KIA1316']);
    // opted out of ambient by its own label: only the namespace conflict remains
    expect(workloadAmbientCodes(workload({ 'istio.io/dataplane-mode': 'none' }), AMBIENT, [withSidecar()])).toEqual([
      'KIA1316',
    ]);
  });

  it('skips waypoints and ztunnel', () => {
    const wp = workload({ 'gateway.istio.io/managed': 'istio.io-mesh-controller', 'istio.io/use-waypoint': 'x' });
    expect(workloadAmbientCodes(wp, { ...AMBIENT, 'istio-injection': 'enabled' }, [withSidecar()])).toEqual([]);
    expect(
      workloadAmbientCodes(workload({ app: 'ztunnel' }), { ...AMBIENT, 'istio-injection': 'enabled' }, []),
    ).toEqual([]);
  });

  it('reports on the workload, its pods found by its template labels', () => {
    const snapshot: ClusterSnapshot = {
      namespaces: [{ name: 'ns', labels: AMBIENT }],
      services: [],
      workloads: [workload(), { ...workload(), name: 'other', labels: { app: 'other' } }],
      pods: [withSidecar({ 'pod-template-hash': 'abc' }), pod('other-x', 'ns', { app: 'other' }, { sidecar: false })],
      serviceAccounts: [],
      istioConfig: [],
    };
    expect(summarize(findingsOf(snapshot, CODES))).toEqual([
      'KIA1315 Deployment ns/app-v1 metadata.name',
      'KIA1316 Deployment ns/app-v1 metadata.name',
    ]);
  });
});
