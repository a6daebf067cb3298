import { describe, expect, it } from 'vitest';
import type { V1Service } from '../types';
import { analyzeMultiClusterServices } from './multicluster-service';

const svc = (spec: V1Service['spec'], name = 'reviews'): V1Service => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: 'bookinfo' },
  spec,
});
const http = { ports: [{ name: 'http', port: 9080, protocol: 'TCP' }], selector: { app: 'reviews' } };

// After Istio's multi-cluster analyzer tests (`multicluster_analyzers_test.go`): the same Service in two clusters,
// consistent, then with other ports, another type, or headless in one.
describe('IST0170 MultiClusterInconsistentService (multicluster.ServiceAnalyzer)', () => {
  it('is silent on the same Service in every cluster (an unset type is ClusterIP), and on one-cluster Services', () => {
    expect(
      analyzeMultiClusterServices([
        { cluster: 'east', services: [svc({ ...http, type: 'ClusterIP' }), svc(http, 'only-east')] },
        { cluster: 'west', services: [svc(http)] },
      ]),
    ).toEqual([]);
  });

  it('reports other ports and another type, naming the clusters that differ and the reference one', () => {
    const findings = analyzeMultiClusterServices([
      { cluster: 'east', services: [svc(http)] },
      { cluster: 'west', services: [svc({ ...http, ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] })] },
      { cluster: 'north', services: [svc({ ...http, type: 'NodePort' })] },
      { cluster: 'south', services: [svc(http)] },
    ]);
    expect(findings).toEqual([
      {
        code: 'IST0170',
        severity: 'warning',
        kind: 'Service',
        namespace: 'bookinfo',
        name: 'reviews',
        path: '',
        message:
          'The service reviews in namespace "bookinfo" is inconsistent across clusters ["east" "north" "west"], which can lead to undefined behaviors. The inconsistent behaviors are: service ports are inconsistent; service type is inconsistent.',
      },
    ]);
  });

  it('names every cluster when a Service is headless in some only; leaves out clusters without an ID', () => {
    const [finding] = analyzeMultiClusterServices([
      { cluster: 'east', services: [svc(http)] },
      { cluster: 'west', services: [svc({ ...http, clusterIP: 'None' })] },
      { cluster: 'south', services: [svc(http)] },
    ]);
    expect(finding?.message).toContain('across clusters ["east" "south" "west"]');
    expect(finding?.message).toContain('behaviors are: service has mixed mode like headless and clusterIP.');
    expect(
      analyzeMultiClusterServices([
        { cluster: 'east', services: [svc(http)] },
        { cluster: '', services: [svc({ ...http, clusterIP: 'None' })] },
      ]),
    ).toEqual([]);
  });
});
