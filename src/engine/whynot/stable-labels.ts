// Labels a proposed policy may select a workload by: never those that change with every rollout
// or name one replica, and as few as still select the same pods.
import type { Labels, Pod } from '../../model/snapshot.js';
import { isPolicySubject } from '../endpoint.js';

/** Set by controllers per revision or per replica: a selector on them breaks at the next rollout or selects one pod. */
export const UNSTABLE_LABELS: readonly string[] = [
  'pod-template-hash',
  'controller-revision-hash',
  'statefulset.kubernetes.io/pod-name',
  'apps.kubernetes.io/pod-index',
  'controller-uid',
  'batch.kubernetes.io/controller-uid',
];

/** Keys that usually name the application, tried first. */
const PREFERRED = ['app.kubernetes.io/name', 'app', 'k8s-app', 'name', 'app.kubernetes.io/instance', 'app.kubernetes.io/component', 'component', 'tier'];

export function stableLabels(labels: Labels): Labels {
  return Object.fromEntries(Object.entries(labels).filter(([key]) => !UNSTABLE_LABELS.includes(key)));
}

const rank = (key: string): number => {
  const i = PREFERRED.indexOf(key);
  return i === -1 ? PREFERRED.length : i;
};

const selects = (selector: Labels, labels: Labels): boolean => Object.entries(selector).every(([k, v]) => Object.hasOwn(labels, k) && labels[k] === v);

function* combinations<T>(items: readonly T[], size: number, start = 0): Generator<T[]> {
  if (size === 0) {
    yield [];
    return;
  }
  for (let i = start; i <= items.length - size; i++) for (const rest of combinations(items, size - 1, i + 1)) yield [items[i]!, ...rest];
}

/** Subsets tried before falling back to every stable label. */
const MAX_SUBSET = 3;

const sameOwner = (a: Pod, b: Pod): boolean => a.owner !== undefined && b.owner?.kind === a.owner.kind && b.owner.name === a.owner.name;

/**
 * The fewest stable labels of `pod` that select, among the policy subjects of its namespace in
 * `pods`, exactly its workload's pods (a bare pod: the pods all of its stable labels select).
 * When no few labels do, all of its stable labels (empty when it has none: then only `{}`
 * selects it, with its whole namespace).
 */
export function workloadSelector(pod: Pod, pods: readonly Pod[]): Labels {
  const stable = stableLabels(pod.labels);
  const entries = Object.entries(stable).sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
  const neighbours = pods.filter((p) => p.namespace === pod.namespace && isPolicySubject(p));
  const target = new Set(neighbours.filter((p) => (pod.owner ? sameOwner(pod, p) || p === pod : selects(stable, p.labels))));
  for (let size = 1; size <= Math.min(MAX_SUBSET, entries.length); size++) {
    for (const subset of combinations(entries, size)) {
      const selector = Object.fromEntries(subset);
      const chosen = neighbours.filter((p) => selects(selector, p.labels));
      if (chosen.length === target.size && chosen.every((p) => target.has(p))) return selector;
    }
  }
  return stable;
}
