'use client';
import { sel } from '@/components/test-ids';
import type { ReportedStatus } from '@/lib/contracts/istio-config';
import { isBadCondition } from '@/lib/istio/reported-status';
import styles from './istio.module.css';

const HEALTH_CLASS = {
  ok: styles.badgeValid,
  error: styles.badgeError,
  unknown: styles.badgeWarning,
  none: styles.badgeInfo,
};

/**
 * The list cell of a Gateway API object's status, as the cluster reports it (`lib/istio/reported-status.ts`): the bad
 * conditions, else the good ones; "–" for Istio's kinds (null), "Not reported" when the controller wrote nothing.
 */
export function ReportedStatusCell({ status, testId }: { status: ReportedStatus | null; testId?: string }) {
  if (!status)
    return (
      <span className="muted" data-testid={testId}>
        –
      </span>
    );
  if (status.health === 'none') {
    return (
      <span
        className="muted"
        data-testid={testId}
        data-health="none"
        title="The controller has written no status conditions"
      >
        Not reported
      </span>
    );
  }
  const title = status.scopes
    .map(
      (s) =>
        `${s.scope}: ${s.conditions.map((c) => `${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ''}`).join(', ')}`,
    )
    .join('\n');
  return (
    <span className={styles.status} title={title} data-testid={testId} data-health={status.health}>
      <span className={HEALTH_CLASS[status.health]}>{status.summary || status.health}</span>
      {status.stale && (
        <span
          className={styles.badgeInfo}
          title="A condition's observedGeneration is older than the object's generation"
        >
          stale
        </span>
      )}
    </span>
  );
}

/**
 * The object page's Status section: every condition the cluster reports, by scope (the object, each listener, each
 * parent of a route), with reason and message as written, bad ones marked.
 */
export function ReportedStatusPanel({ status }: { status: ReportedStatus | null }) {
  if (!status) return null;
  return (
    <div className={styles.panel} data-testid={sel.istio.reportedStatus}>
      <h2>Status (as reported by the cluster)</h2>
      {status.scopes.length === 0 ? (
        <p className={styles.panelEmpty}>No conditions reported yet.</p>
      ) : (
        status.scopes.map((s) => (
          <div key={s.scope}>
            <h3>
              {s.scope}
              {s.controller && <span className="muted"> · {s.controller}</span>}
            </h3>
            <ul>
              {s.conditions.map((c) => (
                <li key={c.type} data-condition={c.type} data-status={c.status}>
                  <span
                    className={
                      isBadCondition(c)
                        ? styles.badgeError
                        : c.status === 'Unknown'
                          ? styles.badgeWarning
                          : styles.badgeValid
                    }
                  >
                    {c.type}={c.status}
                  </span>{' '}
                  {c.reason && <strong>{c.reason}</strong>} {c.message}
                </li>
              ))}
            </ul>
          </div>
        ))
      )}
      {status.stale && (
        <p className="muted">The controller has not yet reported on the latest change (observedGeneration is older).</p>
      )}
    </div>
  );
}
