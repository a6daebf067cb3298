'use client';
import { useMemo, useState } from 'react';
import { sel } from '@/components/test-ids';
import type { IstioConfigObject } from '@/lib/contracts/istio-config';
import { toEditorYaml } from '@/lib/istio/editor/dump';
import { merge3 } from '@/lib/istio/editor/merge3';
import type { Conflict } from '@/lib/query/save';
import { DiffView } from './diff-view';
import { TabList } from './tab-list';
import styles from './istio.module.css';

interface Props {
  conflict: Conflict;
  /** Put this text in the editor and edit against `theirs` from now on. */
  onResolve: (text: string, newBase: IstioConfigObject | null) => void;
  onCancel: () => void;
}

type Tab = 'theirs' | 'ours' | 'merged';

function withVersion(obj: IstioConfigObject, resourceVersion: string | undefined): IstioConfigObject {
  return { ...obj, metadata: { ...obj.metadata, resourceVersion } };
}

/**
 * The 409 view (reference/perf-security.md S5): someone saved the object after it was loaded. Shows the three-way
 * picture — their change (loaded → live), your change (loaded → yours) and a merged result (non-overlapping changes
 * combined, overlaps listed) — and never drops the user's text: every action puts a text in the editor to review
 * and save again against the live version.
 */
export function ConflictView({ conflict, onResolve, onCancel }: Props) {
  const { base, ours, oursText, theirs } = conflict;
  const [tab, setTab] = useState<Tab>('merged');
  const baseText = useMemo(() => toEditorYaml(base), [base]);
  const theirsText = useMemo(() => (theirs ? toEditorYaml(theirs) : ''), [theirs]);
  const merge = useMemo(() => (ours && theirs ? merge3(base, ours, theirs) : null), [base, ours, theirs]);
  const mergedText = useMemo(() => (merge ? toEditorYaml(merge.merged) : ''), [merge]);
  const tabs: { id: Tab; label: string }[] = [
    { id: 'merged', label: 'Merged result' },
    { id: 'theirs', label: 'Their change' },
    { id: 'ours', label: 'Your change' },
  ];
  return (
    <section className={styles.warn} data-testid={sel.istio.conflict} role="alert">
      <strong>Someone else changed this object after you loaded it</strong> (you edited version{' '}
      {base.metadata.resourceVersion}
      {theirs ? `, it is now at version ${theirs.metadata.resourceVersion}` : '; it has since been deleted'}). Nothing
      was saved, and your text is still in the editor.
      <TabList tabs={tabs} tab={tab} onTab={setTab} />
      {tab !== 'merged' && (
        <DiffView
          a={baseText}
          b={tab === 'theirs' ? theirsText : oursText}
          labelA={`Loaded (version ${base.metadata.resourceVersion})`}
          labelB={tab === 'theirs' ? 'Live now' : 'Your text'}
        />
      )}
      {tab === 'merged' && (
        <div data-testid={sel.istio.conflictMerged}>
          {!merge ? (
            <p className={styles.note}>
              {theirs
                ? 'Your text does not parse, so it cannot be merged automatically.'
                : 'The object was deleted; saving your text would need to create it again.'}
            </p>
          ) : merge.conflicts.length ? (
            <p>
              Both sides changed <strong>{merge.conflicts.join(', ')}</strong>; the merged result keeps your values
              there.
            </p>
          ) : (
            <p>Your changes and theirs do not overlap; the merged result has both.</p>
          )}
          {merge && <DiffView a={theirsText} b={mergedText} labelA="Live now" labelB="Merged result" />}
        </div>
      )}
      <div className={styles.toolbar}>
        {merge && theirs && (
          <button
            type="button"
            className="button"
            onClick={() => onResolve(mergedText, theirs)}
            data-testid={sel.istio.conflictApplyMerged}
          >
            Use merged result
          </button>
        )}
        {ours && theirs && (
          <button
            type="button"
            className={styles.secondary}
            onClick={() => onResolve(toEditorYaml(withVersion(ours, theirs.metadata.resourceVersion)), theirs)}
            data-testid={sel.istio.conflictOverwrite}
          >
            Keep my version (replace theirs)
          </button>
        )}
        <button
          type="button"
          className={styles.secondary}
          onClick={() => onResolve(theirsText, theirs)}
          disabled={!theirs}
          data-testid={sel.istio.conflictReload}
        >
          Discard mine, load theirs
        </button>
        <button type="button" className={styles.secondary} onClick={onCancel}>
          Close
        </button>
      </div>
    </section>
  );
}
