import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { isStrictIP } from './cel/env';
import { validateIstioSchema, withDefaults } from './index';

const GW = 'gateway.networking.k8s.io';
const meta = { name: 'reviews', namespace: 'bookinfo' };
const route = (kind: string, spec: unknown, version = 'v1') => ({
  apiVersion: `${GW}/${version}`,
  kind,
  metadata: meta,
  spec,
});
const lines = (obj: unknown) => validateIstioSchema(obj).map((f) => `${f.path}: ${f.message}`);
const SAMPLES = path.join(__dirname, '..', '..', 'demo', 'samples');

describe('Gateway API schema and CEL validation (v1.6.0 CRDs)', () => {
  it("accepts the Gateway API documents of Istio's bookinfo and tcp-echo samples", () => {
    const files = [
      'bookinfo/gateway-api/bookinfo-gateway.yaml',
      'bookinfo/gateway-api/route-reviews-90-10.yaml',
      'bookinfo/gateway-api/route-all-v1.yaml',
      'tcp-echo/gateway-api/tcp-echo-20-v2.yaml',
    ];
    let checked = 0;
    for (const file of files) {
      for (const doc of parseAllDocuments(readFileSync(path.join(SAMPLES, file), 'utf8'))) {
        const obj = doc.toJS() as { apiVersion: string; kind: string } | null;
        if (!obj?.apiVersion.startsWith(GW)) continue;
        expect([file, obj.kind, validateIstioSchema(obj)]).toEqual([file, obj.kind, []]);
        checked++;
      }
    }
    expect(checked).toBe(8); // Gateway + HTTPRoute, one HTTPRoute, four HTTPRoutes, one TCPRoute
  });

  it('defaults before CEL, as the API server does (a backendRef without group/kind is a Service and needs a port)', () => {
    const ok = route('HTTPRoute', { rules: [{ backendRefs: [{ name: 'reviews-v1', port: 9080 }] }] });
    expect(validateIstioSchema(ok)).toEqual([]);
    const defaulted = withDefaults(ok) as { spec: { rules: { backendRefs: unknown[]; matches: unknown[] }[] } };
    expect(defaulted.spec.rules[0]).toEqual({
      backendRefs: [{ group: '', kind: 'Service', name: 'reviews-v1', port: 9080, weight: 1 }],
      matches: [{ path: { type: 'PathPrefix', value: '/' } }],
    });
    expect(ok.spec).toEqual({ rules: [{ backendRefs: [{ name: 'reviews-v1', port: 9080 }] }] }); // the input is untouched
    expect(lines(route('HTTPRoute', { rules: [{ backendRefs: [{ name: 'reviews-v1' }] }] }))).toEqual([
      'spec.rules[0].backendRefs[0]: Invalid value: "object": Must have port for Service reference',
    ]);
  });

  it("reports CEL rule violations at the rule's node with the CRD's message", () => {
    const redirect = {
      filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https' } }],
      backendRefs: [{ name: 'r', port: 80 }],
    };
    expect(lines(route('HTTPRoute', { rules: [redirect] }))).toEqual([
      'spec.rules[0]: Invalid value: "object": RequestRedirect filter must not be used together with backendRefs',
    ]);
    expect(
      lines(route('HTTPRoute', { rules: [{ matches: [{ path: { type: 'PathPrefix', value: 'reviews' } }] }] })),
    ).toEqual([
      "spec.rules[0].matches[0].path: Invalid value: \"object\": value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']",
    ]);
    expect(lines(route('HTTPRoute', { rules: [{ timeouts: { request: '1s', backendRequest: '2s' } }] }))).toEqual([
      'spec.rules[0].timeouts: Invalid value: "object": backendRequest timeout cannot be longer than request timeout',
    ]);
    const grpc = (service: string) =>
      route('GRPCRoute', { rules: [{ matches: [{ method: { service, method: 'Get' } }] }] });
    expect(lines(grpc('Foo.Bar'))).toEqual([]); // the rule's (?i) makes the pattern case-insensitive
    expect(lines(grpc('foo-bar'))[0]).toMatch(
      /^spec.rules\[0\].matches\[0\].method: Invalid value: "object": service must only contain valid characters/,
    );
    const tls = (hostnames: string[]) =>
      route('TLSRoute', { hostnames, rules: [{ backendRefs: [{ name: 'r', port: 443 }] }] });
    expect(lines(tls(['10.0.0.1']))).toEqual([
      'spec.hostnames: Invalid value: "array": Hostnames cannot contain an IP',
    ]);
    expect(lines(tls(['bookinfo.example.com']))).toEqual([]);
  });

  it('checks types, enums and served versions per kind', () => {
    expect(lines(route('HTTPRoute', { rules: [{ backendRefs: [{ name: 'r', port: 'http' }] }] }))).toEqual([
      'spec.rules[0].backendRefs[0].port: Invalid value: "http": spec.rules[0].backendRefs[0].port in body must be of type integer: "string"',
    ]);
    expect(
      lines(route('Gateway', { gatewayClassName: 'istio', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] })),
    ).toEqual([]);
    expect(lines(route('HTTPRoute', {}, 'v1alpha2'))[0]).toMatch(
      /^apiVersion: Unsupported value: "gateway.networking.k8s.io\/v1alpha2": supported values: /,
    );
    expect(lines(route('TCPRoute', { rules: [{ backendRefs: [{ name: 'r', port: 9000 }] }] }, 'v1alpha2'))).toEqual([]);
    expect(lines({ apiVersion: `${GW}/v1`, kind: 'VirtualService', metadata: meta, spec: {} })[0]).toMatch(
      /^kind: Unsupported value: "VirtualService"/,
    );
  });

  it("keeps Istio's Gateway and the Gateway API's Gateway apart", () => {
    const istioGw = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
      metadata: meta,
      spec: { servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] },
    };
    expect(lines(istioGw)).toEqual([]);
    expect(lines({ ...istioGw, apiVersion: `${GW}/v1` })).toEqual([
      'spec.gatewayClassName: Required value',
      'spec.listeners: Required value',
      'spec.servers: unknown field "servers"',
    ]);
  });
});

describe('isIP (Kubernetes CEL ip library)', () => {
  it('accepts canonical IPv4/IPv6, rejects leading zeros, zones and IPv4-mapped IPv6', () => {
    expect(['1.2.3.4', '::1', '2001:db8::1', '64:ff9b::1.2.3.4', '1:2:3:4:5:6:7:8'].map(isStrictIP)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(
      ['01.2.3.4', '256.0.0.1', 'fe80::1%eth0', '::ffff:1.2.3.4', '1::2::3', 'example.com'].map(isStrictIP),
    ).toEqual([false, false, false, false, false, false]);
  });
});
