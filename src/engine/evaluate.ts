// Judges one connection: the source's egress and the destination's ingress, with the reasons.
import type { Direction, PolicyRef } from '../model/policy.js';
import type { Pod, Protocol } from '../model/snapshot.js';
import { rulesFor, type CompiledPeer, type CompiledPolicy, type CompiledPort, type CompiledRule, type PolicyIndex } from './compile.js';
import { endpointAddresses, endpointFamilies, isPolicySubject, nodeAddresses, type Endpoint } from './endpoint.js';
import type { Family } from './sets/ip.js';
import { PortSet } from './sets/port-set.js';
import { judgeTiers, portsWith, type TierDecision } from './tiers/judge-tiers.js';

/** One rule (and peer) of one policy that admits the peer, on some ports. */
export interface RuleMatch {
  readonly policy: PolicyRef;
  readonly direction: Direction;
  readonly rule: number;
  /** Index in `from`/`to`, or `all` when the rule has no peers (every peer). */
  readonly peer: number | 'all';
  readonly ports: PortSet;
  /** Each `ports` entry with what it resolved to for this destination, or `all` for a rule without ports. */
  readonly portEntries: 'all' | readonly { readonly index: number; readonly ports: PortSet }[];
}

/** The policies of one pod in one direction, judged against one peer. */
export interface SideVerdict {
  readonly kind: 'policed';
  readonly direction: Direction;
  readonly pod: Pod;
  /** Policies that select the pod for this direction; empty means not isolated. */
  readonly isolatedBy: readonly PolicyRef[];
  readonly matches: readonly RuleMatch[];
  /**
   * The ports allowed in the end. Without admin policies deciding anything: every port when not
   * isolated, else the union of the matches.
   */
  readonly allowed: PortSet;
  /**
   * Present when an admin policy (Admin or Baseline tier) decided or passed on some ports: every
   * port, partitioned by the stage that decided it. `isolatedBy` and `matches` stay the
   * NetworkPolicy tier's verdict, which decides only the ports that reach that tier.
   */
  readonly tiers?: readonly TierDecision[];
  /** Ports whose verdict depends on what the cluster state cannot say (DNS answers, Nodes that were not read). */
  readonly unknown?: PortSet;
}

export type ExemptReason =
  /** The side is outside the pod network (an address), so no NetworkPolicy applies to it. */
  | 'external'
  /** A hostNetwork pod: not selected by any policy; its traffic is node traffic. */
  | 'host-network'
  /** Traffic between a pod and its own node is always allowed (both directions). */
  | 'own-node';

export type Side = SideVerdict | { readonly kind: 'exempt'; readonly direction: Direction; readonly reason: ExemptReason };

/** The verdict of a connection over one address family. */
export interface FamilyVerdict {
  readonly family: Family;
  readonly egress: Side;
  readonly ingress: Side;
  /** Ports allowed end to end over this family: egress ∩ ingress. */
  readonly allowed: PortSet;
}

export interface Connection {
  readonly from: Endpoint;
  readonly to: Endpoint;
  /** A pod cannot block traffic to itself. */
  readonly self: boolean;
  /** The sides of the first family that allows anything (of the only family, on single-stack paths). */
  readonly egress: Side;
  readonly ingress: Side;
  /**
   * Ports allowed end to end: egress ∩ ingress, over some address family both ends have. A
   * connection uses one family end to end, so the sides are never mixed across families.
   */
  readonly allowed: PortSet;
  /**
   * Dual-stack paths whose families are judged differently (different ports, or different rules):
   * each family both ends have an address of. Absent when every family agrees.
   */
  readonly families?: readonly FamilyVerdict[];
  /** Both ends have addresses, but of no common family: no connection is possible. */
  readonly noCommonFamily?: boolean;
  /**
   * Ports neither allowed nor denied for sure: some side's verdict depends on DNS or on Nodes that
   * were not read, and no side denies them. Absent when there are none.
   */
  readonly unknown?: PortSet;
}

