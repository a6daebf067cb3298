'use client';
import { sel } from '@/components/test-ids';
import {
  MTLS_MODES,
  type MtlsMode,
  type PeerAuthenticationForm,
  type PortMtlsForm,
} from '@/lib/istio/forms/peer-authentication';
import { removeOrAbsent } from '@/lib/istio/forms/merge';
import type { FormProblem } from '@/lib/istio/forms/validate';
import { problemsAt, SelectField, SelectorField, RemoveButton, SecondaryButton, TextField } from './inputs';
import styles from '../istio.module.css';

interface Props {
  form: PeerAuthenticationForm;
  onChange: (form: PeerAuthenticationForm) => void;
  problems: FormProblem[];
}

const modeOf = (v: string) => (v ? (v as MtlsMode) : undefined);

/** PeerAuthentication form: selector, mTLS mode, port-level mTLS (Kiali's PeerAuthenticationForm). */
export function PeerAuthenticationEditor(props: Props) {
  const { form, onChange, problems } = props;
  const ports = form.portLevelMtls ?? [];
  const setPort = (i: number, change: Partial<PortMtlsForm>) =>
    onChange({ ...form, portLevelMtls: ports.map((x, j) => (j === i ? { ...x, ...change } : x)) });
  return (
    <div className={styles.form}>
      <SelectorField {...props} hint="Empty: the whole namespace (or the mesh, in the root namespace)." />
      <SelectField
        label="mTLS mode"
        value={form.mode ?? ''}
        options={MTLS_MODES}
        empty="(not set: inherit)"
        onChange={(v) => onChange({ ...form, mode: modeOf(v) })}
        testId={sel.istio.formField('mode')}
      />
      <fieldset className={styles.fieldset}>
        <legend>Port-level mTLS</legend>
        {problemsAt(problems, 'portLevelMtls')
          .filter((m) => !/port number|twice/.test(m))
          .map((m) => (
            <small key={m} className={styles.fieldError}>
              {m}
            </small>
          ))}
        {ports.map((p, i) => (
          <div key={i} className={styles.row}>
            <TextField
              label="Port"
              errors={problemsAt(problems, `portLevelMtls.${i}.port`)}
              value={p.port}
              onChange={(port) => setPort(i, { port })}
            />
            <SelectField
              label="Mode"
              value={p.mode ?? ''}
              options={MTLS_MODES}
              empty="(not set)"
              onChange={(v) => setPort(i, { mode: modeOf(v) })}
            />
            <RemoveButton onClick={() => onChange({ ...form, portLevelMtls: removeOrAbsent(ports, i) })} />
          </div>
        ))}
        <SecondaryButton
          onClick={() => onChange({ ...form, portLevelMtls: [...ports, { port: '', mode: 'DISABLE' }] })}
        >
          Add port
        </SecondaryButton>
      </fieldset>
    </div>
  );
}
