/**
 * IST0170 MultiClusterInconsistentService (istio/istio `analyzers/multicluster/service.go`, `ServiceAnalyzer`, the
 * one analyzer of `analyzers.AllMultiCluster()`, which istioctl runs with `--remote-contexts`): a Service of the same
 * namespace and name in several clusters that differs between them: headless in some and not others ("service has
 * mixed mode like headless and clusterIP", every cluster named), another `type` ("service type is inconsistent") or
 * other ports, compared field by field after sorting by name ("service ports are inconsistent"). Reported once per
 * Service, on the first cluster's.
 *
 * It needs several clusters' Services, which one `ClusterSnapshot` does not carry (a snapshot has no cluster): this is
 * a separate entry point over per-cluster Services, not one of `analyze()`'s checks. Meshscope's choices where Istio's
 * output depends on Go map order: clusters are taken in the order given (the first is the reference), the cluster
 * list and the reasons are sorted; an unset `type` counts as `ClusterIP` (the API server's default, so that files and
 * a live cluster compare equal).
 */
import type { Finding, V1Service } from '../types';
import { MESSAGES, messageText } from './messages';

/** One cluster's Services (`cluster`: its cluster ID, as istiod names it). */
export interface ClusterServices {
  cluster: string;
  services: V1Service[];
}

const HEADLESS = 'None';

function comparablePorts(svc: V1Service): string {
  const ports = [...(svc.spec?.ports ?? [])].sort((a, b) => (a.name ?? '').localeCompare(b.name ?? ''));
  return JSON.stringify(
    ports.map((p) => [
      p.name ?? '',
      p.protocol ?? '',
      p.appProtocol ?? '',
      p.port,
      p.targetPort ?? '',
      p.nodePort ?? 0,
    ]),
  );
}

function inconsistencies(byCluster: [string, V1Service][]): { clusters: string[]; reasons: string[] } {
  const clusters = new Set<string>();
  const reasons = new Set<string>();
  const [firstCluster, first] = byCluster[0]!;
  const headless = (s: V1Service) => s.spec?.clusterIP === HEADLESS;
  const type = (s: V1Service) => s.spec?.type || 'ClusterIP';
  for (const [cluster, svc] of byCluster) {
    if (headless(first) !== headless(svc)) {
      for (const [c] of byCluster) clusters.add(c);
      reasons.add('service has mixed mode like headless and clusterIP');
    }
    if (type(first) !== type(svc)) {
      clusters.add(cluster);
      reasons.add('service type is inconsistent');
    }
    if (comparablePorts(first) !== comparablePorts(svc)) {
      clusters.add(cluster);
      reasons.add('service ports are inconsistent');
    }
  }
  if (clusters.size > 0) clusters.add(firstCluster);
  return { clusters: [...clusters].sort(), reasons: [...reasons].sort() };
}

/** IST0170 over the Services of several clusters (clusters with an empty ID are left out, as Istio's file inputs). */
export function analyzeMultiClusterServices(clusters: ClusterServices[]): Finding[] {
  const byName = new Map<string, [string, V1Service][]>();
  for (const { cluster, services } of clusters) {
    if (!cluster) continue;
    for (const svc of services) {
      const key = `${svc.metadata?.namespace || 'default'}/${svc.metadata?.name ?? ''}`;
      const list = byName.get(key) ?? [];
      // the later object of a cluster replaces an earlier one of the same name
      byName.set(key, [...list.filter(([c]) => c !== cluster), [cluster, svc]]);
    }
  }
  const findings: Finding[] = [];
  for (const [key, byCluster] of byName) {
    if (byCluster.length < 2) continue;
    const { clusters: inconsistent, reasons } = inconsistencies(byCluster);
    if (inconsistent.length === 0) continue;
    const [namespace, name] = [key.slice(0, key.indexOf('/')), key.slice(key.indexOf('/') + 1)];
    findings.push({
      code: 'IST0170',
      severity: MESSAGES.IST0170.severity,
      kind: 'Service',
      namespace,
      name,
      path: '',
      message: messageText('IST0170', [name, namespace, inconsistent, reasons.join('; ')]),
    });
  }
  return findings;
}
