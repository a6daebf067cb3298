'use client';
import { Dialog } from 'radix-ui';
import { useState } from 'react';
import { sel } from '@/components/test-ids';
import type { IstioConfigObject } from '@/lib/contracts/istio-config';
import { deleteCandidates } from '@/lib/istio/forms/wizards';
import styles from '../istio.module.css';

interface Props {
  service: string;
  /** The service's routing objects (VirtualService, DestinationRule); null entries are skipped. */
  objects: (IstioConfigObject | null)[];
  onConfirm: (chosen: IstioConfigObject[]) => Promise<void>;
}

/**
 * The wizard's Delete: lists each routing object of the service with a checkbox, checked only for objects a wizard
 * created (issue 16: it used to delete the sample's `reviews` DestinationRule too). The user can tick others.
 */
export function WizardDeleteButton({ service, objects, onConfirm }: Props) {
  const present = objects.filter((o): o is IstioConfigObject => !!o);
  const candidates = deleteCandidates(present);
  const [open, setOpen] = useState(false);
  const [checked, setChecked] = useState<boolean[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const chosen = present.filter((_, i) => checked[i]);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm(chosen);
      setOpen(false);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog.Root
      open={open}
      onOpenChange={(o) => {
        if (o) setChecked(candidates.map((c) => c.checked));
        setOpen(o);
      }}
    >
      <Dialog.Trigger asChild>
        <button type="button" className={styles.danger} data-testid={sel.istio.wizardDeleteRouting}>
          Delete…
        </button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className={styles.overlay} />
        <Dialog.Content className={`${styles.dialog} ${styles.dialogSmall}`} data-testid={sel.istio.deleteDialog}>
          <Dialog.Title>Delete the traffic routing of {service}?</Dialog.Title>
          <Dialog.Description>
            Only what you tick is removed from the cluster. Objects a wizard did not create are not ticked.
          </Dialog.Description>
          <ul className={styles.deleteList}>
            {candidates.map((c, i) => (
              <li key={`${c.kind}/${c.name}`}>
                <label>
                  <input
                    type="checkbox"
                    checked={!!checked[i]}
                    onChange={(e) => setChecked(checked.map((v, j) => (j === i ? e.target.checked : v)))}
                    data-testid={sel.istio.wizardDeleteItem(c.kind, c.name)}
                  />{' '}
                  {c.kind} <b>{c.name}</b> <span className="muted">({c.note})</span>
                </label>
              </li>
            ))}
          </ul>
          {error && (
            <p className={styles.alert} role="alert">
              {error}
            </p>
          )}
          <div className={styles.dialogActions}>
            <Dialog.Close asChild>
              <button type="button" className={styles.secondary}>
                Cancel
              </button>
            </Dialog.Close>
            <button
              type="button"
              className={styles.dangerSolid}
              onClick={() => void confirm()}
              disabled={busy || chosen.length === 0}
              data-testid={sel.istio.confirmDelete}
            >
              {busy ? 'Deleting…' : `Delete ${chosen.length || ''}`.trim()}
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
