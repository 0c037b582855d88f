// Compiles admin policies once into ordered tiers of typed matchers that remember their provenance.
//
// Order within a tier (the API leaves equal priorities undefined; this order is documented):
// - Admin: Admin-tier ClusterNetworkPolicies and AdminNetworkPolicies together, by ascending priority,
//   then by name, then a ClusterNetworkPolicy before an AdminNetworkPolicy of the same name.
// - Baseline: Baseline-tier ClusterNetworkPolicies by ascending priority, then by name; then the
//   BaselineAdminNetworkPolicy.
import type { AdminAction, AdminPolicy, AdminPolicyRef, AdminPort, AdminRule, AdminTier } from '../../model/admin-policy.js';
import type { Direction } from '../../model/policy.js';
import type { Labels, Pod, Protocol } from '../../model/snapshot.js';
import { isPolicySubject } from '../endpoint.js';
import { compileSelector, isEmptySelector, type LabelMatcher } from '../selector.js';
import { IpSet } from '../sets/ip-set.js';
import { PortSet } from '../sets/port-set.js';
import { podClassKey } from '../analysis/pod-class.js';

export type AdminEffect = 'allow' | 'deny' | 'pass';

export const effectOf = (action: AdminAction): AdminEffect => (action === 'Deny' ? 'deny' : action === 'Pass' ? 'pass' : 'allow');

export type CompiledAdminPeer =
  | { readonly kind: 'pods'; readonly index: number; readonly namespaces: LabelMatcher; readonly pods: LabelMatcher }
  | { readonly kind: 'networks'; readonly index: number; readonly addresses: IpSet }
  | { readonly kind: 'nodes'; readonly index: number; readonly nodes: LabelMatcher; readonly everyNode: boolean }
  /** `mayNamePods`: a name that could be a pod's or a headless Service's DNS record in the cluster. */
  | { readonly kind: 'domainNames'; readonly index: number; readonly mayNamePods: boolean };

export type CompiledAdminPort =
  | { readonly kind: 'numbers'; readonly ports: PortSet }
  /** Resolved on the destination pod: its container ports of that name, whatever their protocol. */
  | { readonly kind: 'named'; readonly name: string };

export interface CompiledAdminRule {
  readonly index: number;
  readonly name?: string;
  readonly action: AdminAction;
  readonly effect: AdminEffect;
  readonly peers: readonly CompiledAdminPeer[];
  readonly ports: 'all' | readonly CompiledAdminPort[];
  /**
   * A peer with no field set: the API says to fail closed, which for Accept/Allow rules is "match
   * nothing" and for Deny and Pass rules is "deny everything".
   */
  readonly failClosed?: 'match-nothing' | 'deny-all';
}

export interface CompiledAdminPolicy {
  readonly ref: AdminPolicyRef;
  readonly policy: AdminPolicy;
  readonly tier: AdminTier;
  readonly priority?: number;
  readonly selects: (pod: Pod, namespaceLabels: Labels) => boolean;
  readonly ingress: readonly CompiledAdminRule[];
  readonly egress: readonly CompiledAdminRule[];
}

/** Pod and headless Service DNS records live under `<ns>.pod.<domain>` and `<svc>.<ns>.svc.<domain>`. */
function mayNamePods(name: string): boolean {
  const labels = name.toLowerCase().replace(/\.$/, '').split('.');
  if (labels.includes('pod') || labels.includes('svc')) return true;
  // A wildcard over the cluster domain (`*.cluster.local`, `*.local`) covers those records too.
  const suffix = labels.slice(labels[0] === '*' ? 1 : 0).join('.');
  return labels[0] === '*' && ('cluster.local'.endsWith(suffix) || suffix === 'local');
}

function compilePort(port: AdminPort): CompiledAdminPort {
  switch (port.kind) {
    case 'protocol':
      return { kind: 'numbers', ports: PortSet.protocol(port.protocol) };
    case 'range':
      return { kind: 'numbers', ports: port.start <= port.end ? PortSet.range(port.protocol, port.start, port.end) : PortSet.empty };
    case 'named':
      return { kind: 'named', name: port.name };
  }
}

function compileRule(rule: AdminRule, index: number): CompiledAdminRule {
  const peers: CompiledAdminPeer[] = [];
  let empty = false;
  rule.peers.forEach((peer, i) => {
    switch (peer.kind) {
      case 'namespaces':
        peers.push({ kind: 'pods', index: i, namespaces: compileSelector(peer.namespaces), pods: () => true });
        break;
      case 'pods':
        peers.push({ kind: 'pods', index: i, namespaces: compileSelector(peer.namespaces), pods: compileSelector(peer.pods) });
        break;
      case 'networks': {
        const addresses = peer.cidrs.reduce((acc, c) => acc.union(IpSet.parse(c) ?? IpSet.empty), IpSet.empty);
        peers.push({ kind: 'networks', index: i, addresses });
        break;
      }
      case 'nodes':
        peers.push({ kind: 'nodes', index: i, nodes: compileSelector(peer.nodes), everyNode: isEmptySelector(peer.nodes) });
        break;
      case 'domainNames':
        peers.push({ kind: 'domainNames', index: i, mayNamePods: peer.names.some(mayNamePods) });
        break;
      case 'empty':
        empty = true;
        break;
    }
  });
  const effect = effectOf(rule.action);
  return {
    index,
    ...(rule.name ? { name: rule.name } : {}),
    action: rule.action,
    effect,
    peers,
    ports: rule.ports === 'all' ? 'all' : rule.ports.map(compilePort),
    ...(empty ? { failClosed: effect === 'allow' ? ('match-nothing' as const) : ('deny-all' as const) } : {}),
  };
}

