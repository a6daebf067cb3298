import type { CallEdge, CallGraph, EdgeSource } from './types';

const INGRESS = 'istio-ingressgateway.istio-system.svc.cluster.local';

type CallTrigger = Pick<CallEdge, 'onPaths' | 'endUserHeader'>;

/** A bookinfo service calling `host` (port 9080) once per request it serves, as the sample does: `GET /{host}/0`. */
function bookinfoCall(source: EdgeSource, host: string, when: CallTrigger = {}): CallEdge {
  const requests = [{ method: 'GET', path: `/${host}/0` }];
  return { source, destination: { host, port: 9080 }, protocol: 'http', perRequest: 1, ...when, requests };
}

const PRODUCTPAGE = { namespace: 'bookinfo', app: 'productpage' };
/** Bookinfo in ambient mode (seed: namespace bookinfo-ambient, a waypoint serving reviews). */
const AMBIENT = 'bookinfo-ambient';
/** productpage's calls happen on its page view and carry the signed-in user's header. */
const ON_PAGE_VIEW = { onPaths: ['/productpage'], endUserHeader: true };

/** Namespace of bookinfo's Gateway API variant (lib/demo/seed): a Gateway of class `istio` and HTTPRoutes. */
export const GATEWAY_API_NAMESPACE = 'bookinfo-gateway-api';

/**
 * Bookinfo served through the Gateway API in GATEWAY_API_NAMESPACE: outside users reach the gateway Istio deploys
 * for `bookinfo-gateway` (Service `bookinfo-gateway-istio`), productpage calls details and reviews (which an
 * HTTPRoute with the Service as parent splits 90/10 between reviews-v1 and reviews-v2), reviews v2/v3 call ratings.
 */
function gatewayApiBookinfo(ns: string): CallEdge[] {
  const productpage = { namespace: ns, app: 'productpage' };
  return [
    {
      source: 'unknown',
      destination: { host: `bookinfo-gateway-istio.${ns}.svc.cluster.local`, port: 80 },
      protocol: 'http',
      rps: 3,
      requests: [
        { method: 'GET', path: '/productpage', weight: 75 },
        { method: 'GET', path: '/productpage', user: 'jason', weight: 15 },
        { method: 'GET', path: '/api/v1/products', weight: 5 },
        { method: 'GET', path: '/static/tailwind/tailwind.css', weight: 5 },
      ],
    },
    bookinfoCall(productpage, 'details', ON_PAGE_VIEW),
    bookinfoCall(productpage, 'reviews', ON_PAGE_VIEW),
    bookinfoCall({ namespace: ns, app: 'reviews', versions: ['v2', 'v3'] }, 'ratings'),
  ];
}

/**
 * The demo mesh's default traffic: Istio's bookinfo behind the ingress gateway (outside users, some signed in
 * as `jason`, and curl in `default`), a trickle of out-of-mesh requests straight to productpage, curl → httpbin
 * (with a few `/status/503`), TCP clients of tcp-echo, and curl → external hosts declared by ServiceEntries
 * (HTTPS hosts produce TCP metrics, as TLS passthrough does), bookinfo on Gateway API routes in
 * `bookinfo-gateway-api`, and bookinfo in ambient mode (`bookinfo-ambient`) driven by its curl client. Edges whose
 * caller or host is missing are skipped.
 */