/** The ports a `ports` entry means towards this destination (named ports resolve on the pod). */
export function resolvePort(port: CompiledPort, destination: Endpoint): PortSet {
  if (port.kind === 'numbers') return port.ports;
  // A named port means that port on the destination pod; an address has no named ports.
  if (destination.kind !== 'pod') return PortSet.empty;
  const found = destination.pod.ports.find((p) => p.name === port.name && p.protocol === port.protocol);
  return found ? PortSet.range(port.protocol, found.port) : PortSet.empty;
}

function peerMatches(peer: CompiledPeer, policyNamespace: string, other: Endpoint, index: PolicyIndex): boolean {
  switch (peer.kind) {
    case 'invalid':
      return false;
    case 'pods': {
      if (other.kind !== 'pod' || !isPolicySubject(other.pod)) return false;
      const pod = other.pod;
      const namespaceOk =
        peer.namespaces === 'own' ? pod.namespace === policyNamespace : peer.namespaces(index.namespaceLabels(pod.namespace));
      return namespaceOk && peer.pods(pod.labels);
    }
    case 'ipBlock': {
      // Pod IPs are matched only when the options say so; hostNetwork pods use node addresses.
      if (other.kind === 'pod' && isPolicySubject(other.pod) && !index.options.ipBlockMatchesPods) return false;
      return endpointAddresses(other).some((a) => peer.addresses.has(a));
    }
  }
}

function ruleMatch(
  policy: CompiledPolicy,
  direction: Direction,
  rule: CompiledRule,
  other: Endpoint,
  destination: Endpoint,
  index: PolicyIndex,
): RuleMatch | undefined {
  let peer: number | 'all';
  if (rule.peers === 'all') peer = 'all';
  else {
    const hit = rule.peers.find((p) => peerMatches(p, policy.ref.namespace, other, index));
    if (!hit) return undefined;
    peer = hit.index;
  }
  if (rule.ports === 'all') {
    return { policy: policy.ref, direction, rule: rule.index, peer, ports: PortSet.all, portEntries: 'all' };
  }
  const portEntries = rule.ports.map((p) => ({ index: p.index, ports: resolvePort(p, destination) }));
  const ports = portEntries.reduce((acc, e) => acc.union(e.ports), PortSet.empty);
  if (ports.isEmpty()) return undefined;
  return { policy: policy.ref, direction, rule: rule.index, peer, ports, portEntries };
}

/** Policies in the pod's namespace that select it and carry this direction in their policyTypes. */
export function isolatingPolicies(pod: Pod, direction: Direction, index: PolicyIndex): CompiledPolicy[] {
  if (!isPolicySubject(pod)) return [];
  return index.policiesIn(pod.namespace).filter((p) => rulesFor(p, direction) !== undefined && p.selects(pod.labels));
}

/**
 * Judges `pod`'s policies for one direction against `other` (the source for ingress, the destination
 * for egress). `destination` is whichever end receives the connection (named ports resolve there).
 */
export function judgeSide(pod: Pod, direction: Direction, other: Endpoint, index: PolicyIndex, ownNode = false): SideVerdict {
  const side = judgeNetworkPolicies(pod, direction, other, index);
  const tiers = judgeTiers(pod, direction, other, index.tierContext, {
    isolated: side.isolatedBy.length > 0,
    // Traffic with the pod's own node is always allowed by NetworkPolicy.
    allowed: ownNode ? PortSet.all : side.allowed,
  });
  if (!tiers) return side;
  const unknown = portsWith(tiers, 'unknown');
  return { ...side, allowed: portsWith(tiers, 'allow'), tiers, ...(unknown.isEmpty() ? {} : { unknown }) };
}

/** The NetworkPolicy tier alone. */
function judgeNetworkPolicies(pod: Pod, direction: Direction, other: Endpoint, index: PolicyIndex): SideVerdict {
  const policies = isolatingPolicies(pod, direction, index);
  const destination: Endpoint = direction === 'ingress' ? { kind: 'pod', pod } : other;
  if (policies.length === 0) {
    return { kind: 'policed', direction, pod, isolatedBy: [], matches: [], allowed: PortSet.all };
  }
  const matches: RuleMatch[] = [];
  for (const policy of policies) {
    for (const rule of rulesFor(policy, direction)!) {
      const match = ruleMatch(policy, direction, rule, other, destination, index);
      if (match) matches.push(match);
    }
  }
  return {
    kind: 'policed',
    direction,
    pod,
    isolatedBy: policies.map((p) => p.ref),
    matches,
    allowed: matches.reduce((acc, m) => acc.union(m.ports), PortSet.empty),
  };
}

