'use client';
import type { ReactNode } from 'react';
import { sel } from '@/components/test-ids';
import {
  LB_SIMPLE,
  TLS_MODES,
  type ConsistentHashForm,
  type LbSimple,
  type TlsMode,
  type TrafficPolicyForm,
} from '@/lib/istio/forms/traffic-policy';
import styles from '../istio.module.css';
import { Checkbox } from '@/components/ui/checkbox';
import { NumberInput, TextInput } from './option-inputs';
import { SelectField } from '../forms/inputs';

interface Props {
  policy: TrafficPolicyForm | undefined;
  onChange: (policy: TrafficPolicyForm | undefined) => void;
}

type HashKind = 'none' | 'header' | 'cookie' | 'sourceIp' | 'query';

function hashKind(p: TrafficPolicyForm | undefined): HashKind {
  const ch = p?.loadBalancer?.consistentHash;
  if (!ch) return 'none';
  if (ch.httpHeaderName !== undefined) return 'header';
  if (ch.httpCookie) return 'cookie';
  if (ch.useSourceIp) return 'sourceIp';
  return 'query';
}

/**
 * DestinationRule traffic policy (Kiali's "Traffic Policy" and "Circuit Breaker" tabs): TLS mode, load balancer
 * (simple or consistent hash), connection pool limits and outlier detection.
 */
