'use client';
import type { Diagnostic } from '@codemirror/lint';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ConflictDetails, IstioConfigObject, InvalidDetails } from '@/lib/contracts/istio-config';
import { locatePath } from '@/lib/istio/editor/locate';
import { parseYamlSafe } from '@/lib/istio/editor/safe-yaml';
import { ApiError } from '@/lib/query/fetch';
import { queryKeys } from '@/lib/query/keys';
import type { Conflict } from './conflict-view';
import { replaceObject } from '@/lib/query/istio';

export type SaveStage = 'idle' | 'dry-run' | 'review' | 'saving';

type Cause = InvalidDetails['causes'][number];

/** 422 causes as editor diagnostics, placed on the fields they name. */
export function causesToDiagnostics(text: string, causes: Cause[]): Diagnostic[] {
  const parsed = parseYamlSafe(text);
  if (!parsed.ok) return [];
  return causes.map((c) => {
    const at = locatePath(parsed.doc, text, parsed.lineCounter, (c.field ?? '').replace(/^\./, ''));
    return { from: at.from, to: at.to, severity: 'error' as const, source: 'API', message: `API: ${c.field ? `${c.field}: ` : ''}${c.message ?? c.reason ?? 'invalid'}` };
  });
}

interface Options {
  namespace: string;
  plural: string;
  base: IstioConfigObject;
  onSaved: (saved: IstioConfigObject) => void;
  onDiagnostics: (d: Diagnostic[]) => void;
}

/**
 * The save flow of the object page: parse the text, server dry run (`dryRun=All`) → review dialog (diff + impact) →
 * real `PUT` with the loaded resourceVersion. A 409 becomes a `Conflict` (the editor keeps the text), a 422 becomes
 * field causes shown inline.
 */
export function useObjectSave({ namespace, plural, base, onSaved, onDiagnostics }: Options) {
  const queryClient = useQueryClient();
  const [stage, setStage] = useState<SaveStage>('idle');
  const [pending, setPending] = useState<{ object: IstioConfigObject; text: string } | null>(null);
  const [causes, setCauses] = useState<Cause[]>([]);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [error, setError] = useState<string | null>(null);

  const fail = (err: unknown, object: IstioConfigObject | null, text: string) => {
    setStage('idle');
    if (err instanceof ApiError && err.status === 409 && err.code === 'conflict:k8s' && 'current' in err.details) {
      setConflict({ base, ours: object, oursText: text, theirs: (err.details as unknown as ConflictDetails).current });
      return;
    }
    if (err instanceof ApiError && err.status === 422) {
      const list = ((err.details as unknown as InvalidDetails).causes ?? []) as Cause[];
      setCauses(list.length ? list : [{ message: err.message }]);
      onDiagnostics(causesToDiagnostics(text, list));
      return;
    }
    setError((err as Error).message);
  };

  /** Step 1: parse and dry-run; opens the review on success. */
  const review = async (text: string) => {
    setError(null);
    setCauses([]);
    const parsed = parseYamlSafe(text);
    if (!parsed.ok) {
      setError(`Fix the YAML first: line ${parsed.problems[0]?.line}: ${parsed.problems[0]?.message}`);
      return;
    }
    const object = parsed.value as unknown as IstioConfigObject;
    object.metadata = { ...(object.metadata ?? {}), resourceVersion: object.metadata?.resourceVersion ?? base.metadata.resourceVersion } as IstioConfigObject['metadata'];
    setStage('dry-run');
    try {
      await replaceObject(namespace, plural, object, true);
      setPending({ object, text });
      setStage('review');
    } catch (err) {
      fail(err, object, text);
    }
  };

  /** Step 2: the real write. */
  const confirm = async () => {
    if (!pending) return;
    setStage('saving');
    try {
      const saved = await replaceObject(namespace, plural, pending.object, false);
      setStage('idle');
      setPending(null);
      onSaved(saved.object);
      void queryClient.invalidateQueries({ queryKey: queryKeys.istio.all() });
    } catch (err) {
      fail(err, pending.object, pending.text);
      setPending(null);
    }
  };

  return {
    stage,
    pending,
    causes,
    conflict,
    error,
    review,
    confirm,
    cancelReview: () => {
      setStage('idle');
      setPending(null);
    },
    clearConflict: () => setConflict(null),
    clearError: () => setError(null),
  };
}
