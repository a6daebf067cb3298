import { describe, expect, it } from 'vitest';
import type { IstioObject } from '../types';
import { analyze } from './index';
import { istio, summarize, withConfig } from './test-helpers';

const G = 'gateway.networking.k8s.io';

function gw(
  kind: string,
  name: string,
  spec: unknown,
  namespace: string | null = 'bookinfo',
  status?: unknown,
): IstioObject {
  const metadata = namespace === null ? { name } : { name, namespace };
  return { apiVersion: `${G}/v1`, kind, metadata, spec, ...(status ? { status } : {}) } as IstioObject;
}

const istioClass = gw('GatewayClass', 'istio', { controllerName: 'istio.io/gateway-controller' }, null);
const gateway = gw('Gateway', 'bookinfo-gateway', {
  gatewayClassName: 'istio',
  listeners: [
    {
      name: 'http',
      port: 80,
      protocol: 'HTTP',
      hostname: '*.example.com',
      allowedRoutes: { namespaces: { from: 'Same' } },
    },
  ],
});

function run(
  objects: IstioObject[],
  codes = ['KIA1401', 'KIA1402', 'KIA1503', 'KIA1504', 'KIA1601', 'MS1410', 'MS1411', 'IST0171', 'IST0165'],
) {
  return analyze(withConfig([], { gatewayApi: objects })).filter((f) => codes.includes(f.code));
}

const route = (name: string, spec: unknown, ns = 'bookinfo') => gw('HTTPRoute', name, spec, ns);

