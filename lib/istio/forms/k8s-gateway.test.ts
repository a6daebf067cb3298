import { describe, expect, it } from 'vitest';
import { exposeGatewayApiObjects, exposeProblems, exposeWrites, newExposeForm } from './expose';
import { k8sGatewayFromForm, k8sGatewayProblems, k8sGatewayToForm, newK8sGatewayForm } from './k8s-gateway';

const G = 'gateway.networking.k8s.io/v1';
const SAME = { namespaces: { from: 'Same' } };

/** A Gateway API Gateway of class istio in bookinfo with these listeners (what the forms write). */
const istioClassGateway = (name: string, listeners: object[]) => ({
  apiVersion: G,
  kind: 'Gateway',
  metadata: { name, namespace: 'bookinfo' },
  spec: { gatewayClassName: 'istio', listeners },
});

describe('Gateway API Gateway form', () => {
  it('builds the Gateway of Istio’s bookinfo-gateway.yaml and reads it back unchanged', () => {
    const gw = k8sGatewayFromForm(newK8sGatewayForm('bookinfo', 'bookinfo-gateway'));
    expect(gw).toEqual(
      istioClassGateway('bookinfo-gateway', [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: SAME }]),
    );
    expect(k8sGatewayFromForm(k8sGatewayToForm(gw), gw)).toEqual(gw);
    expect(k8sGatewayProblems(newK8sGatewayForm('bookinfo', 'bookinfo-gateway'))).toEqual([]);
  });

  it('keeps what it does not know (addresses, TLS options, allowedRoutes.kinds, certificate kind)', () => {
    const gw = {
      apiVersion: G,
      kind: 'Gateway',
      metadata: { name: 'gw', namespace: 'istio-ingress', labels: { team: 'a' } },
      spec: {
        gatewayClassName: 'istio',
        addresses: [{ type: 'Hostname', value: 'istio-ingressgateway.istio-system.svc.cluster.local' }],
        listeners: [
          {
            name: 'https',
            hostname: '*.example.com',
            port: 443,
            protocol: 'HTTPS',
            tls: {
              mode: 'Terminate',
              certificateRefs: [{ kind: 'Secret', name: 'example-cert', namespace: 'certs' }],
              options: { 'example.com/x': 'y' },
            },
            allowedRoutes: {
              namespaces: { from: 'Selector', selector: { matchLabels: { shared: 'true' } } },
              kinds: [{ kind: 'HTTPRoute' }],
            },
          },
          { name: 'tls', port: 8443, protocol: 'TLS', tls: { mode: 'Passthrough' } },
        ],
      },
    };
    const form = k8sGatewayToForm(gw);
    expect(form.listeners[0]).toMatchObject({
      certificateRefs: ['certs/example-cert'],
      from: 'Selector',
      selector: [{ key: 'shared', value: 'true' }],
      tlsMode: 'Terminate',
    });
    // a listener without allowedRoutes gets the default (Same) written out: the only change
    const built = k8sGatewayFromForm(form, gw) as { spec: { listeners: unknown[] } };
    expect(built.spec.listeners[0]).toEqual(gw.spec.listeners[0]);
    expect(built).toEqual({
      ...gw,
      spec: {
        ...gw.spec,
        listeners: [gw.spec.listeners[0], { ...gw.spec.listeners[1], allowedRoutes: { namespaces: { from: 'Same' } } }],
      },
    });
    expect(k8sGatewayProblems(form)).toEqual([]);
  });

  it('reports the CRD’s CEL rules on the fields before any YAML exists', () => {
    const form = newK8sGatewayForm('default', 'gw');
    form.gatewayClassName = '';
    form.listeners = [
      { name: 'tcp', port: '9000', protocol: 'TCP', hostname: 'a.example.com', certificateRefs: [], from: 'Same' },
      { name: 'tcp', port: '0', protocol: 'TLS', hostname: '', certificateRefs: [], from: 'Selector' },
      {
        name: 'https',
        port: '443',
        protocol: 'HTTPS',
        hostname: 'A_B',
        tlsMode: 'Terminate',
        certificateRefs: [],
        from: 'All',
      },
      {
        name: 'web',
        port: '443',
        protocol: 'HTTPS',
        hostname: '',
        tlsMode: 'Passthrough',
        certificateRefs: [],
        from: 'All',
      },
    ];
    expect(k8sGatewayProblems(form)).toEqual([
      { path: 'gatewayClassName', message: 'A GatewayClass is required' },
      { path: 'listeners.0.hostname', message: "hostname must not be specified for protocols ['TCP', 'UDP']" },
      { path: 'listeners.1.port', message: 'Ports are 1 to 65535' },
      { path: 'listeners.1.tlsMode', message: 'tls mode must be set for protocol TLS' },
      { path: 'listeners.1.selector', message: 'Selector must be specified when from is Selector (namespace labels)' },
      { path: 'listeners.2.hostname', message: 'A DNS name such as bookinfo.example.com or *.example.com' },
      {
        path: 'listeners.2.certificateRefs',
        message: 'certificateRefs or options must be specified when mode is Terminate',
      },
      {
        path: 'listeners.3.tlsMode',
        message: 'tls mode must be Terminate for protocol HTTPS (Passthrough needs protocol TLS)',
      },
      { path: 'listeners.1.name', message: 'Listener name must be unique within the Gateway' },
    ]);
  });

  it('flags two listeners on one port, protocol and hostname', () => {
    const form = newK8sGatewayForm('default', 'gw');
    form.listeners = [form.listeners[0]!, { ...form.listeners[0]!, name: 'http-2' }];
    expect(k8sGatewayProblems(form)).toEqual([
      {
        path: 'listeners.1.hostname',
        message: 'Combination of port, protocol and hostname must be unique for each listener',
      },
    ]);
  });
});

