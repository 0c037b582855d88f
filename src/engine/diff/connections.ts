// Connections between workloads that a policy change opens or closes, with the exact ports.
import type { AdminPolicy } from '../../model/admin-policy.js';
import type { Direction, NetworkPolicy } from '../../model/policy.js';
import type { Pod, Snapshot } from '../../model/snapshot.js';
import type { PolicyIndex } from '../compile.js';
import { podEndpoint } from '../endpoint.js';
import { evaluate, isolatingPolicies } from '../evaluate.js';
import type { PortSet } from '../sets/port-set.js';
import type { PodGroup } from '../analysis/workload-groups.js';

/** One side of the comparison: a snapshot and its compiled policies. */
export interface PolicyState {
  readonly snapshot: Snapshot;
  readonly index: PolicyIndex;
}

export interface ConnectionChange {
  readonly from: PodGroup;
  readonly to: PodGroup;
  readonly ports: PortSet;
}

export interface Changes<T> {
  readonly opened: readonly T[];
  readonly closed: readonly T[];
}

/** The policy objects that decide one direction of a pod: its NetworkPolicies, and the admin policies whose subject it is. */
function deciding(pod: Pod, direction: Direction, index: PolicyIndex): readonly (NetworkPolicy | AdminPolicy)[] {
  const networkPolicies = isolatingPolicies(pod, direction, index).map((p) => p.policy);
  const { admin, baseline } = index.adminTiers.selecting(pod, direction, index.namespaceLabels(pod.namespace));
  return [...networkPolicies, ...admin.map((p) => p.policy), ...baseline.map((p) => p.policy)];
}

/**
 * Whether a direction of the pod may answer differently in the two states. Unchanged policies keep
 * their identity through the overlay, so the same objects in the same order mean the same answers.
 */
export function directionChanged(pod: Pod, direction: Direction, before: PolicyIndex, after: PolicyIndex): boolean {
  const a = deciding(pod, direction, before);
  const b = deciding(pod, direction, after);
  return a.length !== b.length || a.some((p, i) => p !== b[i]);
}

/**
 * Judges every ordered pair of workloads (one representative pod each; a workload with replicas is
 * also paired with itself) in both states. Pairs whose deciding policies did not change are skipped.
 */
export function connectionChanges(
  groups: readonly PodGroup[],
  before: PolicyIndex,
  after: PolicyIndex,
  relevant: (from: PodGroup, to: PodGroup) => boolean = () => true,
): Changes<ConnectionChange> {
  const representatives = groups.map((g) => g.pods[0]!);
  const egressChanged = representatives.map((p) => directionChanged(p, 'egress', before, after));
  const ingressChanged = representatives.map((p) => directionChanged(p, 'ingress', before, after));
  const opened: ConnectionChange[] = [];
  const closed: ConnectionChange[] = [];
  // Only pairs with a changed side: a source whose egress changed meets every destination, any other
  // source only the destinations whose ingress changed (in the same order as all pairs would be).
  const ingressIndices = ingressChanged.flatMap((changed, j) => (changed ? [j] : []));
  groups.forEach((from, i) => {
    for (const j of egressChanged[i] ? groups.keys() : ingressIndices) {
      const to = groups[j]!;
      if (!relevant(from, to)) continue;
      const source = representatives[i]!;
      const destination = i === j ? to.pods[1] : representatives[j];
      if (!destination) continue;
      const was = evaluate(podEndpoint(source), podEndpoint(destination), before).allowed;
      const now = evaluate(podEndpoint(source), podEndpoint(destination), after).allowed;
      const more = now.subtract(was);
      const less = was.subtract(now);
      if (!more.isEmpty()) opened.push({ from, to, ports: more });
      if (!less.isEmpty()) closed.push({ from, to, ports: less });
    }
  });
  return { opened, closed };
}
