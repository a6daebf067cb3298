'use client';
/**
 * The one save flow of Istio config: the YAML editor, the security forms, the routing wizards and the generated
 * policies all save through `useSave` (react-query `useMutation`), in the same stages:
 *
 *   validate (the editor's text parses; forms check their fields before offering the button)
 *   → dry run: each object once through this API's dry run (schema check, then Kubernetes `dryRun=All`)
 *   → review: the diff and impact, nothing written yet
 *   → write: each object exactly as it passed the dry run, with its resourceVersion, marked `reviewed` so the server
 *     sends it straight to Kubernetes (no second schema pass, no second dry run), in order (a DestinationRule before
 *     the VirtualService that routes to its subsets)
 *   → done.
 *
 * One save of one object is therefore one schema pass, one dry run and one write. Failures are mapped once
 * (`describeFailure`): a 409 with the live object becomes a `Conflict` (the editor's conflict view, which keeps the
 * user's text; reference/perf-security.md S5), a 422 its field causes (shown inline; S6), anything else a message;
 * every failure also carries one readable text (`describeWriteError`). Pure parts (stage machine, planning, failure
 * mapping) are exported for tests; UI stays in components/istio-config.
 */
import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useReducer } from 'react';
import type {
  ConflictDetails,
  InvalidDetails,
  IstioConfigObject,
  IstioWriteResponse,
} from '@/lib/contracts/istio-config';
import { toEditorYaml } from '@/lib/istio/editor/dump';
import { parseYamlSafe } from '@/lib/istio/editor/safe-yaml';
import { kindOfObject, pluralOf, scopeSegment } from '@/lib/istio/kinds';
import { ApiError } from './fetch';
import { createObject, deleteObject, replaceObject } from './istio';
import { queryKeys } from './keys';

/** One object to save: `original` null creates it, else it replaces `original` (whose URL it is sent to). */
export interface PlannedWrite {
  /** The object to write; its `metadata.resourceVersion` (else the original's) guards a replace. */
  object: IstioConfigObject;
  original: IstioConfigObject | null;
}

/** What a save writes, fixed when the dry run starts: the review shows it, the write sends it unchanged. */
export interface SavePlan {
  writes: PlannedWrite[];
  /** The editor's text as the user typed it (the conflict view keeps it); null for forms and wizards. */
  text: string | null;
}

/** A save started from the editor's text (one object replacing `base`) or from built objects (forms, wizards). */
export type SaveInput = { text: string; base: IstioConfigObject } | { writes: PlannedWrite[] };

/** The 409 picture the conflict view shows. */
export interface Conflict {
  /** What the user loaded. */
  base: IstioConfigObject;
  /** The user's edit, parsed (null when the text no longer parses). */
  ours: IstioConfigObject | null;
  /** The user's text, untouched. */
  oursText: string;
  /** The live object now (null when it was deleted meanwhile). */
  theirs: IstioConfigObject | null;
}

export type Cause = InvalidDetails['causes'][number];

/** A failed save as the UI shows it; `message` is the one text every page can show. */
export type SaveFailure =
  | { kind: 'conflict'; message: string; conflict: Conflict }
  | {
      kind: 'invalid';
      message: string;
      /** The API's field causes, to place on the text (may be empty). */
      causes: Cause[];
      /** What the causes list shows: the causes, or the API's message when it named none. */
      listed: Cause[];
    }
  | { kind: 'error'; message: string };

// ---------------------------------------------------------------------------------------------------------------
// Stage machine
// ---------------------------------------------------------------------------------------------------------------

export type SaveStage = 'idle' | 'dry-run' | 'review' | 'saving' | 'done';
export type SaveEvent = 'check' | 'checked' | 'confirm' | 'saved' | 'failed' | 'cancel';

const TRANSITIONS: Record<SaveStage, Partial<Record<SaveEvent, SaveStage>>> = {
  idle: { check: 'dry-run' },
  'dry-run': { checked: 'review', failed: 'idle' },
  review: { confirm: 'saving', cancel: 'idle' },
  // the write is in flight: closing the review now would hide its outcome, so cancel does not apply
  saving: { saved: 'done', failed: 'idle' },
  done: { check: 'dry-run' },
};

/** The stage after `event`, or null when the event does not apply in `stage` (a double click, a late answer). */
export function nextStage(stage: SaveStage, event: SaveEvent): SaveStage | null {
  return TRANSITIONS[stage][event] ?? null;
}

