import { describe, expect, it } from 'vitest';
import { object } from '../testdata/objects';
import { exposeObjects, exposeProblems, newExposeForm } from './expose';
import { gatewayFromForm, gatewayToForm, newGatewayForm } from './gateway';
import { gatewayProblems, serviceEntryProblems, sidecarProblems } from './networking-validate';
import { newServiceEntryForm, serviceEntryFromForm, serviceEntryToForm } from './service-entry';
import { newSidecarForm, sidecarFromForm, sidecarToForm } from './sidecar';

describe('Gateway form', () => {
  it('builds the ingress task’s Gateway and reads it back unchanged', () => {
    const form = newGatewayForm('default', 'httpbin-gateway', ['httpbin.example.com']);
    const gw = gatewayFromForm(form);
    expect(gw).toEqual({
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
      metadata: { name: 'httpbin-gateway', namespace: 'default' },
      spec: {
        selector: { istio: 'ingressgateway' },
        servers: [{ port: { number: 8080, name: 'http', protocol: 'HTTP' }, hosts: ['httpbin.example.com'] }],
      },
    });
    expect(gatewayFromForm(gatewayToForm(gw), gw)).toEqual(gw);
    expect(gatewayProblems(form)).toEqual([]);
  });

  it('keeps fields it does not know and reports missing TLS settings', () => {
    const gw = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
      metadata: { name: 'gw', namespace: 'default', labels: { a: 'b' } },
      spec: {
        selector: { istio: 'ingressgateway' },
        servers: [
          {
            port: { number: 443, name: 'https', protocol: 'HTTPS' },
            hosts: ['*'],
            tls: { mode: 'SIMPLE', credentialName: 'cert', minProtocolVersion: 'TLSV1_2' },
          },
        ],
      },
    };
    const form = gatewayToForm(gw);
    expect(gatewayFromForm(form, gw)).toEqual(gw);
    form.servers[0]!.credentialName = '';
    form.servers[0]!.port = '70000';
    expect(gatewayProblems(form)).toEqual([
      { path: 'servers.0.port', message: 'Ports are 1 to 65535' },
      {
        path: 'servers.0.credentialName',
        message: 'TLS SIMPLE needs credentialName (the Secret with the certificate)',
      },
    ]);
    form.servers[0]!.tlsMode = undefined;
    expect(gatewayProblems(form).map((p) => p.path)).toContain('servers.0.tlsMode');
  });
});

describe('ServiceEntry form', () => {
  it('builds the egress task’s ServiceEntry', () => {
    const form = newServiceEntryForm('default', 'pypi', 'pypi.org');
    expect(serviceEntryFromForm(form).spec).toEqual({
      hosts: ['pypi.org'],
      ports: [{ number: 443, name: 'https', protocol: 'TLS' }],
      location: 'MESH_EXTERNAL',
      resolution: 'DNS',
    });
    expect(serviceEntryProblems(form)).toEqual([]);
  });

  it('round-trips endpoints with labels and asks STATIC for IP endpoints', () => {
    const spec = {
      hosts: ['db.internal'],
      ports: [{ number: 5432, name: 'tcp', protocol: 'TCP' }],
      resolution: 'STATIC',
      endpoints: [{ address: '10.0.0.1', labels: { zone: 'a' } }],
    };
    const se = object('ServiceEntry', 'db', spec, 'default');
    const form = serviceEntryToForm(se);
    expect(serviceEntryFromForm(form, se)).toEqual(se);
    expect(serviceEntryProblems({ ...form, endpoints: ['db.example.com'] })).toEqual([
      { path: 'endpoints.0', message: 'STATIC endpoints are IP addresses' },
    ]);
    expect(serviceEntryProblems({ ...form, endpoints: undefined, hosts: [] }).map((p) => p.path)).toEqual([
      'hosts',
      'endpoints',
    ]);
  });
});

describe('Sidecar form', () => {
  it('builds a namespace-wide Sidecar and checks egress host form', () => {
    const form = newSidecarForm('bookinfo');
    const sc = sidecarFromForm({ ...form, outboundMode: 'REGISTRY_ONLY' });
    expect(sc.spec).toEqual({
      egress: [{ hosts: ['./*', 'istio-system/*'] }],
      outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' },
    });
    expect(sidecarFromForm(sidecarToForm(sc), sc)).toEqual(sc);
    expect(sidecarProblems({ ...form, egress: [{ hosts: ['reviews'] }] })).toEqual([
      {
        path: 'egress.0.hosts.0',
        message: 'Egress hosts are namespace/dnsName (./* for this namespace, istio-system/*, */example.com)',
      },
    ]);
  });

  it('writes workloadSelector.labels only with a selector', () => {
    const sc = sidecarFromForm({
      ...newSidecarForm('bookinfo', 'ratings'),
      selector: [{ key: 'app', value: 'ratings' }],
    });
    expect((sc.spec as Record<string, unknown>).workloadSelector).toEqual({ labels: { app: 'ratings' } });
  });
});

describe('expose this service', () => {
  it('writes a Gateway for the host and a VirtualService bound to it, with the port of a multi-port service', () => {
    const form = newExposeForm('tcp-echo', 'web', [8080, 9090]);
    const { gateway, virtualService } = exposeObjects(form);
    expect(gateway).toMatchObject({
      kind: 'Gateway',
      metadata: { name: 'web-gateway', namespace: 'tcp-echo' },
      spec: { servers: [{ port: { number: 8080, name: 'http-8080', protocol: 'HTTP' }, hosts: ['web.example.com'] }] },
    });
    expect(virtualService.spec).toEqual({
      hosts: ['web.example.com'],
      gateways: ['web-gateway'],
      http: [{ match: [{ uri: { prefix: '/' } }], route: [{ destination: { host: 'web', port: { number: 8080 } } }] }],
    });
    expect(exposeProblems(form)).toEqual([]);
  });

  it('binds to an existing Gateway of another namespace and writes no Gateway', () => {
    const form = { ...newExposeForm('default', 'httpbin', [8000]), gateway: 'istio-system/public', host: '*' };
    const { gateway, virtualService } = exposeObjects(form);
    expect(gateway).toBeNull();
    expect(virtualService.spec).toMatchObject({ hosts: ['*'], gateways: ['istio-system/public'] });
    expect((virtualService.spec as { http: unknown[] }).http[0]).toEqual({
      match: [{ uri: { prefix: '/' } }],
      route: [{ destination: { host: 'httpbin' } }],
    });
  });

  it('reports a bad host and path', () => {
    const form = { ...newExposeForm('default', 'httpbin', [8000]), host: 'Not A Host', pathPrefix: 'status' };
    expect(exposeProblems(form).map((p) => p.path)).toEqual(['host', 'pathPrefix']);
  });
});
