// Pods with the same namespace, labels, hostNetwork and address families are selected and matched
// alike by every selector and talk over the same families; analyses that depend only on that
// compute once per class instead of once per pod.
import type { Pod } from '../../model/snapshot.js';

// Label order is not normalized: pods made from one template list labels alike, and two orders of
// the same labels only cost a second (identical) computation, never a wrong answer.
const keys = new WeakMap<Pod, string>();

/** `4`, `6`, `46`, or empty for a pod without an address: enough to tell the families apart (IPv6 has colons). */
const familiesOf = (pod: Pod): string => {
  const v4 = pod.ips.some((ip) => !ip.includes(':'));
  const v6 = pod.ips.some((ip) => ip.includes(':'));
  return `${v4 ? '4' : ''}${v6 ? '6' : ''}`;
};

export function podClassKey(pod: Pod): string {
  let key = keys.get(pod);
  if (key === undefined) {
    key = `${pod.namespace}\u0001${pod.hostNetwork ? 'h' : 'p'}${familiesOf(pod)}\u0001${JSON.stringify(pod.labels)}`;
    keys.set(pod, key);
  }
  return key;
}

/** Whether two pods have the same class key, without building either key (labels compared in order, as the key holds them). */
export function samePodClass(a: Pod, b: Pod): boolean {
  if (a.namespace !== b.namespace || a.hostNetwork !== b.hostNetwork || familiesOf(a) !== familiesOf(b)) return false;
  const keysA = Object.keys(a.labels);
  const keysB = Object.keys(b.labels);
  if (keysA.length !== keysB.length) return false;
  for (let i = 0; i < keysA.length; i++) {
    const key = keysA[i]!;
    if (keysB[i] !== key || a.labels[key] !== b.labels[key]) return false;
  }
  return true;
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

/** How many pods a pod stands for: a representative made from a workload template counts its replicas. */
export const podCount = (pod: Pod): number => (pod.synthesized ? (pod.replicas ?? 1) : 1);

export const countPods = (pods: readonly Pod[]): number => pods.reduce((n, p) => n + podCount(p), 0);
