// Keeps a snapshot of the live cluster current. Every collection the read listed is watched from the
// list's resourceVersion, with bookmarks (which keep that version fresh on a quiet collection) and a
// server-side timeoutSeconds: a stream the server ends is resumed at once from the last version seen,
// never listed again. Only 410 Gone (the version is older than the server keeps) re-lists the one
// collection. Events change the held objects; a batch of them is applied and reported as one change.
import type { Snapshot } from '../../model/snapshot.js';
import { SnapshotStore, type ChangeKind, type ChangeObjects, type SnapshotChange } from '../../model/snapshot-change.js';
import { assembleSnapshot } from '../assemble.js';
import { readEndpointSlice } from '../normalize/endpoint-slice.js';
import { RawReader, isRecord, type Raw } from '../normalize/raw.js';
import { describeOrigin } from '../source-error.js';
import { ApiClient } from './api-client.js';
import { HttpStatusError, ResponseProblem, describeRequestError, type RequestDescription } from './cluster-error.js';
import type { ResolvedKubeconfig } from './client-config.js';
import type { ListedCollection } from './cluster-source.js';
import { PAGE_SIZE, listAll } from './list.js';

/** The server ends each watch after this long (below the client's idle limit); it is then resumed. */
export const WATCH_TIMEOUT_SECONDS = 300;
const MAX_BACKOFF_MS = 30_000;
/** A stream that ends sooner than this after it began waits this long before the next one. */
const MIN_STREAM_MS = 1000;

export interface FollowOptions {
  /** timeoutSeconds asked of the server for each watch. */
  readonly timeoutSeconds?: number;
  /** Events that arrive within this long of the first become one change. */
  readonly batchMs?: number;
  /** --request-timeout, for a re-list. */
  readonly timeoutMs: number;
  readonly pageSize?: number;
  /** Namespace of objects that name none (none do, in practice). */
  readonly defaultNamespace: string;
}

export interface FollowHandlers {
  /** The held snapshot changed: the changes (in order) and the snapshot after them. */
  readonly changed: (changes: readonly SnapshotChange[], snapshot: Snapshot) => void;
  /** A one-line problem (a watch lost and being retried), or null when every watch runs again. */
  readonly problem: (message: string | null) => void;
  /** Counts for tests and the bench: lists made again (410), and streams begun. */
  readonly stats?: { relists: number; watches: number };
}

/** One object of a watch event as the model holds it; undefined when the model keeps nothing of it. */
export function modelObject<K extends ChangeKind>(kind: K, raw: Raw, origin: { file: string; doc: number }, defaultNamespace: string): ChangeObjects[K] | undefined {
  const object = { ...raw, kind };
  if (kind === 'EndpointSlice') {
    const metadata = isRecord(raw['metadata']) ? raw['metadata'] : {};
    const name = typeof metadata['name'] === 'string' ? metadata['name'] : '';
    const namespace = typeof metadata['namespace'] === 'string' && metadata['namespace'] ? metadata['namespace'] : defaultNamespace;
    const reader = new RawReader(origin, () => `${describeOrigin(origin)}: EndpointSlice ${namespace}/${name}`);
    return readEndpointSlice(reader, object as Raw, namespace, name, origin) as ChangeObjects[K] | undefined;
  }
  // Through the assembly every source uses, so that a pod's owner resolves as in a full read.
  const snapshot = assembleSnapshot([{ object, origin }], { defaultNamespace });
  switch (kind) {
    case 'Namespace':
      return snapshot.namespaces[0] as ChangeObjects[K] | undefined;
    case 'Pod':
      return snapshot.pods[0] as ChangeObjects[K] | undefined;
    case 'Service':
      return snapshot.services[0] as ChangeObjects[K] | undefined;
    case 'NetworkPolicy':
      return snapshot.policies[0] as ChangeObjects[K] | undefined;
  }
  return undefined;
}

const nameOf = (raw: Raw, defaultNamespace: string, kind: ChangeKind): { namespace: string; name: string } => {
  const metadata = isRecord(raw['metadata']) ? raw['metadata'] : {};
  const name = typeof metadata['name'] === 'string' ? metadata['name'] : '';
  const namespace = kind === 'Namespace' ? name : typeof metadata['namespace'] === 'string' && metadata['namespace'] ? metadata['namespace'] : defaultNamespace;
  return { namespace, name };
};

/**
 * Watches every listed collection and keeps `snapshot` (what the lists gave) current. Returns a
 * function that stops every watch.
 */
