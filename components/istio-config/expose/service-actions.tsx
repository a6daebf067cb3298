'use client';
import Link from 'next/link';
import { sel } from '@/components/test-ids';
import { useCanWrite } from '../view-only';
import styles from '../istio.module.css';

/** The service page's write actions: traffic wizards and "Expose" (Gateway + VirtualService); hidden in view-only mode. */
export function ServiceActions({ namespace, service, query }: { namespace: string; service: string; query: string }) {
  const canWrite = useCanWrite(namespace);
  if (!canWrite) return null;
  const suffix = query ? `?${query}` : '';
  const path = `${encodeURIComponent(namespace)}/${encodeURIComponent(service)}`;
  return (
    <span className={styles.row}>
      <Link
        className={styles.secondary}
        href={`/istio/wizards/${path}${suffix}`}
        data-testid={sel.istio.wizardsForService}
      >
        Traffic wizards…
      </Link>
      <Link className={styles.secondary} href={`/istio/expose/${path}${suffix}`} data-testid={sel.istio.exposeService}>
        Expose…
      </Link>
    </span>
  );
}
