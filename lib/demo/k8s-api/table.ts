import type { KubeObject } from '../store/object-store';
import type { ResourceType } from '../store/resources';

/**
 * Server-side printing: the `meta.k8s.io/v1` Table `kubectl get` asks for, with the columns the real API server
 * prints for built-in kinds and the `additionalPrinterColumns` of Istio's and the Gateway API's CRDs.
 */

interface Column {
  name: string;
  type: 'string' | 'integer' | 'date';
  format?: string;
  priority?: number;
  cell: (obj: KubeObject) => unknown;
}

/** Kubernetes' `HumanDuration`: `45s`, `5m12s`, `3h`, `2d4h`, `1y`. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8)
    return hours % 24 === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  const days = Math.floor(hours / 24);
  if (hours < 24 * 365 * 8)
    return days % 365 === 0 ? `${Math.floor(days / 365)}y` : `${Math.floor(days / 365)}y${days % 365}d`;
  return `${Math.floor(days / 365)}y`;
}

const age: Column = {
  name: 'Age',
  type: 'string',
  cell: (o) =>
    o.metadata.creationTimestamp ? humanDuration(Date.now() - Date.parse(o.metadata.creationTimestamp)) : '<unknown>',
};

function at(obj: unknown, path: string): unknown {
  let cur = obj;
  for (const seg of path.split('.'))
    cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[seg] : undefined;
  return cur;
}

/** A column read from a path; arrays and objects print as JSON, as CRD printer columns do. */
function field(name: string, path: string, priority = 0): Column {
  return {
    name,
    type: 'string',
    priority,
    cell: (o) => {
      const v = at(o, path);
      if (v === undefined || v === null) return '';
      return typeof v === 'object' ? JSON.stringify(v) : v;
    },
  };
}

function orNone(v: string): string {
  return v === '' ? '<none>' : v;
}

