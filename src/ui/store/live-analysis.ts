// Follows a live source: each change to the snapshot is handed to a computer (a worker thread, or
// this thread when there is none) that recomputes coverage and findings; the screens keep the last
// analysis until the one that includes the change arrives. Changes that come while a computation
// runs are never lost: the computer runs again on the newest state once the running one ends.
import type { Snapshot } from '../../model/snapshot.js';
import type { SnapshotChange } from '../../model/snapshot-change.js';
import { analysisFromParts, analysisParts, type AnalysisOptions, type AnalysisParts } from '../../report/analysis-view.js';
import { changedWorkloads, type Analysis } from './analysis.js';
import type { Action } from './state.js';
import type { PeerListView } from '../../report/peer-list-view.js';
import type { TabQuery } from './tab-query.js';
import type { PeerAsker, PeerLink } from './peer-asker.js';

/** One change of a live source: what changed, in order, and the snapshot after it. */
export interface LiveUpdate {
  readonly snapshot: Snapshot;
  readonly changes: readonly SnapshotChange[];
}

export interface ComputerHandlers {
  /** The parts of the state after update `version` (and every update before it). */
  readonly result: (version: number, parts: AnalysisParts) => void;
  readonly failed: (message: string) => void;
  /** The answer to tab query `id` on the state after update `version`. */
  readonly answer?: (id: number, version: number, view: PeerListView | undefined) => void;
  /** Tab queries that will not be answered (the worker went): ask them here. */
  readonly unanswered?: (ids: readonly number[]) => void;
}

/** Where recomputations run. */
export interface AnalysisComputer {
  /** The state the first update applies to. */
  begin(snapshot: Snapshot, options: AnalysisOptions): void;
  /** Updates in order; `snapshot` is the state after this one (for a computer that keeps no copy). */
  update(version: number, changes: readonly SnapshotChange[], snapshot: Snapshot): void;
  /**
   * A workload tab's query, answered (handlers.answer) on the newest state this computer holds,
   * after `begin`; false when this computer does not answer queries (they run on the UI thread).
   */
  query?(id: number, query: TabQuery): boolean;
  stop(): void;
}

export type ComputerFactory = (handlers: ComputerHandlers) => AnalysisComputer;

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Computes on this thread, once per turn of the event loop, on the newest snapshot. */
export const inProcessComputer: ComputerFactory = (handlers) => {
  let options: AnalysisOptions | undefined;
  let latest: { version: number; snapshot: Snapshot } | undefined;
  let timer: NodeJS.Timeout | undefined;
  const run = () => {
    timer = undefined;
    const { version, snapshot } = latest!;
    try {
      handlers.result(version, analysisParts(snapshot, options!));
    } catch (error) {
      handlers.failed(`analysis failed: ${messageOf(error)}`);
    }
  };
  return {
    begin: (_snapshot, given) => {
      options = given;
    },
    update: (version, _changes, snapshot) => {
      latest = { version, snapshot };
      // Let pending key presses through first.
      timer ??= setTimeout(run, 0);
    },
    stop: () => clearTimeout(timer),
  };
};

export interface LiveOutput {
  /** A new analysis; `busy`: a later change is still being computed. */
  readonly analysis: (analysis: Analysis, busy: boolean) => void;
  /** A change is being computed. */
  readonly busy: () => void;
  readonly failed: (message: string) => void;
  /** The answer to a tab query (see AnalysisComputer.query). */
  readonly answer?: (id: number, version: number, view: PeerListView | undefined) => void;
  readonly unanswered?: (ids: readonly number[]) => void;
}

/** How long after the first frame the computer is given the first state, unless a change comes first. */
const BEGIN_AFTER_MS = 2000;

/** The analyses of a live source's states, in order; older results than the newest shown are dropped. */
export class LiveAnalysis {
  private version = 0;
  private readonly pending = new Map<number, Snapshot>();
  private readonly computer: AnalysisComputer;
  private readonly options: AnalysisOptions;
  private beginTimer: NodeJS.Timeout | undefined;
  /** The version each analysis made here stands for (the first: 0). */
  private readonly versions = new WeakMap<Analysis, number>();

