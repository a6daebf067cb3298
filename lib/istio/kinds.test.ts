import { describe, expect, it } from 'vitest';
import { ISTIO_KINDS, ISTIO_KINDS_BY_NAME, istioKind, kindOf, pluralOf } from './kinds';

describe('Istio kinds table', () => {
  it('maps kinds to plurals and back, and finds a kind by name or plural in any case', () => {
    expect(pluralOf('AuthorizationPolicy')).toBe('authorizationpolicies');
    expect(pluralOf('Telemetry')).toBe('telemetries');
    expect(kindOf('serviceentries')).toBe('ServiceEntry');
    expect(kindOf('pods')).toBeUndefined();
    expect(istioKind('virtualSERVICE')?.plural).toBe('virtualservices');
    expect(istioKind('destinationrules')?.kind).toBe('DestinationRule');
    for (const k of ISTIO_KINDS) expect(kindOf(pluralOf(k.kind))).toBe(k.kind);
  });

  it('falls back to the lower-case plural for kinds it does not know, and sorts the picker list by name', () => {
    expect(pluralOf('Pod')).toBe('pods');
    expect(ISTIO_KINDS_BY_NAME.map((k) => k.kind)).toEqual(ISTIO_KINDS.map((k) => k.kind).sort((a, b) => a.localeCompare(b)));
  });
});
