/**
 * KIA0105 (Kiali `authorization/mtls_enabled_checker.go`): an AuthorizationPolicy field only a peer's mTLS identity
 * fills, on workloads that do not receive mTLS; Kiali's scenarios (`mtls_enabled_checker_*.yaml`) with auto mTLS on
 * and off.
 */
import { describe, expect, it } from 'vitest';
import type { ClusterSnapshot, IstioObject } from '../types';
import { expectReport, findingsOf, istio, withConfig } from './test-helpers';

const CODES = ['KIA0105'];

/** An ALLOW policy in bookinfo from the productpage principal, optionally with a selector and a `when` condition. */
const policy = (selector?: Record<string, string>, when?: { key: string; values: string[] }[]) =>
  istio('AuthorizationPolicy', 'policy', {
    ...(selector ? { selector: { matchLabels: selector } } : {}),
    rules: [
      {
        from: [{ source: { principals: ['cluster.local/ns/bookinfo/sa/bookinfo-productpage'] } }],
        ...(when ? { when } : {}),
      },
    ],
  });

const peerAuthn = (mode: string, namespace = 'bookinfo', selector?: Record<string, string>, name = 'default') =>
  istio(
    'PeerAuthentication',
    name,
    { ...(selector ? { selector: { matchLabels: selector } } : {}), mtls: { mode } },
    namespace,
  );

const rule = (name: string, host: string, mode: string, namespace = 'bookinfo') =>
  istio('DestinationRule', name, { host, trafficPolicy: { tls: { mode } } }, namespace);
const nsRule = (mode: string) => rule('ns-mtls', '*.bookinfo.svc.cluster.local', mode);
const meshRule = (mode: string) => rule('mesh-mtls', '*.local', mode, 'istio-system');

const codesWith = (objects: IstioObject[], autoMtls: boolean, patch: Partial<ClusterSnapshot> = {}) =>
  findingsOf(withConfig(objects, patch), CODES, { autoMtls }).map((f) => f.path);

const PRINCIPALS = 'spec.rules[0].from[0].source.principals';

describe('KIA0105 with auto mTLS on (the default)', () => {
  it('is silent with nothing configured, or with STRICT/PERMISSIVE/UNSET PeerAuthentications', () => {
    expect(codesWith([policy()], true)).toEqual([]);
    for (const mode of ['STRICT', 'PERMISSIVE', 'UNSET'])
      expect(codesWith([policy(), peerAuthn(mode)], true)).toEqual([]);
    expect(codesWith([policy(), peerAuthn('PERMISSIVE', 'istio-system')], true)).toEqual([]);
    expect(codesWith([policy(), meshRule('ISTIO_MUTUAL')], true)).toEqual([]);
  });

  it('reports every mTLS-only field when the namespace disables mTLS, with Kiali’s message', () => {
    const when = [
      { key: 'request.headers[x-id]', values: ['a'] },
      { key: 'source.namespace', values: ['bookinfo'] },
      { key: 'connection.sni', values: ['x'] },
    ];
    const findings = findingsOf(withConfig([policy(undefined, when), peerAuthn('DISABLE')]), CODES);
    expectReport(
      findings,
      [
        `KIA0105 AuthorizationPolicy bookinfo/policy ${PRINCIPALS}`,
        'KIA0105 AuthorizationPolicy bookinfo/policy spec.rules[0].when[1]',
        'KIA0105 AuthorizationPolicy bookinfo/policy spec.rules[0].when[2]',
      ],
      'This field requires mTLS to be enabled',
    );
    expect(findings[0]?.severity).toBe('error');
  });

  it('reports when the namespace or mesh DestinationRule, or the mesh PeerAuthentication, disables mTLS', () => {
    expect(codesWith([policy(), nsRule('DISABLE')], true)).toEqual([PRINCIPALS]);
    expect(codesWith([policy(), meshRule('DISABLE')], true)).toEqual([PRINCIPALS]);
    expect(codesWith([policy(), peerAuthn('DISABLE', 'istio-system')], true)).toEqual([PRINCIPALS]);
    // mesh-wide mTLS enabled, namespace-wide disabled: the namespace decides
    const meshOn = [peerAuthn('STRICT', 'istio-system'), meshRule('ISTIO_MUTUAL')];
    expect(codesWith([policy(), ...meshOn, peerAuthn('DISABLE')], true)).toEqual([PRINCIPALS]);
  });

  it('is silent on a policy with no mTLS-only field, and for policies of other namespaces', () => {
    const paths = istio('AuthorizationPolicy', 'paths', {
      rules: [
        { to: [{ operation: { paths: ['/health'] } }], when: [{ key: 'request.auth.claims[iss]', values: ['x'] }] },
      ],
    });
    expect(codesWith([paths, peerAuthn('DISABLE')], true)).toEqual([]);
    expect(codesWith([policy(), peerAuthn('DISABLE', 'shop')], true)).toEqual([]);
  });
});

