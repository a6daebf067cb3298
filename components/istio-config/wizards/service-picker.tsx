'use client';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import type { ServiceRoutingTarget } from '@/lib/contracts/istio-config';
import { apiFetch } from '@/lib/query/fetch';
import { useGlobalParams } from '@/lib/query/global-params';
import { queryKeys } from '@/lib/query/keys';
import { EmptyState, ErrorState } from '@/components/ui/states';
import { WIZARDS } from './wizard-page';

/** `/istio/wizards`: the services of the selected namespaces, each with its routing objects and wizard links. */
export function ServicePicker() {
  const { namespaces, query } = useGlobalParams();
  const list = useQuery({
    queryKey: queryKeys.istio.services(namespaces),
    queryFn: () => apiFetch<{ services: ServiceRoutingTarget[] }>(`/api/istio/services${namespaces.length ? `?namespaces=${namespaces.join(',')}` : ''}`).then((r) => r.services),
  });
  if (list.isPending) return <p className="muted">Loading services…</p>;
  if (list.isError) return <ErrorState title="Cannot list services" error={list.error} onRetry={() => void list.refetch()} />;
  if (!list.data.length) return <EmptyState title="No services">There are no services in the selected namespaces.</EmptyState>;
  const suffix = query ? `&${query}` : '';
  return (
    <table className="table">
      <thead>
        <tr>
          <th>Service</th>
          <th>Namespace</th>
          <th>Versions</th>
          <th>Routing</th>
          <th>Actions</th>
        </tr>
      </thead>
      <tbody>
        {list.data.map((s) => {
          const versions = [...new Set(s.workloads.map((w) => w.labels.version).filter(Boolean))];
          const base = `/istio/wizards/${s.namespace}/${s.name}`;
          return (
            <tr key={`${s.namespace}/${s.name}`}>
              <td>
                <Link href={`${base}?wizard=traffic-shifting${suffix}`}>{s.name}</Link>
              </td>
              <td>{s.namespace}</td>
              <td>{versions.join(', ') || '–'}</td>
              <td className="muted">{[...s.virtualServices.map((v) => `VirtualService ${v}`), ...s.destinationRules.map((d) => `DestinationRule ${d}`)].join(', ') || 'none'}</td>
              <td>
                {WIZARDS.map((w, i) => (
                  <span key={w.id}>
                    {i > 0 && ' · '}
                    <Link href={`${base}?wizard=${w.id}${suffix}`}>{w.label}</Link>
                  </span>
                ))}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
