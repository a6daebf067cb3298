import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resourceByPlural } from '../store/resources';
import { setupTestCluster } from '../test-cluster';
import { runKubectl } from './test-kubectl';

const SAMPLES = path.join(__dirname, '..', 'samples', 'bookinfo', 'networking');

const cluster = setupTestCluster();

/** Runs the real kubectl against the demo cluster (see runKubectl). */
const kubectl = (...args: string[]) => runKubectl(cluster(), args);

describe('kubectl against the demo API', () => {
  it('gets deployments in bookinfo with server-side printed columns', async () => {
    const { code, stdout, stderr } = await kubectl('get', 'deployments', '-n', 'bookinfo');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/);
    expect(stdout).toMatch(/productpage-v1\s+1\/1\s+1\s+1\s+/);
    expect(stdout.match(/^reviews-v\d/gm)).toHaveLength(3);
  });

  it('gets virtualservices in all namespaces', async () => {
    const { code, stdout } = await kubectl('get', 'virtualservices', '-A');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^NAMESPACE\s+NAME\s+GATEWAYS\s+HOSTS\s+AGE/);
    expect(stdout).toMatch(/bookinfo\s+bookinfo\s+\["bookinfo-gateway"\]\s+\["\*"\]/);
  });

  it('applies a sample VirtualService: created, unchanged, then configured by a merge patch', async () => {
    const vs = resourceByPlural('networking.istio.io', 'virtualservices')!;
    const first = await kubectl('apply', '-f', path.join(SAMPLES, 'virtual-service-reviews-v3.yaml'), '-n', 'bookinfo');
    expect(first.stderr).toBe('');
    expect(first.stdout.trim()).toBe('virtualservice.networking.istio.io/reviews created');
    expect(cluster().store.get(vs, 'bookinfo', 'reviews')?.spec.http[0].route[0].destination.subset).toBe('v3');

    const again = await kubectl('apply', '-f', path.join(SAMPLES, 'virtual-service-reviews-v3.yaml'), '-n', 'bookinfo');
    expect(again.stdout.trim()).toBe('virtualservice.networking.istio.io/reviews unchanged');

    const split = await kubectl(
      'apply',
      '-f',
      path.join(SAMPLES, 'virtual-service-reviews-50-v3.yaml'),
      '-n',
      'bookinfo',
    );
    expect(split.code).toBe(0);
    expect(split.stdout.trim()).toBe('virtualservice.networking.istio.io/reviews configured');
    const routes = cluster().store.get(vs, 'bookinfo', 'reviews')?.spec.http[0].route as { weight: number }[];
    expect(routes.map((r) => r.weight)).toEqual([50, 50]);
  });

  it('reports a schema violation with the field path and exit code 1', async () => {
    const file = path.join(cluster().dir, 'bad-vs.yaml');
    writeFileSync(
      file,
      'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: bad\nspec:\n  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews}\n      weight: "abc"\n',
    );
    const { code, stderr } = await kubectl('apply', '-f', file, '-n', 'bookinfo');
    expect(code).toBe(1);
    expect(stderr).toContain('is invalid');
    expect(stderr).toContain('spec.http[0].route[0].weight');
  });

  it('scales a deployment, reads logs and deletes', async () => {
    expect((await kubectl('scale', 'deployment', 'reviews-v1', '-n', 'bookinfo', '--replicas=2')).code).toBe(0);
    const pods = await kubectl('get', 'pods', '-n', 'bookinfo', '-l', 'app=reviews,version=v1', '-o', 'name');
    expect(pods.stdout.trim().split('\n')).toHaveLength(2);

    const logs = await kubectl('logs', '-n', 'bookinfo', 'deploy/productpage-v1', '-c', 'istio-proxy');
    expect(logs.code).toBe(0);
    expect(logs.stdout).toContain('Envoy proxy is ready');

    const deleted = await kubectl('delete', 'virtualservice', 'reviews', '-n', 'bookinfo');
    expect(deleted.stdout.trim()).toBe('virtualservice.networking.istio.io "reviews" deleted');
    const missing = await kubectl('get', 'vs', 'reviews', '-n', 'bookinfo');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('virtualservices.networking.istio.io "reviews" not found');
  });

  it('creates a namespace, a deployment, a configmap and a service with the imperative (protobuf) commands', async () => {
    expect((await kubectl('create', 'namespace', 'scratch')).stdout.trim()).toBe('namespace/scratch created');
    const created = await kubectl(
      'create',
      'deployment',
      'web',
      '--image=nginx:1.27',
      '--replicas=2',
      '--port=80',
      '-n',
      'scratch',
    );
    expect(created.stderr).toBe('');
    expect(created.stdout.trim()).toBe('deployment.apps/web created');
    expect((await kubectl('rollout', 'status', 'deployment/web', '-n', 'scratch', '--timeout=20s')).stdout).toContain(
      'successfully rolled out',
    );
    const pods = await kubectl(
      'get',
      'pods',
      '-n',
      'scratch',
      '-l',
      'app=web',
      '-o',
      'jsonpath={.items[*].spec.containers[0].image}',
    );
    expect(pods.stdout.split(' ')).toEqual(['nginx:1.27', 'nginx:1.27']);

    expect((await kubectl('create', 'configmap', 'cfg', '-n', 'scratch', '--from-literal=a=1')).code).toBe(0);
    expect((await kubectl('get', 'configmap', 'cfg', '-n', 'scratch', '-o', 'jsonpath={.data.a}')).stdout).toBe('1');
    expect((await kubectl('create', 'service', 'clusterip', 'web', '-n', 'scratch', '--tcp=80:80')).code).toBe(0);
    const endpoints = await kubectl(
      'get',
      'endpoints',
      'web',
      '-n',
      'scratch',
      '-o',
      'jsonpath={.subsets[0].addresses[*].ip}',
    );
    expect(endpoints.stdout.split(' ')).toHaveLength(2);

    expect((await kubectl('delete', 'namespace', 'scratch')).code).toBe(0);
    expect((await kubectl('get', 'pods', '-n', 'scratch', '-o', 'name')).stdout).toBe('');
  });

  it("applies Istio's Gateway API sample route, prints the CRDs' columns, and reports a CEL violation", async () => {
    const sample = path.join(__dirname, '..', 'samples', 'bookinfo', 'gateway-api', 'route-reviews-v3.yaml');
    const applied = await kubectl('apply', '-n', 'bookinfo', '-f', sample);
    expect([applied.code, applied.stdout]).toEqual([0, 'httproute.gateway.networking.k8s.io/reviews created\n']);
    const kind = await kubectl(
      'get',
      'httproute',
      'reviews',
      '-n',
      'bookinfo',
      '-o',
      'jsonpath={.spec.rules[0].backendRefs[0].kind}',
    );
    expect(kind.stdout).toBe('Service'); // the CRD default, stored by the server
    const classes = await kubectl('get', 'gatewayclasses');
    expect(classes.stdout.split('\n')[0]).toMatch(/^NAME\s+CONTROLLER\s+ACCEPTED\s+AGE$/);
    expect(classes.stdout).toMatch(/istio-waypoint\s+istio\.io\/mesh-controller\s+True/);
    const bad = path.join(cluster().dir, 'bad-route.yaml');
    writeFileSync(
      bad,
      'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: bad, namespace: bookinfo}\nspec:\n  rules:\n  - backendRefs: [{name: reviews}]\n',
    );
    const refused = await kubectl('apply', '-f', bad);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'The HTTPRoute "bad" is invalid: spec.rules[0].backendRefs[0]: Invalid value: "object": Must have port for Service reference',
    );
  });
});
