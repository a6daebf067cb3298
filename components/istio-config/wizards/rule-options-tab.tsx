'use client';
import { sel } from '@/components/test-ids';
import type { HttpRuleForm } from '@/lib/istio/forms/routing';
import styles from '../istio.module.css';

interface Props {
  rules: HttpRuleForm[];
  onChange: (rules: HttpRuleForm[]) => void;
  /** Which options this tab edits. */
  mode: 'fault' | 'timeouts';
  /** The service host when `rules` is the catch-all rule this tab will create (the service has no HTTP rule yet). */
  creating?: string | null;
}

const num = (v: string): number | undefined => (v === '' ? undefined : Number(v));

function describe(rule: HttpRuleForm, i: number): string {
  const m = rule.match?.[0];
  if (!m) return `Rule ${i + 1}: every request`;
  const parts = [
    m.uri && `uri ${m.uri.op} ${m.uri.value}`,
    m.method && `method ${m.method.value}`,
    ...(m.headers ?? []).map((h) => `header ${h.name} ${h.match.op} ${h.match.value}`),
  ].filter(Boolean);
  return `Rule ${i + 1}: ${parts.join(', ') || 'match'}`;
}

/**
 * Fault Injection (delay: percentage and fixed delay; abort: percentage and HTTP status) and Request Timeouts and
 * Retries (timeout; attempts, per-try timeout, retryOn), per HTTP rule, as Kiali's wizards offer them.
 */
export function RuleOptionsTab({ rules, onChange, mode, creating }: Props) {
  const update = (i: number, rule: HttpRuleForm) => onChange(rules.map((r, j) => (j === i ? rule : r)));
  return (
    <div className={styles.form}>
      {creating && (
        <p className={styles.note} data-testid={sel.istio.wizardCreatesRule}>
          There is no HTTP rule yet: this creates one that sends every request to {creating} as now (all versions), with
          the {mode === 'fault' ? 'fault' : 'timeout and retries'} you set.
        </p>
      )}
      {rules.map((rule, i) => (
        <fieldset key={i} className={styles.fieldset}>
          <legend>{describe(rule, i)}</legend>
          {mode === 'fault' ? (
            <FaultEditor rule={rule} onChange={(r) => update(i, r)} />
          ) : (
            <TimeoutEditor rule={rule} onChange={(r) => update(i, r)} />
          )}
        </fieldset>
      ))}
    </div>
  );
}

function FaultEditor({ rule, onChange }: { rule: HttpRuleForm; onChange: (r: HttpRuleForm) => void }) {
  const fault = rule.fault ?? {};
  const setFault = (f: HttpRuleForm['fault']) =>
    onChange({ ...rule, fault: f && (f.delay || f.abort) ? f : undefined });
  return (
    <>
      <div className={styles.row}>
        <label>
          <input
            type="checkbox"
            checked={!!fault.delay}
            onChange={(e) =>
              setFault({ ...fault, delay: e.target.checked ? { percent: 100, fixedDelay: '5s' } : undefined })
            }
          />{' '}
          Delay
        </label>
        {fault.delay && (
          <>
            <input
              className={styles.input}
              type="number"
              min={0}
              max={100}
              value={fault.delay.percent ?? ''}
              onChange={(e) => setFault({ ...fault, delay: { ...fault.delay, percent: num(e.target.value) } })}
              aria-label="Delay percentage"
            />
            <span className="muted">% of requests by</span>
            <input
              className={styles.input}
              value={fault.delay.fixedDelay ?? ''}
              onChange={(e) => setFault({ ...fault, delay: { ...fault.delay, fixedDelay: e.target.value } })}
              aria-label="Fixed delay"
              placeholder="5s"
            />
          </>
        )}
      </div>
      <div className={styles.row}>
        <label>
          <input
            type="checkbox"
            checked={!!fault.abort}
            onChange={(e) =>
              setFault({ ...fault, abort: e.target.checked ? { percent: 100, httpStatus: 503 } : undefined })
            }
          />{' '}
          Abort
        </label>
        {fault.abort && (
          <>
            <input
              className={styles.input}
              type="number"
              min={0}
              max={100}
              value={fault.abort.percent ?? ''}
              onChange={(e) => setFault({ ...fault, abort: { ...fault.abort, percent: num(e.target.value) } })}
              aria-label="Abort percentage"
            />
            <span className="muted">% of requests with HTTP status</span>
            <input
              className={styles.input}
              type="number"
              min={200}
              max={599}
              value={fault.abort.httpStatus ?? ''}
              onChange={(e) => setFault({ ...fault, abort: { ...fault.abort, httpStatus: num(e.target.value) } })}
              aria-label="Abort status"
            />
          </>
        )}
      </div>
    </>
  );
}

function TimeoutEditor({ rule, onChange }: { rule: HttpRuleForm; onChange: (r: HttpRuleForm) => void }) {
  const retries = rule.retries;
  return (
    <>
      <div className={styles.row}>
        <label>
          <input
            type="checkbox"
            checked={rule.timeout !== undefined}
            onChange={(e) => onChange({ ...rule, timeout: e.target.checked ? '2s' : undefined })}
          />{' '}
          Timeout
        </label>
        {rule.timeout !== undefined && (
          <input
            className={styles.input}
            value={rule.timeout}
            onChange={(e) => onChange({ ...rule, timeout: e.target.value })}
            aria-label="Timeout"
            placeholder="2s"
          />
        )}
      </div>
      <div className={styles.row}>
        <label>
          <input
            type="checkbox"
            checked={!!retries}
            onChange={(e) =>
              onChange({
                ...rule,
                retries: e.target.checked
                  ? { attempts: 3, perTryTimeout: '2s', retryOn: 'gateway-error,connect-failure,refused-stream' }
                  : undefined,
              })
            }
          />{' '}
          Retries
        </label>
        {retries && (
          <>
            <input
              className={styles.input}
              type="number"
              min={0}
              value={retries.attempts ?? ''}
              onChange={(e) => onChange({ ...rule, retries: { ...retries, attempts: num(e.target.value) } })}
              aria-label="Attempts"
            />
            <span className="muted">attempts, each up to</span>
            <input
              className={styles.input}
              value={retries.perTryTimeout ?? ''}
              onChange={(e) => onChange({ ...rule, retries: { ...retries, perTryTimeout: e.target.value } })}
              aria-label="Per-try timeout"
              placeholder="2s"
            />
            <span className="muted">on</span>
            <input
              className={styles.input}
              value={retries.retryOn ?? ''}
              onChange={(e) => onChange({ ...rule, retries: { ...retries, retryOn: e.target.value } })}
              aria-label="Retry on"
            />
          </>
        )}
      </div>
    </>
  );
}
