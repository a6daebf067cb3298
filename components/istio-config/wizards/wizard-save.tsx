'use client';
import Link from 'next/link';
import { useMemo, type ReactNode } from 'react';
import { sel } from '@/components/test-ids';
import type { IstioConfigObject, ServiceRoutingTarget } from '@/lib/contracts/istio-config';
import { toEditorYaml } from '@/lib/istio/editor/dump';
import { jsonEqual } from '@/lib/istio/editor/merge3';
import { writeVerb } from '@/lib/istio/forms/wizards';
import { useGlobalParams } from '@/lib/query/global-params';
import type { PlannedWrite, useSave } from '@/lib/query/save';
import { ReviewToolbar, SaveDialog, SaveFailureAlert } from '../dialogs';
import { TabList } from '../tab-list';
import { LivePreview, useLiveValidation } from '../live-validation';
import styles from '../istio.module.css';

/**
 * The parts every service wizard shares, whatever API it writes (VirtualService and DestinationRule, or Gateway API
 * routes): the tab list, the writes a save sends, the Create/Update bar and the review dialog (diff, dry-run result,
 * impact). The stages themselves are lib/query/save.ts's one flow.
 */

/** The service wizards (Kiali's), in tab order; `?wizard=` names one by id. */
export const WIZARDS = [
  { id: 'traffic-shifting', label: 'Traffic Shifting' },
  { id: 'request-routing', label: 'Request Routing' },
  { id: 'fault-injection', label: 'Fault Injection' },
  { id: 'timeouts', label: 'Timeouts & Retries' },
  { id: 'tcp-traffic-shifting', label: 'TCP Traffic Shifting' },
  { id: 'traffic-policy', label: 'Traffic Policy & Circuit Breaking' },
] as const;
export type WizardId = (typeof WIZARDS)[number]['id'];

/** What a wizard saves: each built object (null: none) against the cluster's; an unchanged object is not written. */
export function plannedWrites(
  pairs: { object: IstioConfigObject | null; original: IstioConfigObject | null }[],
): PlannedWrite[] {
  return pairs.filter((w): w is PlannedWrite => !!w.object && !(w.original && jsonEqual(w.object, w.original)));
}

type Objects<K extends string> = Record<K, IstioConfigObject | null>;

/**
 * What a wizard's objects come to, each as the cluster has it (`originals`; null: none yet) and as the wizard built it
 * (`built`; null: none), taken in `order`: the built objects (previewed and validated live), their changes (for the
 * impact preview) and the writes a save sends.
 */
export function useWizardPlan<K extends string>(originals: Objects<K>, built: Objects<K>, order: readonly K[]) {
  const pairs = useMemo(
    () => order.map((k) => ({ original: originals[k], built: built[k] })),
    [originals, built, order],
  );
  const objects = useMemo(() => pairs.map((p) => p.built).filter((o): o is IstioConfigObject => !!o), [pairs]);
  const validation = useLiveValidation(objects);
  const changes = useMemo(() => pairs.map((p) => ({ before: p.original, after: p.built })), [pairs]);
  const writes = plannedWrites(pairs.map((p) => ({ object: p.built, original: p.original })));
  return { objects, validation, changes, writes };
}

/** The target's workloads with their namespace, as the impact preview takes them. */
export function useTargetWorkloads(target: ServiceRoutingTarget) {
  return useMemo(() => target.workloads.map((w) => ({ namespace: target.namespace, ...w })), [target]);
}

/** `Saved Kind name and Kind name.`: the note after a save (`saved`: what the API returned). */
export const savedText = (saved: IstioConfigObject[]) =>
  `Saved ${saved.map((o) => `${o.kind} ${o.metadata.name}`).join(' and ')}.`;

/** The form's own problems, listed above the save bar. */
export function WizardErrors({ errors }: { errors: string[] }) {
  if (!errors.length) return null;
  return (
    <ul className={styles.alert} data-testid={sel.istio.wizardErrors}>
      {errors.map((e) => (
        <li key={e}>{e}</li>
      ))}
    </ul>
  );
}

