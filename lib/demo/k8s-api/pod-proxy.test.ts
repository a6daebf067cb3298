import * as k8s from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { failure, withDemoCluster } from './test-helpers';

/** The demo API's pod proxy: ztunnel's and a waypoint's admin config dump, as `istioctl ztunnel-config` reads them. */
let core: k8s.CoreV1Api;

withDemoCluster((_cluster, kc) => {
  core = kc.makeApiClient(k8s.CoreV1Api);
});

async function podOf(namespace: string, labelSelector: string): Promise<string> {
  const pods = await core.listNamespacedPod({ namespace, labelSelector });
  expect(pods.items.length).toBeGreaterThan(0);
  return pods.items[0]!.metadata!.name!;
}

/** client-node parses a JSON answer (it returns the object despite its `string` type). */
async function dumpOf(namespace: string, pod: string): Promise<Record<string, unknown>> {
  const body: unknown = await core.connectGetNamespacedPodProxyWithPath({
    name: `${pod}:15000`,
    namespace,
    path: 'config_dump',
  });
  return (typeof body === 'string' ? JSON.parse(body) : body) as Record<string, unknown>;
}

describe('GET pods/{pod}:15000/proxy/config_dump', () => {
  it("serves ztunnel's workloads, services, policies and certificates", async () => {
    const ztunnel = await podOf('istio-system', 'app=ztunnel');
    const dump = (await dumpOf('istio-system', ztunnel)) as {
      workloads: { name: string; namespace: string; protocol: string; waypoint?: { destination: string } }[];
      services: { hostname: string; waypoint?: { destination: string }; endpoints: Record<string, unknown> }[];
      policies: unknown[];
      certificates: { identity: string; state: string }[];
    };
    const ambient = dump.workloads.filter((w) => w.namespace === 'bookinfo-ambient');
    expect(ambient.length).toBeGreaterThan(0);
    expect(ambient.filter((w) => w.protocol !== 'HBONE').map((w) => w.name)).toEqual([]);
    // sidecar pods are known to ztunnel as plain TCP workloads
    expect(dump.workloads.find((w) => w.namespace === 'bookinfo' && w.name.startsWith('productpage'))?.protocol).toBe(
      'TCP',
    );
    const reviews = dump.services.find((s) => s.hostname === 'reviews.bookinfo-ambient.svc.cluster.local')!;
    expect(reviews.waypoint?.destination).toBe('bookinfo-ambient/waypoint.bookinfo-ambient.svc.cluster.local');
    expect(Object.keys(reviews.endpoints)).toHaveLength(3);
    expect(dump.certificates.map((c) => c.identity)).toContain(
      'spiffe://cluster.local/ns/bookinfo-ambient/sa/bookinfo-productpage',
    );
    expect(Array.isArray(dump.policies)).toBe(true);
  });

  it("serves a waypoint's Envoy config dump with a cluster per port of each Service attached to it", async () => {
    const waypoint = await podOf('bookinfo-ambient', 'gateway.istio.io/managed=istio.io-mesh-controller');
    const dump = (await dumpOf('bookinfo-ambient', waypoint)) as {
      configs: { '@type': string; dynamic_active_clusters?: { cluster: { name: string } }[] }[];
    };
    expect(dump.configs.map((c) => c['@type'].split('.').pop())).toEqual([
      'ListenersConfigDump',
      'ClustersConfigDump',
      'RoutesConfigDump',
    ]);
    const clusters = dump.configs[1]!.dynamic_active_clusters!.map((c) => c.cluster.name);
    expect(clusters).toContain('inbound-vip|9080|http|reviews.bookinfo-ambient.svc.cluster.local');
  });

  it('answers 503 for a pod or port without that admin endpoint, 404 for an unknown pod', async () => {
    const productpage = await podOf('bookinfo', 'app=productpage');
    const refused = await failure(
      core.connectGetNamespacedPodProxyWithPath({
        name: `${productpage}:15000`,
        namespace: 'bookinfo',
        path: 'config_dump',
      }),
    );
    expect(refused.code).toBe(503);
    const missing = await failure(
      core.connectGetNamespacedPodProxyWithPath({ name: 'nope:15000', namespace: 'bookinfo', path: 'config_dump' }),
    );
    expect(missing.code).toBe(404);
  });
});
