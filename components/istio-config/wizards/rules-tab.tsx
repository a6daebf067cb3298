'use client';
import {
  STRING_MATCH_FIELDS,
  type DestinationForm,
  type HttpMatchForm,
  type HttpRuleForm,
  type MatchOp,
  type StringMatchField,
} from '@/lib/istio/forms/routing';
import styles from '../istio.module.css';

interface Props {
  rules: HttpRuleForm[];
  onChange: (rules: HttpRuleForm[]) => void;
  subsets: string[];
  host: string;
}

type MatchKind = StringMatchField | 'header';
interface MatchRow {
  kind: MatchKind;
  header: string;
  op: MatchOp | 'present';
  value: string;
}

/** Flattens one `match` entry (all its conditions ANDed) into editable rows. */
function rowsOf(m: HttpMatchForm): MatchRow[] {
  const rows: MatchRow[] = [];
  for (const f of STRING_MATCH_FIELDS) if (m[f]) rows.push({ kind: f, header: '', op: m[f]!.op, value: m[f]!.value });
  for (const h of m.headers ?? []) rows.push({ kind: 'header', header: h.name, op: h.match.op, value: h.match.value });
  return rows;
}

function matchOf(rows: MatchRow[], original: HttpMatchForm): HttpMatchForm {
  const out: HttpMatchForm = { port: original.port };
  for (const r of rows) {
    const sm = { op: r.op, value: r.value };
    if (r.kind === 'header') out.headers = [...(out.headers ?? []), { name: r.header, match: sm }];
    else out[r.kind] = sm;
  }
  return out;
}

/**
 * Request Routing (Kiali's `RequestRouting`): ordered rules; each matches on URI, method, scheme, authority or headers
 * (exact, prefix, regex; a header can also just be present) and routes to weighted subsets. The first matching rule
 * wins, so a catch-all rule (no match) belongs last.
 */
export function RulesTab({ rules, onChange, subsets, host }: Props) {
  const update = (i: number, rule: HttpRuleForm) => onChange(rules.map((r, j) => (j === i ? rule : r)));
  const move = (i: number, d: -1 | 1) => {
    const next = [...rules];
    [next[i], next[i + d]] = [next[i + d]!, next[i]!];
    onChange(next);
  };
  const catchAll = rules.some((r) => !r.match?.length);
  return (
    <div className={styles.form}>
      {rules.length > 0 && !catchAll && (
        <p className={styles.warn}>
          No catch-all rule: requests that match no rule get 404 (no route). Add a catch-all rule last.
        </p>
      )}
      {rules.map((rule, i) => (
        <fieldset key={i} className={styles.fieldset}>
          <legend>
            Rule {i + 1} {!rule.match?.length && '(catch-all)'}
          </legend>
          <MatchEditor rule={rule} onChange={(r) => update(i, r)} />
          <RouteEditor
            routes={rule.route ?? []}
            subsets={subsets}
            host={host}
            onChange={(route) => update(i, { ...rule, route })}
          />
          <div className={styles.row}>
            <button type="button" className={styles.secondary} disabled={i === 0} onClick={() => move(i, -1)}>
              Move up
            </button>
            <button
              type="button"
              className={styles.secondary}
              disabled={i === rules.length - 1}
              onClick={() => move(i, 1)}
            >
              Move down
            </button>
            <button type="button" className={styles.danger} onClick={() => onChange(rules.filter((_, j) => j !== i))}>
              Remove rule
            </button>
          </div>
        </fieldset>
      ))}
      <div className={styles.row}>
        <button
          type="button"
          className={styles.secondary}
          onClick={() =>
            onChange([
              {
                match: [{ headers: [{ name: 'end-user', match: { op: 'exact', value: 'jason' } }] }],
                route: [{ host, subset: subsets[0] }],
              },
              ...rules,
            ])
          }
        >
          Add rule with a match
        </button>
        <button
          type="button"
          className={styles.secondary}
          onClick={() => onChange([...rules, { route: [{ host, subset: subsets[0] }] }])}
        >
          Add catch-all rule
        </button>
      </div>
    </div>
  );
}

