'use client';
import Link from 'next/link';
import { sel } from '@/components/test-ids';
import { useGlobalParams } from '@/lib/query/global-params';
import { useCanWrite } from './view-only';
import styles from './istio.module.css';

/** Write actions of the Istio Config list, hidden in view-only mode. */
export function IstioListActions() {
  const canWrite = useCanWrite();
  const { query } = useGlobalParams();
  if (!canWrite) return null;
  const suffix = query ? `?${query}` : '';
  return (
    <>
      <Link className={styles.secondary} href={`/istio/wizards${suffix}`} data-testid={sel.istio.serviceWizards}>
        Service actions…
      </Link>
      <Link className={styles.secondary} href={`/istio/new${suffix}`} data-testid={sel.istio.newObject}>
        Create…
      </Link>
      <Link className={styles.secondary} href={`/istio/generate${suffix}`} data-testid={sel.istio.generatePolicies}>
        Generate policies from traffic…
      </Link>
    </>
  );
}