function selectorText(sel: Record<string, string> | undefined): string {
  return orNone(
    Object.entries(sel ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(','),
  );
}

type Container = { name: string; image?: string };
const containers = (p: string, priority = 1): Column => ({
  name: 'Containers',
  type: 'string',
  priority,
  cell: (o) => ((at(o, p) as Container[] | undefined) ?? []).map((c) => c.name).join(','),
});
const images = (p: string, priority = 1): Column => ({
  name: 'Images',
  type: 'string',
  priority,
  cell: (o) => ((at(o, p) as Container[] | undefined) ?? []).map((c) => c.image ?? '').join(','),
});
const num = (name: string, path: string): Column => ({ name, type: 'integer', cell: (o) => Number(at(o, path) ?? 0) });

function podStatus(o: KubeObject): string {
  if (o.metadata.deletionTimestamp) return 'Terminating';
  const waiting = (o.status?.containerStatuses ?? []).find(
    (c: { state?: { waiting?: { reason?: string } } }) => c.state?.waiting,
  );
  return waiting?.state?.waiting?.reason ?? o.status?.reason ?? o.status?.phase ?? 'Unknown';
}

function servicePorts(o: KubeObject): string {
  const ports = (o.spec?.ports ?? []) as { port: number; nodePort?: number; protocol?: string }[];
  return orNone(ports.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(','));
}

function externalIp(o: KubeObject): string {
  const ips = (o.spec?.externalIPs ?? []) as string[];
  const ingress = ((o.status?.loadBalancer?.ingress ?? []) as { ip?: string; hostname?: string }[]).map(
    (i) => i.ip ?? i.hostname ?? '',
  );
  const all = [...ingress, ...ips].filter(Boolean);
  if (all.length > 0) return all.join(',');
  if (o.spec?.type === 'ExternalName') return o.spec.externalName ?? '<none>';
  return o.spec?.type === 'LoadBalancer' ? '<pending>' : '<none>';
}

function endpointsText(o: KubeObject): string {
  const list: string[] = [];
  for (const s of (o.subsets ?? []) as { addresses?: { ip: string }[]; ports?: { port: number }[] }[]) {
    for (const a of s.addresses ?? [])
      for (const p of s.ports ?? [{ port: 0 }]) list.push(p.port ? `${a.ip}:${p.port}` : a.ip);
  }
  if (list.length === 0) return '<none>';
  return list.length > 3 ? `${list.slice(0, 3).join(',')} + ${list.length - 3} more...` : list.join(',');
}

const COLUMNS: Record<string, Column[]> = {
  Pod: [
    {
      name: 'Ready',
      type: 'string',
      cell: (o) => {
        const statuses = (o.status?.containerStatuses ?? []) as { ready?: boolean }[];
        return `${statuses.filter((c) => c.ready).length}/${(o.spec?.containers ?? []).length}`;
      },
    },
    { name: 'Status', type: 'string', cell: podStatus },
    {
      name: 'Restarts',
      type: 'string',
      cell: (o) =>
        String(
          ((o.status?.containerStatuses ?? []) as { restartCount?: number }[]).reduce(
            (n, c) => n + (c.restartCount ?? 0),
            0,
          ),
        ),
    },
    age,
    { ...field('IP', 'status.podIP', 1), cell: (o) => o.status?.podIP ?? '<none>' },
    { ...field('Node', 'spec.nodeName', 1), cell: (o) => o.spec?.nodeName ?? '<none>' },
    { name: 'Nominated Node', type: 'string', priority: 1, cell: () => '<none>' },
    { name: 'Readiness Gates', type: 'string', priority: 1, cell: () => '<none>' },
  ],
  Deployment: [
    { name: 'Ready', type: 'string', cell: (o) => `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 1}` },
    num('Up-to-date', 'status.updatedReplicas'),
    num('Available', 'status.availableReplicas'),
    age,
    containers('spec.template.spec.containers'),
    images('spec.template.spec.containers'),
    { name: 'Selector', type: 'string', priority: 1, cell: (o) => selectorText(o.spec?.selector?.matchLabels) },
  ],
  ReplicaSet: [
    num('Desired', 'spec.replicas'),
    num('Current', 'status.replicas'),
    num('Ready', 'status.readyReplicas'),
    age,
    containers('spec.template.spec.containers'),
    images('spec.template.spec.containers'),
    { name: 'Selector', type: 'string', priority: 1, cell: (o) => selectorText(o.spec?.selector?.matchLabels) },
  ],
  StatefulSet: [
    { name: 'Ready', type: 'string', cell: (o) => `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 1}` },
    age,
  ],
  DaemonSet: [
    num('Desired', 'status.desiredNumberScheduled'),
    num('Current', 'status.currentNumberScheduled'),
    num('Ready', 'status.numberReady'),
    num('Up-to-date', 'status.updatedNumberScheduled'),
    num('Available', 'status.numberAvailable'),
    age,
  ],
  Service: [
    { ...field('Type', 'spec.type'), cell: (o) => o.spec?.type ?? 'ClusterIP' },
    { ...field('Cluster-IP', 'spec.clusterIP'), cell: (o) => o.spec?.clusterIP ?? '<none>' },
    { name: 'External-IP', type: 'string', cell: externalIp },
    { name: 'Port(s)', type: 'string', cell: servicePorts },
    age,
    { name: 'Selector', type: 'string', priority: 1, cell: (o) => selectorText(o.spec?.selector) },
  ],
  Endpoints: [{ name: 'Endpoints', type: 'string', cell: endpointsText }, age],
  Namespace: [{ ...field('Status', 'status.phase'), cell: (o) => o.status?.phase ?? 'Active' }, age],
  ServiceAccount: [{ name: 'Secrets', type: 'integer', cell: (o) => (o.secrets ?? []).length }, age],
  ConfigMap: [{ name: 'Data', type: 'integer', cell: (o) => Object.keys({ ...o.data, ...o.binaryData }).length }, age],
  Secret: [
    { ...field('Type', 'type'), cell: (o) => o.type ?? 'Opaque' },
    { name: 'Data', type: 'integer', cell: (o) => Object.keys({ ...o.data }).length },
    age,
  ],
  VirtualService: [field('Gateways', 'spec.gateways'), field('Hosts', 'spec.hosts'), age],
  DestinationRule: [field('Host', 'spec.host'), age],
  ServiceEntry: [
    field('Hosts', 'spec.hosts'),
    field('Location', 'spec.location'),
    field('Resolution', 'spec.resolution'),
    age,
  ],
  WorkloadEntry: [age, field('Address', 'spec.address')],
  AuthorizationPolicy: [field('Action', 'spec.action'), age],
  PeerAuthentication: [field('Mode', 'spec.mtls.mode'), age],
};

/** The status of the condition of `type` (`.status.conditions[?(@.type=="Accepted")].status`), or ''. */
const conditionStatus = (name: string, type: string): Column => ({
  name,
  type: 'string',
  cell: (o) =>
    ((o.status?.conditions ?? []) as { type?: string; status?: string }[]).find((c) => c.type === type)?.status ?? '',
});

/** The Gateway API CRDs' `additionalPrinterColumns` (v1.6.0), by `group/Kind`: `Gateway` is also Istio's kind. */
const GATEWAY_API_COLUMNS: Record<string, Column[]> = {
  'gateway.networking.k8s.io/GatewayClass': [
    field('Controller', 'spec.controllerName'),
    conditionStatus('Accepted', 'Accepted'),
    age,
    field('Description', 'spec.description', 1),
  ],
  'gateway.networking.k8s.io/Gateway': [
    field('Class', 'spec.gatewayClassName'),
    {
      name: 'Address',
      type: 'string',
      cell: (o) => ((o.status?.addresses ?? []) as { value?: string }[]).map((a) => a.value ?? '').join(' '),
    },
    conditionStatus('Programmed', 'Programmed'),
    age,
  ],
  'gateway.networking.k8s.io/HTTPRoute': [field('Hostnames', 'spec.hostnames'), age],
  'gateway.networking.k8s.io/GRPCRoute': [field('Hostnames', 'spec.hostnames'), age],
};

function columnsFor(resource: ResourceType): Column[] {
  const name: Column = { name: 'Name', type: 'string', format: 'name', cell: (o) => o.metadata.name };
  const byGroup = GATEWAY_API_COLUMNS[`${resource.group}/${resource.kind}`];
  if (byGroup) return [name, ...byGroup];
  return [
    name,
    ...((resource.group === '' || resource.group.endsWith('istio.io') || resource.group === 'apps'
      ? COLUMNS[resource.kind]
      : undefined) ?? [age]),
  ];
}

/** How much of each object a Table row carries (`includeObject`): none, its metadata (default) or all of it. */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** Converts objects to a Table, as the API server does for `Accept: application/json;as=Table;g=meta.k8s.io`. */
export function toTable(
  resource: ResourceType,
  objects: KubeObject[],
  resourceVersion: string,
  include: IncludeObject = 'Metadata',
): object {
  const columns = columnsFor(resource);
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion },
    columnDefinitions: columns.map((c) => ({
      name: c.name,
      type: c.type,
      format: c.format ?? '',
      description: c.name,
      priority: c.priority ?? 0,
    })),
    rows: objects.map((o) => ({
      cells: columns.map((c) => c.cell(o)),
      ...(include === 'None'
        ? {}
        : {
            object:
              include === 'Object'
                ? o
                : { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata },
          }),
    })),
  };
}
