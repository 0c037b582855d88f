// Connections between workloads that a policy change opens or closes, with the exact ports.
import type { AdminPolicy } from '../../model/admin-policy.js';
import type { Direction, NetworkPolicy } from '../../model/policy.js';
import type { Pod, Snapshot } from '../../model/snapshot.js';
import { rulesFor, type PolicyIndex } from '../compile.js';
import { endpointAddresses, endpointFamilies, isPolicySubject, podEndpoint, type Endpoint } from '../endpoint.js';
import { evaluate, isolatingPolicies, judgeSide } from '../evaluate.js';
import type { Family } from '../sets/ip.js';
import { PortSet } from '../sets/port-set.js';
import { policiesChangedIn } from './changed.js';
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
 * What a pod's policies look at in the other end of a connection, for one direction: whether each
 * peer of its rules (in either state) matches the other pod, per address family for ipBlocks, and
 * what each named port of its egress rules resolves to there; with the other pod's families. Two
 * other pods with the same key get the same verdict from this side, in each state, under every
 * family binding. Undefined when an admin policy selects the pod in either state (its rules look at
 * more: nodes, networks), and then every pair is judged in full.
 */
function sideKeyOf(pod: Pod, direction: Direction, before: PolicyIndex, after: PolicyIndex): ((other: Pod) => string) | undefined {
  const tests: ((other: Pod) => string)[] = [];
  for (const index of [before, after]) {
    const { admin, baseline } = index.adminTiers.selecting(pod, direction, index.namespaceLabels(pod.namespace));
    if (admin.length > 0 || baseline.length > 0) return undefined;
    for (const policy of isolatingPolicies(pod, direction, index)) {
      for (const rule of rulesFor(policy, direction)!) {
        if (rule.peers !== 'all') {
          for (const peer of rule.peers) {
            if (peer.kind === 'pods') {
              const own = policy.ref.namespace;
              const { namespaces, pods } = peer;
              tests.push((o) => ((namespaces === 'own' ? o.namespace === own : namespaces(index.namespaceLabels(o.namespace))) && pods(o.labels) ? '1' : '0'));
            } else if (peer.kind === 'ipBlock' && index.options.ipBlockMatchesPods) {
              // A block is of one family: whether any address is in it also says which family's is.
              const block = peer.addresses;
              tests.push((o) => (endpointAddresses(podEndpoint(o)).some((a) => block.has(a)) ? '1' : '0'));
            }
          }
        }
        // Named ports resolve on the destination: the other end, for egress.
        if (direction === 'egress' && rule.ports !== 'all') {
          for (const port of rule.ports) {
            if (port.kind === 'named') tests.push((o) => `,${o.ports.find((p) => p.name === port.name && p.protocol === port.protocol)?.port ?? '-'}`);
          }
        }
      }
    }
  }
  return (other) => {
    let key = endpointFamilies(podEndpoint(other)).join('');
    for (const test of tests) key += test(other);
    return key;
  };
}

/** Whether the pod's side answers alike in both states against `other`: unbound and bound to each of its families. */
function sideAlike(pod: Pod, direction: Direction, other: Pod, before: PolicyIndex, after: PolicyIndex): boolean {
  const bindings: Endpoint[] = [podEndpoint(other), ...endpointFamilies(podEndpoint(other)).map((family): Endpoint => ({ kind: 'pod', pod: other, family }))];
  return bindings.every((b) => judgeSide(pod, direction, b, before).allowed.equals(judgeSide(pod, direction, b, after).allowed));
}

/**
 * What decides the other end's own side, which is the same in both states: its policies for that
 * direction and the admin policies selecting it (by identity), and, as a destination, what the
 * named ports of those rules resolve to on it (all its ports, when an admin policy selects it).
 * Against one fixed pod, two other ends with the same key here and the same sideKeyOf key get the
 * same verdict in each state. Undefined for a host-network or finished pod.
 */
