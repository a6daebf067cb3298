import type { CallEdge, CallGraph, EdgeSource, RequestTemplate } from './types';

/** The host of the ingress gateway Istio's default profile installs. */
export const INGRESS = 'istio-ingressgateway.istio-system.svc.cluster.local';
/** Bookinfo in ambient mode (seed: namespace bookinfo-ambient, a waypoint serving reviews). */
const AMBIENT = 'bookinfo-ambient';
/** productpage's calls happen on its page view and carry the signed-in user's header. */
const ON_PAGE_VIEW = { onPaths: ['/productpage'], endUserHeader: true };
const CURL = { namespace: 'default', app: 'curl' };

type CallTrigger = Pick<CallEdge, 'onPaths' | 'endUserHeader'>;

/** A bookinfo service calling `host` (port 9080) once per request it serves, as the sample does: `GET /{host}/0`. */
function bookinfoCall(source: EdgeSource, host: string, when: CallTrigger = {}): CallEdge {
  const requests = [{ method: 'GET', path: `/${host}/0` }];
  return { source, destination: { host, port: 9080 }, protocol: 'http', perRequest: 1, ...when, requests };
}

/** A caller's own HTTP traffic to `host:port`: `rps` requests a second drawn from `requests`. */
export function httpEdge(
  source: EdgeSource,
  host: string,
  port: number,
  rps: number,
  requests: RequestTemplate[],
): CallEdge {
  return { source, destination: { host, port }, protocol: 'http', rps, requests };
}

/** A caller's TCP connections to `host:port`: `rps` a second, each sending `bytesPerConnection` bytes. */
function tcpEdge(source: EdgeSource, host: string, port: number, rps: number, bytesPerConnection: number): CallEdge {
  return { source, destination: { host, port }, protocol: 'tcp', rps, bytesPerConnection };
}

/** `GET {path}` requests, each entry `[path, weight, user?]` (a user signs the request in, see RequestTemplate). */
function gets(...entries: [path: string, weight: number, user?: string][]): RequestTemplate[] {
  return entries.map(([path, weight, user]) => ({ method: 'GET', path, ...(user ? { user } : {}), weight }));
}

/** What outside browsers ask a bookinfo gateway for: the page (some signed in as `jason`), the API, the CSS. */
export function browserMix(page: number, jason: number): RequestTemplate[] {
  return gets(
    ['/productpage', page],
    ['/productpage', jason, 'jason'],
    ['/api/v1/products', 5],
    ['/static/tailwind/tailwind.css', 5],
  );
}

/** Bookinfo's own calls in `namespace`: productpage → details and reviews on a page view, reviews v2/v3 → ratings. */
export function bookinfoCalls(namespace: string): CallEdge[] {
  const productpage = { namespace, app: 'productpage' };
  return [
    bookinfoCall(productpage, 'details', ON_PAGE_VIEW),
    bookinfoCall(productpage, 'reviews', ON_PAGE_VIEW),
    bookinfoCall({ namespace, app: 'reviews', versions: ['v2', 'v3'] }, 'ratings'),
  ];
}

/** Namespace of bookinfo's Gateway API variant (lib/demo/seed): a Gateway of class `istio` and HTTPRoutes. */
export const GATEWAY_API_NAMESPACE = 'bookinfo-gateway-api';

/**
 * Bookinfo served through the Gateway API in GATEWAY_API_NAMESPACE: outside users reach the gateway Istio deploys
 * for `bookinfo-gateway` (Service `bookinfo-gateway-istio`), productpage calls details and reviews (which an
 * HTTPRoute with the Service as parent splits 90/10 between reviews-v1 and reviews-v2), reviews v2/v3 call ratings.
 */
function gatewayApiBookinfo(ns: string): CallEdge[] {
  return [
    httpEdge('unknown', `bookinfo-gateway-istio.${ns}.svc.cluster.local`, 80, 3, browserMix(75, 15)),
    ...bookinfoCalls(ns),
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
    httpEdge('unknown', INGRESS, 80, 8, browserMix(70, 20)),
    httpEdge(CURL, INGRESS, 80, 2, [{ method: 'GET', path: '/productpage' }]),
    httpEdge('unknown', 'productpage.bookinfo.svc.cluster.local', 9080, 0.5, [{ method: 'GET', path: '/productpage' }]),
    ...bookinfoCalls('bookinfo'),
    // Ambient bookinfo, driven by its curl client (captured by ztunnel like every pod of the namespace).
    httpEdge(
      { namespace: AMBIENT, app: 'curl' },
      'productpage',
      9080,
      3,
      gets(['/productpage', 80], ['/productpage', 20, 'jason']),
    ),
    ...bookinfoCalls(AMBIENT),
    tcpEdge({ namespace: 'tcp-echo', app: 'curl' }, 'tcp-echo', 9000, 2, 24),
    tcpEdge({ namespace: 'tcp-echo', app: 'sleep' }, 'tcp-echo', 9000, 2, 24),
    httpEdge(CURL, 'httpbin', 8000, 5, [
      { method: 'GET', path: '/headers', weight: 60 },
      { method: 'GET', path: '/status/200', weight: 25 },
      { method: 'POST', path: '/post', weight: 12 },
      { method: 'GET', path: '/status/503', weight: 3 },
    ]),
    tcpEdge(CURL, 'pypi.org', 443, 0.5, 900),
    tcpEdge(CURL, 'github.com', 443, 0.5, 900),
    httpEdge(CURL, 'deb.debian.org', 80, 0.3, [{ method: 'GET', path: '/debian/dists/stable/InRelease' }]),
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