export function followCluster(
  kube: ResolvedKubeconfig,
  snapshot: Snapshot,
  lists: readonly ListedCollection[],
  handlers: FollowHandlers,
  options: FollowOptions,
): () => void {
  // node:http(s), not client-node's fetch-based Watch: fetch refuses ports browsers block.
  const api = new ApiClient(kube);
  const store = new SnapshotStore(snapshot);
  const timeoutSeconds = options.timeoutSeconds ?? WATCH_TIMEOUT_SECONDS;
  const batchMs = options.batchMs ?? 200;
  const origin = { file: `cluster ${kube.contextName}`, doc: 0 };
  const controllers = new Set<AbortController>();
  const timers = new Set<NodeJS.Timeout>();
  const problems = new Map<string, string>();
  let pending: SnapshotChange[] = [];
  let flushTimer: NodeJS.Timeout | undefined;
  let stopped = false;

  const later = (fn: () => void, ms: number) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timer.unref();
    timers.add(timer);
  };
  const report = () => handlers.problem(problems.size > 0 ? [...problems.values()].at(-1)! : null);
  const setProblem = (path: string, message: string | null) => {
    const had = problems.get(path);
    if (message === null) problems.delete(path);
    else problems.set(path, message);
    if (had !== (message ?? undefined)) report();
  };
  const flush = () => {
    flushTimer = undefined;
    if (stopped || pending.length === 0) return;
    const changes = pending;
    pending = [];
    store.apply(changes);
    handlers.changed(changes, store.snapshot());
  };
  const push = (change: SnapshotChange) => {
    pending.push(change);
    if (!flushTimer) {
      flushTimer = setTimeout(flush, batchMs);
      flushTimer.unref();
    }
  };

  const follow = (list: ListedCollection) => {
    const request: RequestDescription = {
      verb: 'watch',
      resource: list.resource,
      ...(list.namespace ? { namespace: list.namespace } : {}),
      server: kube.server,
      user: kube.userName,
      timeoutMs: 0,
    };
    let version = list.resourceVersion;
    let failures = 0;

    const fail = (error: unknown, what: RequestDescription) => {
      failures++;
      // One line, the real cause first (a banner cut to the width keeps it), then the collection when
      // the cause does not name it (a refused connection names no resource of its own).
      const cause = describeRequestError(error, what).message;
      const where = `${list.resource}${list.namespace ? ` in namespace ${list.namespace}` : ' cluster-wide'}`;
      setProblem(list.path, `${cause.includes(list.resource) ? cause : `${cause}: watching ${where}`}; retrying`);
      later(run, Math.min(MAX_BACKOFF_MS, 500 * 2 ** failures));
    };

    // 410 Gone: the version is older than the server keeps. List again, replace what was held, go on from there.
    const relist = () => {
      if (stopped) return;
      if (handlers.stats) handlers.stats.relists++;
      const listed: { resourceVersion?: string } = {};
      const what = { ...request, verb: 'list' as const, timeoutMs: options.timeoutMs };
      listAll(api.lister(list.path), what, options.pageSize ?? PAGE_SIZE, listed).then(
        (items) => {
          if (stopped) return;
          const objects: ChangeObjects[ChangeKind][] = [];
          for (const item of items) {
            const object = safely(() => modelObject(list.kind, item as Raw, origin, options.defaultNamespace));
            if (object) objects.push(object);
          }
          push({ op: 'replace', kind: list.kind, ...(list.namespace ? { namespace: list.namespace } : {}), objects } as SnapshotChange);
          // A list without a version gives no place to watch from: tried again later, never in a loop.
          if (!listed.resourceVersion) return fail(new ResponseProblem('malformed'), what);
          version = listed.resourceVersion;
          run();
        },
        (error: unknown) => fail(error, what),
      );
    };

    const safely = <T>(read: () => T): T | undefined => {
      try {
        return read();
      } catch (error) {
        // An object the model cannot read (the API server validates, so hardly ever): said, then skipped.
        setProblem(`${list.path} object`, error instanceof Error ? error.message : String(error));
        return undefined;
      }
    };

    const onEvent = (phase: string, object: { metadata?: { resourceVersion?: string } }) => {
      const next = object?.metadata?.resourceVersion;
      if (typeof next === 'string' && next) version = next;
      if (phase === 'BOOKMARK') return;
      const raw = object as Raw;
      const { namespace, name } = nameOf(raw, options.defaultNamespace, list.kind);
      if (!name) return;
      if (phase === 'DELETED') {
        push({ op: 'delete', kind: list.kind, namespace, name });
        return;
      }
      const model = safely(() => modelObject(list.kind, raw, origin, options.defaultNamespace));
      if (model) setProblem(`${list.path} object`, null);
      // A slice that names no Service is nobody's: as if it were gone.
      push(model ? ({ op: 'put', kind: list.kind, object: model } as SnapshotChange) : { op: 'delete', kind: list.kind, namespace, name });
    };

    function run() {
      if (stopped) return;
      if (!version) return relist();
      const began = performance.now();
      let controller: AbortController | undefined;
      const done = (error: unknown) => {
        if (controller) controllers.delete(controller);
        if (stopped) return;
        if (error instanceof HttpStatusError && error.code === 410) return relist();
        if (error) return fail(error, request);
        // The server's timeout: resume from the last version seen (a bookmark keeps it current).
        const lasted = performance.now() - began;
        if (lasted < MIN_STREAM_MS) later(run, MIN_STREAM_MS);
        else run();
      };
      const opened = () => {
        failures = 0;
        if (handlers.stats) handlers.stats.watches++;
        setProblem(list.path, null);
      };
      api
        .watch(list.path, { resourceVersion: version, allowWatchBookmarks: true, timeoutSeconds }, onEvent, done, opened)
        .then((c) => {
          controller = c;
          if (stopped) c.abort();
          else controllers.add(c);
        })
        .catch(done);
    }

    run();
  };

  for (const list of lists) follow(list);
  return () => {
    stopped = true;
    clearTimeout(flushTimer);
    for (const timer of timers) clearTimeout(timer);
    for (const c of controllers) c.abort();
  };
}