/** True while a save is under way (checking, in review, or writing): a new one cannot start. */
export function isBusy(stage: SaveStage): boolean {
  return stage === 'dry-run' || stage === 'review' || stage === 'saving';
}

export interface SaveState {
  stage: SaveStage;
  /** The plan under dry run, review or write; null otherwise. */
  plan: SavePlan | null;
  /** The last failure, cleared when the next save starts. */
  failure: SaveFailure | null;
  /** The last 409's picture; stays until the user resolves or closes the conflict view (a new save keeps it). */
  conflict: Conflict | null;
}

export type SaveAction =
  | { type: 'check'; plan: SavePlan }
  | { type: 'checked' }
  | { type: 'confirm' }
  | { type: 'saved' }
  | { type: 'failed'; failure: SaveFailure }
  | { type: 'cancel' }
  /** The validate stage refused the input: no request was sent, the stage stays. */
  | { type: 'refused'; failure: SaveFailure }
  | { type: 'clear-conflict' };

export const initialSaveState: SaveState = { stage: 'idle', plan: null, failure: null, conflict: null };

/** The save state after `action`; an action that does not apply in the current stage leaves the state unchanged. */
export function saveReducer(state: SaveState, action: SaveAction): SaveState {
  if (action.type === 'clear-conflict') return { ...state, conflict: null };
  if (action.type === 'refused') return isBusy(state.stage) ? state : { ...state, failure: action.failure };
  const stage = nextStage(state.stage, action.type);
  if (!stage) return state;
  switch (action.type) {
    case 'check':
      return { ...state, stage, plan: action.plan, failure: null };
    case 'failed': {
      const conflict = action.failure.kind === 'conflict' ? action.failure.conflict : state.conflict;
      return { stage, plan: null, failure: action.failure, conflict };
    }
    case 'saved':
    case 'cancel':
      return { ...state, stage, plan: null };
    default:
      return { ...state, stage };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Planning and failure mapping
// ---------------------------------------------------------------------------------------------------------------

/**
 * The validate stage: the plan of a save, or the message that stops it before any request. The editor's text must
 * parse (lib/istio/editor/safe-yaml); its object keeps the resourceVersion the text names, else the loaded one's.
 */
export function planSave(input: SaveInput): { ok: true; plan: SavePlan } | { ok: false; failure: SaveFailure } {
  if ('writes' in input) {
    if (!input.writes.length) return { ok: false, failure: { kind: 'error', message: 'Nothing to save.' } };
    return { ok: true, plan: { writes: input.writes, text: null } };
  }
  const parsed = parseYamlSafe(input.text);
  if (!parsed.ok)
    return {
      ok: false,
      failure: {
        kind: 'error',
        message: `Fix the YAML first: line ${parsed.problems[0]?.line}: ${parsed.problems[0]?.message}`,
      },
    };
  const object = parsed.value as unknown as IstioConfigObject;
  object.metadata = {
    ...(object.metadata ?? {}),
    resourceVersion: object.metadata?.resourceVersion ?? input.base.metadata.resourceVersion,
  } as IstioConfigObject['metadata'];
  return { ok: true, plan: { writes: [{ object, original: input.base }], text: input.text } };
}

/**
 * Where a write goes: a replace to its original's URL, a create to the object's namespace and kind (group + kind);
 * `namespace` is the URL segment, `-` for cluster-scoped kinds.
 */
export function writeTarget(w: PlannedWrite): { namespace: string; plural: string } {
  const at = w.original ?? w.object;
  return {
    namespace: scopeSegment(kindOfObject(at), at.metadata.namespace ?? 'default'),
    plural: pluralOf(at.apiVersion, at.kind),
  };
}

/** The object as sent (dry run and write alike): a replace carries its own resourceVersion, else the original's. */
export function wireObject(w: PlannedWrite): IstioConfigObject {
  if (!w.original) return w.object;
  const resourceVersion = w.object.metadata.resourceVersion ?? w.original.metadata.resourceVersion;
  return { ...w.object, metadata: { ...w.object.metadata, resourceVersion } };
}

/** `VirtualService bookinfo/reviews`: how messages name a write. */
export function writeLabel(w: PlannedWrite): string {
  return `${w.object.kind} ${w.object.metadata.namespace ?? 'default'}/${w.object.metadata.name}`;
}

/** The one readable text of a failed write: the API's message, its 422 field causes, and what to do on a 409. */
export function describeWriteError(err: unknown, what: string): string {
  if (err instanceof ApiError && err.status === 409)
    return `${what}: ${err.message}. Reload the page to start from the current version.`;
  if (err instanceof ApiError && err.status === 422) {
    const causes = ((err.details as unknown as InvalidDetails).causes ?? []).map(
      (c) => `${c.field ? `${c.field}: ` : ''}${c.message ?? ''}`,
    );
    return `${what} was rejected: ${causes.length ? causes.join('; ') : err.message}`;
  }
  return `${what}: ${(err as Error).message}`;
}

/**
 * Maps the error of one write (dry run or write) to what the UI shows. A 409 `conflict:k8s` on a replace, with the
 * live object in `details.current`, is a `Conflict` keeping the user's text (`plan.text`, else the object as YAML);
 * a 422 gives its field causes; anything else (a create's AlreadyExists included) a message. `saved`: the objects
 * of the same plan already written, named in the message.
 */
export function describeFailure(
  err: unknown,
  w: PlannedWrite,
  plan: SavePlan,
  saved: IstioConfigObject[] = [],
): SaveFailure {
  const message =
    describeWriteError(err, writeLabel(w)) +
    (saved.length ? ` (already saved: ${saved.map((s) => s.metadata.name).join(', ')})` : '');
  if (
    err instanceof ApiError &&
    err.status === 409 &&
    err.code === 'conflict:k8s' &&
    'current' in err.details &&
    w.original
  ) {
    const theirs = (err.details as unknown as ConflictDetails).current;
    const ours = wireObject(w);
    return {
      kind: 'conflict',
      message,
      conflict: { base: w.original, ours, oursText: plan.text ?? toEditorYaml(ours), theirs },
    };
  }
  if (err instanceof ApiError && err.status === 422) {
    const causes = ((err.details as unknown as InvalidDetails).causes ?? []) as Cause[];
    return { kind: 'invalid', message, causes, listed: causes.length ? causes : [{ message: err.message }] };
  }
  return { kind: 'error', message };
}

// ---------------------------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------------------------

/** Thrown by `checkPlan`/`writePlan`: the failure as the UI shows it. */
export class SaveError extends Error {
  constructor(readonly failure: SaveFailure) {
    super(failure.message);
    this.name = 'SaveError';
  }
}

function send(w: PlannedWrite, step: 'dry-run' | 'write'): Promise<IstioWriteResponse> {
  const { namespace, plural } = writeTarget(w);
  const options = step === 'dry-run' ? { dryRun: true } : { reviewed: true };
  return w.original
    ? replaceObject(namespace, plural, wireObject(w), options)
    : createObject(namespace, plural, wireObject(w), options);
}

/**
 * Sends each write of `plan` at `step`, in order, stopping at the first failure; the answers' objects. A failed write
 * names what was already saved; a failed dry run saved nothing. @throws SaveError
 */
async function sendPlan(plan: SavePlan, step: 'dry-run' | 'write'): Promise<IstioConfigObject[]> {
  const done: IstioConfigObject[] = [];
  for (const w of plan.writes) {
    try {
      done.push((await send(w, step)).object);
    } catch (err) {
      throw new SaveError(describeFailure(err, w, plan, step === 'write' ? done : []));
    }
  }
  return done;
}

/** The dry-run stage: each object through the API's dry run, in order, up to the first failure. @throws SaveError */
export const checkPlan = (plan: SavePlan): Promise<IstioConfigObject[]> => sendPlan(plan, 'dry-run');

/** The write stage: each reviewed object written, in order, stopping at the first failure. @throws SaveError */
export const writePlan = (plan: SavePlan): Promise<IstioConfigObject[]> => sendPlan(plan, 'write');

const failureOf = (err: unknown): SaveFailure =>
  err instanceof SaveError ? err.failure : { kind: 'error', message: (err as Error).message };

/**
 * The two mutations of a save, as `useMutation` options (the hook) or `MutationObserver` options (tests). After a
 * write attempt, successful or not, every Istio config query is refetched (the cluster may have moved: a partial
 * write, a 409).
 */
export function saveMutations(queryClient: QueryClient) {
  return {
    dryRun: { mutationFn: checkPlan },
    write: {
      mutationFn: writePlan,
      // not awaited: the save is done when the write answers, not when every refetch has
      onSettled: () => void queryClient.invalidateQueries({ queryKey: queryKeys.istio.all() }),
    },
  };
}

export interface SaveCallbacks {
  /** After the write stage: the objects as the API stored them, in plan order. */
  onSaved?: (saved: IstioConfigObject[]) => void;
  /** After a failed dry run or write (not a refused input), with the plan that failed. */
  onFailure?: (failure: SaveFailure, plan: SavePlan) => void;
}

/**
 * The save flow over a state box: `review` (validate, dry run, open the review), `confirm` (write), `cancel`,
 * `clearConflict`. `run` sends the requests (the hook passes its mutations; tests may pass `checkPlan`/`writePlan`).
 */
export function saveFlow(
  getState: () => SaveState,
  dispatch: (action: SaveAction) => void,
  run: {
    dryRun: (plan: SavePlan) => Promise<IstioConfigObject[]>;
    write: (plan: SavePlan) => Promise<IstioConfigObject[]>;
  },
  callbacks: SaveCallbacks = {},
) {
  const fail = (err: unknown, plan: SavePlan) => {
    const failure = failureOf(err);
    dispatch({ type: 'failed', failure });
    callbacks.onFailure?.(failure, plan);
  };
  return {
    /** Validate, dry-run, and open the review; does nothing while another save is under way. */
    async review(input: SaveInput): Promise<void> {
      if (isBusy(getState().stage)) return;
      const planned = planSave(input);
      if (!planned.ok) return dispatch({ type: 'refused', failure: planned.failure });
      dispatch({ type: 'check', plan: planned.plan });
      try {
        await run.dryRun(planned.plan);
        dispatch({ type: 'checked' });
      } catch (err) {
        fail(err, planned.plan);
      }
    },
    /** Write the reviewed plan (the objects the dry run accepted, unchanged). */
    async confirm(): Promise<void> {
      const { stage, plan } = getState();
      if (stage !== 'review' || !plan) return;
      dispatch({ type: 'confirm' });
      try {
        const saved = await run.write(plan);
        dispatch({ type: 'saved' });
        callbacks.onSaved?.(saved);
      } catch (err) {
        fail(err, plan);
      }
    },
    cancel: () => dispatch({ type: 'cancel' }),
    clearConflict: () => dispatch({ type: 'clear-conflict' }),
  };
}

/**
 * The save hook of the editor, the forms and the wizards. Returns the state (`stage`, `plan` under review,
 * `failure`, `conflict`), `busy`, and the actions of `saveFlow`. Each call's callbacks are the latest render's.
 */
export function useSave(callbacks: SaveCallbacks = {}) {
  const queryClient = useQueryClient();
  const mutations = saveMutations(queryClient);
  const dryRun = useMutation(mutations.dryRun);
  const write = useMutation(mutations.write);
  const [state, dispatch] = useReducer(saveReducer, initialSaveState);
  // Each render's actions see that render's state: the review dialog's Save button exists only once the review stage
  // rendered, and the reducer ignores an action that no longer applies.
  const flow = saveFlow(() => state, dispatch, { dryRun: dryRun.mutateAsync, write: write.mutateAsync }, callbacks);
  return { ...state, busy: isBusy(state.stage), ...flow };
}

/**
 * Deletes objects in order (each only if still at its loaded resourceVersion); one already gone (404) counts as
 * deleted. Refetches the Istio config queries afterwards. @throws Error with the one failure text
 */
export function useRemoveObjects() {
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: async (objects: IstioConfigObject[]) => {
      for (const o of objects) {
        try {
          await deleteObject(
            scopeSegment(kindOfObject(o), o.metadata.namespace ?? 'default'),
            pluralOf(o.apiVersion, o.kind),
            o.metadata.name,
            o.metadata.resourceVersion,
          );
        } catch (err) {
          if (!(err instanceof ApiError && err.status === 404))
            throw new Error(describeWriteError(err, `${o.kind} ${o.metadata.name}`));
        }
      }
    },
    onSettled: () => void queryClient.invalidateQueries({ queryKey: queryKeys.istio.all() }),
  });
  return remove.mutateAsync;
}
