'use client';
import { useEffect, useMemo, useState } from 'react';
import { sel } from '@/components/test-ids';
import type { IstioConfigObject, ValidateResponse } from '@/lib/contracts/istio-config';
import { toEditorYaml } from '@/lib/istio/editor/dump';
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
