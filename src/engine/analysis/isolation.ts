// Which pods are isolated, by which policies, and what a policy's rules can admit at all.
import type { Direction, PolicyRef } from '../../model/policy.js';
import type { Pod, Snapshot } from '../../model/snapshot.js';
import { rulesFor, type CompiledPolicy, type PolicyIndex } from '../compile.js';
import { isPolicySubject, isTerminated } from '../endpoint.js';
import { isolatingPolicies } from '../evaluate.js';
import { isEmptySelector } from '../selector.js';

export interface PodIsolation {
  readonly pod: Pod;
  readonly ingress: readonly PolicyRef[];
  readonly egress: readonly PolicyRef[];
  /** Every policy selecting the pod, whatever its policyTypes. */
  readonly selectedBy: readonly PolicyRef[];
}

/** Pods that can carry traffic and are subject to policies (not hostNetwork, not finished). */
export const analysablePods = (snapshot: Snapshot): Pod[] => snapshot.pods.filter((p) => !isTerminated(p));

export function podIsolation(pod: Pod, index: PolicyIndex): PodIsolation {
  const selecting = isPolicySubject(pod) ? index.policiesIn(pod.namespace).filter((p) => p.selects(pod.labels)) : [];
  return {
    pod,
    ingress: isolatingPolicies(pod, 'ingress', index).map((p) => p.ref),
    egress: isolatingPolicies(pod, 'egress', index).map((p) => p.ref),
    selectedBy: selecting.map((p) => p.ref),
  };
}

/**
 * A default deny for a direction: selects every pod of its namespace, has the direction in its
 * policyTypes, and no rule of that direction.
 */
export function isDefaultDeny(policy: CompiledPolicy, direction: Direction): boolean {
  const rules = rulesFor(policy, direction);
  return rules !== undefined && rules.length === 0 && isEmptySelector(policy.policy.podSelector);
}

/** Pods (of the snapshot) a policy selects. */
export function podsSelectedBy(policy: CompiledPolicy, pods: readonly Pod[]): Pod[] {
  return pods.filter((p) => p.namespace === policy.ref.namespace && isPolicySubject(p) && policy.selects(p.labels));
}
