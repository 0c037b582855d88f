// The three-tier evaluation of one direction of a connection at one pod, per port:
//   Admin tier (first matching rule by policy order, then rule order: Accept/Allow and Deny decide,
//   Pass skips the rest of the tier) -> NetworkPolicies (when any isolates the pod in this direction,
//   they decide) -> Baseline tier (same walk; Pass or no match -> default) -> default allow.
// Rules whose peer cannot be decided from the cluster state (domainNames, Nodes that could not be
// read) decide `unknown` for their ports: never a guess.
import type { AdminAction, AdminPolicyRef, AdminTier } from '../../model/admin-policy.js';
import type { Direction } from '../../model/policy.js';
import type { Pod } from '../../model/snapshot.js';
import { endpointAddresses, isPolicySubject, type Endpoint } from '../endpoint.js';
import { PortSet } from '../sets/port-set.js';
import { adminRulePorts, adminRulesFor, type AdminEffect, type AdminTiers, type CompiledAdminPeer, type CompiledAdminPolicy, type CompiledAdminRule } from './compile-admin.js';
import type { NodeIndex, Tristate } from './nodes.js';

/** What an undecidable peer depends on. */
export type UnknownReason = 'dns' | 'nodes';

/** Where a rule of an admin policy stands: its policy, tier, priority, direction, index, name and action. */
export interface AdminRuleRef {
  readonly policy: AdminPolicyRef;
  readonly tier: AdminTier;
  readonly priority?: number;
  readonly direction: Direction;
  readonly rule: number;
  readonly ruleName?: string;
  readonly action: AdminAction;
}

/** One rule of an admin policy that decided (or passed on) some ports of a connection. */
export interface AdminRuleMatch extends AdminRuleRef {
  /** What the rule does: a fail-closed Pass rule denies. */
  readonly effect: AdminEffect;
  /** Index in `from`/`to` of the matching peer; `fail-closed` when a peer with no field made the rule deny everything. */
  readonly peer: number | 'fail-closed';
  /** The ports it decided: those of its ports no earlier rule had decided. */
  readonly ports: PortSet;
  /** Set when the peer may or may not match: the ports are then undecided. */
  readonly unknown?: UnknownReason;
}

export type TierName = 'Admin' | 'NetworkPolicy' | 'Baseline' | 'default';
export type TierOutcome = 'allow' | 'deny' | 'unknown';

/** Some ports of one side and the stage that decided them. */
export interface TierDecision {
  readonly ports: PortSet;
  readonly outcome: TierOutcome;
  readonly tier: TierName;
  /** The deciding rule (Admin and Baseline tiers). */
  readonly rule?: AdminRuleMatch;
  /** The Pass rules these ports went through first (Admin, then possibly Baseline). */
  readonly passedBy: readonly AdminRuleMatch[];
}

/** Everything the tier walk needs to know about the NetworkPolicy tier of this side. */
export interface NetworkPolicyTier {
  /** Some NetworkPolicy selects the pod for this direction. */
  readonly isolated: boolean;
  /** Ports its rules admit (every port for traffic with the pod's own node). */
  readonly allowed: PortSet;
}

const first = (a: Tristate, b: Tristate): Tristate => (a === 'yes' || b === 'yes' ? 'yes' : a === 'unknown' || b === 'unknown' ? 'unknown' : 'no');

function nodesMatch(peer: Extract<CompiledAdminPeer, { kind: 'nodes' }>, other: Endpoint, nodes: NodeIndex): Tristate {
  if (other.kind === 'pod' && other.pod.hostNetwork) {
    const byName = nodes.matchPodNode(other.pod, peer.nodes, peer.everyNode);
    if (byName) return byName;
    const addresses = endpointAddresses(other);
    if (addresses.length === 0) return peer.everyNode ? 'yes' : 'unknown';
  }
  return endpointAddresses(other).reduce<Tristate>((acc, a) => first(acc, nodes.matchAddress(a, peer.nodes, peer.everyNode)), 'no');
}

/** Whether a peer matches the other end of the connection (the source for ingress, the destination for egress). */
export function peerMatch(peer: CompiledAdminPeer, other: Endpoint, namespaceLabels: (ns: string) => Record<string, string>, nodes: NodeIndex): Tristate {
  switch (peer.kind) {
    case 'pods':
      // Host-network pods are never pod peers.
      if (other.kind !== 'pod' || !isPolicySubject(other.pod)) return 'no';
      return peer.namespaces(namespaceLabels(other.pod.namespace)) && peer.pods(other.pod.labels) ? 'yes' : 'no';
    case 'networks':
      // Every address, pod IPs included (of the connection's family when it is bound to one).
      return endpointAddresses(other).some((a) => peer.addresses.has(a)) ? 'yes' : 'no';
    case 'nodes':
      return nodesMatch(peer, other, nodes);
    case 'domainNames':
      if (other.kind === 'pod' && isPolicySubject(other.pod)) return peer.mayNamePods ? 'unknown' : 'no';
      return 'unknown';
  }
}

export interface TierContext {
  readonly tiers: AdminTiers;
  readonly nodes: NodeIndex;
  readonly namespaceLabels: (ns: string) => Record<string, string>;
}

