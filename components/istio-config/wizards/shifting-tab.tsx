'use client';
import type { InputHTMLAttributes } from 'react';
import { sel } from '@/components/test-ids';
import { evenSplit, weightErrors, type ShiftingState } from '@/lib/istio/forms/wizards';
import styles from '../istio.module.css';
import { WizardErrors } from './wizard-save';
import { SecondaryButton, SelectField } from '../forms/inputs';

interface Props {
  state: ShiftingState;
  onChange: (state: ShiftingState) => void;
  /** HTTP shifting can mirror one subset; TCP cannot. */
  protocol: 'http' | 'tcp';
  /** TCP: the service's ports; with several, the user picks the one to shift (IST0112). */
  ports?: number[];
  /** TCP: another port was picked. */
  onPort?: (port: number) => void;
}

const toInt = (v: string) => {
  const n = Math.round(Number(v));
  return Number.isFinite(n) ? n : 0;
};

/** A whole percentage, 0 to 100, typed as a number (`toInt`: not a number = 0); other attributes pass through. */
function PercentInput({
  value,
  onChange,
  ...rest
}: { value: number; onChange: (v: number) => void } & Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'value' | 'onChange' | 'type' | 'min' | 'max'
>) {
  return (
    <input
      className={styles.input}
      type="number"
      min={0}
      max={100}
      value={value}
      onChange={(e) => onChange(toInt(e.target.value))}
      {...rest}
    />
  );
}

/**
 * Traffic Shifting (and TCP Traffic Shifting): a weight per subset that must add up to 100, and for HTTP one
 * mirrored subset that receives copies of a percentage of the requests (Kiali's slider + mirror toggle).
 */
export function ShiftingTab({ state, onChange, protocol, ports = [], onPort }: Props) {
  const errors = weightErrors(
    protocol === 'tcp' ? { ...state, rows: state.rows.map((r) => ({ ...r, mirrored: false })) } : state,
  );
  const set = (i: number, change: Partial<ShiftingState['rows'][number]>) =>
    onChange({
      ...state,
      rows: state.rows.map((r, j) => (j === i ? { ...r, ...change, ...(change.mirrored ? { weight: 0 } : {}) } : r)),
    });
  const mirrored = state.rows.some((r) => r.mirrored);
  if (!state.rows.length)
    return (
      <p className={styles.note}>
        This service has no workloads with a version label: there are no subsets to shift traffic between.
      </p>
    );
  return (
    <div className={styles.form}>
      <p className={styles.note}>
        {protocol === 'http' ? 'Share of HTTP requests' : 'Share of TCP connections'} per version subset (from the
        workloads’ <code>version</code> labels). The weights must add up to 100.
      </p>
      {protocol === 'tcp' && ports.length > 1 && (
        <SelectField
          label={
            `Service port (the service exposes ${ports.join(', ')}: the rule matches connections to this port and ` +
            'routes them to the same port of each subset; the other ports keep their routing)'
          }
          value={state.port ?? ports[0]}
          options={ports}
          onChange={(v) => onPort?.(Number(v))}
          testId={sel.istio.wizardTcpPort}
        />
      )}
      <div className={styles.weights}>
        <strong>Subset</strong>
        <strong>Weight</strong>
        <strong>%</strong>
        <strong>{protocol === 'http' ? 'Mirror' : ''}</strong>
        {state.rows.map((r, i) => (
          <WeightRowView
            key={r.subset}
            row={r}
            protocol={protocol}
            onWeight={(w) => set(i, { weight: w })}
            onMirror={(m) => set(i, { mirrored: m })}
          />
        ))}
      </div>
      {protocol === 'http' && mirrored && (
        <label className={styles.field}>
          <span>Mirror percentage (of the requests copied to the mirrored subset)</span>
          <PercentInput
            value={state.mirrorPercent}
            onChange={(mirrorPercent) => onChange({ ...state, mirrorPercent })}
            data-testid={sel.istio.formField('mirrorPercent')}
          />
        </label>
      )}
      <div className={styles.row}>
        <SecondaryButton onClick={() => onChange({ ...state, rows: evenSplit(state.rows.map((r) => r.subset)) })}>
          Split evenly
        </SecondaryButton>
      </div>
      <WizardErrors errors={errors} />
    </div>
  );
}

function WeightRowView({
  row,
  protocol,
  onWeight,
  onMirror,
}: {
  row: ShiftingState['rows'][number];
  protocol: 'http' | 'tcp';
  onWeight: (w: number) => void;
  onMirror: (m: boolean) => void;
}) {
  return (
    <>
      <span className="mono">{row.subset}</span>
      <input
        type="range"
        min={0}
        max={100}
        value={row.weight}
        disabled={row.mirrored}
        onChange={(e) => onWeight(toInt(e.target.value))}
        aria-label={`Weight of ${row.subset}`}
      />
      <PercentInput
        value={row.weight}
        disabled={row.mirrored}
        onChange={onWeight}
        data-testid={sel.istio.wizardWeight(row.subset)}
        aria-label={`Weight of ${row.subset} in percent`}
      />
      {protocol === 'http' ? (
        <label>
          <input type="checkbox" checked={row.mirrored} onChange={(e) => onMirror(e.target.checked)} /> mirror
        </label>
      ) : (
        <span />
      )}
    </>
  );
}