describe('KIA0105 with auto mTLS off (meshConfig.enableAutoMtls: false)', () => {
  it('reports with nothing configured, or a PeerAuthentication without a DestinationRule sending mTLS', () => {
    expect(codesWith([policy()], false)).toEqual([PRINCIPALS]);
    expect(codesWith([policy(), peerAuthn('STRICT')], false)).toEqual([PRINCIPALS]);
    expect(codesWith([policy(), peerAuthn('PERMISSIVE', 'istio-system')], false)).toEqual([PRINCIPALS]);
    expect(codesWith([policy(), meshRule('ISTIO_MUTUAL')], false)).toEqual([PRINCIPALS]);
  });

  it('is silent when a PeerAuthentication and a DestinationRule enable mTLS, namespace- or mesh-wide', () => {
    expect(codesWith([policy(), peerAuthn('STRICT'), nsRule('ISTIO_MUTUAL')], false)).toEqual([]);
    expect(codesWith([policy(), peerAuthn('PERMISSIVE'), nsRule('MUTUAL')], false)).toEqual([]);
    expect(codesWith([policy(), peerAuthn('STRICT', 'istio-system'), meshRule('ISTIO_MUTUAL')], false)).toEqual([]);
    // the namespace's PeerAuthentication with the mesh's DestinationRule
    expect(codesWith([policy(), peerAuthn('STRICT'), meshRule('ISTIO_MUTUAL')], false)).toEqual([]);
  });
});

describe('KIA0105 at workload level (a PeerAuthentication selecting the policy’s workloads)', () => {
  const ratings = { app: 'ratings' };
  // Kiali looks up the Services whose labels the PeerAuthentication's selector matches
  const labelled = (snapshot: ClusterSnapshot): Partial<ClusterSnapshot> => ({
    services: snapshot.services.map((s) =>
      s.metadata?.name === 'ratings' ? { ...s, metadata: { ...s.metadata, labels: ratings } } : s,
    ),
  });
  const patch = labelled(withConfig([]));

  it('is silent when the workload policy is STRICT, whatever the namespace and auto mTLS', () => {
    const objects = [policy(ratings), peerAuthn('DISABLE'), peerAuthn('STRICT', 'bookinfo', ratings, 'ratings')];
    expect(codesWith(objects, true)).toEqual([]);
    expect(codesWith(objects, false)).toEqual([]);
  });

  it('reports a workload policy DISABLE under a STRICT namespace, not for a policy selecting other workloads', () => {
    const pas = [peerAuthn('STRICT'), nsRule('ISTIO_MUTUAL'), peerAuthn('DISABLE', 'bookinfo', ratings, 'ratings')];
    expect(codesWith([policy(ratings), ...pas], true)).toEqual([PRINCIPALS]);
    expect(codesWith([policy(ratings), ...pas], false)).toEqual([PRINCIPALS]);
    expect(codesWith([policy({ app: 'reviews' }), ...pas], false)).toEqual([]);
  });

  it('takes a PERMISSIVE workload policy’s Service DestinationRule: mTLS enabled or disabled', () => {
    const permissive = [policy(ratings), peerAuthn('STRICT'), peerAuthn('PERMISSIVE', 'bookinfo', ratings, 'ratings')];
    expect(codesWith([...permissive, rule('ratings', 'ratings', 'ISTIO_MUTUAL')], false, patch)).toEqual([]);
    expect(codesWith([...permissive, rule('ratings', 'ratings', 'DISABLE')], true, patch)).toEqual([PRINCIPALS]);
  });
});
