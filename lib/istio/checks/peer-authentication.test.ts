/**
 * KIA0505 / KIA0506 (Kiali `peerauthentications/disabled_{namespacewide,meshwide}_checker.go`): a PeerAuthentication
 * disabling mTLS namespace- or mesh-wide while a DestinationRule makes clients send mTLS; Kiali's scenarios
 * (`tests/data/validations/peerauthentications/disabled_*_checker_*.yaml`) beside the cases that stay silent.
 */
import { describe, expect, it } from 'vitest';
import { expectReport, findingsOf, istio, withConfig } from './test-helpers';

const CODES = ['KIA0505', 'KIA0506'];

const peerAuthn = (mode: string, namespace = 'bookinfo', selector?: Record<string, string>) =>
  istio(
    'PeerAuthentication',
    'default',
    { ...(selector ? { selector: { matchLabels: selector } } : {}), mtls: { mode } },
    namespace,
  );

const rule = (name: string, host: string, tls: Record<string, unknown> | null, namespace = 'bookinfo') =>
  istio('DestinationRule', name, { host, ...(tls ? { trafficPolicy: { tls } } : {}) }, namespace);

const nsRule = (mode: string) => rule('ns-mtls', '*.bookinfo.svc.cluster.local', { mode });
const meshRule = (mode: string) => rule('mesh-mtls', '*.local', { mode }, 'istio-system');

describe('KIA0505 namespace-wide PeerAuthentication DISABLE', () => {
  it('reports on spec.mtls when a namespace-wide DestinationRule enables mTLS (ISTIO_MUTUAL or MUTUAL)', () => {
    expectReport(
      findingsOf(withConfig([peerAuthn('DISABLE'), nsRule('ISTIO_MUTUAL')]), CODES),
      ['KIA0505 PeerAuthentication bookinfo/default spec.mtls'],
      'Destination Rule disabling namespace-wide mTLS is missing',
    );
    expect(findingsOf(withConfig([peerAuthn('DISABLE'), nsRule('MUTUAL')]), CODES)[0]?.severity).toBe('error');
  });

  it('reports when only a mesh-wide DestinationRule enables mTLS', () => {
    expect(findingsOf(withConfig([peerAuthn('DISABLE'), meshRule('ISTIO_MUTUAL')]), CODES).map((f) => f.code)).toEqual([
      'KIA0505',
    ]);
  });

  it('is silent when a namespace-wide rule disables TLS, even under a mesh-wide mTLS rule (either order)', () => {
    const pa = peerAuthn('DISABLE');
    expect(findingsOf(withConfig([pa, nsRule('DISABLE'), meshRule('ISTIO_MUTUAL')]), CODES)).toEqual([]);
    expect(findingsOf(withConfig([pa, meshRule('ISTIO_MUTUAL'), nsRule('DISABLE')]), CODES)).toEqual([]);
    // a `tls` without `mode` is DISABLE (the enum's zero value)
    const bare = rule('ns-bare', '*.bookinfo.svc.cluster.local', { sni: 'x' });
    expect(findingsOf(withConfig([pa, bare, meshRule('ISTIO_MUTUAL')]), CODES)).toEqual([]);
  });

  it('is silent without a rule enabling mTLS, for other modes, and for workload policies', () => {
    expect(findingsOf(withConfig([peerAuthn('DISABLE')]), CODES)).toEqual([]);
    expect(findingsOf(withConfig([peerAuthn('DISABLE'), meshRule('DISABLE')]), CODES)).toEqual([]);
    // a rule for one service or another namespace is not namespace-wide for this one
    const service = rule('reviews', 'reviews.bookinfo.svc.cluster.local', { mode: 'ISTIO_MUTUAL' });
    const otherNs = rule('shop', '*.shop.svc.cluster.local', { mode: 'ISTIO_MUTUAL' }, 'shop');
    expect(findingsOf(withConfig([peerAuthn('DISABLE'), service, otherNs]), CODES)).toEqual([]);
    for (const mode of ['STRICT', 'PERMISSIVE', 'UNSET'])
      expect(findingsOf(withConfig([peerAuthn(mode), nsRule('ISTIO_MUTUAL')]), CODES)).toEqual([]);
    const workload = peerAuthn('DISABLE', 'bookinfo', { app: 'reviews' });
    expect(findingsOf(withConfig([workload, nsRule('ISTIO_MUTUAL')]), CODES)).toEqual([]);
  });

  it('does not depend on auto mTLS', () => {
    const config = withConfig([peerAuthn('DISABLE'), nsRule('ISTIO_MUTUAL')]);
    expect(findingsOf(config, CODES, { autoMtls: false }).map((f) => f.code)).toEqual(['KIA0505']);
  });
});

describe('KIA0506 mesh-wide PeerAuthentication DISABLE (root namespace)', () => {
  it('reports on spec.mtls when a mesh-wide DestinationRule enables mTLS', () => {
    expectReport(
      findingsOf(withConfig([peerAuthn('DISABLE', 'istio-system'), meshRule('ISTIO_MUTUAL')]), CODES),
      ['KIA0506 PeerAuthentication istio-system/default spec.mtls'],
      'Destination Rule disabling mesh-wide mTLS is missing',
    );
  });

  it('follows meshConfig.rootNamespace', () => {
    const config = withConfig([peerAuthn('DISABLE', 'mesh-root'), meshRule('MUTUAL')]);
    expect(findingsOf(config, CODES, { rootNamespace: 'mesh-root' }).map((f) => f.code)).toEqual(['KIA0506']);
    // in istio-system, no longer the root, the same policy is namespace-wide there: KIA0505 (mesh rule enables mTLS)
    const inIstioSystem = withConfig([peerAuthn('DISABLE', 'istio-system'), meshRule('MUTUAL')]);
    expect(findingsOf(inIstioSystem, CODES, { rootNamespace: 'mesh-root' }).map((f) => f.code)).toEqual(['KIA0505']);
  });

  it('is silent when the mesh-wide rule disables TLS or only a namespace rule enables it', () => {
    expect(findingsOf(withConfig([peerAuthn('DISABLE', 'istio-system'), meshRule('DISABLE')]), CODES)).toEqual([]);
    expect(findingsOf(withConfig([peerAuthn('DISABLE', 'istio-system'), nsRule('ISTIO_MUTUAL')]), CODES)).toEqual([]);
    expect(findingsOf(withConfig([peerAuthn('STRICT', 'istio-system'), meshRule('ISTIO_MUTUAL')]), CODES)).toEqual([]);
  });
});