export function PolicyTab({ policy, onChange }: Props) {
  const p = policy ?? {};
  const set = (change: Partial<TrafficPolicyForm>) => {
    const next = { ...p, ...change };
    onChange(Object.values(next).some((v) => v !== undefined) ? next : undefined);
  };
  const lb = p.loadBalancer;
  const kind = hashKind(p);
  const cookie = lb?.consistentHash?.httpCookie;
  /** Sets the consistent hash's key (it replaces the load balancer: a simple one and a hash exclude each other). */
  const setHashTo = (consistentHash: ConsistentHashForm) => set({ loadBalancer: { consistentHash } });
  const setHash = (k: HashKind) => {
    if (k === 'none') set({ loadBalancer: lb?.simple ? { simple: lb.simple } : undefined });
    else
      setHashTo(
        k === 'header'
          ? { httpHeaderName: 'x-user' }
          : k === 'cookie'
            ? { httpCookie: { name: 'user', ttl: '0s' } }
            : k === 'sourceIp'
              ? { useSourceIp: true }
              : { httpQueryParameterName: 'user' },
      );
  };
  const cp = p.connectionPool;
  const od = p.outlierDetection;
  return (
    <div className={styles.form}>
      <fieldset className={styles.fieldset}>
        <legend>TLS</legend>
        <SelectField
          label="Mode used by clients towards this service"
          value={p.tlsMode ?? ''}
          options={TLS_MODES}
          empty="Unset (auto mTLS)"
          onChange={(v) => set({ tlsMode: (v || undefined) as TlsMode | undefined })}
          testId={sel.istio.formField('tlsMode')}
        />
      </fieldset>
      <fieldset className={styles.fieldset}>
        <legend>Load balancer</legend>
        <div className={styles.row}>
          <select
            className={styles.select}
            value={kind === 'none' ? (lb?.simple ?? '') : ''}
            disabled={kind !== 'none'}
            onChange={(e) => set({ loadBalancer: e.target.value ? { simple: e.target.value as LbSimple } : undefined })}
            aria-label="Simple load balancer"
          >
            <option value="">Default (LEAST_REQUEST)</option>
            {LB_SIMPLE.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
          <select
            className={styles.select}
            value={kind}
            onChange={(e) => setHash(e.target.value as HashKind)}
            aria-label="Consistent hash"
          >
            <option value="none">No consistent hash</option>
            <option value="header">Hash on HTTP header</option>
            <option value="cookie">Hash on HTTP cookie</option>
            <option value="sourceIp">Hash on source IP</option>
            <option value="query">Hash on query parameter</option>
          </select>
          {kind === 'header' && (
            <TextInput
              value={lb?.consistentHash?.httpHeaderName}
              onChange={(httpHeaderName) => setHashTo({ httpHeaderName })}
              label="Header name"
            />
          )}
          {kind === 'cookie' && (
            <>
              <TextInput
                value={cookie?.name}
                onChange={(name) => setHashTo({ httpCookie: { ...cookie, name } })}
                label="Cookie name"
              />
              <TextInput
                value={cookie?.ttl}
                onChange={(ttl) => setHashTo({ httpCookie: { name: cookie?.name ?? '', ttl } })}
                label="Cookie TTL"
                placeholder="ttl, e.g. 0s"
              />
            </>
          )}
          {kind === 'query' && (
            <TextInput
              value={lb?.consistentHash?.httpQueryParameterName}
              onChange={(httpQueryParameterName) => setHashTo({ httpQueryParameterName })}
              label="Query parameter"
            />
          )}
        </div>
      </fieldset>
      <PolicyPart
        legend="Circuit breaking: connection pool"
        label="Limit connections"
        testId={sel.istio.formField('connectionPool')}
        value={cp}
        initial={POOL}
        onChange={(connectionPool) => set({ connectionPool })}
      >
        {(pool) => (
          <>
            <NumberField name="tcp.maxConnections" min={1} {...pool('maxConnections')} />
            <NumberField name="http.http1MaxPendingRequests" min={1} {...pool('http1MaxPendingRequests')} />
            <NumberField name="http.maxRequestsPerConnection" min={1} {...pool('maxRequestsPerConnection')} />
          </>
        )}
      </PolicyPart>
      <PolicyPart
        legend="Circuit breaking: outlier detection"
        label="Eject failing endpoints"
        value={od}
        initial={OUTLIER}
        onChange={(outlierDetection) => set({ outlierDetection })}
      >
        {(outlier) => (
          <>
            <NumberField name="consecutive5xxErrors" min={0} {...outlier('consecutive5xxErrors')} />
            <TextField name="interval" {...outlier('interval')} />
            <TextField name="baseEjectionTime" {...outlier('baseEjectionTime')} />
            <NumberField name="maxEjectionPercent" min={0} max={100} {...outlier('maxEjectionPercent')} />
          </>
        )}
      </PolicyPart>
    </div>
  );
}

/** What the connection pool and outlier detection start with when switched on. */
const POOL = { maxConnections: 1, http1MaxPendingRequests: 1, maxRequestsPerConnection: 1 };
const OUTLIER = { consecutive5xxErrors: 1, interval: '1s', baseEjectionTime: '3m', maxEjectionPercent: 100 };

/** `bind(key)` of a `PolicyPart`: the field's value, and an `onChange` that writes the part with it changed. */
type PartBinder<P> = <K extends keyof P>(key: K) => { value: P[K]; onChange: (v: P[K]) => void };

/**
 * One optional part of the traffic policy (Istio's `ConnectionPoolSettings`, `OutlierDetection`): a fieldset with a
 * checkbox that sets the part to `initial` or drops it and, while it is set, a row of its fields, each bound by
 * `children(bind)`.
 */
function PolicyPart<P extends object>({
  legend,
  label,
  testId,
  value,
  initial,
  onChange,
  children,
}: {
  legend: string;
  label: string;
  testId?: string;
  value: P | undefined;
  initial: P;
  onChange: (part: P | undefined) => void;
  children: (bind: PartBinder<P>) => ReactNode;
}) {
  const bind =
    (part: P): PartBinder<P> =>
    (key) => ({ value: part[key], onChange: (v) => onChange({ ...part, [key]: v }) });
  return (
    <fieldset className={styles.fieldset}>
      <legend>{legend}</legend>
      <Checkbox label={label} checked={!!value} onChange={(on) => onChange(on ? initial : undefined)} testId={testId} />
      {value && <div className={styles.row}>{children(bind(value))}</div>}
    </fieldset>
  );
}

/** A numeric policy field under its Istio field name. */
function NumberField({
  name,
  ...input
}: {
  name: string;
  value: number | undefined;
  onChange: (v: number | undefined) => void;
  min: number;
  max?: number;
}) {
  return (
    <label className={styles.field}>
      <span>{name}</span>
      <NumberInput {...input} />
    </label>
  );
}

/** A text policy field (a duration) under its Istio field name; empty = absent. */
function TextField({
  name,
  value,
  onChange,
}: {
  name: string;
  value: string | undefined;
  onChange: (v: string | undefined) => void;
}) {
  return (
    <label className={styles.field}>
      <span>{name}</span>
      <TextInput value={value} onChange={(v) => onChange(v || undefined)} />
    </label>
  );
}
