// How widely a pod is exposed for ingress: the broadest kind of source any admitting rule allows.
import type { Namespace, Pod } from '../../model/snapshot.js';
import { rulesFor, type CompiledPeer, type PolicyIndex } from '../compile.js';
import { endpointFamilies, isPolicySubject } from '../endpoint.js';
import { IpSet } from '../sets/ip-set.js';
import { isolatingPolicies } from '../evaluate.js';

/** Ordered from narrowest to broadest. */
export const EXPOSURE_LEVELS = ['nobody', 'namespace', 'namespaces', 'cluster', 'internet'] as const;
export type Exposure = (typeof EXPOSURE_LEVELS)[number];

const broader = (a: Exposure, b: Exposure): Exposure => (EXPOSURE_LEVELS.indexOf(a) >= EXPOSURE_LEVELS.indexOf(b) ? a : b);

function peerExposure(peer: CompiledPeer, policyNamespace: string, namespaces: readonly Namespace[]): Exposure {
  switch (peer.kind) {
    case 'invalid':
      return 'nobody';
    case 'ipBlock':
      // Any address block reaches beyond the pod network (pods are matched by selectors).
      return peer.addresses.isEmpty() ? 'nobody' : 'internet';
    case 'pods': {
      if (peer.namespaces === 'own') return 'namespace';
      const matched = namespaces.filter((n) => (peer.namespaces as (l: typeof n.labels) => boolean)(n.labels));
      if (matched.length === 0) return 'nobody';
      if (matched.length === namespaces.length) return 'cluster';
      return matched.length === 1 && matched[0]!.name === policyNamespace ? 'namespace' : 'namespaces';
    }
  }
}

/**
 * The broadest kind of source a pod's ingress policies admit; a pod not isolated for ingress admits
 * everyone. The sources' own egress policies are not counted (who-can-reach judges both ends), and
 * address blocks count only for the address families the pod has. The returned function caches
 * each selector peer's answer: peers are shared by every pod a policy selects.
 */
export function ingressExposure(index: PolicyIndex, namespaces: readonly Namespace[]): (pod: Pod) => Exposure {
  const cache = new WeakMap<CompiledPeer, Exposure>();
  const peerLevel = (peer: CompiledPeer, namespace: string): Exposure => {
    let level = cache.get(peer);
    if (level === undefined) {
      level = peerExposure(peer, namespace, namespaces);
      cache.set(peer, level);
    }
    return level;
  };
  const reachable = (pod: Pod): IpSet => {
    const families = endpointFamilies({ kind: 'pod', pod });
    return families.length === 0 ? IpSet.all : families.reduce((acc, f) => acc.union(IpSet.family(f)), IpSet.empty);
  };
  return (pod) => {
    if (!isPolicySubject(pod)) return 'internet';
    const policies = isolatingPolicies(pod, 'ingress', index);
    if (policies.length === 0) return 'internet';
    let level: Exposure = 'nobody';
    for (const policy of policies) {
      for (const rule of rulesFor(policy, 'ingress')!) {
        if (rule.peers === 'all') return 'internet';
        for (const peer of rule.peers) {
          const admits = peer.kind === 'ipBlock' ? (reachable(pod).intersect(peer.addresses).isEmpty() ? 'nobody' : 'internet') : peerLevel(peer, policy.ref.namespace);
          level = broader(level, admits);
        }
      }
    }
    return level;
  };
}
