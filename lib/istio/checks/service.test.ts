import { describe, expect, it } from 'vitest';
import { portProtocolSupported } from './service';
import { bookinfo, findingsOf, service } from './test-helpers';

describe('Service port names (IST0118, IST0150)', () => {
  it('knows the protocols Istio selects from names and appProtocol', () => {
    expect(portProtocolSupported(80, 'http-web', 'TCP')).toBe(true);
    expect(portProtocolSupported(80, 'grpc-web-x', 'TCP')).toBe(true);
    expect(portProtocolSupported(80, 'web', 'TCP', 'HTTP2')).toBe(true);
    expect(portProtocolSupported(80, 'web', 'TCP', 'kubernetes.io/h2c')).toBe(true);
    expect(portProtocolSupported(5353, 'dns', 'UDP')).toBe(true);
    expect(portProtocolSupported(3306, '', 'TCP')).toBe(true);
    expect(portProtocolSupported(80, 'web', 'TCP')).toBe(false);
    expect(portProtocolSupported(80, 'http', 'TCP', 'web')).toBe(false);
  });

  it('accepts Bookinfo and skips system namespaces and the Istio control plane', () => {
    const snapshot = bookinfo();
    snapshot.services.push(service('kube-dns', 'kube-system', [{ name: 'dns-tcp', port: 9153 }]));
    snapshot.services.push(
      service(
        'istiod',
        'istio-system',
        [
          { name: 'grpc-xds', port: 15010 },
          { name: 'webhook', port: 443 },
        ],
        { labels: { istio: 'pilot' } },
      ),
    );
    expect(findingsOf(snapshot, ['IST0118', 'IST0150'])).toEqual([]);
  });

  it('reports an unnamed-protocol port (info) and an ExternalName tcp port (warning)', () => {
    const snapshot = bookinfo();
    snapshot.services.push(
      service('web', 'bookinfo', [
        { name: 'http', port: 80 },
        { name: 'web', port: 8080, targetPort: 'http-alt' },
      ]),
    );
    snapshot.services.push(
      service('db', 'bookinfo', [{ name: 'tcp', port: 5432 }], { type: 'ExternalName', selector: null }),
    );
    const findings = findingsOf(snapshot, ['IST0118', 'IST0150']);
    expect(findings.map((f) => `${f.code} ${f.severity} ${f.kind} ${f.name} ${f.path} ${f.message}`)).toEqual([
      'IST0150 warning Service db spec.ports[0].name Port name for ExternalName service is invalid. Proxy may prevent tcp named ports and unmatched traffic for ports serving TCP protocol from being forwarded correctly',
      "IST0118 info Service web spec.ports[1].name Port name web (port: 8080, targetPort: http-alt) doesn't follow the naming convention of Istio port.",
    ]);
  });
});
