'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { IstioConfigObject, InvalidDetails } from '@/lib/contracts/istio-config';
import { ApiError } from '@/lib/query/fetch';
import { queryKeys } from '@/lib/query/keys';
import { pluralOf } from '@/lib/istio/kinds';
import { createObject, deleteObject, replaceObject } from '@/lib/query/istio';

/** One object to write: `original` null = create, else replace it (its resourceVersion guards the write). */
export interface PlannedWrite {
  object: IstioConfigObject;
  original: IstioConfigObject | null;
}

export type WriterStage = 'idle' | 'dry-run' | 'review' | 'saving' | 'done';

const nsOf = (o: IstioConfigObject) => o.metadata.namespace ?? 'default';

function send(w: PlannedWrite, dryRun: boolean) {
  const plural = pluralOf(w.object.kind);
  if (!w.original) return createObject(nsOf(w.object), plural, w.object, dryRun);
  const object = { ...w.object, metadata: { ...w.object.metadata, resourceVersion: w.original.metadata.resourceVersion } };
  return replaceObject(nsOf(w.object), plural, object, dryRun);
}

/** A readable failure: the API's message, its 422 field causes, and what to do on a 409. */
export function describeWriteError(err: unknown, what: string): string {
  if (err instanceof ApiError && err.status === 409) return `${what}: ${err.message}. Reload the page to start from the current version.`;
  if (err instanceof ApiError && err.status === 422) {
    const causes = ((err.details as unknown as InvalidDetails).causes ?? []).map((c) => `${c.field ? `${c.field}: ` : ''}${c.message ?? ''}`);
    return `${what} was rejected: ${causes.length ? causes.join('; ') : err.message}`;
  }
  return `${what}: ${(err as Error).message}`;
}

/**
 * Writes several objects safely (forms, wizards, generated policies): every object goes through a server dry run
 * first; only when all pass does the review open, and the confirmed writes go out in order (a DestinationRule before
 * the VirtualService that routes to its subsets). Deletes are confirmed by the caller.
 */
export function useWriter(onDone?: (saved: IstioConfigObject[]) => void) {
  const queryClient = useQueryClient();
  const [stage, setStage] = useState<WriterStage>('idle');
  const [error, setError] = useState<string | null>(null);
  const [planned, setPlanned] = useState<PlannedWrite[]>([]);

  const label = (w: PlannedWrite) => `${w.object.kind} ${nsOf(w.object)}/${w.object.metadata.name}`;

  const review = async (writes: PlannedWrite[]) => {
    setError(null);
    setStage('dry-run');
    for (const w of writes) {
      try {
        await send(w, true);
      } catch (err) {
        setStage('idle');
        setError(describeWriteError(err, label(w)));
        return;
      }
    }
    setPlanned(writes);
    setStage('review');
  };

  const confirm = async () => {
    setStage('saving');
    const saved: IstioConfigObject[] = [];
    for (const w of planned) {
      try {
        saved.push((await send(w, false)).object);
      } catch (err) {
        setStage('idle');
        setError(describeWriteError(err, label(w)) + (saved.length ? ` (already saved: ${saved.map((s) => s.metadata.name).join(', ')})` : ''));
        void queryClient.invalidateQueries({ queryKey: queryKeys.istio.all() });
        return;
      }
    }
    setStage('done');
    void queryClient.invalidateQueries({ queryKey: queryKeys.istio.all() });
    onDone?.(saved);
  };

  const remove = async (objects: IstioConfigObject[]) => {
    setError(null);
    for (const o of objects) {
      try {
        await deleteObject(nsOf(o), pluralOf(o.kind), o.metadata.name, o.metadata.resourceVersion);
      } catch (err) {
        if (!(err instanceof ApiError && err.status === 404)) throw new Error(describeWriteError(err, `${o.kind} ${o.metadata.name}`));
      }
    }
    void queryClient.invalidateQueries({ queryKey: queryKeys.istio.all() });
  };

  return { stage, error, planned, review, confirm, remove, cancel: () => setStage('idle'), reset: () => setStage('idle') };
}
