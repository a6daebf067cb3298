/**
 * IST0126 UnknownMeshNetworksServiceRegistry (istio/istio `analyzers/multicluster/meshnetworks.go`,
 * `MeshNetworksAnalyzer`): an endpoint of a network of the mesh networks (`MeshNetworks`: `networks.<name>.endpoints[]`)
 * that is `fromRegistry` a registry istiod does not know: not `Kubernetes`, `External` or `Mock`, nor a cluster ID
 * of a remote cluster secret (a Secret labelled `istio/multiCluster: "true"`: its data keys). The mesh networks come
 * from `AnalyzeOptions.meshNetworks` (the CLI's `--meshConfigFile`: its `meshNetworks`, or an `istio` ConfigMap's
 * `data.meshNetworks`), else from an `istio` ConfigMap of the snapshot (`data.meshNetworks`, as istiod reads it).
 * Reported on Istio's synthetic `MeshNetworks` object `meshnetworks` in the Istio namespace.
 */
import { parse as parseYaml } from 'yaml';
import { childPath } from '../path';
import type { AnalysisContext } from './context';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `provider.Mock`, `provider.Kubernetes`, `provider.External`. */
const BUILT_IN_REGISTRIES = ['Mock', 'Kubernetes', 'External'];

/** A MeshNetworks value: the object, or YAML text of it (as the ConfigMap holds it); undefined when unreadable. */
export function readMeshNetworks(value: unknown): Json | undefined {
  if (typeof value !== 'string') return isObject(value) ? value : undefined;
  try {
    const parsed: unknown = parseYaml(value, { maxAliasCount: 10 });
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** IST0126. */
export function checkMeshNetworks(ctx: AnalysisContext): void {
  const fromConfigMap = (ctx.snapshot.configMaps ?? []).find((cm) => cm.name === 'istio' && cm.data.meshNetworks);
  const meshNetworks = ctx.meshNetworks ?? readMeshNetworks(fromConfigMap?.data.meshNetworks);
  if (!meshNetworks || !isObject(meshNetworks.networks)) return;
  const registries = new Set([
    ...BUILT_IN_REGISTRIES,
    ...(ctx.snapshot.secrets ?? []).flatMap((s) => s.multiClusterIds ?? []),
  ]);
  const obj = {
    apiVersion: 'mesh.istio.io/v1alpha1',
    kind: 'MeshNetworks',
    metadata: { name: 'meshnetworks', namespace: fromConfigMap?.namespace ?? ctx.rootNamespace },
  };
  for (const name of Object.keys(meshNetworks.networks).sort()) {
    const network = meshNetworks.networks[name];
    const endpoints = isObject(network) && Array.isArray(network.endpoints) ? network.endpoints : [];
    endpoints.forEach((e, j) => {
      if (!isObject(e) || typeof e.fromRegistry !== 'string' || registries.has(e.fromRegistry)) return;
      const path = `${childPath('networks', name)}.endpoints[${j}].fromRegistry`;
      ctx.report(obj, 'IST0126', path, [e.fromRegistry, name]);
    });
  }
}