function MatchEditor({ rule, onChange }: { rule: HttpRuleForm; onChange: (rule: HttpRuleForm) => void }) {
  const matches = rule.match ?? [];
  const setRows = (mi: number, rows: MatchRow[]) =>
    onChange({ ...rule, match: matches.map((m, j) => (j === mi ? matchOf(rows, m) : m)) });
  return (
    <div className={styles.form}>
      {matches.length === 0 && <span className={styles.note}>Matches every request.</span>}
      {matches.map((m, mi) => {
        const rows = rowsOf(m);
        return (
          <div key={mi} className={styles.fieldset}>
            <span className={styles.note}>{mi > 0 ? 'or ' : ''}when all of:</span>
            {rows.map((r, ri) => {
              const set = (change: Partial<MatchRow>) =>
                setRows(
                  mi,
                  rows.map((x, k) => (k === ri ? { ...x, ...change } : x)),
                );
              return (
                <div key={ri} className={styles.row}>
                  <select
                    className={styles.select}
                    value={r.kind}
                    onChange={(e) => set({ kind: e.target.value as MatchKind })}
                    aria-label="Match on"
                  >
                    {[...STRING_MATCH_FIELDS, 'header'].map((k) => (
                      <option key={k} value={k}>
                        {k}
                      </option>
                    ))}
                  </select>
                  {r.kind === 'header' && (
                    <input
                      className={styles.input}
                      placeholder="header name"
                      value={r.header}
                      onChange={(e) => set({ header: e.target.value })}
                      aria-label="Header name"
                    />
                  )}
                  <select
                    className={styles.select}
                    value={r.op}
                    onChange={(e) => set({ op: e.target.value as MatchRow['op'] })}
                    aria-label="Operator"
                  >
                    {['exact', 'prefix', 'regex', ...(r.kind === 'header' ? ['present'] : [])].map((o) => (
                      <option key={o} value={o}>
                        {o}
                      </option>
                    ))}
                  </select>
                  {r.op !== 'present' && (
                    <input
                      className={styles.input}
                      value={r.value}
                      onChange={(e) => set({ value: e.target.value })}
                      aria-label="Value"
                    />
                  )}
                  <button
                    type="button"
                    className={styles.secondary}
                    onClick={() =>
                      setRows(
                        mi,
                        rows.filter((_, k) => k !== ri),
                      )
                    }
                  >
                    ×
                  </button>
                </div>
              );
            })}
            <div className={styles.row}>
              <button
                type="button"
                className={styles.secondary}
                onClick={() => setRows(mi, [...rows, { kind: 'uri', header: '', op: 'prefix', value: '/' }])}
              >
                Add condition
              </button>
              <button
                type="button"
                className={styles.secondary}
                onClick={() => onChange({ ...rule, match: matches.filter((_, j) => j !== mi) })}
              >
                Remove match
              </button>
            </div>
          </div>
        );
      })}
      <button
        type="button"
        className={styles.secondary}
        onClick={() => onChange({ ...rule, match: [...matches, { uri: { op: 'prefix', value: '/' } }] })}
      >
        Add match
      </button>
    </div>
  );
}

function RouteEditor({
  routes,
  subsets,
  host,
  onChange,
}: {
  routes: DestinationForm[];
  subsets: string[];
  host: string;
  onChange: (routes: DestinationForm[]) => void;
}) {
  const set = (i: number, change: Partial<DestinationForm>) =>
    onChange(routes.map((r, j) => (j === i ? { ...r, ...change } : r)));
  return (
    <div className={styles.form}>
      <span className={styles.note}>route to:</span>
      {routes.map((r, i) => (
        <div key={i} className={styles.row}>
          <span className="mono">{r.host}</span>
          <select
            className={styles.select}
            value={r.subset ?? ''}
            onChange={(e) => set(i, { subset: e.target.value || undefined })}
            aria-label="Subset"
          >
            <option value="">(any version)</option>
            {[...new Set([...subsets, ...(r.subset ? [r.subset] : [])])].map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
          <input
            className={styles.input}
            type="number"
            min={0}
            max={100}
            placeholder="weight"
            value={r.weight ?? ''}
            onChange={(e) => set(i, { weight: e.target.value === '' ? undefined : Number(e.target.value) })}
            aria-label="Weight"
          />
          <button type="button" className={styles.secondary} onClick={() => onChange(routes.filter((_, j) => j !== i))}>
            ×
          </button>
        </div>
      ))}
      <button
        type="button"
        className={styles.secondary}
        onClick={() => onChange([...routes, { host, subset: subsets[0], weight: 0 }])}
      >
        Add destination
      </button>
    </div>
  );
}
