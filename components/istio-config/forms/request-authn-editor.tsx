'use client';
import { Checkbox } from '@/components/ui/checkbox';
import type { JwtRuleForm, RequestAuthenticationForm } from '@/lib/istio/forms/request-authentication';
import { removeOrAbsent } from '@/lib/istio/forms/merge';
import type { FormProblem } from '@/lib/istio/forms/validate';
import { Field, ListField, problemsAt, SelectorField, TextField, RemoveButton, SecondaryButton } from './inputs';
import styles from '../istio.module.css';

interface Props {
  form: RequestAuthenticationForm;
  onChange: (form: RequestAuthenticationForm) => void;
  problems: FormProblem[];
}

const text = (v: string) => v || undefined;

function JwtRuleEditor({
  rule,
  index,
  onChange,
  problems,
}: {
  rule: JwtRuleForm;
  index: number;
  onChange: (r: JwtRuleForm) => void;
  problems: FormProblem[];
}) {
  const path = `jwtRules.${index}`;
  const headers = rule.fromHeaders ?? [];
  return (
    <>
      <div className={styles.row}>
        <TextField
          label="Issuer"
          errors={problemsAt(problems, `${path}.issuer`)}
          value={rule.issuer ?? ''}
          onChange={(issuer) => onChange({ ...rule, issuer })}
          placeholder="https://accounts.example.com"
        />
        <ListField
          label="Audiences"
          value={rule.audiences}
          onChange={(audiences) => onChange({ ...rule, audiences })}
        />
      </div>
      <div className={styles.row}>
        <TextField
          label="JWKS URI"
          errors={problemsAt(problems, `${path}.jwksUri`)}
          value={rule.jwksUri ?? ''}
          onChange={(v) => onChange({ ...rule, jwksUri: text(v) })}
          placeholder="https://…/jwks.json"
        />
        <Field label="Inline JWKS" errors={problemsAt(problems, `${path}.jwks`)}>
          <input
            className={styles.input}
            value={rule.jwks ?? ''}
            onChange={(e) => onChange({ ...rule, jwks: text(e.target.value) })}
            placeholder='{"keys":[…]}'
          />
        </Field>
      </div>
      <div className={styles.row}>
        <ListField
          label="From params"
          value={rule.fromParams}
          onChange={(fromParams) => onChange({ ...rule, fromParams })}
        />
        <ListField
          label="From cookies"
          value={rule.fromCookies}
          onChange={(fromCookies) => onChange({ ...rule, fromCookies })}
        />
        <TextField
          label="Output payload to header"
          value={rule.outputPayloadToHeader ?? ''}
          onChange={(v) => onChange({ ...rule, outputPayloadToHeader: text(v) })}
        />
        <TextField
          label="JWKS fetch timeout"
          value={rule.timeout ?? ''}
          onChange={(v) => onChange({ ...rule, timeout: text(v) })}
          placeholder="5s"
        />
      </div>
      <Checkbox
        label="Forward the original token"
        checked={rule.forwardOriginalToken ?? false}
        onChange={(on) => onChange({ ...rule, forwardOriginalToken: on || undefined })}
      />
      <strong>From headers</strong>
      {headers.map((h, i) => (
        <div key={i} className={styles.row}>
          <input
            className={styles.input}
            value={h.name}
            placeholder="header name"
            aria-label="Header name"
            onChange={(e) =>
              onChange({ ...rule, fromHeaders: headers.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)) })
            }
          />
          <input
            className={styles.input}
            value={h.prefix ?? ''}
            placeholder="prefix, e.g. Bearer "
            aria-label="Prefix"
            onChange={(e) =>
              onChange({
                ...rule,
                fromHeaders: headers.map((x, j) => (j === i ? { ...x, prefix: text(e.target.value) } : x)),
              })
            }
          />
          <RemoveButton onClick={() => onChange({ ...rule, fromHeaders: removeOrAbsent(headers, i) })} />
        </div>
      ))}
      <div>
        <SecondaryButton
          onClick={() => onChange({ ...rule, fromHeaders: [...headers, { name: 'Authorization', prefix: 'Bearer ' }] })}
        >
          Add header
        </SecondaryButton>
      </div>
    </>
  );
}

/** RequestAuthentication form: selector and JWT rules (Kiali's RequestAuthenticationForm). */
export function RequestAuthenticationEditor({ form, onChange, problems }: Props) {
  const rules = form.jwtRules ?? [];
  return (
    <div className={styles.form}>
      <SelectorField form={form} onChange={onChange} problems={problems} />
      {rules.map((r, i) => (
        <fieldset key={i} className={styles.fieldset}>
          <legend>JWT rule {i + 1}</legend>
          <JwtRuleEditor
            rule={r}
            index={i}
            problems={problems}
            onChange={(rule) => onChange({ ...form, jwtRules: rules.map((x, j) => (j === i ? rule : x)) })}
          />
          <div>
            <button
              type="button"
              className={styles.danger}
              onClick={() => onChange({ ...form, jwtRules: rules.filter((_, j) => j !== i) })}
            >
              Remove rule
            </button>
          </div>
        </fieldset>
      ))}
      <div>
        <SecondaryButton onClick={() => onChange({ ...form, jwtRules: [...rules, { issuer: '' }] })}>
          Add JWT rule
        </SecondaryButton>
      </div>
    </div>
  );
}
