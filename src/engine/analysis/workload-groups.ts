// Folds pods into their workloads (replicas behave alike), so reports show one row per workload.
import type { Pod } from '../../model/snapshot.js';

export interface PodGroup {
  /** `ns/kind/name` for a workload's pods, `ns/pod` for a bare pod. */
  readonly key: string;
  readonly namespace: string;
  /** `deployment/api`, or the pod name. */
  readonly name: string;
  readonly kind: string;
  readonly pods: readonly Pod[];
}

export function groupKeyOf(pod: Pod): { key: string; name: string; kind: string } {
  if (pod.owner && pod.owner.kind) {
    const name = `${pod.owner.kind.toLowerCase()}/${pod.owner.name}`;
    return { key: `${pod.namespace}/${name}`, name, kind: pod.owner.kind };
  }
  return { key: `${pod.namespace}/${pod.name}`, name: pod.name, kind: 'Pod' };
}

/** Groups pods by workload, keeping first-seen order. */
export function groupByWorkload(pods: readonly Pod[]): PodGroup[] {
  const groups = new Map<string, { key: string; namespace: string; name: string; kind: string; pods: Pod[] }>();
  for (const pod of pods) {
    const { key, name, kind } = groupKeyOf(pod);
    const group = groups.get(key);
    if (group) group.pods.push(pod);
    else groups.set(key, { key, namespace: pod.namespace, name, kind, pods: [pod] });
  }
  return [...groups.values()];
}
