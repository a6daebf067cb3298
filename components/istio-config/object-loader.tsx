'use client';
import type { ReactNode } from 'react';
import type { IstioObjectDetails } from '@/lib/contracts/istio-config';
import { useIstioObject } from '@/lib/query/istio';
import { ErrorState } from '@/components/ui/states';

/**
 * Loads the Istio object `plural/name` of `namespace` (validated), then renders `children` with its details: "Loading
 * name…" until it (and whatever `waiting` stands for, e.g. the write permission) is there, an error state with Retry
 * when the load fails.
 */
export function ObjectLoader({
  namespace,
  plural,
  name,
  waiting = false,
  children,
}: {
  namespace: string;
  plural: string;
  name: string;
  waiting?: boolean;
  children: (details: IstioObjectDetails) => ReactNode;
}) {
  const details = useIstioObject(namespace, plural, name);
  if (details.isError)
    return (
      <ErrorState
        title={`Cannot load ${plural}/${name} in ${namespace}`}
        error={details.error}
        onRetry={() => void details.refetch()}
      />
    );
  if (details.isPending || waiting) return <p className="muted">Loading {name}…</p>;
  return children(details.data);
}
