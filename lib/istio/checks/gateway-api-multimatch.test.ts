import { describe, expect, it } from 'vitest';
import type { IstioObject } from '../types';
import { analyze } from './index';
import { withConfig } from './test-helpers';

const gateway = (namespace: string, name: string, spec: Record<string, unknown>): IstioObject =>
  ({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name, namespace },
    spec: { gatewayClassName: 'istio', ...spec },
  }) as IstioObject;

const listener = (hostname: string | undefined, port = 80, protocol = 'HTTP', name = 'http') => ({
  name,
  port,
  protocol,
  ...(hostname ? { hostname } : {}),
});

const multiMatch = (objects: IstioObject[]) =>
  analyze(withConfig([], { gatewayApi: objects }))
    .filter((f) => f.code === 'KIA1501' || f.code === 'KIA1502')
    .map((f) => `${f.code} ${f.namespace}/${f.name} ${f.path}: ${f.message}`);

describe('KIA1501/KIA1502 (Kiali k8sgateways.multimatch)', () => {
  it('flags each Gateway whose listener hostname, port and protocol another Gateway also claims', () => {
    expect(
      multiMatch([
        gateway('shop', 'a', { listeners: [listener('web.example.com'), listener('api.example.com', 443, 'HTTPS')] }),
        gateway('edge', 'b', { listeners: [listener('web.example.com')] }),
      ]),
    ).toEqual([
      'KIA1501 edge/b spec.listeners[0].hostname: More than one K8s Gateway for the same host port combination (also shop/a)',
      'KIA1501 shop/a spec.listeners[0].hostname: More than one K8s Gateway for the same host port combination (also edge/b)',
    ]);
  });

  it('does not flag another port, another protocol, a listener without hostname, or the same Gateway twice', () => {
    expect(
      multiMatch([
        gateway('shop', 'a', { listeners: [listener('web.example.com'), listener(undefined, 8080)] }),
        gateway('shop', 'b', {
          listeners: [
            listener('web.example.com', 8080),
            listener('web.example.com', 80, 'HTTPS'),
            listener(undefined, 8080),
          ],
        }),
        gateway('shop', 'c', {
          listeners: [listener('x.example.com'), listener('x.example.com', 80, 'HTTP', 'again')],
        }),
      ]),
    ).toEqual([]);
  });

  it('tells Gateways of the same name in different namespaces apart (Kiali compares names only)', () => {
    expect(
      multiMatch([
        gateway('shop', 'gateway', { listeners: [listener('web.example.com')] }),
        gateway('edge', 'gateway', { listeners: [listener('web.example.com')] }),
      ]),
    ).toHaveLength(2);
  });

  it('flags a shared address of the same type; an address without type is an IPAddress', () => {
    expect(
      multiMatch([
        gateway('shop', 'a', { addresses: [{ value: '10.0.0.1' }], listeners: [] }),
        gateway('edge', 'b', { addresses: [{ type: 'IPAddress', value: '10.0.0.1' }], listeners: [] }),
        gateway('edge', 'c', { addresses: [{ type: 'Hostname', value: '10.0.0.1' }], listeners: [] }),
      ]),
    ).toEqual([
      'KIA1502 edge/b spec.addresses[0].value: More than one K8s Gateway for the same address and type combination (also shop/a)',
      'KIA1502 shop/a spec.addresses[0].value: More than one K8s Gateway for the same address and type combination (also edge/b)',
    ]);
  });
});
