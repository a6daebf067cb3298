import { describe, expect, it } from 'vitest';
import type { IstioConfigObject } from '@/lib/contracts/istio-config';
import { ApiError } from './fetch';
import {
  describeFailure,
  describeWriteError,
  initialSaveState,
  isBusy,
  nextStage,
  planSave,
  saveReducer,
  wireObject,
  writeTarget,
  type SaveAction,
  type SaveFailure,
  type SavePlan,
  type SaveStage,
} from './save';

const vs = (resourceVersion?: string, subset = 'v1'): IstioConfigObject => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'reviews', namespace: 'bookinfo', ...(resourceVersion ? { resourceVersion } : {}) },
  spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset } }] }] },
});
const TEXT =
  'apiVersion: networking.istio.io/v1\nkind: VirtualService\n' +
  'metadata:\n  name: reviews\n  namespace: bookinfo\nspec:\n  hosts: [reviews]\n';
const editorPlan = (base: IstioConfigObject = vs('7')): SavePlan => {
  const planned = planSave({ text: TEXT, base });
  if (!planned.ok) throw new Error('expected a plan');
  return planned.plan;
};
const conflictError = (current: IstioConfigObject | null) =>
  new ApiError(409, 'conflict:k8s', 'VirtualService bookinfo/reviews was changed by someone else since you loaded it', {
    current,
  });

describe('save stages', () => {
  it('run idle → dry run → review → saving → done, and a done save can start again', () => {
    const events = ['check', 'checked', 'confirm', 'saved', 'check'] as const;
    const stages: SaveStage[] = [];
    let stage: SaveStage = 'idle';
    for (const e of events) stages.push((stage = nextStage(stage, e)!));
    expect(stages).toEqual(['dry-run', 'review', 'saving', 'done', 'dry-run']);
  });

  it('a failed dry run or write goes back to idle; a review can be cancelled, a write in flight cannot', () => {
    expect(nextStage('dry-run', 'failed')).toBe('idle');
    expect(nextStage('saving', 'failed')).toBe('idle');
    expect(nextStage('review', 'cancel')).toBe('idle');
    expect(nextStage('saving', 'cancel')).toBeNull();
  });

  it('refuses events that do not apply (a second click, a confirm without review, a late answer)', () => {
    expect(nextStage('dry-run', 'check')).toBeNull();
    expect(nextStage('review', 'check')).toBeNull();
    expect(nextStage('idle', 'confirm')).toBeNull();
    expect(nextStage('idle', 'checked')).toBeNull();
    expect(nextStage('done', 'saved')).toBeNull();
    expect((['idle', 'dry-run', 'review', 'saving', 'done'] as const).filter(isBusy)).toEqual([
      'dry-run',
      'review',
      'saving',
    ]);
  });
});

describe('saveReducer', () => {
  const run = (...actions: SaveAction[]) => actions.reduce(saveReducer, initialSaveState);
  const plan = editorPlan();
  const conflict: SaveFailure = describeFailure(conflictError(vs('8')), plan.writes[0]!, plan);

  it('holds the plan from the dry run to the write, and drops it after', () => {
    expect(run({ type: 'check', plan }, { type: 'checked' }).plan).toBe(plan);
    expect(run({ type: 'check', plan }, { type: 'checked' }, { type: 'confirm' }, { type: 'saved' })).toMatchObject({
      stage: 'done',
      plan: null,
    });
    expect(run({ type: 'check', plan }, { type: 'checked' }, { type: 'cancel' })).toMatchObject({
      stage: 'idle',
      plan: null,
    });
  });

  it('a 409 opens the conflict; a new save clears the failure but keeps the conflict until it is closed', () => {
    const failed = run({ type: 'check', plan }, { type: 'failed', failure: conflict });
    expect(failed).toMatchObject({ stage: 'idle', plan: null, failure: conflict });
    expect(failed.conflict?.oursText).toBe(TEXT);
    const again = saveReducer(failed, { type: 'check', plan });
    expect(again.failure).toBeNull();
    expect(again.conflict).toBe(failed.conflict);
    expect(saveReducer(again, { type: 'clear-conflict' }).conflict).toBeNull();
  });

  it('a refused input shows its message without a stage change, and is ignored while a save is under way', () => {
    const refused: SaveFailure = { kind: 'error', message: 'Fix the YAML first: line 1: bad' };
    expect(run({ type: 'refused', failure: refused })).toMatchObject({ stage: 'idle', failure: refused });
    expect(run({ type: 'check', plan }, { type: 'refused', failure: refused })).toMatchObject({
      stage: 'dry-run',
      failure: null,
    });
  });

  it('ignores a late answer (a failure after the review was cancelled)', () => {
    const cancelled = run({ type: 'check', plan }, { type: 'checked' }, { type: 'cancel' });
    expect(saveReducer(cancelled, { type: 'failed', failure: conflict })).toBe(cancelled);
  });
});

