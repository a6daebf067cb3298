'use client';
import { Checkbox } from '@/components/ui/checkbox';
import { useState } from 'react';
import { sel } from '@/components/test-ids';
import type { IstioConfigObject } from '@/lib/contracts/istio-config';
import { deleteCandidates } from '@/lib/istio/forms/wizards';
import { DeleteDialog } from '../dialogs';
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
  const chosen = present.filter((_, i) => checked[i]);
  return (
    <DeleteDialog
      open={open}
      onOpenChange={(o) => {
        if (o) setChecked(candidates.map((c) => c.checked));
        setOpen(o);
      }}
      trigger={
        <button type="button" className={styles.danger} data-testid={sel.istio.wizardDeleteRouting}>
          Delete…
        </button>
      }
      title={<>Delete the traffic routing of {service}?</>}
      description="Only what you tick is removed from the cluster. Objects a wizard did not create are not ticked."
      onConfirm={() => onConfirm(chosen)}
      label={`Delete ${chosen.length || ''}`.trim()}
      confirmDisabled={chosen.length === 0}
    >
      <ul className={styles.deleteList}>
        {candidates.map((c, i) => (
          <li key={`${c.kind}/${c.name}`}>
            <Checkbox
              label={
                <>
                  {c.kind} <b>{c.name}</b> <span className="muted">({c.note})</span>
                </>
              }
              checked={!!checked[i]}
              onChange={(on) => setChecked(checked.map((v, j) => (j === i ? on : v)))}
              testId={sel.istio.wizardDeleteItem(c.kind, c.name)}
            />
          </li>
        ))}
      </ul>
    </DeleteDialog>
  );
}
