import { describe, expect, it } from 'vitest';
import { computeNamespacesHealth } from '@/lib/server/health/health';
import { imageTag } from '@/lib/k8s/model';
import { meshComponents, overviewNamespaces } from './overview';
import { bookinfoInventory, istio } from '@/lib/server/testdata/bookinfo';
import { countValidations, snapshotOf, validateSnapshot } from '@/lib/server/istio-config/validations';

describe('overviewNamespaces', () => {
  const inv = bookinfoInventory();
  const samples = {
    inbound: [],
    services: [
      {
        metric: {
          destination_service_namespace: 'bookinfo',
          destination_service_name: 'ratings',
          destination_workload: 'unknown',
          request_protocol: 'http',
          response_code: '500',
        },
        value: 1,
      },
    ],
    outbound: [],
  };
  const health = computeNamespacesHealth({ inventory: inv, namespaces: ['bookinfo', 'tcp-echo'], samples });

  it('counts objects by health, lists the worst, and reads mTLS', () => {
    const [bi, tcp] = overviewNamespaces({
      inventory: inv,
      namespaces: ['bookinfo', 'tcp-echo'],
      health,
      validations: null,
      rootNamespace: 'istio-system',
    });
    expect(bi!.counts).toEqual({ apps: 4, workloads: 6, services: 4 });
    expect(bi!.health!.services).toEqual({ Failure: 1, Degraded: 0, 'Not Ready': 0, Healthy: 0, NA: 3 });
    expect(bi!.health!.apps.Failure).toBe(1);
    expect(bi!.unhealthy).toEqual([
      { kind: 'apps', name: 'ratings', status: 'Failure' },
      { kind: 'services', name: 'ratings', status: 'Failure' },
    ]);
    expect(bi!.mtls.mode).toBe('STRICT');
    expect(bi!.istioInjection).toBe(true);
    expect(bi!.validations).toBeNull();
    expect(tcp!.mtls).toMatchObject({ mode: 'PERMISSIVE', source: 'mesh' });
    expect(bi!.dataplaneMode).toBe('sidecar');
  });

  it('reads the data-plane mode and the namespace waypoint (istio.io/dataplane-mode, istio.io/use-waypoint)', () => {
    const amb = bookinfoInventory();
    amb.namespaces.find((n) => n.name === 'tcp-echo')!.labels = {
      'istio.io/dataplane-mode': 'ambient',
      'istio.io/use-waypoint': 'waypoint',
    };
    const [tcp] = overviewNamespaces({
      inventory: amb,
      namespaces: ['tcp-echo'],
      health: null,
      validations: null,
      rootNamespace: 'istio-system',
    });
    expect(tcp).toMatchObject({ dataplaneMode: 'ambient', waypoint: 'waypoint', istioInjection: false });
  });

  it('health is null when it was not computed', () => {
    expect(
      overviewNamespaces({
        inventory: inv,
        namespaces: ['bookinfo'],
        health: null,
        validations: null,
        rootNamespace: 'istio-system',
      })[0]!.health,
    ).toBeNull();
  });
});

describe('validations', () => {
  it('flags a VirtualService routing to a missing subset and counts per namespace', () => {
    const inv = bookinfoInventory();
    inv.istioConfig.push(
      istio('VirtualService', 'bookinfo', 'ratings', {
        hosts: ['ratings'],
        http: [{ route: [{ destination: { host: 'ratings', subset: 'v9' } }] }],
      }),
    );
    const v = validateSnapshot(snapshotOf(inv, []), 'istio-system');
    const vs = v.get('VirtualService/bookinfo/ratings')!;
    expect(vs.valid).toBe(false);
    expect(vs.findings.some((f) => f.path.startsWith('spec.http[0].route[0]'))).toBe(true);
    const counts = countValidations(inv, v, 'bookinfo');
    expect(counts.objects).toBe(8);
    expect(counts.error).toBeGreaterThanOrEqual(1);
    expect(counts.valid + counts.warning + counts.error).toBe(8);
  });

  it('reports schema errors as IST0106', () => {
    const inv = bookinfoInventory();
    inv.istioConfig.push(
      istio('DestinationRule', 'bookinfo', 'bad', {
        host: 'details',
        subsets: [{ name: 'v1', labels: { version: 'v1' } }],
        trafficPolicy: { loadBalancer: { simple: 'NOPE' } },
      }),
    );
    const v = validateSnapshot(snapshotOf(inv, []), 'istio-system').get('DestinationRule/bookinfo/bad')!;
    expect(v.findings.map((f) => f.code)).toContain('IST0106');
  });
});

describe('meshComponents', () => {
  it('finds istiod and the ingress gateway with version from the image tag', () => {
    const inv = bookinfoInventory();
    const pods = [
      {
        labels: { app: 'istiod', istio: 'pilot', 'istio.io/rev': 'default' },
        containers: [{ image: 'docker.io/istio/pilot:1.24.0' }],
      },
    ] as never;
    const c = meshComponents(inv, 'istio-system', pods);
    expect(c.map((x) => [x.name, x.role, x.status, x.version])).toEqual([
      ['istiod', 'control-plane', 'Healthy', '1.24.0'],
      ['istio-ingressgateway', 'ingress-gateway', 'Healthy', null],
    ]);
  });
  it('reads image tags', () => {
    expect(imageTag('docker.io/istio/proxyv2:1.24.0')).toBe('1.24.0');
    expect(imageTag('localhost:5000/proxy')).toBeNull();
    expect(imageTag('proxy:1.2@sha256:abc')).toBe('1.2');
  });
});
