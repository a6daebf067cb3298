import { describe, expect, it } from 'vitest';
import { parseMeshConfig } from '../analyze-report';
import { findingsOf, istio, summarize, withConfig } from './test-helpers';

const telemetry = (name: string, spec: Record<string, unknown>, namespace = 'bookinfo') => ({
  ...istio('Telemetry', name, spec, namespace),
  apiVersion: 'telemetry.istio.io/v1',
});
const selecting = (app: string) => ({ selector: { matchLabels: { app } } });

const codes = (...objects: ReturnType<typeof telemetry>[]) =>
  summarize(findingsOf(withConfig(objects), ['IST0101', 'IST0157', 'IST0159', 'IST0160']));

// Cases of Istio's analyzers testdata telemetry-selector.yaml, telemetry-default-selector.yaml,
// telemetry-invalid-provider.yaml and telemetry-disable-provider.yaml.
describe('Telemetry selectors (telemetry.SelectorAnalyzer, DefaultSelectorAnalyzer)', () => {
  it('is silent on one Telemetry per workload and one namespace-wide Telemetry', () => {
    expect(
      codes(telemetry('ok', selecting('ratings')), telemetry('ns-wide', {}), telemetry('mesh', {}, 'istio-system')),
    ).toEqual([]);
  });

  it('IST0101 for a selector that matches no pod of its namespace (maps-to-nonexistent, maps-to-different-ns)', () => {
    expect(codes(telemetry('maps-to-nonexistent', selecting('bogus')))).toEqual([
      'IST0101 Telemetry bookinfo/maps-to-nonexistent spec.selector',
    ]);
    expect(codes(telemetry('maps-to-different-ns', selecting('ratings'), 'other'))).toHaveLength(1);
  });

  it('IST0159 for Telemetries selecting the same pod, on each (dupe-1, dupe-2; overlap)', () => {
    const found = findingsOf(
      withConfig([telemetry('dupe-1', selecting('ratings')), telemetry('dupe-2', selecting('ratings'))]),
      ['IST0159'],
    );
    expect(summarize(found)).toEqual([
      'IST0159 Telemetry bookinfo/dupe-1 metadata.name',
      'IST0159 Telemetry bookinfo/dupe-2 metadata.name',
    ]);
    expect(found[0]?.message).toMatch(
      /^The Telemetries \[dupe-1 dupe-2\] in namespace "bookinfo" select the same workload pod "ratings/,
    );
  });

  it('IST0160 for two Telemetries without selector in a namespace; targetRefs are not namespace-wide', () => {
    expect(codes(telemetry('has-conflict-1', {}), telemetry('has-conflict-2', {}))).toEqual([
      'IST0160 Telemetry bookinfo/has-conflict-1 metadata.name',
      'IST0160 Telemetry bookinfo/has-conflict-2 metadata.name',
    ]);
    const waypoint = telemetry('waypoint', {
      targetRefs: [{ kind: 'Gateway', group: 'gateway.networking.k8s.io', name: 'waypoint' }],
    });
    expect(codes(telemetry('ns-wide', {}), waypoint)).toEqual([]);
  });
});

describe('Telemetry providers (telemetry.ProviderAnalyzer, IST0157)', () => {
  const invalid = telemetry(
    'mesh-default',
    { accessLogging: [{ providers: [{ name: 'envoy' }] }, { filter: { expression: 'response.code >= 400' } }] },
    'istio-system',
  );

  it('reports an access log entry without providers when the mesh has no default provider', () => {
    expect(codes(invalid)).toEqual(['IST0157 Telemetry istio-system/mesh-default spec.accessLogging[1]']);
    expect(findingsOf(withConfig([invalid]), ['IST0157'])[0]?.message).toBe(
      'The Telemetry mesh-default in namespace "istio-system" with empty providers will be ignored.',
    );
  });

  it('is silent on a disabled entry, on entries with providers, and with mesh default providers', () => {
    const disabled = telemetry('mesh-default', { accessLogging: [{ disabled: true }] }, 'foo');
    expect(codes(disabled, telemetry('envoy', { accessLogging: [{ providers: [{ name: 'envoy' }] }] }, 'x'))).toEqual(
      [],
    );
    const mesh = parseMeshConfig('defaultProviders:\n  accessLogging: [envoy]\n');
    if (typeof mesh === 'string') throw new Error(mesh);
    expect(findingsOf(withConfig([invalid]), ['IST0157'], mesh.analyze)).toEqual([]);
    expect(parseMeshConfig('defaultProviders: {accessLogging: envoy}')).toBe(
      'defaultProviders.accessLogging must be a list of provider names',
    );
  });
});