function decidingKeyOf(index: PolicyIndex): (pod: Pod, direction: Direction) => string | undefined {
  const ids = new Map<object, number>();
  const idOf = (o: object) => {
    let id = ids.get(o);
    if (id === undefined) ids.set(o, (id = ids.size));
    return id;
  };
  const known = { ingress: new Map<Pod, string | undefined>(), egress: new Map<Pod, string | undefined>() };
  return (pod, direction) => {
    if (known[direction].has(pod)) return known[direction].get(pod);
    let key: string | undefined;
    if (isPolicySubject(pod)) {
      const policies = isolatingPolicies(pod, direction, index);
      const { admin, baseline } = index.adminTiers.selecting(pod, direction, index.namespaceLabels(pod.namespace));
      key = `${policies.map((p) => idOf(p.policy)).join(',')};${[...admin, ...baseline].map((p) => idOf(p.policy)).join(',')}`;
      if (direction === 'ingress') {
        if (admin.length > 0 || baseline.length > 0) key += `;${JSON.stringify(pod.ports)}`;
        for (const policy of policies) {
          for (const rule of rulesFor(policy, direction)!) {
            if (rule.ports === 'all') continue;
            for (const port of rule.ports) if (port.kind === 'named') key += `,${pod.ports.find((p) => p.name === port.name && p.protocol === port.protocol)?.port ?? '-'}`;
          }
        }
      }
    }
    known[direction].set(pod, key);
    return key;
  };
}

/** One pod whose `direction` changed, facing other pods whose opposite direction did not. */
interface FixedEnd {
  /**
   * Skip: the pair answers alike in both states (the other side does, and this side answers alike
   * for other pods with the same sideKeyOf key). Otherwise the key under which a pair's answer may
   * be reused for another pair, if any.
   */
  readonly judge: (other: Pod) => { readonly skip: true } | { readonly skip: false; readonly key: string | undefined };
  /** Answers found so far, by pair key. */
  readonly answers: Map<string, { readonly more: PortSet; readonly less: PortSet }>;
  /**
   * The ports a keyed pair allows in each state, as evaluate() finds them: over each address family
   * it judges, this side's verdict (the same for the same sideKeyOf key) meets the other end's (the
   * same for the same deciding key), each judged once.
   */
  readonly allowed: (other: Pod, key: string) => readonly [PortSet, PortSet];
}

const SKIP = { skip: true } as const;
const UNKEYED = { skip: false, key: undefined } as const;

function fixedEnd(pod: Pod, direction: Direction, before: PolicyIndex, after: PolicyIndex, decidingKey: (pod: Pod, direction: Direction) => string | undefined): FixedEnd {
  const keyOf = isPolicySubject(pod) ? sideKeyOf(pod, direction, before, after) : undefined;
  const answers = new Map<string, { more: PortSet; less: PortSet }>();
  const unkeyed = (): never => {
    throw new Error('a pair without a key is judged with evaluate()');
  };
  if (!keyOf) return { judge: () => UNKEYED, answers, allowed: unkeyed };
  const alike = new Map<string, boolean>();
  const opposite = direction === 'egress' ? 'ingress' : 'egress';
  const sides = new Map<string, PortSet>();
  const sideAllowed = (key: string, of: Pod, towards: Direction, other: Endpoint, index: PolicyIndex): PortSet => {
    let allowed = sides.get(key);
    if (!allowed) sides.set(key, (allowed = judgeSide(of, towards, other, index).allowed));
    return allowed;
  };
  const bound = (p: Pod, family: Family | undefined): Endpoint => (family === undefined ? podEndpoint(p) : { kind: 'pod', pod: p, family });
  // Both ends are policy subjects: neither is exempt, neither is the other's node, never the same pod.
  const allowedIn = (index: PolicyIndex, state: string, other: Pod, side: string, deciding: string): PortSet => {
    const [from, to] = direction === 'egress' ? [pod, other] : [other, pod];
    const fromFamilies = endpointFamilies(podEndpoint(from));
    const toFamilies = endpointFamilies(podEndpoint(to));
    let families: readonly (Family | undefined)[] = [undefined];
    if (fromFamilies.length > 0 && toFamilies.length > 0) {
      const common = fromFamilies.filter((f) => toFamilies.includes(f));
      if (common.length === 0) return PortSet.empty;
      if (common.length === 1 || index.hasIpBlocks) families = common;
    }
    let allowed = PortSet.empty;
    for (const family of families) {
      const mine = sideAllowed(`m${state}${family ?? ''}\u0001${side}`, pod, direction, bound(other, family), index);
      const theirs = sideAllowed(`t${state}${family ?? ''}\u0001${deciding}`, other, opposite, bound(pod, family), index);
      allowed = allowed.union(mine.intersect(theirs));
    }
    return allowed;
  };
  return {
    judge: (other) => {
      // Own-node and host-network ends are judged on addresses and nodes the key does not hold.
      if (!isPolicySubject(other)) return UNKEYED;
      const side = keyOf(other);
      let same = alike.get(side);
      if (same === undefined) alike.set(side, (same = sideAlike(pod, direction, other, before, after)));
      if (same) return SKIP;
      const deciding = decidingKey(other, opposite);
      return { skip: false, key: deciding === undefined ? undefined : `${side}\u0002${deciding}` };
    },
    answers,
    allowed: (other, key) => {
      const at = key.indexOf('\u0002');
      const [side, deciding] = [key.slice(0, at), key.slice(at + 1)];
      return [allowedIn(before, 'b', other, side, deciding), allowedIn(after, 'a', other, side, deciding)];
    },
  };
}

