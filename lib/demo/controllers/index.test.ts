import { describe, expect, it } from 'vitest';
import { seedDemoCluster } from '../seed';
import { ObjectStore, type KubeObject } from '../store/object-store';
import { demoStores, R, settle } from '../test-cluster';
import { startControllers } from './index';
import { PROXY_IMAGE } from './pods';

const cluster = demoStores();

const podsOf = (store: ObjectStore, ns: string, app: string) =>
  store.list(R.pods, ns).filter((p) => p.metadata.labels?.app === app);

function scale(store: ObjectStore, ns: string, name: string, replicas: number): void {
  const d = store.get(R.deployments, ns, name)!;
  store.update(R.deployments, { ...d, spec: { ...d.spec, replicas } });
}

describe('Deployment → ReplicaSet → Pods', () => {
  it('creates an owned ReplicaSet and pods for every seeded deployment, before it returns', () => {
    const store = cluster();
    const deployment = store.get(R.deployments, 'bookinfo', 'reviews-v2')!;
    const [rs, ...others] = store.list(R.rs, 'bookinfo').filter((r) => r.metadata.name.startsWith('reviews-v2-'));
    expect(others).toHaveLength(0);
    const hash = rs!.metadata.labels!['pod-template-hash']!;
    expect(rs!.metadata.name).toBe(`reviews-v2-${hash}`);
    expect(rs!.metadata.ownerReferences).toEqual([
      expect.objectContaining({
        kind: 'Deployment',
        name: 'reviews-v2',
        uid: deployment.metadata.uid,
        controller: true,
      }),
    ]);
    const [pod] = podsOf(store, 'bookinfo', 'reviews').filter((p) => p.metadata.labels?.version === 'v2');
    expect(pod!.metadata.name).toMatch(new RegExp(`^reviews-v2-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
    expect(pod!.metadata.labels).toMatchObject({ app: 'reviews', version: 'v2', 'pod-template-hash': hash });
    expect(pod!.metadata.ownerReferences?.[0]).toMatchObject({
      kind: 'ReplicaSet',
      name: rs!.metadata.name,
      uid: rs!.metadata.uid,
    });
    expect(pod!.spec.serviceAccountName).toBe('bookinfo-reviews');
    expect(deployment.status).toMatchObject({
      replicas: 1,
      readyReplicas: 1,
      availableReplicas: 1,
      updatedReplicas: 1,
      observedGeneration: 1,
    });
  });

  it('injects the Istio sidecar in injected namespaces, not into istio-system gateways', () => {
    const store = cluster();
    const [pod] = podsOf(store, 'bookinfo', 'productpage');
    expect(pod!.spec.containers.map((c: { name: string }) => c.name)).toEqual(['productpage', 'istio-proxy']);
    expect(pod!.spec.containers[1].image).toBe(PROXY_IMAGE);
    expect(JSON.parse(pod!.metadata.annotations!['sidecar.istio.io/status']!).containers).toEqual(['istio-proxy']);
    expect(pod!.metadata.labels).toMatchObject({
      'security.istio.io/tlsMode': 'istio',
      'service.istio.io/canonical-name': 'productpage',
      'service.istio.io/canonical-revision': 'v1',
    });
    expect(pod!.status).toMatchObject({ phase: 'Running', podIP: expect.stringMatching(/^10\.244\.\d+\.\d+$/) });
    expect(pod!.status.containerStatuses.every((c: { ready: boolean }) => c.ready)).toBe(true);
    expect(pod!.status.conditions).toContainEqual(expect.objectContaining({ type: 'Ready', status: 'True' }));

    const [gateway] = podsOf(store, 'istio-system', 'istio-ingressgateway');
    expect(gateway!.spec.containers.map((c: { name: string; image: string }) => `${c.name} ${c.image}`)).toEqual([
      `istio-proxy ${PROXY_IMAGE}`,
    ]);
    expect(gateway!.metadata.annotations?.['sidecar.istio.io/status']).toBeUndefined();
    expect(gateway!.metadata.labels).toMatchObject({ app: 'istio-ingressgateway', istio: 'ingressgateway' });
  });

  it('gives every pod its own IP and the same names on every run', () => {
    const a = cluster()
      .list(R.pods)
      .map((p) => p.metadata.name);
    const store = cluster();
    expect(store.list(R.pods).map((p) => p.metadata.name)).toEqual(a);
    const ips = store.list(R.pods).map((p) => p.status.podIP);
    expect(new Set(ips).size).toBe(ips.length);
  });

  it('follows spec.replicas up and down, and updates the status', async () => {
    const store = cluster();
    for (const n of [3, 0]) {
      scale(store, 'bookinfo', 'ratings-v1', n);
      await settle();
      expect(podsOf(store, 'bookinfo', 'ratings')).toHaveLength(n);
      expect(store.get(R.deployments, 'bookinfo', 'ratings-v1')!.status).toMatchObject({
        replicas: n,
        readyReplicas: n,
        availableReplicas: n,
      });
    }
  });

  it('rolls a template change onto a new ReplicaSet and scales the old one to 0', async () => {
    const store = cluster();
    const d = store.get(R.deployments, 'bookinfo', 'details-v1')!;
    const oldPod = podsOf(store, 'bookinfo', 'details')[0]!;
    d.spec.template.spec.containers[0].image = 'example.com/details:2';
    store.update(R.deployments, d);
    await settle();
    const sets = store.list(R.rs, 'bookinfo').filter((r) => r.metadata.name.startsWith('details-v1-'));
    expect(sets.map((r) => r.spec.replicas).sort()).toEqual([0, 1]);
    const [pod, ...rest] = podsOf(store, 'bookinfo', 'details');
    expect(rest).toHaveLength(0);
    expect(pod!.metadata.name).not.toBe(oldPod.metadata.name);
    expect(pod!.spec.containers[0].image).toBe('example.com/details:2');
    expect(
      store.get(R.deployments, 'bookinfo', 'details-v1')!.metadata.annotations?.['deployment.kubernetes.io/revision'],
    ).toBe('2');
  });

  it('replaces a deleted pod under a new name, and deletes ReplicaSets and pods with their Deployment', async () => {
    const store = cluster();
    const [pod] = podsOf(store, 'default', 'httpbin');
    store.delete(R.pods, 'default', pod!.metadata.name);
    await settle();
    const [replacement] = podsOf(store, 'default', 'httpbin');
    expect(replacement!.metadata.name).not.toBe(pod!.metadata.name);

    store.delete(R.deployments, 'default', 'httpbin');
    await settle();
    expect(podsOf(store, 'default', 'httpbin')).toHaveLength(0);
    expect(store.list(R.rs, 'default').filter((r) => r.metadata.name.startsWith('httpbin-'))).toHaveLength(0);
  });
});

describe('Endpoints', () => {
  const addresses = (ep: KubeObject | undefined) =>
    (ep?.subsets ?? []).flatMap((s: { addresses?: { ip: string }[] }) => (s.addresses ?? []).map((a) => a.ip)).sort();

  it('lists the pods a Service selects, with target ports', async () => {
    const store = cluster();
    const reviews = store.get(R.endpoints, 'bookinfo', 'reviews');
    expect(addresses(reviews)).toEqual(
      podsOf(store, 'bookinfo', 'reviews')
        .map((p) => p.status.podIP)
        .sort(),
    );
    expect(reviews!.subsets[0].ports).toEqual([{ name: 'http', port: 9080, protocol: 'TCP' }]);
    expect(store.get(R.endpoints, 'default', 'httpbin')!.subsets[0].ports[0].port).toBe(8080);

    scale(store, 'bookinfo', 'reviews-v3', 2);
    await settle();
    expect(addresses(store.get(R.endpoints, 'bookinfo', 'reviews'))).toHaveLength(4);
    store.delete(R.services, 'bookinfo', 'reviews');
    await settle();
    expect(store.get(R.endpoints, 'bookinfo', 'reviews')).toBeUndefined();
  });
});

describe('namespaces and bare pods', () => {
  it('gives a new namespace a default ServiceAccount, starts bare pods, and empties a deleted namespace', async () => {
    const store = cluster();
    store.create(R.ns, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'scratch' } });
    await settle();
    expect(store.get(R.sa, 'scratch', 'default')).toMatchObject({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'default', namespace: 'scratch' },
    });
    store.create(R.pods, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'bare', namespace: 'scratch' },
      spec: { containers: [{ name: 'c', image: 'busybox' }] },
    });
    await settle();
    expect(store.get(R.pods, 'scratch', 'bare')!.status).toMatchObject({ phase: 'Running', podIP: expect.any(String) });
    store.delete(R.ns, undefined, 'scratch');
    await settle();
    expect(store.list(R.pods, 'scratch')).toHaveLength(0);
    expect(store.list(R.sa, 'scratch')).toHaveLength(0);
  });

  it('stops reacting once stopped', async () => {
    const store = new ObjectStore();
    seedDemoCluster(store);
    const stop = startControllers(store);
    stop();
    scale(store, 'bookinfo', 'ratings-v1', 4);
    await settle();
    expect(podsOf(store, 'bookinfo', 'ratings')).toHaveLength(1);
  });
});
