'use client';
import { Fragment, useState } from 'react';
import { sel } from '@/components/test-ids';
import { formatClock, formatMs } from '@/components/format';
import { ErrorState } from '@/components/ui/states';
import { PartialErrorsBanner } from '@/components/health/partial-errors';
import { useTrace } from '@/lib/query/mesh';
import type { Trace } from '@/lib/contracts/traces';
import { SpanDetails } from './span-details';
import { spanSource, waterfall } from './traces-model';
import styles from './tracing.module.css';

/**
 * One trace: header (root, duration, services, a link to Jaeger's own UI when `JAEGER_EXTERNAL_URL` is set) and the
 * span waterfall; clicking a span opens its tags, logs, response flags and upstream cluster. The full trace is
 * re-read from `/api/traces/{id}` (search results may be trimmed by some Jaeger versions).
 */
export function TraceView({ summary, externalUrl }: { summary: Trace; externalUrl: string | null }) {
  const full = useTrace(summary.traceId);
  const [openSpan, setOpenSpan] = useState<string | null>(null);
  const trace = full.data?.trace ?? summary;
  const rows = waterfall(trace);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => formatMs(trace.durationMs * f));
  return (
    <div
      className={styles.panel}
      data-testid={sel.mesh.traceView}
      data-trace={trace.traceId}
      data-services={trace.services.join(',')}
    >
      <div className={styles.viewHead}>
        <h3 className={styles.panelTitle} style={{ margin: 0 }}>
          {trace.rootService}: {trace.rootOperation}
        </h3>
        <span className={styles.small}>
          {formatClock(trace.startTimeMs)} · {formatMs(trace.durationMs)} · {trace.spanCount} spans ·{' '}
          {trace.services.join(', ')}
        </span>
        {trace.hasError && <span className={styles.err}>error</span>}
        {!!trace.withheldSpans && (
          <span className={styles.small} title="Spans of services in namespaces you cannot read are not shown">
            {trace.withheldSpans} spans withheld (namespaces you cannot read)
          </span>
        )}
        {externalUrl && (
          <a
            href={`${externalUrl.replace(/\/$/, '')}/trace/${trace.traceId}`}
            target="_blank"
            rel="noopener noreferrer"
            data-testid={sel.mesh.jaegerLink}
          >
            Open in Jaeger ↗
          </a>
        )}
        <span className={`${styles.small} mono`}>{trace.traceId}</span>
      </div>
      <PartialErrorsBanner errors={full.data?.errors} />
      {full.isError && (
        <ErrorState title="Could not reload the full trace (showing the search result)" error={full.error} />
      )}
      <div className={styles.ticks}>
        <span />
        <span className={styles.tickTrack}>
          {ticks.map((t, i) => (
            <span key={i}>{t}</span>
          ))}
        </span>
      </div>
      {rows.map((r) => (
        <Fragment key={r.span.spanId}>
          <div
            className={styles.wfRow}
            onClick={() => setOpenSpan(openSpan === r.span.spanId ? null : r.span.spanId)}
            data-testid={sel.mesh.span(r.span.spanId)}
            data-service={r.span.serviceName}
            data-error={r.span.hasError}
          >
            <span
              className={styles.wfLabel}
              style={{ paddingLeft: `${0.4 + r.depth * 1.1}rem` }}
              title={`${spanSource(r.span)} · ${r.span.operationName}`}
            >
              <strong>{spanSource(r.span)}</strong> <span className={styles.small}>{r.span.operationName}</span>
              {r.span.responseFlags && <span className={styles.flag}> {r.span.responseFlags}</span>}
            </span>
            <span className={styles.wfTrack}>
              <span
                className={`${styles.wfBar} ${r.span.hasError ? styles.wfBarErr : ''}`}
                style={{ left: `${r.offsetPct}%`, width: `${r.widthPct}%` }}
              />
              {r.widthPct > 18 ? (
                <span className={styles.wfDurIn} style={{ left: `${r.offsetPct}%`, width: `${r.widthPct}%` }}>
                  {formatMs(r.span.durationMs)}
                </span>
              ) : (
                <span
                  className={styles.wfDur}
                  style={
                    r.offsetPct + r.widthPct > 85
                      ? { right: `${100 - r.offsetPct + 0.5}%` }
                      : { left: `${r.offsetPct + r.widthPct + 0.5}%` }
                  }
                >
                  {formatMs(r.span.durationMs)}
                </span>
              )}
            </span>
          </div>
          {openSpan === r.span.spanId && <SpanDetails span={r.span} traceStartMs={trace.startTimeMs} />}
        </Fragment>
      ))}
    </div>
  );
}
