'use client';
import { sel } from '@/components/test-ids';
import { formatMs } from '@/components/format';
import type { Span } from '@/lib/contracts/traces';
import styles from './tracing.module.css';

/**
 * One span's detail (Kiali's SpanDetails and Envoy span info): response flags, upstream cluster, status code,
 * node id, then every tag and every log with its fields.
 */
export function SpanDetails({ span, traceStartMs }: { span: Span; traceStartMs: number }) {
  const tags = Object.entries(span.tags).sort(([a], [b]) => a.localeCompare(b));
  return (
    <div className={styles.details} data-testid={sel.mesh.spanDetails} data-span={span.spanId}>
      <dl className={styles.kv}>
        <dt>Service</dt>
        <dd>{span.serviceName}</dd>
        <dt>Operation</dt>
        <dd>{span.operationName}</dd>
        <dt>Start / duration</dt>
        <dd>
          +{formatMs(span.startTimeMs - traceStartMs)} / {formatMs(span.durationMs)}
        </dd>
        {span.kind && (
          <>
            <dt>Kind</dt>
            <dd>{span.kind}</dd>
          </>
        )}
        <dt>Status code</dt>
        <dd>{span.statusCode ?? '–'}</dd>
        <dt>Response flags</dt>
        <dd data-field="response-flags">
          {span.responseFlags ? <span className={styles.flag}>{span.responseFlags}</span> : '–'}
        </dd>
        <dt>Upstream cluster</dt>
        <dd data-field="upstream-cluster">{span.upstreamCluster ?? '–'}</dd>
        {span.nodeId && (
          <>
            <dt>Envoy node</dt>
            <dd>{span.nodeId}</dd>
          </>
        )}
      </dl>
      <strong>Tags ({tags.length})</strong>
      <dl className={styles.kv}>
        {tags.map(([k, v]) => (
          <div key={k} style={{ display: 'contents' }}>
            <dt>{k}</dt>
            <dd>{String(v)}</dd>
          </div>
        ))}
      </dl>
      <strong>Logs ({span.logs.length})</strong>
      {span.logs.length === 0 ? (
        <p className={styles.small}>– No logs.</p>
      ) : (
        span.logs.map((l, i) => (
          <dl key={i} className={styles.kv}>
            <dt>+{formatMs(l.timestampMs - traceStartMs)}</dt>
            <dd>
              {Object.entries(l.fields)
                .map(([k, v]) => `${k}=${String(v)}`)
                .join('  ')}
            </dd>
          </dl>
        ))
      )}
    </div>
  );
}
