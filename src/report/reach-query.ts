// A target named in text, and one path check, as the commands' arguments and the UI's path form both ask.
import type { Snapshot } from '../model/snapshot.js';
import type { PolicyIndex } from '../engine/compile.js';
import { checkReach, type Probe } from '../engine/reach.js';
import { parseTargetRef, resolveTarget, type ResolvedTarget } from '../engine/target.js';
import { reachView, type ReachView } from './path-view.js';

export type { Probe, ResolvedTarget };

/** `NS/POD`, `NS/KIND/NAME`, `svc/NS/NAME` or `ip:ADDRESS` (a missing namespace is `namespace`), or why not. */
export function resolveTargetText(text: string, snapshot: Snapshot, namespace: string): ResolvedTarget | { readonly error: string } {
  const ref = parseTargetRef(text, namespace);
  return 'error' in ref ? ref : resolveTarget(ref, snapshot);
}

/** Every path from one target to the other, judged on the probe (every port without one). */
export function reachCheckView(from: ResolvedTarget, to: ResolvedTarget, index: PolicyIndex, probe?: Probe): ReachView {
  return reachView(checkReach(from, to, index, probe));
}
