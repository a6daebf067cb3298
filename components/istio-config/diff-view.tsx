'use client';
import { MergeView } from '@codemirror/merge';
import { useEffect, useRef } from 'react';
import { yamlEditorExtensions } from './cm-setup';
import styles from './istio.module.css';

interface Props {
  /** Left side (older). */
  a: string;
  /** Right side (newer). */
  b: string;
  labelA: string;
  labelB: string;
  testId?: string;
}

/**
 * A read-only side-by-side diff of two YAML texts (`@codemirror/merge` MergeView), unchanged stretches collapsed.
 * Recreated when either text changes (diffs are shown in dialogs, not edited).
 */
export function DiffView({ a, b, labelA, labelB, testId }: Props) {
  const parent = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!parent.current) return;
    const view = new MergeView({
      a: { doc: a, extensions: yamlEditorExtensions({ readOnly: true }) },
      b: { doc: b, extensions: yamlEditorExtensions({ readOnly: true }) },
      parent: parent.current,
      collapseUnchanged: { margin: 3, minSize: 6 },
      gutter: true,
    });
    return () => view.destroy();
  }, [a, b]);
  return (
    <div data-testid={testId}>
      <div className={styles.diffLabels}>
        <span>{labelA}</span>
        <span>{labelB}</span>
      </div>
      {a === b && <p className={styles.note}>No differences.</p>}
      <div ref={parent} className={styles.diff} />
    </div>
  );
}