type Save = ReturnType<typeof useSave>;

/**
 * Create…/Update…/Create and update… by what the writes do (starts the dry run; disabled while `blocked` or nothing
 * changed), with what it will create or update, and the last save's failure. Shown only to users who may write.
 */
export function WizardSaveBar({
  save,
  writes,
  blocked,
  canWrite,
}: {
  save: Save;
  writes: PlannedWrite[];
  blocked: boolean;
  canWrite: boolean;
}) {
  return (
    <>
      {canWrite && (
        <ReviewToolbar
          save={save}
          input={{ writes }}
          disabled={blocked || writes.length === 0}
          label={writeVerb(writes)}
          testId={sel.istio.wizardSave}
        >
          <span className={styles.note}>
            {writes.length === 0
              ? 'No changes.'
              : `Will ${writes
                  .map((w) => `${w.original ? 'update' : 'create'} ${w.object.kind} ${w.object.metadata.name}`)
                  .join(' and ')}.`}
          </span>
        </ReviewToolbar>
      )}
      <SaveFailureAlert failure={save.failure} />
    </>
  );
}

const yamlOf = (list: (IstioConfigObject | null)[]) => list.filter(Boolean).map(toEditorYaml).join('---\n');

/** The review before the write: the dry run's answer, `children` (the impact preview), the diff of every write. */
export function WizardReview({ save, writes, children }: { save: Save; writes: PlannedWrite[]; children: ReactNode }) {
  return (
    <SaveDialog
      save={save}
      liveText={yamlOf(writes.map((w) => w.original))}
      editedText={yamlOf(writes.map((w) => w.object))}
      dryRunNote={
        <p className={styles.success}>
          The server dry run accepted {writes.length === 1 ? 'the object' : 'both objects'}; nothing written yet.
        </p>
      }
    >
      {children}
    </SaveDialog>
  );
}

/**
 * One service wizard page around its tabs' content (`children`, the active tab's editor): the title with `actions`
 * (the delete button), `notes` under it, the last save's `savedNote`, the tab list, the form's errors (not on the
 * shifting tabs, whose table shows its own), the save bar with `below` it, the live YAML and validation of the
 * `plan`'s objects, and the review dialog with `review` (the impact preview).
 */
export function WizardFrame<T extends string>(props: {
  target: ServiceRoutingTarget;
  actions: ReactNode;
  notes: ReactNode;
  savedNote: string | null;
  tabs: readonly { id: T; label: string }[];
  tab: T;
  onTab: (id: T) => void;
  children: ReactNode;
  formErrors: string[];
  save: Save;
  blocked: boolean;
  canWrite: boolean;
  below: ReactNode;
  /** The objects, their live validation and the writes (`useWizardPlan`). */
  plan: Pick<ReturnType<typeof useWizardPlan>, 'objects' | 'validation' | 'writes'>;
  review: ReactNode;
}) {
  const { target, tab, save } = props;
  const { objects, validation, writes } = props.plan;
  const { query } = useGlobalParams();
  return (
    <section>
      <div className={styles.header}>
        <h1>
          <Link href={`/istio${query ? `?${query}` : ''}`}>Istio Config</Link> / Service {target.namespace}/
          {target.name}
        </h1>
        <span className={styles.spacer} />
        {props.actions}
      </div>
      {props.notes}
      {props.savedNote && (
        <p className={styles.success} data-testid={sel.istio.saved}>
          {props.savedNote}
        </p>
      )}
      <TabList tabs={props.tabs} tab={tab} onTab={props.onTab} testId={sel.istio.wizardTab} />
      <div className={styles.wizardGrid}>
        <div>
          {props.children}
          {tab !== 'traffic-shifting' && tab !== 'tcp-traffic-shifting' && <WizardErrors errors={props.formErrors} />}
          <WizardSaveBar save={save} writes={writes} blocked={props.blocked} canWrite={props.canWrite} />
          {props.below}
        </div>
        <LivePreview objects={objects} validation={validation} />
      </div>
      <WizardReview save={save} writes={writes}>
        {props.review}
      </WizardReview>
    </section>
  );
}
