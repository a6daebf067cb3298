import { describe, expect, it } from 'vitest';
import {
  CLUSTER_SCOPE,
  configKey,
  configKeyOf,
  findKind,
  scopeSegment,
  unknownVersionNote,
  GATEWAY_API_GROUP,
  ISTIO_KINDS,
  ISTIO_KINDS_BY_NAME,
  kindByPlural,
  kindLabel,
  kindOfObject,
  pluralOf,
  pluralOfRef,
} from './kinds';

describe('config kinds table', () => {
  it('maps group + kind to URL keys and back', () => {
    expect(pluralOf('security.istio.io/v1', 'AuthorizationPolicy')).toBe('authorizationpolicies');
    expect(pluralOf('telemetry.istio.io', 'Telemetry')).toBe('telemetries');
    expect(kindByPlural('serviceentries')?.kind).toBe('ServiceEntry');
    expect(kindByPlural('pods')).toBeUndefined();
    for (const k of ISTIO_KINDS) expect(kindByPlural(pluralOf(k.group, k.kind))).toBe(k);
  });

  it('tells the two Gateway kinds apart by group everywhere', () => {
    expect(pluralOf('networking.istio.io/v1', 'Gateway')).toBe('gateways');
    expect(pluralOf('gateway.networking.k8s.io/v1', 'Gateway')).toBe('k8sgateways');
    expect(pluralOf('gateway.networking.k8s.io/v1beta1', 'HTTPRoute')).toBe('k8shttproutes');
    expect(findKind('gateway.networking.k8s.io', 'Gateway')?.resource).toBe('gateways');
    expect(findKind('networking.istio.io', 'HTTPRoute')).toBeUndefined();
    expect(kindOfObject({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway' })?.plural).toBe('k8sgateways');
    expect(kindOfObject({ apiVersion: 'networking.istio.io/v1alpha3', kind: 'Gateway' })?.plural).toBe('gateways');
    expect(kindOfObject({ apiVersion: 42, kind: 'Gateway' })).toBeUndefined();
    expect(kindByPlural('k8sgateways')?.group).toBe(GATEWAY_API_GROUP);
    expect(kindByPlural('gateways')?.group).toBe('networking.istio.io');
    expect(kindLabel(findKind(GATEWAY_API_GROUP, 'Gateway')!)).toBe('Gateway (Gateway API)');
    expect(kindLabel(findKind('networking.istio.io', 'Gateway')!)).toBe('Gateway (Istio)');
    expect(kindLabel(findKind(GATEWAY_API_GROUP, 'HTTPRoute')!)).toBe('HTTPRoute');
    expect(pluralOfRef({ kind: 'Gateway' })).toBe('gateways');
    expect(pluralOfRef({ kind: 'Gateway', group: GATEWAY_API_GROUP })).toBe('k8sgateways');
  });

  it("has unique URL keys and unique group + kind pairs; Gateway API keys are Kiali's k8s… names", () => {
    expect(new Set(ISTIO_KINDS.map((k) => k.plural)).size).toBe(ISTIO_KINDS.length);
    expect(new Set(ISTIO_KINDS.map((k) => `${k.group}/${k.kind}`)).size).toBe(ISTIO_KINDS.length);
    expect(ISTIO_KINDS.filter((k) => k.api === 'gateway-api').map((k) => k.plural)).toEqual([
      'k8sgatewayclasses',
      'k8sgateways',
      'k8shttproutes',
      'k8sgrpcroutes',
      'k8stcproutes',
      'k8stlsroutes',
      'k8sudproutes',
      'k8sreferencegrants',
      'k8sbackendtlspolicies',
    ]);
    expect(ISTIO_KINDS.filter((k) => !k.namespaced).map((k) => k.kind)).toEqual(['GatewayClass']);
  });

  it('keys objects by group + kind + namespace + name; Istio findings (no group) match Istio objects', () => {
    const meta = { name: 'bookinfo-gateway', namespace: 'bookinfo' };
    const istio = configKeyOf({ apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: meta });
    const k8s = configKeyOf({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: meta });
    expect(istio).not.toBe(k8s);
    expect(configKey({ kind: 'Gateway', namespace: 'bookinfo', name: 'bookinfo-gateway' })).toBe(istio);
    expect(
      configKey({ group: GATEWAY_API_GROUP, kind: 'Gateway', namespace: 'bookinfo', name: 'bookinfo-gateway' }),
    ).toBe(k8s);
    expect(
      configKeyOf({ apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'a' } }),
    ).toBe('|AuthorizationPolicy/default/a');
  });

  it('notes objects served at a version the table does not know (listed read-only, never dropped)', () => {
    expect(unknownVersionNote({ apiVersion: 'gateway.networking.k8s.io/v1beta1', kind: 'HTTPRoute' })).toBeNull();
    expect(unknownVersionNote({ apiVersion: 'gateway.networking.k8s.io/v1alpha2', kind: 'HTTPRoute' })).toBe(
      'Served as gateway.networking.k8s.io/v1alpha2, a version Meshscope does not know for HTTPRoute (it knows gateway.networking.k8s.io/v1, gateway.networking.k8s.io/v1beta1): shown read-only, not validated.',
    );
    expect(unknownVersionNote({ apiVersion: 'networking.istio.io/v1', kind: 'EnvoyFilter' })).toMatch(
      /^Served as networking.istio.io\/v1, /,
    );
    expect(unknownVersionNote({ apiVersion: 'apps/v1', kind: 'Deployment' })).toBeNull();
    expect(scopeSegment(findKind(GATEWAY_API_GROUP, 'GatewayClass'), '')).toBe(CLUSTER_SCOPE);
    expect(scopeSegment(findKind(GATEWAY_API_GROUP, 'Gateway'), 'bookinfo')).toBe('bookinfo');
  });

  it('falls back to the lower-case plural for kinds it does not know, and sorts the picker list by name', () => {
    expect(pluralOf('', 'Pod')).toBe('pods');
    expect(ISTIO_KINDS_BY_NAME.map((k) => k.kind)).toEqual(
      ISTIO_KINDS.map((k) => k.kind).sort((a, b) => a.localeCompare(b)),
    );
  });
});
