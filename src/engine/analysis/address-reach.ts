// Which addresses outside the pod network a pod accepts (ingress) or reaches (egress), and on
// which ports: exact ranges, partitioned so every range has one port set.
import type { Direction, PolicyRef } from '../../model/policy.js';
import type { Pod } from '../../model/snapshot.js';
import { rulesFor, type PolicyIndex } from '../compile.js';
import { endpointFamilies, isPolicySubject } from '../endpoint.js';
import { isolatingPolicies, judgeSide, resolvePort } from '../evaluate.js';
import { formatIp, type Family } from '../sets/ip.js';
import { adminRulesFor } from '../tiers/compile-admin.js';
import type { AdminRuleMatch } from '../tiers/judge-tiers.js';
import { IpSet } from '../sets/ip-set.js';
import { PortSet } from '../sets/port-set.js';

export interface AddressGrant {
  readonly addresses: IpSet;
  readonly ports: PortSet;
  /** The rules that grant it; empty when the pod is not isolated in that direction. */
  readonly rules: readonly { readonly policy: PolicyRef; readonly rule: number; readonly peer: number | 'all'; readonly ports: PortSet }[];
  /** Admin rules (Admin or Baseline tier) that accept these addresses, when admin policies select the pod. */
  readonly adminRules?: readonly AdminRuleMatch[];
}

/**
 * Every rule of the pod's policies (in one direction) that admits some address, with its ports.
 * A pod talks only over the address families it has an address of (all, while it has none yet).
 */
export function addressGrants(pod: Pod, direction: Direction, index: PolicyIndex): AddressGrant[] {
  const families = endpointFamilies({ kind: 'pod', pod });
  if (isPolicySubject(pod) && !index.adminTiers.isEmpty) {
    const { admin, baseline } = index.adminTiers.selecting(pod, direction, index.namespaceLabels(pod.namespace));
    if (admin.length > 0 || baseline.length > 0) return tierGrants(pod, direction, index, families.length === 0 ? [4, 6] : families);
  }
  const reachable = families.length === 0 ? IpSet.all : families.reduce((acc, f) => acc.union(IpSet.family(f)), IpSet.empty);
  return rawGrants(pod, direction, index).flatMap((g) => {
    const addresses = g.addresses.intersect(reachable);
    return addresses.isEmpty() ? [] : [{ ...g, addresses }];
  });
}

/**
 * A pod some admin policy selects in this direction: the address space is cut wherever a rule could
 * judge two addresses differently (ipBlocks, networks, node addresses), and each piece is judged
 * through the same tier evaluation as a connection.
 */
function tierGrants(pod: Pod, direction: Direction, index: PolicyIndex, families: readonly Family[]): AddressGrant[] {
  const { admin, baseline } = index.adminTiers.selecting(pod, direction, index.namespaceLabels(pod.namespace));
  const peers = [...admin, ...baseline].flatMap((p) => adminRulesFor(p, direction).flatMap((r) => r.peers));
  const sets = [
    ...rawGrants(pod, direction, index).map((g) => g.addresses),
    ...peers.flatMap((peer) => (peer.kind === 'networks' ? [peer.addresses] : [])),
    ...(peers.some((peer) => peer.kind === 'nodes') ? index.nodes.knownAddresses().map((a) => IpSet.address(a)) : []),
  ];
  const grants: AddressGrant[] = [];
  for (const family of families) {
    const max = family === 4 ? (1n << 32n) - 1n : (1n << 128n) - 1n;
    const cuts = new Set<bigint>([0n, max + 1n]);
    for (const set of sets) for (const [lo, hi] of set.ranges(family)) cuts.add(lo).add(hi + 1n);
    const points = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (let i = 0; i + 1 < points.length; i++) {
      const lo = points[i]!;
      const hi = points[i + 1]! - 1n;
      const address = { family, value: lo };
      const side = judgeSide(pod, direction, { kind: 'address', address, text: formatIp(family, lo) }, index);
      if (side.allowed.isEmpty()) continue;
      const decisions = side.tiers ?? [];
      const adminRules = decisions.flatMap((d) => (d.outcome === 'allow' && d.rule ? [d.rule] : []));
      const npAllows = decisions.length === 0 || decisions.some((d) => d.outcome === 'allow' && d.tier === 'NetworkPolicy');
      grants.push({
        addresses: IpSet.fromRange(family, lo, hi),
        ports: side.allowed,
        rules: npAllows ? side.matches.map((m) => ({ policy: m.policy, rule: m.rule, peer: m.peer, ports: m.ports.intersect(side.allowed) })) : [],
        ...(adminRules.length > 0 ? { adminRules } : {}),
      });
    }
  }
  return grants;
}

