'use client';
import { sel } from '@/components/test-ids';
import type { ReactNode } from 'react';
import type { FaultForm, HttpRuleForm } from '@/lib/istio/forms/routing';
import styles from '../istio.module.css';
import { NumberInput, OptionalPart, OptionalText, RetriesPart, TextInput } from './option-inputs';

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

/**
 * One part of a fault (Istio's `HTTPFaultInjection.delay` or `.abort`): a checkbox that sets it to `initial` or drops
 * it and, while it is set, its percentage of requests (0–100) followed by the part's own inputs (`children`).
 */
function FaultPart<K extends keyof FaultForm>({
  part,
  label,
  fault,
  setFault,
  initial,
  children,
}: {
  part: K;
  label: string;
  fault: FaultForm;
  setFault: (f: FaultForm) => void;
  initial: NonNullable<FaultForm[K]>;
  children: (value: NonNullable<FaultForm[K]>, set: (v: NonNullable<FaultForm[K]>) => void) => ReactNode;
}) {
  return (
    <OptionalPart<NonNullable<FaultForm[K]>>
      label={label}
      value={fault[part]}
      initial={initial}
      onChange={(v) => setFault({ ...fault, [part]: v })}
    >
      {(value, set) => (
        <>
          <NumberInput
            value={value.percent}
            min={0}
            max={100}
            onChange={(percent) => set({ ...value, percent })}
            label={`${label} percentage`}
          />
          {children(value, set)}
        </>
      )}
    </OptionalPart>
  );
}

function FaultEditor({ rule, onChange }: { rule: HttpRuleForm; onChange: (r: HttpRuleForm) => void }) {
  const fault = rule.fault ?? {};
  const setFault = (f: FaultForm) => onChange({ ...rule, fault: f.delay || f.abort ? f : undefined });
  const parts = { fault, setFault };
  return (
    <>
      <FaultPart part="delay" label="Delay" initial={{ percent: 100, fixedDelay: '5s' }} {...parts}>
        {(delay, set) => (
          <>
            <span className="muted">% of requests by</span>
            <TextInput
              value={delay.fixedDelay}
              onChange={(fixedDelay) => set({ ...delay, fixedDelay })}
              label="Fixed delay"
              placeholder="5s"
            />
          </>
        )}
      </FaultPart>
      <FaultPart part="abort" label="Abort" initial={{ percent: 100, httpStatus: 503 }} {...parts}>
        {(abort, set) => (
          <>
            <span className="muted">% of requests with HTTP status</span>
            <NumberInput
              value={abort.httpStatus}
              min={200}
              max={599}
              onChange={(httpStatus) => set({ ...abort, httpStatus })}
              label="Abort status"
            />
          </>
        )}
      </FaultPart>
    </>
  );
}

/** Retries a new timeout rule starts with (Istio's `HTTPRetry`; Kiali's wizard defaults). */
const RETRIES = { attempts: 3, perTryTimeout: '2s', retryOn: 'gateway-error,connect-failure,refused-stream' };

function TimeoutEditor({ rule, onChange }: { rule: HttpRuleForm; onChange: (r: HttpRuleForm) => void }) {
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
      <RetriesPart
        value={rule.retries}
        initial={RETRIES}
        onChange={(retries) => onChange({ ...rule, retries })}
        attemptsLabel="Attempts"
      >
        {(retries, set) => (
          <>
            <span className="muted">attempts, each up to</span>
            <TextInput
              value={retries.perTryTimeout}
              onChange={(perTryTimeout) => set({ ...retries, perTryTimeout })}
              label="Per-try timeout"
              placeholder="2s"
            />
            <span className="muted">on</span>
            <TextInput value={retries.retryOn} onChange={(retryOn) => set({ ...retries, retryOn })} label="Retry on" />
          </>
        )}
      </RetriesPart>
    </>
  );
}
