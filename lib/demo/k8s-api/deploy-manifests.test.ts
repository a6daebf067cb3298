import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { resourceByKind } from '../store/resources';
import { setupTestCluster } from '../test-cluster';
import { runKubectl } from './test-kubectl';

/** deploy/kubernetes: a kustomize base and overlays (README, "Deploying to a cluster"). */
const ROOT = path.join(__dirname, '..', '..', '..', 'deploy', 'kubernetes');
const OVERLAYS = ['replicas', 'token-signin', 'write-access', 'ingress', 'production'] as const;
type Obj = k8s.KubernetesObject & { spec?: any; rules?: any[] }; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The base's own files, parsed (the base renders to exactly these: checked below). */
const files = readdirSync(path.join(ROOT, 'base')).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
const objects: { file: string; obj: Obj }[] = files.flatMap((file) =>
  parseAllDocuments(readFileSync(path.join(ROOT, 'base', file), 'utf8')).map((d) => ({ file, obj: d.toJS() as Obj })),
);
const find = (list: Obj[], kind: string, name: string) =>
  list.find((o) => o.kind === kind && o.metadata?.name === name)!;
const baseObjects = objects.map((o) => o.obj);
const ids = (list: Obj[]) => list.map((o) => `${o.kind}/${o.metadata?.name}`).sort();
const env = (list: Obj[]) =>
  Object.fromEntries(
    (
      find(list, 'Deployment', 'meshscope').spec.template.spec.containers[0].env as { name: string; value?: string }[]
    ).map((e) => [e.name, e.value ?? 'from a Secret']),
  );

const cluster = setupTestCluster();

/** `kubectl kustomize deploy/kubernetes/{dir}`, parsed. */
async function render(dir: string): Promise<Obj[]> {
  const { code, stdout, stderr } = await runKubectl(cluster(), ['kustomize', path.join(ROOT, dir)]);
  expect(stderr, dir).toBe('');
  expect(code, dir).toBe(0);
  return parseAllDocuments(stdout).map((d) => d.toJS() as Obj);
}

describe('deploy/kubernetes manifests', () => {
  it('the base holds the ServiceAccount, read-only ClusterRole, Deployment and Service, and renders to them', async () => {
    const base = [
      'ClusterRole/meshscope-viewer',
      'ClusterRoleBinding/meshscope-viewer',
      'Deployment/meshscope',
      'Service/meshscope',
      'ServiceAccount/meshscope',
    ];
    expect(ids(baseObjects)).toEqual(base);
    expect(ids(await render('base'))).toEqual(base);
  });

  it('each overlay renders with kubectl kustomize and adds what it says', async () => {
    const [replicas, token, write, ingress, production] = await Promise.all(
      OVERLAYS.map((o) => render(`overlays/${o}`)),
    );
    // replicas: an autoscaler owns the replica count (2–6), the Deployment leaves it unset
    expect(find(replicas!, 'HorizontalPodAutoscaler', 'meshscope').spec).toMatchObject({
      scaleTargetRef: { kind: 'Deployment', name: 'meshscope' },
      minReplicas: 2,
      maxReplicas: 6,
    });
    expect(find(replicas!, 'Deployment', 'meshscope').spec.replicas).toBeUndefined();
    expect(find(baseObjects, 'Deployment', 'meshscope').spec.replicas).toBe(1);
    // token sign-in: one session key for every replica, from a Secret
    expect(env(token!)).toMatchObject({ AUTH_STRATEGY: 'token', SESSION_SECRET: 'from a Secret' });
    expect(env(baseObjects)).toMatchObject({ AUTH_STRATEGY: 'anonymous' });
    // write access: the Role and RoleBinding for the service account, nothing else changes
    expect(ids(write!)).toEqual(
      [...ids(baseObjects), 'Role/meshscope-istio-writer', 'RoleBinding/meshscope-istio-writer'].sort(),
    );
    // ingress: the host in ALLOWED_HOSTS, and token sign-in (Meshscope refuses anonymous under ALLOWED_HOSTS)
    expect(env(ingress!)).toMatchObject({ ALLOWED_HOSTS: 'meshscope.example.com', AUTH_STRATEGY: 'token' });
    expect(find(ingress!, 'Ingress', 'meshscope').spec.rules[0]).toMatchObject({ host: 'meshscope.example.com' });
    // production: all three together
    expect(ids(production!)).toEqual(
      [...ids(baseObjects), 'HorizontalPodAutoscaler/meshscope', 'Ingress/meshscope'].sort(),
    );
    expect(env(production!)).toMatchObject({ AUTH_STRATEGY: 'token', ALLOWED_HOSTS: 'meshscope.example.com' });
  });

  it('are accepted by the demo Kubernetes API as a server dry run (dryRun=All), and nothing is stored', async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(cluster().kubeconfig);
    const api = k8s.KubernetesObjectApi.makeApiClient(kc);
    for (const { file, obj } of objects) {
      const created = await api.create(obj, undefined, 'All');
      expect(created.metadata?.name, file).toBe(obj.metadata?.name);
      const type = resourceByKind(obj.apiVersion!, obj.kind!)!;
      expect(cluster().store.get(type, obj.metadata?.namespace, obj.metadata!.name!), `${file} stored`).toBeUndefined();
    }
  });

  it.each(['base', ...OVERLAYS.map((o) => `overlays/${o}`)])(
    'kubectl apply --dry-run=server -k deploy/kubernetes/%s succeeds',
    async (dir) => {
      const { code, stdout, stderr } = await runKubectl(cluster(), [
        'apply',
        '--dry-run=server',
        '-k',
        path.join(ROOT, dir),
      ]);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(stdout).toContain('deployment.apps/meshscope created (server dry run)');
      expect(stdout).toContain('clusterrole.rbac.authorization.k8s.io/meshscope-viewer created (server dry run)');
      if (dir === 'overlays/production') {
        expect(stdout).toContain('horizontalpodautoscaler.autoscaling/meshscope created (server dry run)');
        expect(stdout).toContain('ingress.networking.k8s.io/meshscope created (server dry run)');
      }
    },
  );

  it('give the service account read-only access without Secrets', () => {
    const rules = find(baseObjects, 'ClusterRole', 'meshscope-viewer').rules as {
      resources: string[];
      verbs: string[];
    }[];
    for (const r of rules) {
      expect(r.resources).not.toContain('secrets');
      const writes = r.verbs.filter((v) => !['get', 'list', 'watch'].includes(v));
      if (writes.length) expect(r.resources.every((res) => res.startsWith('self'))).toBe(true); // only the self reviews (create)
    }
  });

  it('run a non-root, read-only container probed on /api/health with an allowed Host, behind a ClusterIP Service on 20001', () => {
    const pod = find(baseObjects, 'Deployment', 'meshscope').spec.template.spec;
    const c = pod.containers[0];
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001 });
    expect(c.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
    expect(c.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
    for (const probe of [c.readinessProbe, c.livenessProbe]) {
      expect(probe.httpGet).toMatchObject({
        path: '/api/health',
        port: 'http',
        httpHeaders: [{ name: 'Host', value: 'localhost' }],
      });
    }
    expect(find(baseObjects, 'Service', 'meshscope').spec).toMatchObject({
      type: 'ClusterIP',
      ports: [{ port: 20001 }],
    });
    expect(pod.serviceAccountName).toBe('meshscope');
  });
});
