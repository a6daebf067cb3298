'use client';
import type { BackendRef, HeaderMatch, HTTPRouteRule } from '@/lib/gateway-api';
import {
  describeRule,
  isCatchAllRule,
  type AnyMatch,
  type AnyRule,
  type VersionBackend,
} from '@/lib/istio/forms/gateway-api';
import styles from '../../istio.module.css';
import { MatchList, RuleList, TargetList, WeightInput } from '../rule-list';
import { RemoveButton, SecondaryButton } from '../../forms/inputs';

interface Props {
  kind: 'HTTPRoute' | 'GRPCRoute';
  rules: AnyRule[];
  onChange: (rules: AnyRule[]) => void;
  backends: VersionBackend[];
  /** The parent port, for backends the table does not know. */
  port: number;
}

const PATH_TYPES = ['PathPrefix', 'Exact', 'RegularExpression'] as const;
const VALUE_TYPES = ['Exact', 'RegularExpression'] as const;
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'];

/**
 * Request Routing on an HTTPRoute or GRPCRoute (Kiali's "K8s HTTP Routing"): rules of matches — path (PathPrefix,
 * Exact, RegularExpression), method, headers and query parameters for HTTP; method (service/method) and headers for
 * gRPC — each routing to weighted backend Services. Unlike VirtualService rules, the order does not decide: the
 * specification's precedence does (exact paths first, then longer prefixes, method, more headers, more query params).
 */
export function RouteRulesTab({ kind, rules, onChange, backends, port }: Props) {
  const first = backends[0];
  const defaultBackend: BackendRef = { name: first?.service ?? '', port: first?.port ?? port };
  return (
    <div className={styles.form}>
      <p className={styles.note}>
        Rules apply by the Gateway API’s precedence, not by their order: the most specific match wins (exact path, then
        the longest prefix, then method, headers and query parameters).
      </p>
      <RuleList
        rules={rules}
        onChange={onChange}
        catchAll={rules.some(isCatchAllRule)}
        noCatchAll="No rule matches every request: requests that match no rule get 404. Add a rule without matches."
        legend={describeRule}
        body={(rule, update) => (
          <>
            <MatchesEditor
              kind={kind}
              matches={(('matches' in rule ? rule.matches : undefined) ?? []) as AnyMatch[]}
              onChange={(matches) => update({ ...rule, matches: matches.length ? matches : undefined } as AnyRule)}
            />
            <BackendsEditor
              refs={rule.backendRefs ?? []}
              backends={backends}
              port={port}
              onChange={(backendRefs) => update({ ...rule, backendRefs })}
            />
          </>
        )}
        withMatch={() =>
          ({
            matches: [{ headers: [{ type: 'Exact', name: 'end-user', value: 'jason' }] }],
            backendRefs: [defaultBackend],
          }) as AnyRule
        }
        catchAllRule={() => ({ backendRefs: [defaultBackend] })}
        catchAllLabel="Add rule for every request"
      />
    </div>
  );
}

function HeaderRows({
  label,
  rows,
  onChange,
}: {
  label: string;
  rows: HeaderMatch[];
  onChange: (rows: HeaderMatch[]) => void;
}) {
  const set = (i: number, change: Partial<HeaderMatch>) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, ...change } : r)));
  return (
    <>
      {rows.map((h, i) => (
        <div key={i} className={styles.row}>
          <span className="muted">{label}</span>
          <input
            className={styles.input}
            placeholder="name"
            value={h.name}
            onChange={(e) => set(i, { name: e.target.value })}
            aria-label={`${label} name`}
          />
          <select
            className={styles.select}
            value={h.type ?? 'Exact'}
            onChange={(e) => set(i, { type: e.target.value })}
            aria-label={`${label} match type`}
          >
            {VALUE_TYPES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
          <input
            className={styles.input}
            value={h.value}
            onChange={(e) => set(i, { value: e.target.value })}
            aria-label={`${label} value`}
          />
          <RemoveButton onClick={() => onChange(rows.filter((_, j) => j !== i))} label={`Remove ${label}`} />
        </div>
      ))}
    </>
  );
}

