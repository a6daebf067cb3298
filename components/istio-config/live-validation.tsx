'use client';
import { useEffect, useMemo, useState } from 'react';
import { sel } from '@/components/test-ids';
import type { IstioConfigObject, ValidateResponse } from '@/lib/contracts/istio-config';
import { toEditorYaml } from '@/lib/istio/editor/dump';
import { splitErrors } from '@/lib/istio/editor/introduced';
import { validateYaml } from '@/lib/query/istio';
import styles from './istio.module.css';

const SEV_CLASS = { error: styles.sevError, warning: styles.sevWarning, info: styles.sevInfo };

/** Debounced validation of each object's YAML (`/api/istio/validate`); results keyed by the YAML they are for. */
export function useLiveValidation(objects: IstioConfigObject[], delayMs = 400) {
  const texts = useMemo(() => objects.map((o) => toEditorYaml(o)), [objects]);
  const key = texts.join('\n---\n');
  const [results, setResults] = useState<{ key: string; responses: (ValidateResponse | null)[] }>({
    key: '',
    responses: [],
  });
  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(() => {
      void Promise.all(
        texts.map((yaml, i) =>
          validateYaml(
            { yaml, namespace: objects[i]?.metadata.namespace, with: objects.filter((_, j) => j !== i) },
            controller.signal,
          ).catch(() => null),
        ),
      ).then((responses) => {
        if (!controller.signal.aborted) setResults({ key, responses });
      });
    }, delayMs);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
    // `key` captures `texts` and the objects' namespaces.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, delayMs]);
  const current = results.key === key;
  const errors = current ? results.responses.reduce((n, r) => n + (r?.counts.error ?? 0), 0) : null;
  return { texts, responses: current ? results.responses : null, errors };
}

/**
 * The YAML a form or wizard will write, with the findings of each object (syntax, schema, cross-object checks
 * against the live cluster) listed under it.
 */
export function LivePreview({
  objects,
  validation,
}: {
  objects: IstioConfigObject[];
  validation: ReturnType<typeof useLiveValidation>;
}) {
  return (
    <div data-testid={sel.istio.wizardPreview}>
      {objects.map((o, i) => {
        const r = validation.responses?.[i];
        return (
          <div key={`${o.kind}/${o.metadata.name}`} className={styles.panel}>
            <h2>
              {o.kind} {o.metadata.namespace}/{o.metadata.name || '(no name)'}
            </h2>
            <pre className={styles.preview}>{validation.texts[i]}</pre>
            {!validation.responses ? (
              <p className={styles.note}>Validating…</p>
            ) : !r ? (
              <p className={styles.note}>Validation unavailable.</p>
            ) : r.markers.length === 0 ? (
              <p className={styles.note}>No problems found.</p>
            ) : (
              <ul className={styles.markers} data-testid={sel.istio.markers}>
                {r.markers.map((m, j) => (
                  <li key={j} data-testid={sel.istio.marker(m.code, m.line)}>
                    <span className={SEV_CLASS[m.severity]}>{m.code}</span>
                    <span className="muted">line {m.line}</span>
                    <span>{m.message}</span>
                  </li>
                ))}
              </ul>
            )}
            {r && r.related.length > 0 && (
              <p className={styles.warn}>
                Affects other objects:{' '}
                {r.related.map((f) => `${f.kind} ${f.namespace}/${f.name}: ${f.code} ${f.message}`).join('; ')}
              </p>
            )}
          </div>
        );
      })}
    </div>
  );
}

/** One error finding and the object it is on (`DestinationRule ratings`). */
interface Finding {
  code: string;
  message: string;
  object: string;
}

/** The result of `useIntroducedErrors`: `blocking` is null while either validation is pending. */
export interface IntroducedErrors {
  blocking: number | null;
  introduced: Finding[];
  preexisting: Finding[];
}

/**
 * Splits the errors of each edited object into those its live version (`baseline[i]`, null for a new object) already
 * has, which do not block a save, and those the edit introduced, which do (lib/istio/editor/introduced.ts). Findings
 * the edit causes on other objects (`related`) are shown by LivePreview and, as before, do not block.
 */
export function useIntroducedErrors(
  objects: IstioConfigObject[],
  validation: ReturnType<typeof useLiveValidation>,
  baseline: (IstioConfigObject | null)[],
): IntroducedErrors {
  const live = useMemo(() => baseline.filter((o): o is IstioConfigObject => !!o), [baseline]);
  const before = useLiveValidation(live);
  return useMemo(() => {
    if (!validation.responses || (live.length > 0 && !before.responses))
      return { blocking: null, introduced: [], preexisting: [] };
    const out: IntroducedErrors = { blocking: 0, introduced: [], preexisting: [] };
    objects.forEach((o, i) => {
      const name = `${o.kind} ${o.metadata.name}`;
      const r = validation.responses![i];
      const j = baseline[i] ? live.indexOf(baseline[i]!) : -1;
      const b = j >= 0 ? before.responses![j] : null;
      const split = splitErrors(r?.markers ?? [], b?.markers ?? []);
      const pick = (m: { code: string; message: string }) => ({ code: m.code, message: m.message, object: name });
      out.introduced.push(...split.introduced.map(pick));
      out.preexisting.push(...split.preexisting.map(pick));
    });
    out.blocking = out.introduced.length;
    return out;
  }, [objects, validation.responses, baseline, live, before.responses]);
}

/** Says which errors block the save and why, and which the live objects already had (shown, not blocking). */
export function BlockingFindings({ findings }: { findings: IntroducedErrors }) {
  if (findings.blocking === null) return null;
  return (
    <div data-testid={sel.istio.blockingFindings}>
      {findings.introduced.length > 0 && (
        <div className={styles.alert} role="alert">
          Save is blocked by {findings.introduced.length} error{findings.introduced.length > 1 ? 's' : ''} this edit
          introduces:
          <ul>
            {findings.introduced.map((f, i) => (
              <li key={i} data-blocking={f.code}>
                {f.object}: <b>{f.code}</b> {f.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {findings.preexisting.length > 0 && (
        <div className={styles.note} data-testid={sel.istio.preexistingFindings}>
          Not blocking: {findings.preexisting.length} error{findings.preexisting.length > 1 ? 's' : ''} the live object
          already has (not introduced by this edit):
          <ul>
            {findings.preexisting.map((f, i) => (
              <li key={i}>
                {f.object}: <b>{f.code}</b> {f.message}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
