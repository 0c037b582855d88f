// Pods whose isolation (ingress or egress) a policy change turns on or off, folded by workload.
import type { PolicyIndex } from '../compile.js';
import { podIsolation } from '../analysis/isolation.js';
import { perPodClass } from '../analysis/pod-class.js';
import type { PodGroup } from '../analysis/workload-groups.js';
import { policiesChangedIn } from './changed.js';

export interface IsolationFlip {
  readonly before: boolean;
  readonly after: boolean;
}

export interface IsolationChange {
  readonly group: PodGroup;
  /** Pods of the workload with exactly this change (replicas normally all change alike). */
  readonly pods: number;
  readonly ingress: IsolationFlip;
  readonly egress: IsolationFlip;
}

export function isolationChanges(groups: readonly PodGroup[], before: PolicyIndex, after: PolicyIndex): IsolationChange[] {
  const flipsOf = perPodClass((pod) => {
    const was = podIsolation(pod, before);
    const now = podIsolation(pod, after);
    return {
      ingress: { before: was.ingress.length > 0, after: now.ingress.length > 0 },
      egress: { before: was.egress.length > 0, after: now.egress.length > 0 },
    };
  });
  const out: IsolationChange[] = [];
  // A namespace whose policies are the same objects isolates its pods alike in both states.
  const changedIn = policiesChangedIn(before, after);
  for (const group of groups) {
    if (!changedIn(group.namespace)) continue;
    const byChange = new Map<string, { ingress: IsolationFlip; egress: IsolationFlip; pods: number }>();
    for (const pod of group.pods) {
      const flips = flipsOf(pod);
      if (flips.ingress.before === flips.ingress.after && flips.egress.before === flips.egress.after) continue;
      const key = JSON.stringify(flips);
      const slot = byChange.get(key);
      if (slot) slot.pods++;
      else byChange.set(key, { ...flips, pods: 1 });
    }
    for (const change of byChange.values()) out.push({ group, ...change });
  }
  return out;
}
