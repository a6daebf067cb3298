import { describe, expect, it } from 'vitest';
import {
  atLeast,
  defaultResources,
  formatLogLine,
  isSuppressed,
  parseLevel,
  parseMeshConfig,
  parseSuppression,
  toIstioMessage,
} from './analyze-report';
import type { Finding } from './types';
import { validateSources } from './validate-files';

const finding = (extra: Partial<Finding> = {}): Finding => ({
  code: 'IST0102',
  severity: 'info',
  kind: 'Namespace',
  namespace: 'default',
  name: 'shop',
  path: '',
  message: 'The namespace is not enabled for Istio injection.',
  ...extra,
});

describe('levels and thresholds', () => {
  it('reads level names case-insensitively and orders Error > Warning > Info', () => {
    expect([parseLevel('warning'), parseLevel('ERROR'), parseLevel('Info'), parseLevel('fatal')]).toEqual([
      'Warning',
      'Error',
      'Info',
      null,
    ]);
    expect([atLeast('Error', 'Warning'), atLeast('Warning', 'Warning'), atLeast('Info', 'Warning')]).toEqual([
      true,
      true,
      false,
    ]);
  });
});

describe('suppressions (--suppress CODE=RESOURCE)', () => {
  it('matches the origin `Kind name.namespace` (`Kind name` for cluster-scoped kinds) with * wildcards', () => {
    const ns = finding();
    const vs = finding({ code: 'IST0101', kind: 'VirtualService', namespace: 'bookinfo', name: 'reviews' });
    const s = (v: string) => parseSuppression(v) as Exclude<ReturnType<typeof parseSuppression>, string>;
    expect(isSuppressed(ns, [s('IST0102=Namespace *')])).toBe(true);
    expect(isSuppressed(ns, [s('IST0102=Namespace other')])).toBe(false);
    expect(isSuppressed(vs, [s('IST0101=VirtualService *.bookinfo')])).toBe(true);
    expect(isSuppressed(vs, [s('IST0101=VirtualService reviews.default')])).toBe(false);
    expect(isSuppressed(vs, [s('IST0102=VirtualService *')])).toBe(false);
    expect(isSuppressed(vs, [s('IST0101=VirtualService review.*')])).toBe(false);
  });

  it('refuses a value without exactly one =', () => {
    expect(parseSuppression('IST0102')).toMatch(/not a valid suppression value/);
    expect(parseSuppression('a=b=c')).toMatch(/not a valid suppression value/);
  });
});

describe('output', () => {
  it('prints istioctl log lines and JSON fields', () => {
    const f = {
      ...finding({ severity: 'error', code: 'IST0101', kind: 'VirtualService', namespace: 'bookinfo', name: 'r' }),
      message: 'm',
      file: 'a.yaml',
      line: 3,
      column: 5,
      path: 'spec.hosts[0]',
    };
    expect(formatLogLine(f)).toBe('Error [IST0101] (VirtualService r.bookinfo a.yaml:3) m');
    expect(toIstioMessage(f)).toEqual({
      code: 'IST0101',
      level: 'Error',
      origin: 'VirtualService r.bookinfo',
      reference: 'a.yaml:3',
      message: 'm',
      documentationUrl: 'https://istio.io/latest/docs/reference/config/analysis/ist0101/?ref=istioctl-analyze',
      path: 'spec.hosts[0]',
      column: 5,
    });
    expect(formatLogLine({ ...f, kind: '', file: 'b.yaml', line: 1 })).toBe('Error [IST0101] (b.yaml:1) m');
  });
});

describe('mesh config (--meshConfigFile)', () => {
  it('reads the fields the checks use, with Istio’s defaults for the rest, also from the istio ConfigMap', () => {
    expect(parseMeshConfig('rootNamespace: mesh-root\ntrustDomain: example.org\nenableAutoMtls: false\n')).toEqual({
      analyze: { rootNamespace: 'mesh-root', trustDomain: 'example.org', autoMtls: false },
      ingressService: 'istio-ingressgateway',
      ingressControllerMode: 'STRICT',
    });
    expect(parseMeshConfig('')).toMatchObject({ analyze: {}, ingressService: 'istio-ingressgateway' });
    const dns = (allocate: string) =>
      `defaultConfig:\n  proxyMetadata:\n    ISTIO_META_DNS_CAPTURE: "true"\n    ISTIO_META_DNS_AUTO_ALLOCATE: "${allocate}"\n`;
    expect(parseMeshConfig(dns('true'))).toMatchObject({ analyze: { addressAutoAllocation: true } });
    expect((parseMeshConfig(dns('false')) as { analyze: object }).analyze).toEqual({});
    const configMap =
      'kind: ConfigMap\napiVersion: v1\ndata:\n  mesh: |\n    ingressService: edge\n    ingressControllerMode: "OFF"\n';
    expect(parseMeshConfig(configMap)).toMatchObject({ ingressService: 'edge', ingressControllerMode: 'OFF' });
  });

  it('refuses what is not a mesh config', () => {
    expect(parseMeshConfig('- a\n- b\n')).toMatch(/YAML mapping/);
    expect(parseMeshConfig('enableAutoMtls: maybe\n')).toMatch(/enableAutoMtls/);
    expect(parseMeshConfig('rootNamespace: [a]\n')).toMatch(/rootNamespace must be a string/);
    expect(parseMeshConfig('a: [\n')).toMatch(/^not YAML/);
  });
});

describe('default resources (istioctl analyze AddDefaultResources)', () => {
  const gatewayYaml = (port: number) => `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: web, namespace: shop}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: ${port}, name: http, protocol: HTTP}, hosts: ["*"]}]
`;
  const codes = (port: number, defaults = defaultResources('istio-system')) => {
    const run = validateSources([{ name: 'gw.yaml', text: gatewayYaml(port) }], { defaults });
    if (!run.ok) throw new Error('parse failed');
    return run.findings.map((f) => `${f.code} ${f.file}:${f.line}`);
  };

  it('lets a Gateway select the default ingress gateway, on its ports only', () => {
    expect(codes(80)).toEqual([]);
    expect(codes(8080)).toEqual([]);
    expect(codes(9090)).toEqual(['IST0162 gw.yaml:6']);
    expect(codes(80, [])).toEqual(['IST0101 gw.yaml:5']);
  });

  it('names the Service after ingressService, in the given namespace, and adds nothing when ingress is OFF', () => {
    const mesh = parseMeshConfig('ingressService: edge\n');
    if (typeof mesh === 'string') throw new Error(mesh);
    expect(defaultResources('istio-gw', mesh).map((o) => o.metadata as { name: string; namespace: string })).toEqual([
      expect.objectContaining({ name: 'edge-dummypod', namespace: 'istio-gw' }),
      expect.objectContaining({ name: 'edge', namespace: 'istio-gw' }),
    ]);
    expect(defaultResources('istio-system', { ...mesh, ingressControllerMode: 'OFF' })).toEqual([]);
  });
});
