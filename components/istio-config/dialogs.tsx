'use client';
import { Dialog } from 'radix-ui';
import { useState, type ReactNode } from 'react';
import { sel } from '@/components/test-ids';
import type { SaveFailure, SaveInput, SaveStage } from '@/lib/query/save';
import { DiffView } from './diff-view';
import styles from './istio.module.css';

/** What the review dialog reads of a save (useSave's answer): open in review and while writing. */
export interface ReviewedSave {
  stage: SaveStage;
  confirm: () => Promise<void>;
  cancel: () => void;
}

interface SaveDialogProps {
  save: ReviewedSave;
  liveText: string;
  editedText: string;
  /** Result of the server dry run shown above the diff. */
  dryRunNote: ReactNode;
  /** Extra review content (impact preview). */
  children?: ReactNode;
  title?: string;
}

/**
 * Review before saving: the diff against the live object, the dry-run result, then the real write. Open while `save`
 * is in review or saving; closing it cancels the save, Save confirms it.
 */
export function SaveDialog({
  save,
  liveText,
  editedText,
  dryRunNote,
  children,
  title = 'Review changes',
}: SaveDialogProps) {
  const saving = save.stage === 'saving';
  return (
    <Dialog.Root open={save.stage === 'review' || saving} onOpenChange={(open) => !open && save.cancel()}>
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
            <button
              type="button"
              className="button"
              onClick={() => void save.confirm()}
              disabled={saving}
              data-testid={sel.istio.confirmSave}
            >
              {saving ? 'Saving…' : 'Save'}
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/**
 * The toolbar that starts a save: its button sends `input` to review (validation, dry run, then the review dialog),
 * reads `label` ("Checking (dry run)…" during the dry run, which also disables it) and is disabled by `disabled`;
 * `children` (a note on what the save will do) stand beside it.
 */
export function ReviewToolbar({
  save,
  input,
  disabled,
  label,
  testId = sel.istio.formSave,
  children,
}: {
  save: { stage: SaveStage; review: (input: SaveInput) => Promise<void> };
  input: SaveInput;
  disabled: boolean;
  label: string;
  testId?: string;
  children?: ReactNode;
}) {
  const checking = save.stage === 'dry-run';
  return (
    <div className={styles.toolbar}>
      <button
        type="button"
        className="button"
        disabled={disabled || checking}
        onClick={() => void save.review(input)}
        data-testid={testId}
      >
        {checking ? 'Checking (dry run)…' : label}
      </button>
      {children}
    </div>
  );
}

/** The last save failure's message as an alert, nothing when there is none. */
export function SaveFailureAlert({ failure }: { failure: SaveFailure | null }) {
  if (!failure) return null;
  return (
    <p className={styles.alert} role="alert">
      {failure.message}
    </p>
  );
}

/**
 * The confirmation dialog of a delete (Kiali asks too), opened by `trigger`: `title`, `description`, `children` (e.g.
 * the objects to tick), Cancel and the confirm button (`label`; "Deleting…" while `onConfirm` runs; also disabled by
 * `confirmDisabled`). It closes when `onConfirm` resolves; a failure's message stays in the dialog.
 */
export function DeleteDialog({
  open,
  onOpenChange,
  trigger,
  title,
  description,
  children,
  onConfirm,
  label,
  confirmDisabled = false,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  trigger: ReactNode;
  title: ReactNode;
  description: ReactNode;
  children?: ReactNode;
  onConfirm: () => Promise<void>;
  label: string;
  confirmDisabled?: boolean;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      onOpenChange(false);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Trigger asChild>{trigger}</Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className={styles.overlay} />
        <Dialog.Content className={`${styles.dialog} ${styles.dialogSmall}`} data-testid={sel.istio.deleteDialog}>
          <Dialog.Title>{title}</Dialog.Title>
          <Dialog.Description>{description}</Dialog.Description>
          {children}
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
              disabled={busy || confirmDisabled}
              data-testid={sel.istio.confirmDelete}
            >
              {busy ? 'Deleting…' : label}
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
  return (
    <DeleteDialog
      open={open}
      onOpenChange={setOpen}
      trigger={
        <button type="button" className={styles.danger} disabled={disabled} data-testid={sel.istio.delete}>
          Delete
        </button>
      }
      title={<>Delete {what}?</>}
      description="This removes it from the cluster. Traffic routing or policies it defines stop applying."
      onConfirm={onConfirm}
      label="Delete"
    />
  );
}
