import { describe, expect, it } from 'vitest';
import { parseMeshConfig } from '../analyze-report';
import { validateSources, type ValidateOptions } from '../validate-files';

function findings(docs: string[], options: ValidateOptions = {}): string[] {
  const run = validateSources([{ name: 'm.yaml', text: docs.join('\n---\n') }], options);
  if (!run.ok) throw new Error(run.errors[0]?.message);
  return run.findings
    .filter((f) => f.code === 'IST0126')
    .map((f) => `${f.kind} ${f.namespace}/${f.name} ${f.path}: ${f.message}`);
}

const MESH_NETWORKS = `networks:
  network1:
    endpoints:
    - fromRegistry: Kubernetes
    - fromCidr: 192.168.0.0/16
    gateways:
    - address: 1.1.1.1
      port: 15443
  network2:
    endpoints:
    - fromRegistry: cluster-east
    - fromRegistry: cluster-west
    gateways:
    - registryServiceName: istio-ingressgateway.istio-system.svc.cluster.local
      port: 15443
`;
const istioConfigMap = (meshNetworks: string) =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'istio', namespace: 'istio-system' },
    data: { mesh: 'rootNamespace: istio-system\n', meshNetworks },
  });
const remoteSecret = (cluster: string) =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: `istio-remote-secret-${cluster}`,
      namespace: 'istio-system',
      labels: { 'istio/multiCluster': 'true' },
    },
    stringData: { [cluster]: 'apiVersion: v1\nkind: Config\n' },
  });

// After Istio's `meshnetworks` analyzer test (a MeshNetworks naming registries beside Kubernetes and the remote
// clusters' secrets).
describe('IST0126 UnknownMeshNetworksServiceRegistry (MeshNetworksAnalyzer)', () => {
  it('is silent when every registry is Kubernetes or a remote cluster secret’s cluster', () => {
    expect(
      findings([istioConfigMap(MESH_NETWORKS), remoteSecret('cluster-east'), remoteSecret('cluster-west')]),
    ).toEqual([]);
    expect(findings([remoteSecret('cluster-east')])).toEqual([]);
  });

  it('reports registries istiod does not know, from the istio ConfigMap given as a file', () => {
    expect(findings([istioConfigMap(MESH_NETWORKS), remoteSecret('cluster-east')])).toEqual([
      'MeshNetworks istio-system/meshnetworks networks.network2.endpoints[1].fromRegistry: Unknown service registry cluster-west in network network2',
    ]);
  });

  it('reads the mesh networks of the mesh config file (--meshConfigFile), a meshNetworks field or the ConfigMap', () => {
    const fromField = parseMeshConfig(
      `rootNamespace: istio-system\nmeshNetworks:\n${MESH_NETWORKS.replace(/^/gm, '  ')}`,
    );
    const fromConfigMap = parseMeshConfig(istioConfigMap(MESH_NETWORKS));
    for (const settings of [fromField, fromConfigMap]) {
      if (typeof settings === 'string') throw new Error(settings);
      expect(findings([remoteSecret('other')], settings.analyze).map((l) => l.split(':')[1]?.trim())).toEqual([
        'Unknown service registry cluster-east in network network2',
        'Unknown service registry cluster-west in network network2',
      ]);
    }
    expect(parseMeshConfig('meshNetworks: [1, 2]')).toBe(
      'meshNetworks must be a MeshNetworks mapping (networks, gateways)',
    );
  });
});
