import { describe, expect, it } from 'vitest';
import { expectReport, findingsOf, istio, summarize, withConfig } from './test-helpers';

const se = (name: string, spec: Record<string, unknown>, namespace = 'bookinfo') =>
  istio('ServiceEntry', name, spec, namespace);
const port = (number: number, protocol: string) => ({ number, name: `${protocol.toLowerCase()}-${number}`, protocol });

describe('ServiceEntry protocol conflicts (IST0177)', () => {
  it('accepts the same host and port with the same protocol, or in disjoint scopes', () => {
    const a = se('a', { hosts: ['api.example.com'], ports: [port(443, 'TLS')], exportTo: ['.'] });
    const b = se('b', { hosts: ['api.example.com'], ports: [port(443, 'TLS')] });
    const c = se('c', { hosts: ['api.example.com'], ports: [port(443, 'HTTPS')], exportTo: ['.'] }, 'shop');
    expect(findingsOf(withConfig([a, b]), ['IST0177'])).toEqual([]);
    expect(findingsOf(withConfig([a, c]), ['IST0177'])).toEqual([]);
  });

  it('reports each ServiceEntry once when protocols differ for a host and port', () => {
    const a = se('a', { hosts: ['api.example.com'], ports: [port(80, 'HTTP'), port(443, 'TLS')] });
    const b = se('b', { hosts: ['api.example.com'], ports: [port(443, 'https')] }, 'shop');
    expectReport(
      findingsOf(withConfig([a, b]), ['IST0177']),
      ['IST0177 ServiceEntry bookinfo/a spec.ports[1].protocol', 'IST0177 ServiceEntry shop/b spec.ports[0].protocol'],
      'Multiple ServiceEntries (bookinfo/a, shop/b) define the same host "api.example.com" and port 443 with conflicting protocols (HTTPS, TLS).',
    );
  });
});

describe('ServiceEntry workloadSelector (KIA0004)', () => {
  it('accepts a selector matching a pod or a WorkloadEntry', () => {
    const vm = istio('WorkloadEntry', 'vm-1', { address: '10.0.0.1', labels: { app: 'legacy-vm' } });
    const a = se('vm', {
      hosts: ['legacy.bookinfo.svc.cluster.local'],
      ports: [port(80, 'HTTP')],
      workloadSelector: { labels: { app: 'legacy-vm' } },
    });
    expect(findingsOf(withConfig([a, vm]), ['KIA0004'])).toEqual([]);
  });

  it('reports a selector that matches nothing in the namespace', () => {
    const a = se('vm', {
      hosts: ['legacy.bookinfo.svc.cluster.local'],
      ports: [port(80, 'HTTP')],
      workloadSelector: { labels: { app: 'legacy-vm' } },
    });
    expect(summarize(findingsOf(withConfig([a]), ['KIA0004']))).toEqual([
      'KIA0004 ServiceEntry bookinfo/vm spec.workloadSelector',
    ]);
  });
});
