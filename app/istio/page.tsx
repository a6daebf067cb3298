import { ConfigList } from '@/components/istio-config/config-list';
import { IstioListActions } from '@/components/istio-config/list-actions';
import styles from '@/components/istio-config/istio.module.css';

export const metadata = { title: 'Istio Config · Meshscope' };

/** /istio — Istio Config list across the selected namespaces (filters in the URL: kind, name, status, sort). */
export default function IstioConfigPage() {
  return (
    <section>
      <div className={styles.header}>
        <h1>Istio Config</h1>
        <span className={styles.spacer} />
        <IstioListActions />
      </div>
      <ConfigList />
    </section>
  );
}