export const DEFAULT_CALL_GRAPH: CallGraph = {
  traceSampling: 20,
  edges: [
    {
      source: 'unknown',
      destination: { host: INGRESS, port: 80 },
      protocol: 'http',
      rps: 8,
      requests: [
        { method: 'GET', path: '/productpage', weight: 70 },
        { method: 'GET', path: '/productpage', user: 'jason', weight: 20 },
        { method: 'GET', path: '/api/v1/products', weight: 5 },
        { method: 'GET', path: '/static/tailwind/tailwind.css', weight: 5 },
      ],
    },
    {
      source: { namespace: 'default', app: 'curl' },
      destination: { host: INGRESS, port: 80 },
      protocol: 'http',
      rps: 2,
      requests: [{ method: 'GET', path: '/productpage' }],
    },
    {
      source: 'unknown',
      destination: { host: 'productpage.bookinfo.svc.cluster.local', port: 9080 },
      protocol: 'http',
      rps: 0.5,
      requests: [{ method: 'GET', path: '/productpage' }],
    },
    bookinfoCall(PRODUCTPAGE, 'details', ON_PAGE_VIEW),
    bookinfoCall(PRODUCTPAGE, 'reviews', ON_PAGE_VIEW),
    bookinfoCall({ namespace: 'bookinfo', app: 'reviews', versions: ['v2', 'v3'] }, 'ratings'),
    // Ambient bookinfo, driven by its curl client (captured by ztunnel like every pod of the namespace).
    {
      source: { namespace: AMBIENT, app: 'curl' },
      destination: { host: 'productpage', port: 9080 },
      protocol: 'http',
      rps: 3,
      requests: [
        { method: 'GET', path: '/productpage', weight: 80 },
        { method: 'GET', path: '/productpage', user: 'jason', weight: 20 },
      ],
    },
    bookinfoCall({ namespace: AMBIENT, app: 'productpage' }, 'details', ON_PAGE_VIEW),
    bookinfoCall({ namespace: AMBIENT, app: 'productpage' }, 'reviews', ON_PAGE_VIEW),
    bookinfoCall({ namespace: AMBIENT, app: 'reviews', versions: ['v2', 'v3'] }, 'ratings'),
    {
      source: { namespace: 'tcp-echo', app: 'curl' },
      destination: { host: 'tcp-echo', port: 9000 },
      protocol: 'tcp',
      rps: 2,
      bytesPerConnection: 24,
    },
    {
      source: { namespace: 'tcp-echo', app: 'sleep' },
      destination: { host: 'tcp-echo', port: 9000 },
      protocol: 'tcp',
      rps: 2,
      bytesPerConnection: 24,
    },
    {
      source: { namespace: 'default', app: 'curl' },
      destination: { host: 'httpbin', port: 8000 },
      protocol: 'http',
      rps: 5,
      requests: [
        { method: 'GET', path: '/headers', weight: 60 },
        { method: 'GET', path: '/status/200', weight: 25 },
        { method: 'POST', path: '/post', weight: 12 },
        { method: 'GET', path: '/status/503', weight: 3 },
      ],
    },
    {
      source: { namespace: 'default', app: 'curl' },
      destination: { host: 'pypi.org', port: 443 },
      protocol: 'tcp',
      rps: 0.5,
      bytesPerConnection: 900,
    },
    {
      source: { namespace: 'default', app: 'curl' },
      destination: { host: 'github.com', port: 443 },
      protocol: 'tcp',
      rps: 0.5,
      bytesPerConnection: 900,
    },
    {
      source: { namespace: 'default', app: 'curl' },
      destination: { host: 'deb.debian.org', port: 80 },
      protocol: 'http',
      rps: 0.3,
      requests: [{ method: 'GET', path: '/debian/dists/stable/InRelease' }],
    },
    ...gatewayApiBookinfo(GATEWAY_API_NAMESPACE),
  ],
  // Bookinfo is healthy at rest (Kiali degrades a node on any 5xx), so an injected fault or a DENY policy stands out;
  // httpbin's /status/503 calls keep one Degraded example in `default`.
  profiles: {
    productpage: { latencyMs: 12, latencySigma: 0.4, errorRate: 0, responseBytes: 5200 },
    details: { latencyMs: 2, errorRate: 0, responseBytes: 180 },
    reviews: { latencyMs: 5, responseBytes: 360 },
    'reviews:v2': { latencyMs: 7, responseBytes: 440 },
    'reviews:v3': { latencyMs: 7, responseBytes: 440 },
    ratings: { latencyMs: 1.5, errorRate: 0, errorCode: 500, responseBytes: 48 },
    httpbin: { latencyMs: 1, responseBytes: 420, statusFromPath: true },
  },
};