describe('expose this service with the Gateway API', () => {
  it('writes a Gateway of class istio and an HTTPRoute attached to it, as Istio’s ingress task does', () => {
    const form = { ...newExposeForm('bookinfo', 'productpage', [9080], 'gateway-api'), host: 'bookinfo.example.com' };
    expect(form.port).toBe('80');
    const { gateway, route } = exposeGatewayApiObjects(form);
    expect(gateway).toEqual(
      istioClassGateway('productpage-gateway', [
        { name: 'http-80', hostname: 'bookinfo.example.com', port: 80, protocol: 'HTTP', allowedRoutes: SAME },
      ]),
    );
    expect(route).toEqual({
      apiVersion: G,
      kind: 'HTTPRoute',
      metadata: { name: 'productpage-ingress', namespace: 'bookinfo' },
      spec: {
        parentRefs: [{ name: 'productpage-gateway' }],
        hostnames: ['bookinfo.example.com'],
        rules: [
          {
            matches: [{ path: { type: 'PathPrefix', value: '/' } }],
            backendRefs: [{ name: 'productpage', port: 9080 }],
          },
        ],
      },
    });
    expect(exposeWrites(form)).toEqual([gateway, route]);
    expect(exposeProblems(form)).toEqual([]);
  });

  it('attaches to an existing Gateway in another namespace: any host, the chosen service port, no new Gateway', () => {
    const form = {
      ...newExposeForm('tcp-echo', 'web', [8080, 9090], 'gateway-api'),
      gateway: 'istio-ingress/shared',
      host: '*',
      servicePort: 9090,
      pathPrefix: '/api',
    };
    const writes = exposeWrites(form);
    expect(writes).toHaveLength(1);
    expect(writes[0]!.spec).toEqual({
      parentRefs: [{ name: 'shared', namespace: 'istio-ingress' }],
      rules: [
        { matches: [{ path: { type: 'PathPrefix', value: '/api' } }], backendRefs: [{ name: 'web', port: 9090 }] },
      ],
    });
  });

  it('checks the HTTPRoute name, not the VirtualService name, on the Gateway API path', () => {
    const form = {
      ...newExposeForm('default', 'httpbin', [8000], 'gateway-api'),
      routeName: 'Bad Name',
      virtualServiceName: '',
    };
    expect(exposeProblems(form).map((p) => p.path)).toEqual(['routeName']);
    expect(new Set(exposeProblems({ ...form, api: 'istio' }).map((p) => p.path))).toEqual(
      new Set(['virtualServiceName']),
    );
  });
});
