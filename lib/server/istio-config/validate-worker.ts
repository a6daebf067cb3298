import 'server-only';
/**
 * Worker-thread entry of the validation pool (validate-pool.ts): validates one unsaved object text against the
 * cluster snapshot (lib/istio/validate-unsaved.ts), off the server's event loop.
 *
 * It runs outside Next's bundle: in production as `workers/istio-validate.mjs` beside the standalone `server.js`
 * (bundled by scripts/build-workers.mjs during `npm run build`, with the react-server condition, so `server-only` is
 * its empty module), in development and tests from this source through tsx with `--conditions=react-server`.
 */
import { analyze } from '@/lib/istio/checks';
import type { ClusterSnapshot, Finding } from '@/lib/istio/types';
import { validateUnsaved, type UnsavedValidation } from '@/lib/istio/validate-unsaved';
import type { ValidateRequest } from '@/lib/contracts/istio-config';

/**
 * A snapshot serialised once by the server (UTF-8 JSON in shared memory, so posting a task copies nothing) and
 * parsed once per worker: `id` names it, the same snapshot object on the server side keeps its id.
 */
export interface SharedSnapshot {
  id: number;
  json: SharedArrayBuffer;
}

export interface ValidateTask {
  request: ValidateRequest;
  /** The live cluster, or null when it could not be read (cross-object checks skipped). */
  snapshot: SharedSnapshot | null;
  /** Istio's root namespace (`ISTIO_NAMESPACE`) for the checks. */
  rootNamespace: string;
  /** Set to 1 by the worker when it starts the task (the pool's protocol: a timeout then means "too slow"). */
  started: Int32Array;
}

const snapshots = new Map<number, ClusterSnapshot>();
const analyses = new WeakMap<ClusterSnapshot, Finding[]>();
const KEEP_SNAPSHOTS = 2;

function snapshotOf(shared: SharedSnapshot): ClusterSnapshot {
  let snapshot = snapshots.get(shared.id);
  if (!snapshot) {
    snapshot = JSON.parse(Buffer.from(shared.json).toString('utf8')) as ClusterSnapshot;
    snapshots.set(shared.id, snapshot);
    for (const id of snapshots.keys()) if (snapshots.size > KEEP_SNAPSHOTS) snapshots.delete(id);
  }
  return snapshot;
}

/** The pool's task handler: `{ ok: true, response }` (ValidateResponse) or `{ ok: false, limit }`. */
export default function validateTask(task: ValidateTask): UnsavedValidation {
  Atomics.store(task.started, 0, 1);
  const analyzeCached = (snapshot: ClusterSnapshot): Finding[] => {
    let findings = analyses.get(snapshot);
    if (!findings) {
      findings = analyze(snapshot, { rootNamespace: task.rootNamespace });
      analyses.set(snapshot, findings);
    }
    return findings;
  };
  return validateUnsaved(task.request, task.snapshot ? snapshotOf(task.snapshot) : null, analyzeCached);
}
