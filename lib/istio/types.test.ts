import { describe, expect, expectTypeOf, it } from 'vitest';
import type { IstioConfigObject } from '@/lib/contracts/istio-config';
import type { IstioObject as GraphIstioObject } from '@/lib/graph/types';
import type { IstioObject as InventoryIstioObject } from '@/lib/k8s/inventory';
import { isKind, type IstioObject, type IstioResource, type VirtualService } from './types';

describe('one Istio object type', () => {
  it('is what the wire, the inventory and the graph name (checked by tsc)', () => {
    expectTypeOf<IstioConfigObject>().toEqualTypeOf<IstioResource>();
    expectTypeOf<InventoryIstioObject>().toEqualTypeOf<IstioResource>();
    expectTypeOf<GraphIstioObject>().toEqualTypeOf<IstioResource>();
    expectTypeOf<VirtualService>().toMatchTypeOf<IstioObject>();
  });

  it('narrows an object from the wire to its kind, by kind and Istio API group', () => {
    const wire: IstioConfigObject = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'reviews', namespace: 'bookinfo', resourceVersion: '7', uid: 'u-1' },
      spec: { hosts: ['reviews'] },
      status: { observedGeneration: 1 },
    };
    expect(isKind(wire, 'VirtualService')).toBe(true);
    if (isKind(wire, 'VirtualService')) expect(wire.spec?.hosts).toEqual(['reviews']);
    expect(isKind({ ...wire, apiVersion: 'gateway.networking.k8s.io/v1' }, 'VirtualService')).toBe(false);
    expect(isKind(wire, 'DestinationRule')).toBe(false);
  });
});
