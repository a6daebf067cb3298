'use client';
import Link from 'next/link';
import { sel } from '@/e2e/selectors';
import { useGlobalParams } from '@/lib/query/global-params';
import { useNamespaces } from '@/lib/query/hooks';
import { EmptyState, ErrorState } from '@/components/ui/states';

/** One card per namespace (all, or the selected ones), with its sidecar-injection state and its labels. */
export function NamespaceCards() {
  const { namespaces: selected } = useGlobalParams();
  const namespaces = useNamespaces();
  if (namespaces.isPending) return <p className="muted">Loading namespaces…</p>;
  if (namespaces.isError) return <ErrorState title="Cannot list namespaces" error={namespaces.error} onRetry={() => void namespaces.refetch()} />;
  const shown = selected.length ? namespaces.data.filter((n) => selected.includes(n.name)) : namespaces.data;
  if (!shown.length) return <EmptyState title="No namespaces">The Kubernetes API lists no namespaces you can see.</EmptyState>;
  return (
    <div className="cards">
      {shown.map((ns) => (
        <article key={ns.name} className="card" data-testid={sel.overviewCard(ns.name)}>
          <h2 className="card-title">{ns.name}</h2>
          <p>
            <span className={ns.istioInjection ? 'badge badge-ok' : 'badge'}>{ns.istioInjection ? 'Sidecar injection on' : 'No injection label'}</span>
          </p>
          <ul className="labels">
            {Object.entries(ns.labels).map(([k, v]) => (
              <li key={k} className="label-chip">
                {k}={v}
              </li>
            ))}
          </ul>
          <Link href={`/status?namespaces=${encodeURIComponent(ns.name)}`} className="muted">
            Select only this namespace
          </Link>
        </article>
      ))}
    </div>
  );
}
