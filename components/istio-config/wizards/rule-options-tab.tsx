'use client';
import { sel } from '@/components/test-ids';
import type { HttpRuleForm } from '@/lib/istio/forms/routing';
import styles from '../istio.module.css';
import { Checkbox } from '@/components/ui/checkbox';
import { NumberInput, OptionalText, TextInput } from './option-inputs';

interface Props {
  rules: HttpRuleForm[];
  onChange: (rules: HttpRuleForm[]) => void;
  /** Which options this tab edits. */
  mode: 'fault' | 'timeouts';
  /** The service host when `rules` is the catch-all rule this tab will create (the service has no HTTP rule yet). */
  creating?: string | null;
}

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
        <Checkbox
          label="Delay"
          checked={!!fault.delay}
          onChange={(on) => setFault({ ...fault, delay: on ? { percent: 100, fixedDelay: '5s' } : undefined })}
        />
        {fault.delay && (
          <>
            <NumberInput
              value={fault.delay.percent}
              min={0}
              max={100}
              onChange={(percent) => setFault({ ...fault, delay: { ...fault.delay, percent } })}
              label="Delay percentage"
            />
            <span className="muted">% of requests by</span>
            <TextInput
              value={fault.delay.fixedDelay}
              onChange={(fixedDelay) => setFault({ ...fault, delay: { ...fault.delay, fixedDelay } })}
              label="Fixed delay"
              placeholder="5s"
            />
          </>
        )}
      </div>
      <div className={styles.row}>
        <Checkbox
          label="Abort"
          checked={!!fault.abort}
          onChange={(on) => setFault({ ...fault, abort: on ? { percent: 100, httpStatus: 503 } : undefined })}
        />
        {fault.abort && (
          <>
            <NumberInput
              value={fault.abort.percent}
              min={0}
              max={100}
              onChange={(percent) => setFault({ ...fault, abort: { ...fault.abort, percent } })}
              label="Abort percentage"
            />
            <span className="muted">% of requests with HTTP status</span>
            <NumberInput
              value={fault.abort.httpStatus}
              min={200}
              max={599}
              onChange={(httpStatus) => setFault({ ...fault, abort: { ...fault.abort, httpStatus } })}
              label="Abort status"
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
        <OptionalText
          toggle="Timeout"
          value={rule.timeout}
          fallback="2s"
          onChange={(timeout) => onChange({ ...rule, timeout })}
        />
      </div>
      <div className={styles.row}>
        <Checkbox
          label="Retries"
          checked={!!retries}
          onChange={(on) =>
            onChange({
              ...rule,
              retries: on
                ? { attempts: 3, perTryTimeout: '2s', retryOn: 'gateway-error,connect-failure,refused-stream' }
                : undefined,
            })
          }
        />
        {retries && (
          <>
            <NumberInput
              value={retries.attempts}
              min={0}
              onChange={(attempts) => onChange({ ...rule, retries: { ...retries, attempts } })}
              label="Attempts"
            />
            <span className="muted">attempts, each up to</span>
            <TextInput
              value={retries.perTryTimeout}
              onChange={(perTryTimeout) => onChange({ ...rule, retries: { ...retries, perTryTimeout } })}
              label="Per-try timeout"
              placeholder="2s"
            />
            <span className="muted">on</span>
            <TextInput
              value={retries.retryOn}
              onChange={(retryOn) => onChange({ ...rule, retries: { ...retries, retryOn } })}
              label="Retry on"
            />
          </>
        )}
      </div>
    </>
  );
}
