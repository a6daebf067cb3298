'use client';
import {
  STRING_MATCH_FIELDS,
  type DestinationForm,
  type HttpMatchForm,
  type HttpRuleForm,
  type MatchOp,
  type StringMatchField,
} from '@/lib/istio/forms/routing';
import { removeAt, replaceAt } from '@/lib/istio/forms/merge';
import styles from '../istio.module.css';
import { MatchList, RuleList, TargetList, WeightInput } from './rule-list';
import { RemoveButton, SecondaryButton } from '../forms/inputs';

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
  return (
    <div className={styles.form}>
      <RuleList
        rules={rules}
        onChange={onChange}
        catchAll={rules.some((r) => !r.match?.length)}
        noCatchAll="No catch-all rule: requests that match no rule get 404 (no route). Add a catch-all rule last."
        legend={(rule, i) => (
          <>
            Rule {i + 1} {!rule.match?.length && '(catch-all)'}
          </>
        )}
        body={(rule, update) => (
          <>
            <MatchEditor rule={rule} onChange={update} />
            <RouteEditor
              routes={rule.route ?? []}
              subsets={subsets}
              host={host}
              onChange={(route) => update({ ...rule, route })}
            />
          </>
        )}
        movable
        withMatch={(): HttpRuleForm => ({
          match: [{ headers: [{ name: 'end-user', match: { op: 'exact', value: 'jason' } }] }],
          route: [{ host, subset: subsets[0] }],
        })}
        catchAllRule={() => ({ route: [{ host, subset: subsets[0] }] })}
        catchAllLabel="Add catch-all rule"
      />
    </div>
  );
}

function MatchEditor({ rule, onChange }: { rule: HttpRuleForm; onChange: (rule: HttpRuleForm) => void }) {
  return (
    <MatchList
      matches={rule.match ?? []}
      onChange={(match) => onChange({ ...rule, match })}
      added={(): HttpMatchForm => ({ uri: { op: 'prefix', value: '/' } })}
      render={(m, update, remove) => {
        const rows = rowsOf(m);
        const setRows = (next: MatchRow[]) => update(matchOf(next, m));
        return (
          <>
            {rows.map((r, ri) => {
              const set = (change: Partial<MatchRow>) => setRows(replaceAt(rows, ri, { ...r, ...change }));
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
                  <RemoveButton onClick={() => setRows(removeAt(rows, ri))} />
                </div>
              );
            })}
            <div className={styles.row}>
              <SecondaryButton
                onClick={() => setRows([...rows, { kind: 'uri', header: '', op: 'prefix', value: '/' }])}
              >
                Add condition
              </SecondaryButton>
              <button type="button" className={styles.secondary} onClick={remove}>
                Remove match
              </button>
            </div>
          </>
        );
      }}
    />
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
  return (
    <TargetList
      targets={routes}
      onChange={onChange}
      added={() => ({ host, subset: subsets[0], weight: 0 })}
      addLabel="Add destination"
      row={(r, set) => (
        <>
          <span className="mono">{r.host}</span>
          <select
            className={styles.select}
            value={r.subset ?? ''}
            onChange={(e) => set({ subset: e.target.value || undefined })}
            aria-label="Subset"
          >
            <option value="">(any version)</option>
            {[...new Set([...subsets, ...(r.subset ? [r.subset] : [])])].map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
          <WeightInput value={r.weight} max={100} onChange={(weight) => set({ weight })} />
        </>
      )}
    />
  );
}