/**
 * Judges every ordered pair of workloads (one representative pod each; a workload with replicas is
 * also paired with itself, with its second pod) in both states. Pairs whose deciding policies did
 * not change are skipped; so are pairs where only one side changed and that side answers alike in
 * both states for the other end (judged once per key of the other end, see sideKeyOf); the other
 * pairs where only one side changed are judged once per pair key (see decidingKeyOf).
 */
export function connectionChanges(
  groups: readonly PodGroup[],
  before: PolicyIndex,
  after: PolicyIndex,
  relevant: (from: PodGroup, to: PodGroup) => boolean = () => true,
): Changes<ConnectionChange> {
  const representatives = groups.map((g) => g.pods[0]!);
  const changed = new Map<Pod, { egress: boolean; ingress: boolean }>();
  const changedIn = policiesChangedIn(before, after);
  const unchanged = { egress: false, ingress: false };
  const changeOf = (pod: Pod) => {
    if (!changedIn(pod.namespace)) return unchanged;
    let c = changed.get(pod);
    if (!c) changed.set(pod, (c = { egress: directionChanged(pod, 'egress', before, after), ingress: directionChanged(pod, 'ingress', before, after) }));
    return c;
  };
  // A destination is a representative, or a workload's second pod when paired with itself.
  const destinationOf = (i: number, j: number): Pod | undefined => (i === j ? groups[j]!.pods[1] : representatives[j]);
  const egressChangedAt = representatives.map((p) => changeOf(p).egress);
  const ingressChangedAt = representatives.map((p) => changeOf(p).ingress);
  const secondIngressChanged = groups.map((g) => g.pods[1] !== undefined && changeOf(g.pods[1]).ingress);
  const ingressIndices = groups.flatMap((_, j) => (ingressChangedAt[j] || secondIngressChanged[j] ? [j] : []));
  const decidingKey = decidingKeyOf(before);
  const sources = new Map<number, FixedEnd>();
  const destinations = new Map<Pod, FixedEnd>();
  const opened: ConnectionChange[] = [];
  const closed: ConnectionChange[] = [];
  // Only pairs with a changed side: a source whose egress changed meets every destination, any other
  // source only the destinations whose ingress changed (in the same order as all pairs would be).
  groups.forEach((from, i) => {
    const source = representatives[i]!;
    const egressChanged = egressChangedAt[i]!;
    for (const j of egressChanged ? groups.keys() : ingressIndices) {
      const to = groups[j]!;
      if (!relevant(from, to)) continue;
      const destination = destinationOf(i, j);
      if (!destination) continue;
      const ingressChanged = i === j ? secondIngressChanged[j]! : ingressChangedAt[j]!;
      if (!egressChanged && !ingressChanged) continue;
      // One side changed: the other end varies, judged once per pair key (see fixedEnd).
      let fixed: FixedEnd | undefined;
      let other: Pod | undefined;
      if (egressChanged && !ingressChanged) {
        fixed = sources.get(i);
        if (!fixed) sources.set(i, (fixed = fixedEnd(source, 'egress', before, after, decidingKey)));
        other = destination;
      } else if (!egressChanged && ingressChanged) {
        fixed = destinations.get(destination);
        if (!fixed) destinations.set(destination, (fixed = fixedEnd(destination, 'ingress', before, after, decidingKey)));
        other = source;
      }
      const verdict = fixed && other ? fixed.judge(other) : UNKEYED;
      if (verdict.skip) continue;
      const { key } = verdict;
      let answer = key === undefined ? undefined : fixed!.answers.get(key);
      if (!answer) {
        const [was, now] =
          key === undefined
            ? [evaluate(podEndpoint(source), podEndpoint(destination), before).allowed, evaluate(podEndpoint(source), podEndpoint(destination), after).allowed]
            : fixed!.allowed(other!, key);
        answer = { more: now.subtract(was), less: was.subtract(now) };
        if (key !== undefined) fixed!.answers.set(key, answer);
      }
      if (!answer.more.isEmpty()) opened.push({ from, to, ports: answer.more });
      if (!answer.less.isEmpty()) closed.push({ from, to, ports: answer.less });
    }
  });
  return { opened, closed };
}