describe('planSave (the validate stage)', () => {
  it('parses the editor text; the object keeps the loaded resourceVersion unless the text names one', () => {
    const plan = editorPlan(vs('7'));
    expect(plan.text).toBe(TEXT);
    expect(plan.writes).toHaveLength(1);
    expect(plan.writes[0]!.object.metadata.resourceVersion).toBe('7');
    expect(plan.writes[0]!.original?.metadata.resourceVersion).toBe('7');
    const own = planSave({
      text: TEXT.replace('namespace: bookinfo', 'namespace: bookinfo\n  resourceVersion: "9"'),
      base: vs('7'),
    });
    expect(own.ok && own.plan.writes[0]!.object.metadata.resourceVersion).toBe('9');
  });

  it('stops on YAML that does not parse, naming the line, before any request', () => {
    expect(planSave({ text: 'kind: VirtualService\nkind: Gateway\n', base: vs('7') })).toEqual({
      ok: false,
      failure: { kind: 'error', message: expect.stringMatching(/^Fix the YAML first: line 2: /) },
    });
  });

  it('takes built objects as they are, and refuses an empty save', () => {
    const writes = [{ object: vs(), original: null }];
    expect(planSave({ writes })).toEqual({ ok: true, plan: { writes, text: null } });
    expect(planSave({ writes: [] })).toEqual({ ok: false, failure: { kind: 'error', message: 'Nothing to save.' } });
  });
});

describe('what a write sends', () => {
  it('a replace goes to its original URL with the object resourceVersion, else the original one', () => {
    const original = vs('7');
    expect(writeTarget({ object: { ...vs(), metadata: { name: 'reviews', namespace: 'other' } }, original })).toEqual({
      namespace: 'bookinfo',
      plural: 'virtualservices',
    });
    expect(wireObject({ object: vs(), original }).metadata.resourceVersion).toBe('7');
    expect(wireObject({ object: vs('9'), original }).metadata.resourceVersion).toBe('9');
  });

  it('a create goes to the object namespace and kind, unchanged', () => {
    const object = { ...vs(), kind: 'DestinationRule', metadata: { name: 'reviews' } };
    expect(writeTarget({ object, original: null })).toEqual({ namespace: 'default', plural: 'destinationrules' });
    expect(wireObject({ object, original: null })).toBe(object);
  });
});

describe('describeFailure (what the UI shows)', () => {
  const plan = editorPlan(vs('7'));
  const w = plan.writes[0]!;

  it('a 409 on a replace with the live object is a conflict keeping the user text', () => {
    const failure = describeFailure(conflictError(vs('8', 'v2')), w, plan);
    expect(failure.kind).toBe('conflict');
    if (failure.kind !== 'conflict') return;
    expect(failure.conflict.oursText).toBe(TEXT);
    expect(failure.conflict.base.metadata.resourceVersion).toBe('7');
    expect(failure.conflict.ours?.metadata.resourceVersion).toBe('7');
    expect(failure.conflict.theirs?.metadata.resourceVersion).toBe('8');
    expect(failure.message).toBe(
      'VirtualService bookinfo/reviews: VirtualService bookinfo/reviews was changed by someone else ' +
        'since you loaded it. Reload the page to start from the current version.',
    );
  });

  it('a conflict of a form (no text) shows the object as YAML; a deleted object is theirs = null', () => {
    const form = { writes: [{ object: vs('7', 'v3'), original: vs('7') }], text: null };
    const failure = describeFailure(conflictError(null), form.writes[0]!, form);
    expect(failure.kind === 'conflict' && failure.conflict.theirs).toBeNull();
    expect(failure.kind === 'conflict' && failure.conflict.oursText).toContain('subset: v3');
  });

  it('a 409 of a create (already exists) or without the live object is a message', () => {
    const create = { writes: [{ object: vs(), original: null }], text: null };
    const exists = new ApiError(409, 'conflict:k8s', 'virtualservices "reviews" already exists', {});
    expect(describeFailure(exists, create.writes[0]!, create)).toEqual({
      kind: 'error',
      message:
        'VirtualService bookinfo/reviews: virtualservices "reviews" already exists. ' +
        'Reload the page to start from the current version.',
    });
    expect(describeFailure(new ApiError(409, 'conflict:k8s', 'gone', {}), w, plan).kind).toBe('error');
  });

  it('a 422 gives its field causes, listed and placed; without causes it lists the API message', () => {
    const causes = [{ field: 'spec.http[0].route[0].weight', message: 'must be an integer' }];
    expect(
      describeFailure(new ApiError(422, 'invalid:api', 'VirtualService reviews is invalid', { causes }), w, plan),
    ).toEqual({
      kind: 'invalid',
      message: 'VirtualService bookinfo/reviews was rejected: spec.http[0].route[0].weight: must be an integer',
      causes,
      listed: causes,
    });
    expect(describeFailure(new ApiError(422, 'invalid:k8s', 'denied by the webhook', {}), w, plan)).toEqual({
      kind: 'invalid',
      message: 'VirtualService bookinfo/reviews was rejected: denied by the webhook',
      causes: [],
      listed: [{ message: 'denied by the webhook' }],
    });
  });

  it('anything else is the API message naming the object, and the objects already written', () => {
    const err = new ApiError(403, 'forbidden:k8s', 'virtualservices is forbidden');
    expect(describeFailure(err, w, plan)).toEqual({
      kind: 'error',
      message: 'VirtualService bookinfo/reviews: virtualservices is forbidden',
    });
    const dr = { ...vs('3'), kind: 'DestinationRule' };
    expect(describeFailure(err, w, plan, [dr]).message).toBe(
      'VirtualService bookinfo/reviews: virtualservices is forbidden (already saved: reviews)',
    );
    expect(
      describeWriteError(new ApiError(0, 'unavailable:api', 'Meshscope server unreachable (fetch failed)'), 'X'),
    ).toBe('X: Meshscope server unreachable (fetch failed)');
  });
});