  constructor(
    private readonly initial: Analysis,
    factory: ComputerFactory,
    private readonly out: LiveOutput,
  ) {
    this.options = initial.index.options;
    this.versions.set(initial, 0);
    this.computer = factory({
      result: (version, parts) => this.result(version, parts),
      failed: (message) => out.failed(message),
      answer: (id, version, view) => out.answer?.(id, version, view),
      unanswered: (ids) => out.unanswered?.(ids),
    });
    // Handing a large state to a worker takes the thread some time: not while the first frames are drawn.
    this.beginTimer = setTimeout(() => this.begin(), BEGIN_AFTER_MS);
    this.beginTimer.unref?.();
  }

  private begin(): void {
    if (!this.beginTimer) return;
    clearTimeout(this.beginTimer);
    this.beginTimer = undefined;
    this.computer.begin(this.initial.snapshot, this.options);
  }

  update(update: LiveUpdate): void {
    this.begin();
    const version = ++this.version;
    this.pending.set(version, update.snapshot);
    this.out.busy();
    this.computer.update(version, update.changes, update.snapshot);
  }

  private result(version: number, parts: AnalysisParts): void {
    const snapshot = this.pending.get(version);
    if (!snapshot) return;
    for (const v of [...this.pending.keys()]) if (v <= version) this.pending.delete(v);
    const analysis = analysisFromParts(snapshot, this.options, parts);
    this.versions.set(analysis, version);
    this.out.analysis(analysis, this.pending.size > 0);
  }

  /** The version of an analysis made here; undefined for any other. */
  versionOf(analysis: Analysis): number | undefined {
    return this.versions.get(analysis);
  }

  /** A tab query to the computer (the state handed over first, if not yet); false when it answers none. */
  ask(id: number, query: TabQuery): boolean {
    if (!this.computer.query) return false;
    this.begin();
    return this.computer.query(id, query);
  }

  stop(): void {
    clearTimeout(this.beginTimer);
    this.beginTimer = undefined;
    this.computer.stop();
  }
}

/** A live source's follow: reports each change of its snapshot and its problems (null: none now); returns a stop function. */
export type Follow = (update: (update: LiveUpdate) => void, problem: (message: string | null) => void) => () => void;

/**
 * Follows `follow` from `initial`, dispatching what the screens show: each new analysis (with the
 * workloads it changed), "loading" while a change is computed, a banner while the source has a problem.
 */
export function followLive(
  follow: Follow,
  initial: Analysis,
  factory: ComputerFactory,
  dispatch: (action: Action) => void,
  shown: (analysis: Analysis) => void,
  asker?: PeerAsker,
): () => void {
  let problem: string | null = null;
  let busy = false;
  let current = initial;
  let changed: ReadonlySet<string> = new Set();
  // 'loaded' clears the banner and the loading mark: put back whichever still holds.
  const show = () => {
    dispatch({ type: 'loaded', analysis: current, changed });
    if (problem) dispatch({ type: 'source-error', message: problem });
    if (busy) dispatch({ type: 'loading' });
  };
  const live = new LiveAnalysis(initial, factory, {
    analysis: (analysis, stillBusy) => {
      busy = stillBusy;
      changed = changedWorkloads(current, analysis);
      current = analysis;
      shown(analysis);
      show();
    },
    busy: () => {
      busy = true;
      dispatch({ type: 'loading' });
    },
    failed: (message) => {
      dispatch({ type: 'source-error', message });
      if (busy) dispatch({ type: 'loading' });
    },
    answer: (id, version, view) => asker?.answer(id, version, view),
    unanswered: (ids) => asker?.unanswered(ids),
  });
  const link: PeerLink = { versionOf: (analysis) => live.versionOf(analysis), ask: (id, query) => live.ask(id, query) };
  asker?.attach(link);
  const stop = follow(
    (update) => live.update(update),
    (message) => {
      if (message === problem) return;
      problem = message;
      show();
    },
  );
  return () => {
    asker?.detach(link);
    stop();
    live.stop();
  };
}
