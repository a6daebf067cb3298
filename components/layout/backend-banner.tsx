'use client';
import Link from 'next/link';
import { sel } from '@/components/test-ids';
import { useBackendStatus } from '@/lib/query/hooks';

const LABEL: Record<string, string> = { prometheus: 'Prometheus', jaeger: 'Jaeger', kubernetes: 'Kubernetes API' };

/**
 * A warning banner naming each unreachable backend (the rest of the page keeps working). Jaeger simply not being
 * configured is not a failure and shows no banner.
 */
export function BackendBanner() {
  const status = useBackendStatus();
  const down = (status.data?.backends ?? []).filter((b) => !b.reachable && b.url !== null);
  if (status.isError) {
    return (
      <div className="banner banner-danger" role="alert" data-testid={sel.backendBanner}>
        Meshscope server unreachable: {status.error.message}
      </div>
    );
  }
  if (!down.length) return null;
  return (
    <div className="banner banner-warning" role="alert" data-testid={sel.backendBanner}>
      {down.map((b) => (
        <div key={b.name}>
          <strong>{LABEL[b.name] ?? b.name} unavailable</strong>: {b.error?.message}{' '}
        </div>
      ))}
      <Link href="/status">See status</Link>
    </div>
  );
}
