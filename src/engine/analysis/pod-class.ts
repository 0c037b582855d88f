// Pods with the same namespace, labels and hostNetwork are selected and matched alike by every
// selector; analyses that depend only on that compute once per class instead of once per pod.
import type { Pod } from '../../model/snapshot.js';

export function podClassKey(pod: Pod): string {
  const labels = Object.keys(pod.labels)
    .sort()
    .map((k) => `${k}=${pod.labels[k]}`)
    .join('\u0000');
  return `${pod.namespace}\u0001${pod.hostNetwork ? 'h' : 'p'}\u0001${labels}`;
}

/** Wraps a per-pod function whose answer depends only on the pod's class. */
export function perPodClass<T>(fn: (pod: Pod) => T): (pod: Pod) => T {
  const cache = new Map<string, T>();
  return (pod) => {
    const key = podClassKey(pod);
    if (cache.has(key)) return cache.get(key)!;
    const value = fn(pod);
    cache.set(key, value);
    return value;
  };
}
