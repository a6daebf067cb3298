'use client';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import type { ServiceRoutingTarget } from '@/lib/contracts/istio-config';
import { apiFetch } from '@/lib/query/fetch';
import { useGlobalParams } from '@/lib/query/global-params';
import { queryKeys } from '@/lib/query/keys';
import { SimpleTable, type Column } from '@/components/ui/simple-table';
import { EmptyState, ErrorState } from '@/components/ui/states';
import { WIZARDS } from './wizard-save';

/** `/istio/wizards`: the services of the selected namespaces, each with its routing objects and wizard links. */
export function ServicePicker() {
  const { namespaces, query } = useGlobalParams();
  const list = useQuery({
    queryKey: queryKeys.istio.services(namespaces),
    queryFn: () =>
      apiFetch<{ services: ServiceRoutingTarget[] }>(
        `/api/istio/services${namespaces.length ? `?namespaces=${namespaces.join(',')}` : ''}`,
      ).then((r) => r.services),
  });
  if (list.isPending) return <p className="muted">Loading services…</p>;
  if (list.isError)
    return <ErrorState title="Cannot list services" error={list.error} onRetry={() => void list.refetch()} />;
  if (!list.data.length)
    return <EmptyState title="No services">There are no services in the selected namespaces.</EmptyState>;
  const suffix = query ? `&${query}` : '';
  const base = (s: ServiceRoutingTarget) => `/istio/wizards/${s.namespace}/${s.name}`;
  const columns: Column<ServiceRoutingTarget>[] = [
    { header: 'Service', cell: (s) => <Link href={`${base(s)}?wizard=traffic-shifting${suffix}`}>{s.name}</Link> },
    { header: 'Namespace', cell: (s) => s.namespace },
    {
      header: 'Versions',
      cell: (s) => [...new Set(s.workloads.map((w) => w.labels.version).filter(Boolean))].join(', ') || '–',
    },
    {
      header: 'Routing',
      cellClassName: 'muted',
      cell: (s) =>
        [
          ...s.virtualServices.map((v) => `VirtualService ${v}`),
          ...s.destinationRules.map((d) => `DestinationRule ${d}`),
          ...(s.routes ?? []).map((r) => `${r.kind} ${r.namespace === s.namespace ? '' : `${r.namespace}/`}${r.name}`),
        ].join(', ') || 'none',
    },
    {
      header: 'Actions',
      cell: (s) =>
        WIZARDS.map((w, i) => (
          <span key={w.id}>
            {i > 0 && ' · '}
            <Link href={`${base(s)}?wizard=${w.id}${suffix}`}>{w.label}</Link>
          </span>
        )),
    },
  ];
  return (
    <SimpleTable className="table" columns={columns} rows={list.data} rowKey={(s) => `${s.namespace}/${s.name}`} />
  );
}
