'use client';
import Link from 'next/link';
import dynamic from 'next/dynamic';
import { Tabs } from 'radix-ui';
import { sel } from '@/components/test-ids';
import { HealthIcon } from '@/components/health/health-icon';
import { PartialErrorsBanner } from '@/components/health/partial-errors';
import { ServiceActions } from '@/components/istio-config/expose/service-actions';
import { ErrorState } from '@/components/ui/states';
import { useGlobalParams } from '@/lib/query/global-params';
import { useObjectDetail } from '@/lib/query/mesh';
import { listPagePath, MESH_PAGES } from '@/lib/query/mesh-pages';
import { useSearchParamSetter } from '@/lib/query/search-param';
import type { MeshKind } from '@/lib/contracts/mesh';
import styles from './details.module.css';
import { LogsTab } from './logs-tab';
import { OverviewTab } from './overview-tab';
import { ProxyConfigTab, proxyTabOf } from './proxy-config-tab';
import { TrafficTab } from './traffic-tab';

// recharts-heavy tabs load only when opened
const MetricsTab = dynamic(() => import('@/components/metrics/metrics-tab').then((m) => m.MetricsTab), {
  ssr: false,
  loading: () => <p className="muted">Loading charts…</p>,
});
const TracesTab = dynamic(() => import('@/components/tracing/traces-tab').then((m) => m.TracesTab), {
  ssr: false,
  loading: () => <p className="muted">Loading traces…</p>,
});

/**
 * The tabs of each kind, in Kiali's order (kiali.md §1.2); a ztunnel or waypoint workload (`proxy`) also gets Kiali's
 * ZTunnel or Envoy tab, after Logs.
 */
export function tabsFor(kind: MeshKind, proxy: 'ztunnel' | 'envoy' | null = null): { id: string; label: string }[] {
  const tabs = [
    { id: 'overview', label: 'Overview' },
    { id: 'traffic', label: 'Traffic' },
  ];
  if (kind === 'workloads') tabs.push({ id: 'logs', label: 'Logs' });
  if (kind === 'workloads' && proxy) tabs.push({ id: 'proxy', label: proxy === 'ztunnel' ? 'ZTunnel' : 'Envoy' });
  tabs.push({ id: 'inbound', label: 'Inbound Metrics' });
  if (kind !== 'services') tabs.push({ id: 'outbound', label: 'Outbound Metrics' });
  tabs.push({ id: 'traces', label: 'Traces' });
  return tabs;
}

/**
 * An app, workload or service detail page: title with health, and tabs (Overview, Traffic, Logs, Inbound/Outbound
 * Metrics, Traces) whose choice is the `tab` URL parameter. Only the open tab fetches, so one backend failing
 * (Jaeger, Prometheus) shows a named error in its tab while the others keep working.
 */
export function DetailPage({ kind, namespace, name }: { kind: MeshKind; namespace: string; name: string }) {
  const { refreshMs, query } = useGlobalParams();
  const { search, set } = useSearchParamSetter();
  const cluster = search.get('cluster');
  const detail = useObjectDetail(kind, namespace, name, refreshMs, cluster);
  const proxy = kind === 'workloads' ? proxyTabOf(detail.data?.pods) : null;
  const tabs = tabsFor(kind, proxy);
  const requested = search.get('tab') ?? 'overview';
  // the proxy tab is known once the pods are: keep the URL's choice meanwhile
  const tab = tabs.some((t) => t.id === requested) || (requested === 'proxy' && !detail.data) ? requested : 'overview';
  const setTab = (id: string) => set('tab', id, 'overview');
  const page = MESH_PAGES[kind];
  return (
    <section data-testid={sel.mesh.detail} data-kind={kind}>
      <div className={styles.crumbs}>
        <Link href={`${listPagePath(kind)}${query ? `?${query}` : ''}`}>{page.title}</Link> / {namespace}
      </div>
      <div className={styles.head}>
        <h1 className={styles.title} data-testid={sel.mesh.detailTitle}>
          {name}
        </h1>
        <span className={styles.kind}>{page.noun}</span>
        {cluster && <span className={styles.kind}>cluster {cluster}</span>}
        {detail.data && <HealthIcon health={detail.data.health} />}
        {kind === 'services' && (
          <ServiceActions
            namespace={namespace}
            service={name}
            // the wizards of a service of another cluster write to that cluster (lib/query/istio.ts pageCluster)
            query={cluster ? [query, `cluster=${encodeURIComponent(cluster)}`].filter(Boolean).join('&') : query}
          />
        )}
      </div>
      {detail.data && <PartialErrorsBanner errors={detail.data.errors} />}
      <Tabs.Root value={tab} onValueChange={setTab}>
        <Tabs.List className={styles.tabList} aria-label={`${page.noun} ${name}`}>
          {tabs.map((t) => (
            <Tabs.Trigger key={t.id} value={t.id} className={styles.tab} data-testid={sel.mesh.tab(t.id)}>
              {t.label}
            </Tabs.Trigger>
          ))}
        </Tabs.List>
        <Tabs.Content value="overview" data-testid={sel.mesh.tabPanel('overview')}>
          {detail.isPending && <p className="muted">Loading…</p>}
          {detail.isError && !detail.data && (
            <ErrorState
              title={`Cannot load ${page.noun.toLowerCase()} ${name}`}
              error={detail.error}
              onRetry={() => void detail.refetch()}
            />
          )}
          {detail.data && <OverviewTab detail={detail.data} query={query} />}
        </Tabs.Content>
        <Tabs.Content value="traffic" data-testid={sel.mesh.tabPanel('traffic')}>
          <TrafficTab kind={kind} namespace={namespace} name={name} />
        </Tabs.Content>
        {kind === 'workloads' && (
          <Tabs.Content value="logs" data-testid={sel.mesh.tabPanel('logs')}>
            <LogsTab
              namespace={namespace}
              workload={name}
              pods={detail.data?.pods}
              podsError={detail.isError ? detail.error : null}
            />
          </Tabs.Content>
        )}
        {proxy && (
          <Tabs.Content value="proxy" data-testid={sel.mesh.tabPanel('proxy')}>
            <ProxyConfigTab namespace={namespace} workload={name} pods={detail.data?.pods} />
          </Tabs.Content>
        )}
        <Tabs.Content value="inbound" data-testid={sel.mesh.tabPanel('inbound')}>
          <MetricsTab kind={kind} namespace={namespace} name={name} direction="inbound" />
        </Tabs.Content>
        {kind !== 'services' && (
          <Tabs.Content value="outbound" data-testid={sel.mesh.tabPanel('outbound')}>
            <MetricsTab kind={kind} namespace={namespace} name={name} direction="outbound" />
          </Tabs.Content>
        )}
        <Tabs.Content value="traces" data-testid={sel.mesh.tabPanel('traces')}>
          <TracesTab kind={kind} namespace={namespace} name={name} />
        </Tabs.Content>
      </Tabs.Root>
    </section>
  );
}
