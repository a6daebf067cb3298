'use client';
import { Dialog } from 'radix-ui';
import { useState, type ReactNode } from 'react';
import { sel } from '@/components/test-ids';
import { DiffView } from './diff-view';
import styles from './istio.module.css';

interface SaveDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  liveText: string;
  editedText: string;
  /** Result of the server dry run shown above the diff. */
  dryRunNote: ReactNode;
  /** Extra review content (impact preview). */
  children?: ReactNode;
  onConfirm: () => void;
  saving: boolean;
  title?: string;
}

/** Review before saving: the diff against the live object, the dry-run result, then the real write. */
export function SaveDialog({ open, onOpenChange, liveText, editedText, dryRunNote, children, onConfirm, saving, title = 'Review changes' }: SaveDialogProps) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className={styles.overlay} />
        <Dialog.Content className={styles.dialog} data-testid={sel.istio.saveDialog} aria-describedby={undefined}>
          <Dialog.Title>{title}</Dialog.Title>
          <div data-testid={sel.istio.dryRunResult}>{dryRunNote}</div>
          {children}
          <DiffView a={liveText} b={editedText} labelA="Live object" labelB="Your version" testId={sel.istio.diff} />
          <div className={styles.dialogActions}>
            <Dialog.Close asChild>
              <button type="button" className={styles.secondary}>
                Keep editing
              </button>
            </Dialog.Close>
            <button type="button" className="button" onClick={onConfirm} disabled={saving} data-testid={sel.istio.confirmSave}>
              {saving ? 'Saving…' : 'Save'}
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

interface DeleteDialogProps {
  what: string;
  onConfirm: () => Promise<void>;
  disabled?: boolean;
}

/** Delete with a confirmation dialog (Kiali asks too); the error of a failed delete stays in the dialog. */
export function DeleteButton({ what, onConfirm, disabled }: DeleteDialogProps) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      setOpen(false);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger asChild>
        <button type="button" className={styles.danger} disabled={disabled} data-testid={sel.istio.delete}>
          Delete
        </button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className={styles.overlay} />
        <Dialog.Content className={`${styles.dialog} ${styles.dialogSmall}`} data-testid={sel.istio.deleteDialog}>
          <Dialog.Title>Delete {what}?</Dialog.Title>
          <Dialog.Description>This removes it from the cluster. Traffic routing or policies it defines stop applying.</Dialog.Description>
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
            <button type="button" className={styles.dangerSolid} onClick={() => void confirm()} disabled={busy} data-testid={sel.istio.confirmDelete}>
              {busy ? 'Deleting…' : 'Delete'}
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