/**
 * Whether `other` is the node `pod` runs on: its address, or a hostNetwork pod there. Traffic
 * between a pod and its own node is always allowed, in both directions.
 */
function isOwnNode(pod: Pod, other: Endpoint): boolean {
  if (other.kind === 'pod' && isPolicySubject(other.pod)) return false;
  const node = nodeAddresses(pod);
  return node.length > 0 && endpointAddresses(other).some((a) => node.some((n) => a.family === n.family && a.value === n.value));
}

/**
 * A pod's side of a connection with its own node: NetworkPolicy always allows it, but admin
 * policies still apply (their rules may select node addresses).
 */
function ownNodeSide(pod: Pod, direction: Direction, other: Endpoint, index: PolicyIndex): Side {
  const side = judgeSide(pod, direction, other, index, true);
  return side.tiers ? side : { kind: 'exempt', direction, reason: 'own-node' };
}

function egressSide(from: Endpoint, to: Endpoint, index: PolicyIndex): Side {
  if (from.kind === 'address') return { kind: 'exempt', direction: 'egress', reason: 'external' };
  if (!isPolicySubject(from.pod)) return { kind: 'exempt', direction: 'egress', reason: 'host-network' };
  if (isOwnNode(from.pod, to)) return ownNodeSide(from.pod, 'egress', to, index);
  return judgeSide(from.pod, 'egress', to, index);
}

function ingressSide(from: Endpoint, to: Endpoint, index: PolicyIndex): Side {
  if (to.kind === 'address') return { kind: 'exempt', direction: 'ingress', reason: 'external' };
  if (!isPolicySubject(to.pod)) return { kind: 'exempt', direction: 'ingress', reason: 'host-network' };
  if (isOwnNode(to.pod, from)) return ownNodeSide(to.pod, 'ingress', from, index);
  return judgeSide(to.pod, 'ingress', from, index);
}

export const sideAllows = (side: Side): PortSet => (side.kind === 'exempt' ? PortSet.all : side.allowed);

/** Ports a side allows or cannot decide. */
const sideMayAllow = (side: Side): PortSet => (side.kind === 'exempt' || !side.unknown ? sideAllows(side) : side.allowed.union(side.unknown));

/** The ports no side denies for sure but some side cannot decide. */
function undecided(egress: Side, ingress: Side, allowed: PortSet): PortSet {
  if ((egress.kind === 'exempt' || !egress.unknown) && (ingress.kind === 'exempt' || !ingress.unknown)) return PortSet.empty;
  return sideMayAllow(egress).intersect(sideMayAllow(ingress)).subtract(allowed);
}

/** The same real pod: a pod made from a workload's template stands for several replicas, so it is never "itself". */
const samePod = (a: Endpoint, b: Endpoint): boolean =>
  a.kind === 'pod' && b.kind === 'pod' && !a.pod.synthesized && a.pod.namespace === b.pod.namespace && a.pod.name === b.pod.name;

/** One evaluation with the endpoints' addresses as given (all of them, or one family's). */
function evaluateOnce(from: Endpoint, to: Endpoint, index: PolicyIndex, self: boolean): Omit<Connection, 'from' | 'to' | 'self'> & { readonly unknown?: PortSet } {
  const egress = egressSide(from, to, index);
  const ingress = ingressSide(from, to, index);
  const allowed = self ? PortSet.all : sideAllows(egress).intersect(sideAllows(ingress));
  const unknown = self ? PortSet.empty : undecided(egress, ingress, allowed);
  return { egress, ingress, allowed, ...(unknown.isEmpty() ? {} : { unknown }) };
}

const bindFamily = (endpoint: Endpoint, family: Family): Endpoint => (endpoint.kind === 'pod' ? { ...endpoint, family } : endpoint);

