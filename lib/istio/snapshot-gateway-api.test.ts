import { describe, expect, it } from 'vitest';
import { overlaySnapshot, snapshotFromObjects, withObject } from './snapshot';
import type { IstioObject } from './types';

const meta = { name: 'bookinfo-gateway', namespace: 'bookinfo' };
const istioGateway = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'Gateway',
  metadata: meta,
  spec: { selector: { istio: 'ingressgateway' } },
} as IstioObject;
const k8sGateway = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'Gateway',
  metadata: meta,
  spec: { gatewayClassName: 'istio' },
} as IstioObject;

describe('snapshots keep Gateway API objects apart from Istio config', () => {
  it('snapshotFromObjects puts them in gatewayApi, never in istioConfig (the Istio checks read istioConfig)', () => {
    const s = snapshotFromObjects([istioGateway, k8sGateway]);
    expect(s.istioConfig).toEqual([istioGateway]);
    expect(s.gatewayApi).toEqual([k8sGateway]);
  });

  it('withObject replaces by group + kind + namespace + name', () => {
    const base = snapshotFromObjects([istioGateway, k8sGateway]);
    const edited = { ...k8sGateway, spec: { gatewayClassName: 'istio-remote' } } as IstioObject;
    const after = withObject(base, edited);
    expect(after.istioConfig).toEqual([istioGateway]);
    expect(after.gatewayApi).toEqual([edited]);
    const renamed = withObject(
      base,
      { ...edited, metadata: { ...meta, name: 'renamed' } },
      { kind: 'Gateway', namespace: 'bookinfo', name: 'bookinfo-gateway' },
    );
    expect(renamed.gatewayApi?.map((o) => o.metadata.name)).toEqual(['renamed']);
    expect(renamed.istioConfig).toEqual([istioGateway]);
  });

  it('overlaySnapshot merges gatewayApi by identity as well', () => {
    const live = snapshotFromObjects([istioGateway, k8sGateway]);
    const files = snapshotFromObjects([{ ...k8sGateway, spec: { gatewayClassName: 'x' } }]);
    const merged = overlaySnapshot(live, files);
    expect(merged.gatewayApi?.map((o) => (o.spec as { gatewayClassName: string }).gatewayClassName)).toEqual(['x']);
    expect(merged.istioConfig).toEqual([istioGateway]);
  });
});
