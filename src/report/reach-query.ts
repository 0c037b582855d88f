// A target named in text, and one path check, as the commands' arguments and the UI's path form both ask.
import type { Snapshot } from '../model/snapshot.js';
import type { PolicyIndex } from '../engine/compile.js';
import { checkReach, type Probe } from '../engine/reach.js';
import { parseTargetRef, resolveTarget, type ResolvedTarget } from '../engine/target.js';
import type { NetworkPolicy } from '../model/policy.js';
import { proposeFix } from '../engine/whynot/fix.js';
import { fixView, type FixView } from './fix-view.js';
import { explainedReachView, type ExplainedReachView } from './why-not-view.js';

export type { Probe, ResolvedTarget };

/** `NS/POD`, `NS/KIND/NAME`, `svc/NS/NAME` or `ip:ADDRESS` (a missing namespace is `namespace`), or why not. */
export function resolveTargetText(text: string, snapshot: Snapshot, namespace: string): ResolvedTarget | { readonly error: string } {
  const ref = parseTargetRef(text, namespace);
  return 'error' in ref ? ref : resolveTarget(ref, snapshot);
}

/** Every path from one target to the other, judged on the probe (every port without one), with the walkthrough of denied paths. */
export function reachCheckView(from: ResolvedTarget, to: ResolvedTarget, index: PolicyIndex, probe?: Probe): ExplainedReachView {
  return explainedReachView(checkReach(from, to, index, probe), index);
}

/** The verified fix of a path (as `kubectl netpol fix` proposes it); `manifest` writes a proposed policy as its manifest. */
export function fixCheckView(snapshot: Snapshot, index: PolicyIndex, from: ResolvedTarget, to: ResolvedTarget, probe: Probe | undefined, manifest: (policy: NetworkPolicy) => object): FixView {
  return fixView(proposeFix({ snapshot, index, from, to, ...(probe ? { probe } : {}) }), manifest);
}