function ruleMatch(
  policy: CompiledAdminPolicy,
  rule: CompiledAdminRule,
  direction: Direction,
  other: Endpoint,
  destination: Pod | undefined,
  context: TierContext,
): Omit<AdminRuleMatch, 'ports'> & { readonly wanted: PortSet } | undefined {
  const base = {
    policy: policy.ref,
    tier: policy.tier,
    ...(policy.priority !== undefined ? { priority: policy.priority } : {}),
    direction,
    rule: rule.index,
    ...(rule.name ? { ruleName: rule.name } : {}),
    action: rule.action,
  };
  if (rule.failClosed === 'match-nothing') return undefined;
  if (rule.failClosed === 'deny-all') return { ...base, effect: 'deny', peer: 'fail-closed', wanted: PortSet.all };
  let unknown: { peer: number; reason: UnknownReason } | undefined;
  for (const peer of rule.peers) {
    const hit = peerMatch(peer, other, context.namespaceLabels, context.nodes);
    if (hit === 'yes') return { ...base, effect: rule.effect, peer: peer.index, wanted: adminRulePorts(rule, destination) };
    if (hit === 'unknown' && !unknown) unknown = { peer: peer.index, reason: peer.kind === 'domainNames' ? 'dns' : 'nodes' };
  }
  if (!unknown) return undefined;
  return { ...base, effect: rule.effect, peer: unknown.peer, unknown: unknown.reason, wanted: adminRulePorts(rule, destination) };
}

interface Pending {
  readonly ports: PortSet;
  readonly passedBy: readonly AdminRuleMatch[];
}

/** Walks one tier's rules over `pending` ports: the decisions made, and the ports passed on or not matched. */
function walkTier(
  policies: readonly CompiledAdminPolicy[],
  pending: Pending,
  direction: Direction,
  other: Endpoint,
  destination: Pod | undefined,
  context: TierContext,
  decisions: TierDecision[],
): { passed: Pending[]; rest: PortSet; touched: boolean } {
  let remaining = pending.ports;
  const passed: Pending[] = [];
  let touched = false;
  for (const policy of policies) {
    for (const rule of adminRulesFor(policy, direction)) {
      if (remaining.isEmpty()) return { passed, rest: remaining, touched };
      const hit = ruleMatch(policy, rule, direction, other, destination, context);
      if (!hit) continue;
      const ports = hit.wanted.intersect(remaining);
      if (ports.isEmpty()) continue;
      touched = true;
      remaining = remaining.subtract(ports);
      const { wanted: _wanted, ...rest } = hit;
      const match: AdminRuleMatch = { ...rest, ports };
      if (match.unknown) decisions.push({ ports, outcome: 'unknown', tier: policy.tier, rule: match, passedBy: pending.passedBy });
      else if (match.effect === 'pass') passed.push({ ports, passedBy: [...pending.passedBy, match] });
      else decisions.push({ ports, outcome: match.effect, tier: policy.tier, rule: match, passedBy: pending.passedBy });
    }
  }
  return { passed, rest: remaining, touched };
}

/**
 * The decisions of every tier for one side, covering every port; undefined when no admin rule
 * matches (the NetworkPolicy verdict then stands alone, as without admin policies).
 */
export function judgeTiers(
  pod: Pod,
  direction: Direction,
  other: Endpoint,
  context: TierContext,
  networkPolicies: NetworkPolicyTier,
): TierDecision[] | undefined {
  const { admin, baseline } = context.tiers.selecting(pod, direction, context.namespaceLabels(pod.namespace));
  if (admin.length === 0 && baseline.length === 0) return undefined;
  // Named ports resolve on the destination: the pod itself for ingress, the other end for egress.
  const destination = direction === 'ingress' ? pod : other.kind === 'pod' ? other.pod : undefined;
  const decisions: TierDecision[] = [];
  const adminWalk = walkTier(admin, { ports: PortSet.all, passedBy: [] }, direction, other, destination, context, decisions);
  let touched = adminWalk.touched;
  const toNetworkPolicies: Pending[] = [...adminWalk.passed, ...(adminWalk.rest.isEmpty() ? [] : [{ ports: adminWalk.rest, passedBy: [] }])];
  for (const pending of toNetworkPolicies) {
    if (networkPolicies.isolated) {
      const allowed = pending.ports.intersect(networkPolicies.allowed);
      const denied = pending.ports.subtract(networkPolicies.allowed);
      if (!allowed.isEmpty()) decisions.push({ ports: allowed, outcome: 'allow', tier: 'NetworkPolicy', passedBy: pending.passedBy });
      if (!denied.isEmpty()) decisions.push({ ports: denied, outcome: 'deny', tier: 'NetworkPolicy', passedBy: pending.passedBy });
      continue;
    }
    const baselineWalk = walkTier(baseline, pending, direction, other, destination, context, decisions);
    touched ||= baselineWalk.touched;
    const defaults: Pending[] = [...baselineWalk.passed, ...(baselineWalk.rest.isEmpty() ? [] : [{ ports: baselineWalk.rest, passedBy: pending.passedBy }])];
    for (const d of defaults) decisions.push({ ports: d.ports, outcome: 'allow', tier: 'default', passedBy: d.passedBy });
  }
  return touched ? decisions : undefined;
}

/** The ports of a set of decisions with one outcome. */
export const portsWith = (decisions: readonly TierDecision[], outcome: TierOutcome): PortSet =>
  decisions.reduce((acc, d) => (d.outcome === outcome ? acc.union(d.ports) : acc), PortSet.empty);

/** The decision that covers this port (any port of the protocol, without a number). */
export function decisionFor(decisions: readonly TierDecision[], protocol: Parameters<PortSet['has']>[0], port?: number): TierDecision | undefined {
  return decisions.find((d) => (port === undefined ? d.ports.ranges(protocol).length > 0 : d.ports.has(protocol, port)));
}
