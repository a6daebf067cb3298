import type { ServerResponse } from 'node:http';
import type { KubeObject, ObjectStore, WatchEvent } from '../store/object-store';
import type { Representation } from './http-io';
import { objectBody } from './represent';
import type { ResourceRoute } from './router';
import { matchesFields, matchesLabels, type FieldRequirement, type LabelRequirement } from './selectors';
import { gone } from './status';

interface Recorded {
  revision: number;
  event: WatchEvent;
}

/**
 * Fans the store's changes out to watch streams and keeps a bounded history of them, so a client that lists at
 * resourceVersion N and then watches from N (what informers do) misses nothing. A DELETED event carries the
 * revision of the deletion, as on a real server.
 */
export class WatchHub {
  private history: Recorded[] = [];
  /** Every event with a revision above this one is in `history`. */
  private oldestKnown: number;
  private subscribers = new Set<(r: Recorded) => void>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: ObjectStore,
    private readonly capacity = 2000,
  ) {
    this.oldestKnown = Number(store.resourceVersion);
    this.unsubscribe = store.watch((event) => {
      const revision = Number(store.resourceVersion);
      if (event.type === 'DELETED') event.object.metadata.resourceVersion = String(revision);
      const recorded = { revision, event };
      this.history.push(recorded);
      if (this.history.length > this.capacity) this.oldestKnown = this.history.shift()!.revision;
      for (const s of this.subscribers) s(recorded);
    });
  }

  /** Events after a revision, or undefined when they are older than the history kept (410 Gone). */
  since(revision: number): Recorded[] | undefined {
    if (revision < this.oldestKnown) return undefined;
    return this.history.filter((r) => r.revision > revision);
  }

  /** Subscribes to live events; returns the unsubscribe function. */
  subscribe(fn: (r: Recorded) => void): () => void {
    this.subscribers.add(fn);
    return () => this.subscribers.delete(fn);
  }

  /** Stops following the store. */
  close(): void {
    this.unsubscribe();
    this.subscribers.clear();
  }
}

export interface WatchRequest {
  route: ResourceRoute;
  params: URLSearchParams;
  labels: LabelRequirement[];
  fields: FieldRequirement[];
  representation: Representation;
}

/** Longest a watch stays open without a `timeoutSeconds` (the real server picks 30–60 minutes). */
const DEFAULT_TIMEOUT_SECONDS = 1800;

/**
 * Serves `?watch=1` as a stream of newline-delimited JSON events (`{"type":"ADDED","object":{...}}`). Without a
 * resourceVersion (or with `0`) it starts with an ADDED event per existing object; with one it replays what
 * happened since, or sends an ERROR event with a 410 Status when that is too old. `sendInitialEvents=true` ends the
 * initial events with a BOOKMARK annotated `k8s.io/initial-events-end`.
 */
export function serveWatch(hub: WatchHub, store: ObjectStore, w: WatchRequest, res: ServerResponse): void {
  const { route, params } = w;
  const matches = (obj: KubeObject): boolean =>
    (route.namespace === undefined || obj.metadata.namespace === route.namespace) &&
    matchesLabels(w.labels, obj.metadata.labels) &&
    matchesFields(w.fields, obj);
  const send = (type: string, object: unknown): void => {
    res.write(`${JSON.stringify({ type, object })}\n`);
  };
  const sendObject = (type: string, obj: KubeObject): void => {
    send(type, objectBody(route.resource, route.version, obj, w.representation, params));
  };

  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();
  res.socket?.setNoDelay(true);
  const rvParam = params.get('resourceVersion') ?? '';
  const initial = params.get('sendInitialEvents') === 'true';
  if (rvParam === '' || rvParam === '0' || initial) {
    for (const obj of store.list(route.resource, route.namespace)) if (matches(obj)) sendObject('ADDED', obj);
    if (initial) {
      send('BOOKMARK', {
        kind: route.resource.kind,
        apiVersion: route.resource.group ? `${route.resource.group}/${route.version}` : route.version,
        metadata: { resourceVersion: store.resourceVersion, annotations: { 'k8s.io/initial-events-end': 'true' } },
      });
    }
  } else {
    const replay = /^\d+$/.test(rvParam) ? hub.since(Number(rvParam)) : undefined;
    if (!replay) {
      send('ERROR', gone(`too old resource version: ${rvParam} (${store.resourceVersion})`).toStatus());
      res.end();
      return;
    }
    for (const r of replay) emit(r);
  }

  function emit(r: Recorded): void {
    if (!sameType(r, route) || !matches(r.event.object)) return;
    sendObject(r.event.type, r.event.object);
  }
  const unsubscribe = hub.subscribe(emit);
  const timeoutSeconds = Number(params.get('timeoutSeconds') ?? DEFAULT_TIMEOUT_SECONDS) || DEFAULT_TIMEOUT_SECONDS;
  const timer = setTimeout(() => res.end(), timeoutSeconds * 1000);
  timer.unref();
  res.on('close', () => {
    clearTimeout(timer);
    unsubscribe();
  });
}

function sameType(r: Recorded, route: ResourceRoute): boolean {
  return r.event.resource.group === route.resource.group && r.event.resource.plural === route.resource.plural;
}
