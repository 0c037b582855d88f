// A snapshot with its policies compiled and its pods grouped by workload (made when first read): the
// state the UI's analysis worker answers a workload tab's queries on.
import type { Snapshot } from '../model/snapshot.js';
import { PolicyIndex } from '../engine/compile.js';
import { analysablePods } from '../engine/analysis/isolation.js';
import { groupByWorkload, type PodGroup } from '../engine/analysis/workload-groups.js';

export interface CompiledState {
  readonly snapshot: Snapshot;
  readonly index: PolicyIndex;
  /** By workload key (`ns/kind/name`, or `ns/pod` for a bare pod). */
  readonly groups: ReadonlyMap<string, PodGroup>;
}

export function compiledState(snapshot: Snapshot, options: PolicyIndex['options']): CompiledState {
  const index = new PolicyIndex(snapshot, options);
  let groups: ReadonlyMap<string, PodGroup> | undefined;
  return {
    snapshot,
    index,
    get groups() {
      groups ??= new Map(groupByWorkload(analysablePods(snapshot)).map((g) => [`${g.namespace}/${g.name}`, g]));
      return groups;
    },
  };
}
