// What every lint check reads: the snapshot, its compiled policies, and the pods and namespaces known.
import type { Direction, LabelSelector, Peer } from '../../model/policy.js';
import type { Namespace, Pod, Snapshot } from '../../model/snapshot.js';
import type { CompiledPeer, CompiledPolicy, CompiledRule, PolicyIndex } from '../compile.js';
import type { LabelMatcher } from '../selector.js';
import { endpointAddresses, isPolicySubject } from '../endpoint.js';
import { analysablePods } from '../analysis/isolation.js';
import { perPodClass } from '../analysis/pod-class.js';

export interface LintContext {
  readonly snapshot: Snapshot;
  readonly index: PolicyIndex;
  /** Pods policies apply to (running, not hostNetwork). */
  readonly pods: readonly Pod[];
  readonly podsIn: (namespace: string) => readonly Pod[];
  /** Whether namespace labels are known: some namespace was declared (not only inferred). */
  readonly namespacesKnown: boolean;
  /**
   * Whether every namespace that exists is in the snapshot (a live read that listed namespaces, the
   * demo). Files hold only some: a namespace they lack is unknown, not absent.
   */
  readonly namespacesComplete: boolean;
  /** Policies that the API would reject (`namespace/name`): checks beyond validity skip them. */
  readonly invalid: ReadonlySet<string>;
  /** The policies selecting a pod (computed once per pod class). */
  readonly selectorsOf: (pod: Pod) => readonly CompiledPolicy[];
  /** The pods (of ctx.pods) a policy selects, found in one pass over the pods of its namespace. */
  readonly selectedBy: (policy: CompiledPolicy) => readonly Pod[];
  /**
   * The namespaces a namespaceSelector matches, computed once per selector: many policies carry
   * the same selector, and matching each against thousands of namespaces dominated lint.
   */
  readonly namespacesMatching: (selector: LabelSelector, match: LabelMatcher) => readonly Namespace[];
  /** The namespace objects of this name (none when the input has no such namespace). */
  readonly namespacesNamed: (name: string) => readonly Namespace[];
  /**
   * Whether some pod of these namespaces has labels the selector matches; remembered per list of
   * namespaces (as the two functions above return them) and selector.
   */
  readonly somePodMatches: (namespaces: readonly Namespace[], selector: LabelSelector, match: LabelMatcher) => boolean;
}

export function lintContext(snapshot: Snapshot, index: PolicyIndex, invalid: ReadonlySet<string>, namespacesComplete = false): LintContext {
  const pods = analysablePods(snapshot).filter(isPolicySubject);
  const byNamespace = new Map<string, Pod[]>();
  for (const pod of pods) {
    const list = byNamespace.get(pod.namespace);
    if (list) list.push(pod);
    else byNamespace.set(pod.namespace, [pod]);
  }
  const selectorsOf = perPodClass((pod: Pod) => index.policiesIn(pod.namespace).filter((p) => p.selects(pod.labels)));
  // A policy selects pods of its own namespace only: found one namespace at a time, when asked.
  const selectedIn = new Map<string, Map<CompiledPolicy, Pod[]>>();
  const selectedMap = (namespace: string): Map<CompiledPolicy, Pod[]> => {
    let selected = selectedIn.get(namespace);
    if (!selected) {
      selected = new Map();
      for (const pod of byNamespace.get(namespace) ?? []) {
        for (const policy of selectorsOf(pod)) {
          const list = selected.get(policy);
          if (list) list.push(pod);
          else selected.set(policy, [pod]);
        }
      }
      selectedIn.set(namespace, selected);
    }
    return selected;
  };
  const byName = new Map<string, Namespace[]>();
  for (const n of snapshot.namespaces) {
    const list = byName.get(n.name);
    if (list) list.push(n);
    else byName.set(n.name, [n]);
  }
  // Keyed by the selector's JSON: the same text compiles to the same test, so it matches the same namespaces.
  const matching = new Map<string, readonly Namespace[]>();
  const namespacesMatching = (selector: LabelSelector, match: LabelMatcher): readonly Namespace[] => {
    const key = JSON.stringify(selector);
    let found = matching.get(key);
    if (!found) matching.set(key, (found = snapshot.namespaces.filter((n) => match(index.namespaceLabels(n.name)))));
    return found;
  };
  const podMatches = new WeakMap<readonly Namespace[], Map<string, boolean>>();
  const somePodMatches = (namespaces: readonly Namespace[], selector: LabelSelector, match: LabelMatcher): boolean => {
    let bySelector = podMatches.get(namespaces);
    if (!bySelector) podMatches.set(namespaces, (bySelector = new Map()));
    const key = JSON.stringify(selector);
    let found = bySelector.get(key);
    if (found === undefined) bySelector.set(key, (found = namespaces.some((n) => (byNamespace.get(n.name) ?? []).some((p) => match(p.labels)))));
    return found;
  };
  return {
    snapshot,
    index,
    pods,
    podsIn: (namespace) => byNamespace.get(namespace) ?? [],
    namespacesKnown: snapshot.namespaces.some((n) => !n.synthesized),
    namespacesComplete,
    invalid,
    selectorsOf,
    selectedBy: (policy) => selectedMap(policy.ref.namespace).get(policy) ?? [],
    namespacesMatching,
    namespacesNamed: (name) => byName.get(name) ?? [],
    somePodMatches,
  };
}

export const isValid = (ctx: LintContext, policy: CompiledPolicy): boolean => !ctx.invalid.has(`${policy.ref.namespace}/${policy.ref.name}`);

/** The peer as written in the policy (the compiled peer keeps only matchers). */
export function sourcePeer(policy: CompiledPolicy, direction: Direction, rule: CompiledRule, peer: CompiledPeer): Peer | undefined {
  const raw = policy.policy[direction][rule.index];
  return raw === undefined || raw.peers === 'all' ? undefined : raw.peers[peer.index];
}

/** The namespaces a pod peer of the policy looks in: its own, or those its namespaceSelector matches. */
export function peerNamespaces(ctx: LintContext, policy: CompiledPolicy, direction: Direction, rule: CompiledRule, peer: Extract<CompiledPeer, { kind: 'pods' }>): readonly Namespace[] {
  if (peer.namespaces === 'own') return ctx.namespacesNamed(policy.ref.namespace);
  const source = sourcePeer(policy, direction, rule, peer);
  const match = peer.namespaces;
  // Compiled from this very selector (compile.ts), so the selector's text stands for the matcher.
  if (source?.kind === 'pods' && source.namespaceSelector) return ctx.namespacesMatching(source.namespaceSelector, match);
  return ctx.snapshot.namespaces.filter((n) => match(ctx.index.namespaceLabels(n.name)));
}

/** Pods (of the input) a peer of the policy matches; ipBlocks count pod IPs only when the options say so. */
export function peerPods(ctx: LintContext, policy: CompiledPolicy, direction: Direction, rule: CompiledRule, peer: CompiledPeer): Pod[] {
  switch (peer.kind) {
    case 'invalid':
      return [];
    case 'pods':
      return peerNamespaces(ctx, policy, direction, rule, peer).flatMap((n) => ctx.podsIn(n.name).filter((p) => peer.pods(p.labels)));
    case 'ipBlock':
      if (!ctx.index.options.ipBlockMatchesPods) return [];
      return ctx.pods.filter((p) => endpointAddresses({ kind: 'pod', pod: p }).some((a) => peer.addresses.has(a)));
  }
}
