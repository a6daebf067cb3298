import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { resourceByKind } from '../store/resources';
import { setupTestCluster } from '../test-cluster';
import { runKubectl } from './test-kubectl';

/** The deployment manifests (deploy/kubernetes/*.yaml and the optional ones), as objects with their file. */
const DIR = path.join(__dirname, '..', '..', '..', 'deploy', 'kubernetes');
const files = [
  ...readdirSync(DIR).filter((f) => f.endsWith('.yaml')),
  ...readdirSync(path.join(DIR, 'optional')).map((f) => `optional/${f}`),
];
type Obj = k8s.KubernetesObject & { spec?: any; rules?: any[] }; // eslint-disable-line @typescript-eslint/no-explicit-any
const objects: { file: string; obj: Obj }[] = files.flatMap((file) =>
  parseAllDocuments(readFileSync(path.join(DIR, file), 'utf8')).map((d) => ({ file, obj: d.toJS() as Obj })),
);
const find = (kind: string, name: string) =>
  objects.find((o) => o.obj.kind === kind && o.obj.metadata?.name === name)!.obj;

const cluster = setupTestCluster();

describe('deploy/kubernetes manifests', () => {
  it('hold the ServiceAccount, read-only ClusterRole, Deployment, Service and the optional write Role', () => {
    expect(objects.map((o) => `${o.obj.kind}/${o.obj.metadata?.name}`).sort()).toEqual(
      [
        'ClusterRole/meshscope-viewer',
        'ClusterRoleBinding/meshscope-viewer',
        'Deployment/meshscope',
        'Role/meshscope-istio-writer',
        'RoleBinding/meshscope-istio-writer',
        'Service/meshscope',
        'ServiceAccount/meshscope',
      ].sort(),
    );
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

  it('kubectl apply --dry-run=server -f deploy/kubernetes/ succeeds', async () => {
    const { code, stdout, stderr } = await runKubectl(cluster(), ['apply', '--dry-run=server', '-f', DIR]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('deployment.apps/meshscope created (server dry run)');
    expect(stdout).toContain('clusterrole.rbac.authorization.k8s.io/meshscope-viewer created (server dry run)');
    expect(stdout).not.toContain('meshscope-istio-writer'); // optional/ is not applied by default
  });

  it('give the service account read-only access without Secrets', () => {
    const rules = find('ClusterRole', 'meshscope-viewer').rules as { resources: string[]; verbs: string[] }[];
    for (const r of rules) {
      expect(r.resources).not.toContain('secrets');
      const writes = r.verbs.filter((v) => !['get', 'list', 'watch'].includes(v));
      if (writes.length) expect(r.resources.every((res) => res.startsWith('self'))).toBe(true); // only the self reviews (create)
    }
  });

  it('run a non-root, read-only container probed on /api/health with an allowed Host, behind a ClusterIP Service on 20001', () => {
    const pod = find('Deployment', 'meshscope').spec.template.spec;
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
    expect(find('Service', 'meshscope').spec).toMatchObject({ type: 'ClusterIP', ports: [{ port: 20001 }] });
    expect(pod.serviceAccountName).toBe('meshscope');
  });
});
