// A workload tab's peer query (Who can reach with its denied sources, Can reach): what it asks and
// how it is answered, one function for the UI thread and the analysis worker alike, so that an
// answer computed on the worker is the one this thread would have computed.
import type { CompiledState } from '../../report/compiled-state.js';
import { peerListQuery, workloadTarget, type ListProbe, type ReachDirection } from '../../report/peer-list-query.js';
import type { PeerListView } from '../../report/peer-list-view.js';

export interface TabQuery {
  /** The workload's key (`ns/kind/name`, or `ns/pod` for a bare pod). */
  readonly key: string;
  readonly direction: ReachDirection;
  readonly probe: ListProbe | null;
}

/** One string per distinct query (the cache key within one analysis). */
export const tabQueryId = (query: TabQuery): string => `${query.direction} ${query.key} ${query.probe ? `${query.probe.port}/${query.probe.protocol}` : '*'}`;

/** What a query reads: a state, its compiled policies, and its pods by workload (an analysis has them too). */
export type TabQueryState = CompiledState;

/** who-can-reach (with the denied sources) or reachable-from on the workload; undefined when it is gone. */
export function tabPeerView(state: TabQueryState, query: TabQuery): PeerListView | undefined {
  const group = state.groups.get(query.key);
  if (!group) return undefined;
  const { direction, probe } = query;
  return peerListQuery({ snapshot: state.snapshot, index: state.index, description: '' }, { direction, target: workloadTarget(group), probe, denied: direction === 'inbound' }).view;
}
