'use client';
import { useQuery } from '@tanstack/react-query';
import { apiFetch } from './fetch';
import { queryKeys } from './keys';

/** `/api/namespaces` item. */
export interface NamespaceInfo {
  name: string;
  labels: Record<string, string>;
  istioInjection: boolean;
  creationTimestamp: string | null;
}

import type { BackendStatus, StatusReport } from '@/lib/contracts/status';

export type { BackendStatus, StatusReport };

/** The namespaces the server can see (Kubernetes API), refreshed every minute. */
export function useNamespaces() {
  return useQuery({
    queryKey: queryKeys.namespaces(),
    queryFn: () => apiFetch<{ namespaces: NamespaceInfo[] }>('/api/namespaces').then((r) => r.namespaces),
    refetchInterval: 60_000,
  });
}

/** Backend status; `refreshMs` 0 pauses polling. */
export function useBackendStatus(refreshMs = 15_000) {
  return useQuery({
    queryKey: queryKeys.status(),
    queryFn: () => apiFetch<StatusReport>('/api/status'),
    refetchInterval: refreshMs || false,
  });
}