function MatchEditor({
  kind,
  match,
  onChange,
}: {
  kind: Props['kind'];
  match: AnyMatch;
  onChange: (m: AnyMatch) => void;
}) {
  const set = (change: Partial<AnyMatch>) => {
    const next = { ...match, ...change } as Record<string, unknown>;
    for (const k of Object.keys(next)) if (next[k] === undefined) delete next[k];
    onChange(next as AnyMatch);
  };
  const grpcMethod = typeof match.method === 'object' ? match.method : undefined;
  /** One part of a GRPCRoute's method match (`service` or `method`); empty = absent. */
  const grpcPart = (part: 'service' | 'method', placeholder: string, label: string) => (
    <input
      className={styles.input}
      placeholder={placeholder}
      value={grpcMethod?.[part] ?? ''}
      onChange={(e) => set({ method: { ...grpcMethod, [part]: e.target.value || undefined } } as Partial<AnyMatch>)}
      aria-label={label}
    />
  );
  return (
    <div className={styles.form}>
      {kind === 'HTTPRoute' ? (
        <div className={styles.row}>
          <span className="muted">path</span>
          <select
            className={styles.select}
            value={match.path ? (match.path.type ?? 'PathPrefix') : ''}
            onChange={(e) =>
              set({ path: e.target.value ? { type: e.target.value, value: match.path?.value ?? '/' } : undefined })
            }
            aria-label="Path match type"
          >
            <option value="">(any path)</option>
            {PATH_TYPES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
          {match.path && (
            <input
              className={styles.input}
              value={match.path.value ?? ''}
              onChange={(e) => set({ path: { ...match.path, value: e.target.value } })}
              aria-label="Path"
            />
          )}
          <span className="muted">method</span>
          <select
            className={styles.select}
            value={typeof match.method === 'string' ? match.method : ''}
            onChange={(e) => set({ method: e.target.value || undefined } as Partial<AnyMatch>)}
            aria-label="Method"
          >
            <option value="">(any)</option>
            {METHODS.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </div>
      ) : (
        <div className={styles.row}>
          <span className="muted">gRPC method</span>
          {grpcPart('service', 'package.Service', 'gRPC service')}
          <span className="muted">/</span>
          {grpcPart('method', 'Method', 'gRPC method')}
        </div>
      )}
      <HeaderRows label="header" rows={match.headers ?? []} onChange={(headers) => set({ headers })} />
      {kind === 'HTTPRoute' && (
        <HeaderRows label="query" rows={match.queryParams ?? []} onChange={(queryParams) => set({ queryParams })} />
      )}
      <div className={styles.row}>
        <SecondaryButton
          onClick={() => set({ headers: [...(match.headers ?? []), { type: 'Exact', name: '', value: '' }] })}
        >
          Add header
        </SecondaryButton>
        {kind === 'HTTPRoute' && (
          <SecondaryButton
            onClick={() => set({ queryParams: [...(match.queryParams ?? []), { type: 'Exact', name: '', value: '' }] })}
          >
            Add query parameter
          </SecondaryButton>
        )}
      </div>
    </div>
  );
}

function MatchesEditor({
  kind,
  matches,
  onChange,
}: {
  kind: Props['kind'];
  matches: AnyMatch[];
  onChange: (m: AnyMatch[]) => void;
}) {
  return (
    <MatchList
      matches={matches}
      onChange={onChange}
      added={(): AnyMatch => (kind === 'HTTPRoute' ? { path: { type: 'PathPrefix', value: '/' } } : { headers: [] })}
      render={(m, update, remove) => (
        <>
          <MatchEditor kind={kind} match={m} onChange={update} />
          <button type="button" className={styles.secondary} onClick={remove}>
            Remove match
          </button>
        </>
      )}
    />
  );
}

function BackendsEditor({
  refs,
  backends,
  port,
  onChange,
}: {
  refs: BackendRef[];
  backends: VersionBackend[];
  port: number;
  onChange: (refs: BackendRef[]) => void;
}) {
  const label = (b: VersionBackend) => (b.version ? `${b.service} (${b.version})` : b.service);
  return (
    <TargetList
      targets={refs}
      onChange={onChange}
      added={() => ({ name: backends[0]?.service ?? '', port: backends[0]?.port ?? port, weight: 1 })}
      addLabel="Add backend"
      row={(r, set) => (
        <>
          <select
            className={styles.select}
            value={r.name}
            onChange={(e) => {
              const b = backends.find((x) => x.service === e.target.value);
              set({ name: e.target.value, port: b?.port ?? r.port ?? port });
            }}
            aria-label="Backend Service"
          >
            {backends.map((b) => (
              <option key={b.service} value={b.service}>
                {label(b)}
              </option>
            ))}
            {!backends.some((b) => b.service === r.name) && <option value={r.name}>{r.name || '(none)'}</option>}
          </select>
          <span className="muted">port {r.port ?? '–'}</span>
          <WeightInput value={r.weight} onChange={(weight) => set({ weight })} />
        </>
      )}
    />
  );
}

/** The rules of a route as HTTP rules (the timeouts tab edits HTTPRoute rules only). */
export const asHttpRules = (rules: AnyRule[]): HTTPRouteRule[] => rules as HTTPRouteRule[];
