// The workload tabs' peer queries off the thread that answers keys: a tab asks, shows "(computing…)"
// and is drawn again when the answer arrives. Answers are kept per (analysis version, query); one
// query is in flight at a time, and the one wanted last goes next. An answer for an older state
// than the one shown is dropped; where no computer answers queries, the tab computes them itself.
import type { PeerListView } from '../../report/peer-list-view.js';
import type { Analysis } from './analysis.js';
import { tabQueryId, type TabQuery } from './tab-query.js';

/** Where queries go: the follow of a live source and its computer. */
export interface PeerLink {
  /** The version of an analysis the follow made (0: the first one), undefined for any other. */
  versionOf(analysis: Analysis): number | undefined;
  /** Sends a query (answered with `PeerAsker.answer`); false when nothing off this thread answers it. */
  ask(id: number, query: TabQuery): boolean;
}

export type PeerAnswer =
  /** The answer (undefined view: the workload is gone). */
  | { readonly state: 'ready'; readonly view: PeerListView | undefined }
  /** Asked; `arrived` is called when something comes back. */
  | { readonly state: 'computing' }
  /** Not answered off this thread: compute it here. */
  | { readonly state: 'here' };

/** Pods from which a workload tab's query leaves this thread (Infinity: never, every query computed here). */
export const TAB_QUERIES_OFF_THREAD_FROM = 5000;

const COMPUTING: PeerAnswer = { state: 'computing' };
const HERE: PeerAnswer = { state: 'here' };

export class PeerAsker {
  private link: PeerLink | undefined;
  private nextId = 1;
  private inFlight: { readonly id: number; readonly queryId: string } | undefined;
  private wanted: { readonly version: number; readonly query: TabQuery; readonly queryId: string } | undefined;
  /** By analysis version, then query id; versions older than the newest shown are dropped. */
  private readonly answers = new Map<number, Map<string, PeerListView | undefined>>();
  private newest = -1;

  /**
   * `arrived`: an answer came (or a query will not be answered): draw again. `fromPods`: states with
   * fewer pods are asked here (their answer takes less than a frame; a round trip would only flash
   * "(computing…)").
   */
  constructor(
    private readonly arrived: () => void,
    private readonly fromPods = TAB_QUERIES_OFF_THREAD_FROM,
  ) {}

  attach(link: PeerLink): void {
    this.link = link;
  }

  detach(link: PeerLink): void {
    if (this.link !== link) return;
    this.link = undefined;
    this.inFlight = undefined;
    this.wanted = undefined;
    this.answers.clear();
  }

  /** The answer for `analysis` (the one shown), or that it is being computed, or that the caller computes it. */
  view(analysis: Analysis, query: TabQuery): PeerAnswer {
    if (analysis.snapshot.pods.length < this.fromPods) return HERE;
    const version = this.link?.versionOf(analysis);
    if (version === undefined) return HERE;
    if (version > this.newest) {
      this.newest = version;
      for (const v of [...this.answers.keys()]) if (v < version) this.answers.delete(v);
    }
    const queryId = tabQueryId(query);
    const known = this.answers.get(version);
    if (known?.has(queryId)) return { state: 'ready', view: known.get(queryId) };
    this.wanted = { version, query, queryId };
    if (this.inFlight) return COMPUTING;
    return this.send() ? COMPUTING : HERE;
  }

  private send(): boolean {
    const wanted = this.wanted;
    if (!wanted || !this.link) return false;
    const id = this.nextId++;
    if (!this.link.ask(id, wanted.query)) return false;
    this.inFlight = { id, queryId: wanted.queryId };
    return true;
  }

  /** The answer to query `id`, on the state after update `version`. */
  answer(id: number, version: number, view: PeerListView | undefined): void {
    if (this.inFlight?.id !== id) return;
    const { queryId } = this.inFlight;
    this.inFlight = undefined;
    // An answer for a state older than the one shown is stale: dropped.
    if (version >= this.newest) {
      let known = this.answers.get(version);
      if (!known) this.answers.set(version, (known = new Map()));
      known.set(queryId, view);
    }
    const wanted = this.wanted;
    if (wanted && (wanted.queryId !== queryId || version < wanted.version)) this.send();
    else this.wanted = undefined;
    this.arrived();
  }

  /** Queries that will not be answered (the worker went): the tab asks again, and computes it here. */
  unanswered(ids: readonly number[]): void {
    if (!this.inFlight || !ids.includes(this.inFlight.id)) return;
    this.inFlight = undefined;
    this.arrived();
  }
}