describe('Gateway API checks', () => {
  it("Istio's bookinfo-gateway sample and a GAMMA route to existing Services analyze clean", () => {
    const objects = [
      istioClass,
      gateway,
      route('bookinfo', {
        parentRefs: [{ name: 'bookinfo-gateway' }],
        hostnames: ['bookinfo.example.com'],
        rules: [{ backendRefs: [{ name: 'productpage', port: 9080 }] }],
      }),
      route('reviews', {
        parentRefs: [{ group: '', kind: 'Service', name: 'reviews', port: 9080 }],
        rules: [{ backendRefs: [{ name: 'reviews', port: 9080 }] }],
      }),
    ];
    expect(run(objects)).toEqual([]);
  });

  it('KIA1401 for a missing Gateway parent, KIA1402 for a missing Service parent or backend, with the group set', () => {
    const findings = run([
      istioClass,
      route('r', {
        parentRefs: [{ name: 'nope' }, { group: '', kind: 'Service', name: 'ghost' }],
        rules: [{ backendRefs: [{ name: 'missing', port: 80 }] }],
      }),
    ]);
    expect(summarize(findings)).toEqual([
      'KIA1401 HTTPRoute bookinfo/r spec.parentRefs[0].name',
      'KIA1402 HTTPRoute bookinfo/r spec.parentRefs[1].name',
      'KIA1402 HTTPRoute bookinfo/r spec.rules[0].backendRefs[0].name',
    ]);
    expect(findings.every((f) => f.group === G)).toBe(true);
  });

  it('MS1410 with the reason Istio would set: NotAllowedByListeners, NoMatchingListenerHostname, NoMatchingParent', () => {
    const findings = run([
      istioClass,
      gateway,
      route('other-ns', { parentRefs: [{ name: 'bookinfo-gateway', namespace: 'bookinfo' }] }, 'default'),
      route('host', { parentRefs: [{ name: 'bookinfo-gateway' }], hostnames: ['example.org'] }),
      route('section', { parentRefs: [{ name: 'bookinfo-gateway', sectionName: 'https' }] }),
    ]);
    expect(
      findings.map((f) => `${f.code} ${f.namespace}/${f.name} ${f.path} ${f.message.split(', ')[1]?.split(':')[0]}`),
    ).toEqual([
      'MS1410 bookinfo/host spec.parentRefs[0] NoMatchingListenerHostname',
      'MS1410 bookinfo/section spec.parentRefs[0] NoMatchingParent',
      'MS1410 default/other-ns spec.parentRefs[0] NotAllowedByListeners',
    ]);
    expect(findings[0]!.message).toBe(
      'Route parent Gateway bookinfo/bookinfo-gateway: Accepted=False, NoMatchingListenerHostname: no hostnames matched parent hostname "*.example.com"',
    );
  });

  it('MS1411 for a cross-namespace backend without a ReferenceGrant (RefNotPermitted), a missing port, an unsupported kind', () => {
    const r = route('r', {
      parentRefs: [{ group: '', kind: 'Service', name: 'reviews' }],
      rules: [
        {
          backendRefs: [
            { name: 'httpbin', namespace: 'default', port: 8000 },
            { name: 'reviews', port: 1234 },
            { group: 'example.com', kind: 'Bucket', name: 'b' },
          ],
        },
      ],
    });
    const httpbin = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'httpbin', namespace: 'default' },
      spec: { ports: [{ port: 8000 }] },
    };
    const base = withConfig([]);
    const snapshot = { ...base, services: [...base.services, httpbin], gatewayApi: [r] };
    const reasons = analyze(snapshot)
      .filter((f) => f.code === 'MS1411')
      .map((f) => `${f.path} ${f.message.split(':')[0]}`);
    expect(reasons).toEqual([
      'spec.rules[0].backendRefs[0] ResolvedRefs=False, RefNotPermitted',
      'spec.rules[0].backendRefs[1] ResolvedRefs=False, BackendNotFound',
      'spec.rules[0].backendRefs[2] ResolvedRefs=False, InvalidKind',
    ]);
    const grant = gw(
      'ReferenceGrant',
      'allow',
      { from: [{ group: G, kind: 'HTTPRoute', namespace: 'bookinfo' }], to: [{ group: '', kind: 'Service' }] },
      'default',
    );
    const granted = analyze({ ...snapshot, gatewayApi: [r, grant] })
      .filter((f) => f.code === 'MS1411')
      .map((f) => f.path);
    expect(granted).toEqual(['spec.rules[0].backendRefs[1]', 'spec.rules[0].backendRefs[2]']);
  });

  it('KIA1503 on indistinct listeners, KIA1504 for an unknown GatewayClass (only when classes are visible)', () => {
    const bad = gw('Gateway', 'g', {
      gatewayClassName: 'nosuch',
      listeners: [
        { name: 'a', port: 80, protocol: 'HTTP' },
        { name: 'b', port: 80, protocol: 'HTTP' },
      ],
    });
    expect(summarize(run([istioClass, bad]))).toEqual([
      'KIA1503 Gateway bookinfo/g spec.listeners[0]',
      'KIA1503 Gateway bookinfo/g spec.listeners[1]',
      'KIA1504 Gateway bookinfo/g spec.gatewayClassName',
    ]);
    expect(run([bad], ['KIA1504'])).toEqual([]);
  });

  it('KIA1601 for a ReferenceGrant from a namespace that does not exist', () => {
    const grant = gw('ReferenceGrant', 'g', {
      from: [
        { group: G, kind: 'HTTPRoute', namespace: 'nowhere' },
        { group: G, kind: 'HTTPRoute', namespace: 'bookinfo' },
      ],
      to: [{ group: '', kind: 'Service' }],
    });
    expect(summarize(run([grant]))).toEqual(['KIA1601 ReferenceGrant bookinfo/g spec.from[0].namespace']);
  });

  it('IST0171 for each negative condition the cluster reports (Conflicted=True counts, Conflicted=False does not)', () => {
    const status = {
      parents: [
        {
          parentRef: { name: 'x' },
          conditions: [
            { type: 'Accepted', status: 'True', reason: 'Accepted', message: 'ok' },
            { type: 'ResolvedRefs', status: 'False', reason: 'RefNotPermitted', message: 'no grant' },
          ],
        },
      ],
    };
    const gwStatus = {
      conditions: [{ type: 'Accepted', status: 'True', reason: 'Accepted' }],
      listeners: [
        {
          conditions: [
            { type: 'Conflicted', status: 'True', reason: 'HostnameConflict', message: 'm' },
            { type: 'Conflicted', status: 'False', reason: 'NoConflicts' },
          ],
        },
      ],
    };
    const findings = run(
      [gw('HTTPRoute', 'r', {}, 'bookinfo', status), gw('Gateway', 'g', {}, 'bookinfo', gwStatus)],
      ['IST0171'],
    );
    expect(findings.map((f) => `${f.kind} ${f.path} ${f.message}`)).toEqual([
      'Gateway status.listeners[0].conditions[0] A condition with a negative status is present: type=Conflicted, reason=HostnameConflict, message=m.',
      'HTTPRoute status.parents[0].conditions[1] A condition with a negative status is present: type=ResolvedRefs, reason=RefNotPermitted, message=no grant.',
    ]);
  });

  it('IST0165 for a VirtualService naming an internal Gateway generated from a Gateway API Gateway', () => {
    const vs = istio('VirtualService', 'vs', {
      hosts: ['x.example.com'],
      gateways: ['bookinfo-gateway-istio-autogenerated-k8s-gateway'],
      http: [{ route: [{ destination: { host: 'reviews' } }] }],
    });
    const findings = analyze(withConfig([vs])).filter((f) => f.code === 'IST0165');
    expect(findings.map((f) => `${f.path} ${f.message}`)).toEqual([
      'spec.gateways[0] Gateway reference in VirtualService bookinfo/vs is to an implementation-generated internal Gateway: bookinfo-gateway-istio-autogenerated-k8s-gateway.',
    ]);
  });
});
