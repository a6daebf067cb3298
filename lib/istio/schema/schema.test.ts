import { describe, expect, it } from 'vitest';
import { object } from '../testdata/objects';
import { hasSchemaTypes, validateIstioSchema } from './index';

const vs = (spec: unknown, metadata: Record<string, unknown> = { name: 'reviews', namespace: 'bookinfo' }) => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata,
  spec,
});

const paths = (obj: unknown) => validateIstioSchema(obj).map((f) => f.path);
const lines = (obj: unknown) => validateIstioSchema(obj).map((f) => `${f.path}: ${f.message}`);

describe('validateIstioSchema', () => {
  it('accepts a valid VirtualService', () => {
    const route = [{ destination: { host: 'reviews', subset: 'v1' }, weight: 100 }];
    expect(validateIstioSchema(vs({ hosts: ['reviews'], http: [{ route }] }))).toEqual([]);
  });

  it('reports a string weight at spec.http[0].route[0].weight', () => {
    const findings = validateIstioSchema(
      vs({ hosts: ['r'], http: [{ route: [{ destination: { host: 'r' }, weight: 'abc' }] }] }),
    );
    expect(findings).toEqual([
      {
        path: 'spec.http[0].route[0].weight',
        message: 'Invalid value: "abc": spec.http[0].route[0].weight in body must be of type integer: "string"',
      },
    ]);
  });

  it('reports unknown fields in spec (the API server would prune them silently)', () => {
    expect(lines(vs({ hosts: ['r'], htp: [] }))).toEqual(['spec.htp: unknown field "htp"']);
    expect(paths(vs({ hosts: ['r'], http: [{ route: [{ destination: { host: 'r', subst: 'v1' } }] }] }))).toEqual([
      'spec.http[0].route[0].destination.subst',
    ]);
  });

  it('allows unknown fields under x-kubernetes-preserve-unknown-fields (EnvoyFilter patch.value)', () => {
    const configPatches = [{ applyTo: 'CLUSTER', patch: { operation: 'MERGE', value: { anything: { goes: 1 } } } }];
    const ef = object('EnvoyFilter', 'ef', { configPatches }, null);
    expect(validateIstioSchema(ef)).toEqual([]);
  });

  it('rejects an unknown kind or an unserved version of an Istio group', () => {
    expect(
      lines({ apiVersion: 'networking.istio.io/v1', kind: 'VirtualServce', metadata: { name: 'a' }, spec: {} })[0],
    ).toMatch(/^kind: Unsupported value: "VirtualServce": supported values: .*"VirtualService"/);
    expect(
      lines({ apiVersion: 'networking.istio.io/v2', kind: 'VirtualService', metadata: { name: 'a' }, spec: {} }),
    ).toEqual([
      'apiVersion: Unsupported value: "networking.istio.io/v2": supported values: "networking.istio.io/v1", "networking.istio.io/v1alpha3", "networking.istio.io/v1beta1"',
    ]);
    expect(paths({ apiVersion: 'nope.istio.io/v1', kind: 'X', metadata: { name: 'a' } })).toEqual(['apiVersion']);
    expect(paths({ kind: 'VirtualService', metadata: { name: 'a' } })).toEqual(['apiVersion']);
  });

  it('leaves non-Istio objects alone', () => {
    expect(
      validateIstioSchema({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { x: 1 } }),
    ).toEqual([]);
  });

  it('validates metadata.name as a DNS-1123 subdomain and metadata.namespace as a label', () => {
    expect(paths(vs({ hosts: ['r'] }, { name: 'Reviews_v1' }))).toEqual(['metadata.name']);
    expect(paths(vs({ hosts: ['r'] }, { name: 'a'.repeat(254) }))).toEqual(['metadata.name']);
    expect(paths(vs({ hosts: ['r'] }, { name: 'reviews.v1' }))).toEqual([]);
    expect(paths(vs({ hosts: ['r'] }, { name: 'r', namespace: 'book.info' }))).toEqual(['metadata.namespace']);
    expect(lines(vs({ hosts: ['r'] }, {}))).toEqual([
      'metadata.name: Required value: name or generateName is required',
    ]);
    expect(
      paths(vs({ hosts: ['r'] }, { name: 'r', labels: { 'app.kubernetes.io/name': 'ok', 'bad key!': 'x' } })),
    ).toEqual(['metadata.labels["bad key!"]']);
  });

  it('checks int32 ranges (istiod decodes into protobuf) and maxItems/minimum/enum', () => {
    const route = [{ destination: { host: 'r' }, weight: 2 ** 31 }];
    expect(lines(vs({ hosts: ['r'], http: [{ route }] }))[0]).toContain('should be a valid int32');
    const dr = (trafficPolicy: unknown) => object('DestinationRule', 'r', { host: 'r', trafficPolicy }, null);
    expect(lines(dr({ loadBalancer: { simple: 'FASTEST' } }))[0]).toMatch(
      /^spec.trafficPolicy.loadBalancer.simple: Unsupported value: "FASTEST": supported values: "UNSPECIFIED", /,
    );
    expect(paths(dr({ tls: { mode: 'ISTIO_MUTUAL', subjectAltNames: 'x' } }))).toEqual([
      'spec.trafficPolicy.tls.subjectAltNames',
    ]);
  });

  it('explains Istio protobuf oneofs (oneOf)', () => {
    const trafficPolicy = { loadBalancer: { simple: 'RANDOM', consistentHash: { useSourceIp: true } } };
    const dr = object('DestinationRule', 'r', { host: 'r', trafficPolicy }, null);
    const [finding] = validateIstioSchema(dr);
    expect(finding?.path).toBe('spec.trafficPolicy.loadBalancer');
    expect(finding?.message).toContain('must validate one and only one schema (oneOf)');
    expect(finding?.message).toContain('found [simple, consistentHash]');
  });

  it('accepts int-or-string and rejects other types there', () => {
    const server = (targetPort: unknown) => ({
      port: { number: 80, name: 'http', protocol: 'HTTP', targetPort },
      hosts: ['*'],
    });
    const se = (targetPort: unknown) => object('Gateway', 'gw', { servers: [server(targetPort)] }, null);
    expect(paths(se(8080))).toEqual([]);
    expect(paths(se('x'))).toEqual(['spec.servers[0].port.targetPort']);
  });

  it('runs CEL rules with has(), map all() and int() conversion', () => {
    const pa = (spec: unknown) => object('PeerAuthentication', 'p', spec, null);
    const selector = { matchLabels: { app: 'a' } };
    expect(validateIstioSchema(pa({ selector, portLevelMtls: { '8080': { mode: 'STRICT' } } }))).toEqual([]);
    expect(lines(pa({ selector, portLevelMtls: { '70000': { mode: 'STRICT' } } }))).toEqual([
      'spec.portLevelMtls: Invalid value: "object": port must be between 1-65535',
    ]);
    expect(lines(pa({ portLevelMtls: { '80': { mode: 'STRICT' } } }))).toEqual([
      'spec: Invalid value: "object": portLevelMtls requires selector',
    ]);
  });

  it('does not evaluate CEL over a subtree that has type errors, but still checks the rest', () => {
    const spec = { mtls: { mode: 7 }, portLevelMtls: { '80': { mode: 'STRICT' } } };
    const pa = object('PeerAuthentication', 'p', spec, null);
    // spec.mtls.mode has a type error, so the spec-level rule is skipped, as the API server skips all rules.
    expect(paths(pa)).toEqual(['spec.mtls.mode']);
  });

  it('checks x-kubernetes-list-type map keys for duplicates', () => {
    const ports = [
      { number: 80, name: 'http' },
      { number: 81, name: 'http' },
    ];
    const se = object('ServiceEntry', 'se', { hosts: ['a.example.com'], ports }, null);
    expect(lines(se)).toEqual(['spec.ports[1]: Duplicate value: {"name":"http"}']);
  });

  it('accepts null only where the schema is nullable', () => {
    const route = [{ destination: { host: 'r' } }];
    expect(
      validateIstioSchema(vs({ hosts: ['r'], http: [{ route, corsPolicy: { allowCredentials: null } }] })),
    ).toEqual([]);
    expect(lines(vs({ hosts: ['r'], http: [{ route, timeout: null }] }))).toEqual([
      'spec.http[0].timeout: Invalid value: "null": spec.http[0].timeout in body must be of type string: "null"',
    ]);
  });

  it('rejects non-objects', () => {
    expect(paths('apiVersion: v1')).toEqual(['']);
    expect(paths(null)).toEqual(['']);
  });
});

describe('hasSchemaTypes', () => {
  it('is false only for values of the wrong JSON type', () => {
    expect(hasSchemaTypes(vs({ hosts: ['r'], htp: [] }))).toBe(true);
    expect(hasSchemaTypes(vs({ hosts: 'r' }))).toBe(false);
    expect(hasSchemaTypes(vs({ hosts: ['r'], http: [{ route: [{ destination: { host: 'r' }, weight: 'x' }] }] }))).toBe(
      false,
    );
    expect(hasSchemaTypes({ apiVersion: 'v1', kind: 'Service', spec: 'x' })).toBe(true);
  });
});