/** The rules a side's verdict rests on, to tell whether two families were judged alike. */
const sideKey = (side: Side): string =>
  side.kind === 'exempt'
    ? side.reason
    : side.matches.map((m) => `${m.policy.namespace}/${m.policy.name}/${m.rule}/${m.peer}/${m.ports}`).join('|') +
      (side.tiers ?? []).map((d) => `#${d.tier}/${d.outcome}/${d.ports}/${d.rule ? `${d.rule.policy.kind}/${d.rule.policy.name}/${d.rule.rule}/${d.rule.peer}` : ''}`).join('');

/**
 * Everything NetworkPolicy says about connections from `from` to `to`, on every port. A connection
 * uses one address family end to end, so each family both ends have is judged on its own (only
 * ipBlock peers and node addresses can tell the families apart); the path is allowed on a port
 * when some family allows it on both sides.
 */
export function evaluate(from: Endpoint, to: Endpoint, index: PolicyIndex): Connection {
  const self = samePod(from, to);
  const fromFamilies = endpointFamilies(from);
  const toFamilies = endpointFamilies(to);
  // A pod without an address (made from a template, or not yet started) has no known family.
  if (fromFamilies.length === 0 || toFamilies.length === 0) return { from, to, self, ...evaluateOnce(from, to, index, self) };
  const common = fromFamilies.filter((f) => toFamilies.includes(f));
  if (common.length === 0) {
    const { unknown: _unknown, ...once } = evaluateOnce(from, to, index, self);
    return { from, to, self, ...once, allowed: self ? PortSet.all : PortSet.empty, noCommonFamily: true };
  }
  const addressesMatter = index.hasIpBlocks || from.kind === 'address' || to.kind === 'address' || !isPolicySubject(from.pod) || !isPolicySubject(to.pod);
  if (common.length === 1 || !addressesMatter) {
    const family = common.length === 1 ? common[0]! : undefined;
    const once = family === undefined ? evaluateOnce(from, to, index, self) : evaluateOnce(bindFamily(from, family), bindFamily(to, family), index, self);
    return { from, to, self, ...once };
  }
  const judged = common.map((family) => ({ family, ...evaluateOnce(bindFamily(from, family), bindFamily(to, family), index, self) }));
  const verdicts: FamilyVerdict[] = judged.map(({ unknown: _unknown, ...v }) => v);
  const first = verdicts.find((v) => !v.allowed.isEmpty()) ?? verdicts[0]!;
  const alike = verdicts.every(
    (v) => v.allowed.equals(first.allowed) && sideKey(v.egress) === sideKey(first.egress) && sideKey(v.ingress) === sideKey(first.ingress),
  );
  const allowed = verdicts.reduce((acc, v) => acc.union(v.allowed), PortSet.empty);
  // A port no family allows for sure, that some family cannot decide.
  const unknown = judged.reduce((acc, v) => (v.unknown ? acc.union(v.unknown) : acc), PortSet.empty).subtract(allowed);
  return {
    from,
    to,
    self,
    egress: first.egress,
    ingress: first.ingress,
    allowed,
    ...(unknown.isEmpty() ? {} : { unknown }),
    ...(alike ? {} : { families: verdicts }),
  };
}

/** The families over which a connection allows this port (any port of the protocol without one). */
export function familiesAllowing(connection: Connection, protocol: Protocol, port?: number): Family[] | undefined {
  if (!connection.families) return undefined;
  return connection.families
    .filter((v) => (port === undefined ? v.allowed.ranges(protocol).length > 0 : v.allowed.has(protocol, port)))
    .map((v) => v.family);
}

/** The sides that explain a port: those of a family that allows it, else of the first family. */
export function sidesFor(connection: Connection, protocol?: Protocol, port?: number): { egress: Side; ingress: Side } {
  if (!connection.families || protocol === undefined) return connection;
  const allowing = connection.families.find((v) => (port === undefined ? v.allowed.ranges(protocol).length > 0 : v.allowed.has(protocol, port)));
  return allowing ?? connection.families[0]!;
}

/** The matches of one side that admit this particular port. */
export const matchesFor = (side: Side, protocol: Protocol, port: number): readonly RuleMatch[] =>
  side.kind === 'exempt' ? [] : side.matches.filter((m) => m.ports.has(protocol, port));
