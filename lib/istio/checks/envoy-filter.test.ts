import { describe, expect, it } from 'vitest';
import { findingsOf, istio, summarize, withConfig } from './test-helpers';

const CODES = ['IST0151', 'IST0152', 'IST0153', 'IST0154', 'IST0155'];

/** One EnvoyFilter in bookinfo with the given patches (and priority). */
const ef = (name: string, configPatches: unknown[], priority?: number) =>
  istio('EnvoyFilter', name, {
    workloadSelector: { labels: { app: name } },
    ...(priority !== undefined ? { priority } : {}),
    configPatches,
  });

const lua = (operation: string, extra: Record<string, unknown> = {}) => ({
  applyTo: 'HTTP_FILTER',
  match: {
    context: 'SIDECAR_INBOUND',
    ...extra,
    listener: {
      portNumber: 8080,
      filterChain: {
        filter: {
          name: 'envoy.filters.network.http_connection_manager',
          subFilter: { name: 'envoy.filters.http.router' },
        },
      },
    },
  },
  patch: {
    operation,
    value: {
      name: 'envoy.lua',
      typed_config: { '@type': 'type.googleapis.com/envoy.extensions.filters.http.lua.v3.Lua' },
    },
  },
});
const cluster = {
  applyTo: 'CLUSTER',
  match: { context: 'SIDECAR_OUTBOUND' },
  patch: { operation: 'ADD', value: { name: 'lua_cluster' } },
};
const onRoutes = (applyTo: string, operation: string) => ({
  applyTo,
  match: { context: 'SIDECAR_OUTBOUND', routeConfiguration: { vhost: { name: 'reviews:8080' } } },
  patch: { operation, value: { name: 'x' } },
});

const check = (...objects: ReturnType<typeof ef>[]) => summarize(findingsOf(withConfig(objects), CODES));

// Cases of Istio's analyzers testdata: relative-envoy-filter-operation.yaml, absolute-envoy-filter-operation.yaml,
// envoy-filter-add-operation.yaml, envoy-filter-remove-operation.yaml, envoy-filter-replace-operation.yaml.
describe('EnvoyFilter patches (EnvoyPatchAnalyzer)', () => {
  it('IST0151: a relative operation without priority; silent with a priority or an absolute operation', () => {
    expect(check(ef('test-relative-1', [lua('INSERT_BEFORE'), cluster]))).toEqual([
      'IST0151 EnvoyFilter bookinfo/test-relative-1 spec.configPatches[0].patch.operation',
    ]);
    expect(check(ef('test-relative-2', [lua('INSERT_AFTER')]))).toHaveLength(1);
    expect(check(ef('prioritized', [lua('INSERT_BEFORE')], 10))).toEqual([]);
    expect(check(ef('test-absolute', [lua('INSERT_FIRST'), lua('ADD'), cluster]))).toEqual([]);
    // MERGE is not taken as relative; a patch without `patch` ends the checks of that filter
    expect(check(ef('merge', [lua('MERGE')]))).toEqual([]);
    expect(check(ef('no-patch', [{ applyTo: 'HTTP_FILTER' }, lua('INSERT_BEFORE')]))).toEqual([]);
  });

  it('IST0155: a relative operation on a filter that an earlier patch with proxyVersion patched', () => {
    const versioned = ef('test-relative-3', [lua('INSERT_AFTER', { proxy: { proxyVersion: '^1\\.11.*' } })]);
    expect(check(versioned, ef('test-relative-4', [lua('INSERT_AFTER')]))).toEqual([
      'IST0151 EnvoyFilter bookinfo/test-relative-3 spec.configPatches[0].patch.operation',
      'IST0155 EnvoyFilter bookinfo/test-relative-4 spec.configPatches[0].patch.operation',
    ]);
    // another filter name: only IST0151
    const other = ef('other', [
      { ...lua('INSERT_AFTER'), patch: { operation: 'INSERT_AFTER', value: { name: 'envoy.other' } } },
    ]);
    expect(check(versioned, other).map((l) => l.split(' ')[0])).toEqual(['IST0151', 'IST0151']);
  });

  it('IST0153/IST0154: ADD and REMOVE on ROUTE_CONFIGURATION or HTTP_ROUTE; REMOVE elsewhere is relative', () => {
    expect(check(ef('test-auth-2', [onRoutes('ROUTE_CONFIGURATION', 'ADD')]))).toEqual([
      'IST0153 EnvoyFilter bookinfo/test-auth-2 spec.configPatches[0].patch.operation',
    ]);
    expect(check(ef('test-auth-3', [onRoutes('HTTP_ROUTE', 'ADD')])).map((l) => l.split(' ')[0])).toEqual(['IST0153']);
    expect(check(ef('test-auth-1', [onRoutes('VIRTUAL_HOST', 'ADD')]))).toEqual([]);
    expect(check(ef('test-remove-2', [onRoutes('HTTP_ROUTE', 'REMOVE')])).map((l) => l.split(' ')[0])).toEqual([
      'IST0154',
    ]);
    expect(check(ef('test-remove-1', [lua('REMOVE')])).map((l) => l.split(' ')[0])).toEqual(['IST0151']);
    expect(check(ef('test-remove-4', [lua('REMOVE')], 5))).toEqual([]);
  });

  it('IST0152: REPLACE only on HTTP_FILTER and NETWORK_FILTER (where it is relative)', () => {
    expect(check(ef('test-replace-1', [onRoutes('HTTP_ROUTE', 'REPLACE')]))).toEqual([
      'IST0152 EnvoyFilter bookinfo/test-replace-1 spec.configPatches[0].patch.operation',
    ]);
    expect(check(ef('test-replace-2', [lua('REPLACE')], 10))).toEqual([]);
    expect(check(ef('test-replace-3', [lua('REPLACE')])).map((l) => l.split(' ')[0])).toEqual(['IST0151']);
  });

  it('words the message as Istio', () => {
    const [f] = findingsOf(withConfig([ef('x', [onRoutes('HTTP_ROUTE', 'ADD')])]), CODES);
    expect(f).toMatchObject({
      severity: 'error',
      message: 'The ADD operation will be ignored when applyTo is set to ROUTE_CONFIGURATION, or HTTP_ROUTE.',
    });
  });
});
