'use client';
import Link from 'next/link';
import { sel } from '@/components/test-ids';
import { useBackendStatus } from '@/lib/query/hooks';
import { useGlobalParams } from '@/lib/query/global-params';
import { SessionMenu } from './session-gate';

/** Top bar: product name, cluster, and a one-glance backend health dot linking to the status page. */
export function Masthead() {
  const { refreshMs } = useGlobalParams();
  const status = useBackendStatus(refreshMs || 60_000);
  const down = status.data?.backends.filter((b) => !b.reachable) ?? [];
  const dotClass = status.isError
    ? 'dot dot-failure'
    : !status.data
      ? 'dot dot-na'
      : down.length
        ? 'dot dot-degraded'
        : 'dot dot-healthy';
  const dotLabel = status.isError
    ? 'Meshscope server unreachable'
    : down.length
      ? `Unreachable: ${down.map((b) => b.name).join(', ')}`
      : 'All backends reachable';
  return (
    <header className="masthead" data-testid={sel.masthead}>
      <Link href="/overview" className="brand">
        <span className="brand-mark" aria-hidden>
          ◈
        </span>
        Meshscope
      </Link>
      <span className="masthead-cluster">{status.data ? `Cluster: ${status.data.clusterName}` : ''}</span>
      <SessionMenu />
      <Link href="/status" className="masthead-status" title={dotLabel}>
        <span className={dotClass} aria-hidden />
        <span className="sr-only">{dotLabel}</span>
        Status
      </Link>
    </header>
  );
}