function compileAdminPolicy(policy: AdminPolicy): CompiledAdminPolicy {
  const namespaces = compileSelector(policy.subject.namespaces);
  const pods = policy.subject.kind === 'pods' ? compileSelector(policy.subject.pods) : () => true;
  return {
    ref: { kind: policy.kind, name: policy.name },
    policy,
    tier: policy.tier,
    ...(policy.priority !== undefined ? { priority: policy.priority } : {}),
    // Host-network pods are never subjects.
    selects: (pod, namespaceLabels) => isPolicySubject(pod) && namespaces(namespaceLabels) && pods(pod.labels),
    ingress: policy.ingress.map(compileRule),
    egress: policy.egress.map(compileRule),
  };
}

const KIND_RANK: Record<AdminPolicy['kind'], number> = { ClusterNetworkPolicy: 0, AdminNetworkPolicy: 1, BaselineAdminNetworkPolicy: 2 };

/** The documented evaluation order of one tier. */
export function compareInTier(a: AdminPolicy, b: AdminPolicy): number {
  // The BaselineAdminNetworkPolicy has no priority and comes after every Baseline ClusterNetworkPolicy.
  const rank = (p: AdminPolicy) => (p.kind === 'BaselineAdminNetworkPolicy' ? 1 : 0);
  return (
    rank(a) - rank(b) ||
    (a.priority ?? 0) - (b.priority ?? 0) ||
    (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
    KIND_RANK[a.kind] - KIND_RANK[b.kind]
  );
}

export const adminRulesFor = (policy: CompiledAdminPolicy, direction: Direction): readonly CompiledAdminRule[] =>
  direction === 'ingress' ? policy.ingress : policy.egress;

/** Both admin tiers, in evaluation order. */
export class AdminTiers {
  readonly admin: readonly CompiledAdminPolicy[];
  readonly baseline: readonly CompiledAdminPolicy[];
  /** Whether any rule has a networks or nodes peer: only then can an address (or its family) change a verdict. */
  readonly hasAddressPeers: boolean;
  private readonly cache = new Map<string, { admin: CompiledAdminPolicy[]; baseline: CompiledAdminPolicy[] }>();

  constructor(policies: readonly AdminPolicy[]) {
    const sorted = [...policies].sort(compareInTier).map(compileAdminPolicy);
    this.admin = sorted.filter((p) => p.tier === 'Admin');
    this.baseline = sorted.filter((p) => p.tier === 'Baseline');
    this.hasAddressPeers = sorted.some((p) => p.egress.some((r) => r.peers.some((peer) => peer.kind === 'networks' || peer.kind === 'nodes')));
  }

  get isEmpty(): boolean {
    return this.admin.length === 0 && this.baseline.length === 0;
  }

  /** The policies of each tier whose subject selects the pod and that have rules for this direction. */
  selecting(pod: Pod, direction: Direction, namespaceLabels: Labels): { readonly admin: readonly CompiledAdminPolicy[]; readonly baseline: readonly CompiledAdminPolicy[] } {
    if (this.isEmpty) return { admin: [], baseline: [] };
    // Namespace labels are fixed for one index, and the class key holds the namespace.
    const key = `${direction}\u0003${podClassKey(pod)}`;
    let hit = this.cache.get(key);
    if (!hit) {
      const pick = (list: readonly CompiledAdminPolicy[]) => list.filter((p) => adminRulesFor(p, direction).length > 0 && p.selects(pod, namespaceLabels));
      hit = { admin: pick(this.admin), baseline: pick(this.baseline) };
      this.cache.set(key, hit);
    }
    return hit;
  }
}

/** The ports of a rule towards this destination pod (undefined for an address: named ports resolve to nothing). */
export function adminRulePorts(rule: CompiledAdminRule, destination: Pod | undefined): PortSet {
  if (rule.ports === 'all') return PortSet.all;
  let ports = PortSet.empty;
  for (const port of rule.ports) {
    if (port.kind === 'numbers') ports = ports.union(port.ports);
    else if (destination) {
      for (const p of destination.ports) if (p.name === port.name) ports = ports.union(PortSet.range(p.protocol as Protocol, p.port));
    }
  }
  return ports;
}
