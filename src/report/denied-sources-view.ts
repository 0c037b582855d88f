// The sources that cannot reach a target (who-can-reach --denied), and for one of them the nearest
// miss: the rule that came closest to admitting it (can-reach --explain's first "why not" line).
import type { ResolvedTarget } from '../engine/target.js';
import { peerListQuery, type QueryState } from './peer-list-query.js';
import type { DeniedRow, PeerListView } from './peer-list-view.js';
import { reachCheckView, resolveTargetText } from './reach-query.js';
import type { AdminBlockView, NearMissView } from './why-not-view.js';

export interface DeniedSourceRow extends DeniedRow {
  /** The source as the path check and the CLI name it: `ns/kind/name` or `ns/pod`. */
  readonly source: string;
}

/** The denied rows of a who-can-reach view asked with `denied`, each named as a target. */
export const deniedSourceRows = (view: PeerListView): DeniedSourceRow[] => view.denied.map((row) => ({ ...row, source: `${row.namespace}/${row.peer}` }));

/** Every workload (and bare pod) that cannot reach `target` on any port, with which isolation blocks it. */
export function deniedSources(state: Omit<QueryState, 'description'>, target: ResolvedTarget): DeniedSourceRow[] {
  return deniedSourceRows(peerListQuery({ ...state, description: '' }, { direction: 'inbound', target, probe: null, denied: true }).view);
}

/** What came closest to allowing a denied path: an admin Deny that decides, or the closest NetworkPolicy rule. */
export type NearestMiss = { readonly kind: 'admin'; readonly block: AdminBlockView } | { readonly kind: 'rule'; readonly miss: NearMissView };

/**
 * The nearest miss from `source` (a target as text) to `target`: on the first denied path, the Admin
 * Deny that decides it, else the closest rule of the first denied side. Undefined when the source
 * does not resolve or no denied path carries a walkthrough.
 */
export function nearestMiss(state: Omit<QueryState, 'description'>, source: string, target: ResolvedTarget): NearestMiss | undefined {
  const from = resolveTargetText(source, state.snapshot, 'default');
  if ('error' in from) return undefined;
  // The first path is the first source pod to the first target pod: that pair alone first (a
  // DaemonSet's thousand pods need not all be walked through to name the first miss), every path
  // when that pair is allowed.
  const first = <T extends ResolvedTarget>(t: T): T => (t.kind === 'pods' ? { ...t, pods: t.pods.slice(0, 1) } : t);
  return firstMiss(reachCheckView(first(from), first(target), state.index)) ?? firstMiss(reachCheckView(from, target, state.index));
}

function firstMiss(view: ReturnType<typeof reachCheckView>): NearestMiss | undefined {
  for (const path of view.paths) {
    if (path.allowed) continue;
    const block = path.blockedByAdmin?.[0];
    if (block) return { kind: 'admin', block };
    const miss = path.nearMisses?.[0];
    if (miss) return { kind: 'rule', miss };
  }
  return undefined;
}
