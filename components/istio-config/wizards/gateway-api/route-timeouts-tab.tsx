'use client';
import { useState } from 'react';
import type { HTTPRouteRule } from '@/lib/gateway-api';
import { describeRule } from '@/lib/istio/forms/gateway-api';
import styles from '../../istio.module.css';
import { OptionalText, RetriesPart, TextInput } from '../option-inputs';

interface Props {
  kind: 'HTTPRoute' | 'GRPCRoute';
  rules: HTTPRouteRule[];
  onChange: (rules: HTTPRouteRule[]) => void;
}

/** The rule's two timeouts (Gateway API `HTTPRouteTimeouts`): the field, its toggle, label and default when switched on. */
const TIMEOUTS = [
  { key: 'request', toggle: 'Request timeout', fallback: '10s' },
  { key: 'backendRequest', toggle: 'Per-attempt timeout', label: 'Backend request timeout', fallback: '2s' },
] as const;

/** The retry policy a rule starts with when Retries is switched on (Gateway API `HTTPRouteRetry`). */
const RETRY = { attempts: 3, codes: [502, 503, 504], backoff: '100ms' };

/** Drops empty objects so an unchecked option leaves no `timeouts: {}` behind. */
function prune(rule: HTTPRouteRule): HTTPRouteRule {
  const out = { ...rule };
  if (out.timeouts && out.timeouts.request === undefined && out.timeouts.backendRequest === undefined)
    delete out.timeouts;
  if (out.retry === undefined) delete out.retry;
  return out;
}

const codesText = (codes: number[] | undefined) => (codes ?? []).join(', ');
const parseCodes = (text: string): number[] =>
  text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(Number);

/**
 * Request Timeouts and Retries on an HTTPRoute, per rule: `timeouts.request` (the whole request, retries included)
 * and `timeouts.backendRequest` (one attempt), `retry` attempts, status codes and backoff (GEP-1742, GEP-1731).
 * GRPCRoute has neither field in Gateway API v1.6.
 */
export function RouteTimeoutsTab({ kind, rules, onChange }: Props) {
  if (kind === 'GRPCRoute')
    return (
      <p className={styles.note}>
        GRPCRoute has no timeouts or retries in the Gateway API (v1.6). Use the Istio API (VirtualService) for them.
      </p>
    );
  if (!rules.length)
    return <p className={styles.note}>The route has no rule yet: set up Traffic Shifting or Request Routing first.</p>;
  const update = (i: number, rule: HTTPRouteRule) => onChange(rules.map((r, j) => (j === i ? prune(rule) : r)));
  return (
    <div className={styles.form}>
      {rules.map((rule, i) => {
        const t = rule.timeouts ?? {};
        const setTimeouts = (change: Partial<NonNullable<HTTPRouteRule['timeouts']>>) =>
          update(i, { ...rule, timeouts: { ...t, ...change } });
        return (
          <fieldset key={i} className={styles.fieldset}>
            <legend>{describeRule(rule, i)}</legend>
            <div className={styles.row}>
              {TIMEOUTS.map(({ key, ...field }) => (
                <OptionalText key={key} {...field} value={t[key]} onChange={(v) => setTimeouts({ [key]: v })} />
              ))}
            </div>
            <RetriesPart
              value={rule.retry}
              initial={RETRY}
              onChange={(r) => update(i, { ...rule, retry: r })}
              attemptsLabel="Retry attempts"
            >
              {(retry, set) => (
                <>
                  <span className="muted">attempts on status</span>
                  <CodesInput codes={retry.codes} onChange={(codes) => set({ ...retry, codes })} />
                  <span className="muted">backoff</span>
                  <TextInput
                    value={retry.backoff}
                    onChange={(v) => set({ ...retry, backoff: v || undefined })}
                    label="Retry backoff"
                    placeholder="100ms"
                  />
                </>
              )}
            </RetriesPart>
          </fieldset>
        );
      })}
    </div>
  );
}

/** A comma-separated list of status codes, kept as typed while the parsed list goes to the rule. */
function CodesInput({ codes, onChange }: { codes: number[] | undefined; onChange: (codes: number[]) => void }) {
  const [text, setText] = useState(codesText(codes));
  return (
    <input
      className={styles.input}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        onChange(parseCodes(e.target.value));
      }}
      aria-label="Retry status codes"
      placeholder="503, 504"
    />
  );
}
