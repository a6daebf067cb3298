import { describe, expect, it } from 'vitest';
import { expectReport, findingsOf, istio, summarize, withConfig } from './test-helpers';

const server = (number: number, hosts: string[]) => ({
  port: { number, name: `http-${number}`, protocol: 'HTTP' },
  hosts,
});
const gw = (name: string, selector: Record<string, string>, servers: unknown[], namespace = 'bookinfo') =>
  istio('Gateway', name, { selector, servers }, namespace);

describe('Gateway selector and ports (IST0101, IST0162)', () => {
  it('accepts a selector matching the ingress gateway pods in another namespace, on a port its Service exposes', () => {
    expect(
      findingsOf(withConfig([gw('web', { istio: 'ingressgateway' }, [server(80, ['*'])])]), ['IST0101', 'IST0162']),
    ).toEqual([]);
  });

  it('reports a selector that matches no pod', () => {
    const findings = findingsOf(withConfig([gw('web', { istio: 'ingress', app: 'gw' }, [server(80, ['*'])])]), [
      'IST0101',
      'IST0162',
    ]);
    expect(findings.map((f) => [f.code, f.path, f.message])).toEqual([
      ['IST0101', 'spec.selector', 'Referenced selector not found: "app=gw,istio=ingress"'],
    ]);
  });

  it('reports a port that the gateway Service does not expose', () => {
    const findings = findingsOf(
      withConfig([gw('web', { istio: 'ingressgateway' }, [server(80, ['*']), server(8080, ['*'])])]),
      ['IST0162'],
    );
    expect(findings.map((f) => [f.path, f.message])).toEqual([
      [
        'spec.servers[1].port.number',
        'The gateway is listening on a target port (port 8080) that is not defined in the Service associated with its workload instances (Pod selector istio=ingressgateway). If you need to access the gateway port through the gateway Service, it will not be available.',
      ],
    ]);
  });
});

describe('Conflicting gateways (IST0145)', () => {
  it('accepts the same selector and port with disjoint hosts', () => {
    const a = gw('a', { istio: 'ingressgateway' }, [server(80, ['a.example.com'])]);
    const b = gw('b', { istio: 'ingressgateway' }, [server(80, ['b.example.com'])]);
    expect(findingsOf(withConfig([a, b]), ['IST0145'])).toEqual([]);
  });

  it('reports both gateways when a host repeats on the same selector and port, sorted names', () => {
    const a = gw('a', { istio: 'ingressgateway' }, [server(80, ['shop.example.com'])]);
    const b = gw('b', { istio: 'ingressgateway' }, [server(443, ['x.org']), server(80, ['shop.example.com'])], 'shop');
    expectReport(
      findingsOf(withConfig([a, b]), ['IST0145']),
      ['IST0145 Gateway bookinfo/a spec.servers[0]', 'IST0145 Gateway shop/b spec.servers[1]'],
      'Conflict with gateways shop/b (workload selector istio=ingressgateway, port 80, hosts shop.example.com).',
    );
  });

  it('compares hosts as written (a wildcard does not conflict with a host it covers) and per bind address', () => {
    const a = gw('a', { istio: 'ingressgateway' }, [server(80, ['*.example.com'])]);
    const b = gw('b', { istio: 'ingressgateway' }, [server(80, ['shop.example.com'])]);
    expect(findingsOf(withConfig([a, b]), ['IST0145'])).toEqual([]);
    const bound = gw('c', { istio: 'ingressgateway' }, [{ ...server(80, ['shop.example.com']), bind: '10.0.0.1' }]);
    expect(findingsOf(withConfig([b, bound]), ['IST0145'])).toEqual([]);
  });

  it('reports a selector that is a subset of another when a pod carries both', () => {
    const a = gw('a', { istio: 'ingressgateway' }, [server(80, ['*'])]);
    const b = gw('b', { istio: 'ingressgateway', app: 'istio-ingressgateway' }, [server(80, ['*'])]);
    expect(summarize(findingsOf(withConfig([a, b]), ['IST0145']))).toEqual([
      'IST0145 Gateway bookinfo/a spec.servers[0]',
      'IST0145 Gateway bookinfo/b spec.servers[0]',
    ]);
    const c = gw('c', { istio: 'ingressgateway', app: 'elsewhere' }, [server(80, ['*'])]);
    expect(findingsOf(withConfig([a, c]), ['IST0145']).map((f) => f.name)).toEqual([]);
  });
});