function rawGrants(pod: Pod, direction: Direction, index: PolicyIndex): AddressGrant[] {
  const policies = isPolicySubject(pod) ? isolatingPolicies(pod, direction, index) : [];
  if (policies.length === 0) return [{ addresses: IpSet.all, ports: PortSet.all, rules: [] }];
  const grants: AddressGrant[] = [];
  for (const policy of policies) {
    for (const rule of rulesFor(policy, direction)!) {
      // Named ports resolve on the destination: the pod itself for ingress, nothing for an address.
      const destination = direction === 'ingress' ? ({ kind: 'pod', pod } as const) : ({ kind: 'address', address: { family: 4, value: 0n }, text: '' } as const);
      const ports = rule.ports === 'all' ? PortSet.all : rule.ports.reduce((acc, p) => acc.union(resolvePort(p, destination)), PortSet.empty);
      if (ports.isEmpty()) continue;
      if (rule.peers === 'all') {
        grants.push({ addresses: IpSet.all, ports, rules: [{ policy: policy.ref, rule: rule.index, peer: 'all', ports }] });
        continue;
      }
      for (const peer of rule.peers) {
        if (peer.kind === 'ipBlock' && !peer.addresses.isEmpty()) {
          grants.push({ addresses: peer.addresses, ports, rules: [{ policy: policy.ref, rule: rule.index, peer: peer.index, ports }] });
        }
      }
    }
  }
  return grants;
}

/**
 * Splits the union of the grants into ranges that each have one port set (the union of the ports of
 * every grant covering them), then merges ranges with equal port sets.
 */
export function partitionGrants(grants: readonly AddressGrant[]): AddressGrant[] {
  const byPorts = new Map<string, { addresses: IpSet; ports: PortSet; rules: Map<string, AddressGrant['rules'][number]>; admin: Map<string, AdminRuleMatch> }>();
  for (const family of [4, 6] as const) {
    const cuts = new Set<bigint>();
    for (const g of grants) for (const [lo, hi] of g.addresses.ranges(family)) cuts.add(lo).add(hi + 1n);
    const points = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (let i = 0; i + 1 < points.length; i++) {
      const lo = points[i]!;
      const hi = points[i + 1]! - 1n;
      const covering = grants.filter((g) => g.addresses.has({ family: family as Family, value: lo }));
      if (covering.length === 0) continue;
      const ports = covering.reduce((acc, g) => acc.union(g.ports), PortSet.empty);
      const key = ports.toString();
      const slot = byPorts.get(key) ?? { addresses: IpSet.empty, ports, rules: new Map(), admin: new Map() };
      slot.addresses = slot.addresses.union(IpSet.fromRange(family, lo, hi));
      for (const g of covering) for (const r of g.rules) slot.rules.set(`${r.policy.namespace}/${r.policy.name}#${r.rule}#${r.peer}`, r);
      for (const g of covering) for (const r of g.adminRules ?? []) slot.admin.set(`${r.policy.kind}/${r.policy.name}#${r.rule}`, r);
      byPorts.set(key, slot);
    }
  }
  return [...byPorts.values()].map((s) => ({ addresses: s.addresses, ports: s.ports, rules: [...s.rules.values()], ...(s.admin.size > 0 ? { adminRules: [...s.admin.values()] } : {}) }));
}
