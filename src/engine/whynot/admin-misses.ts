// The admin rules a side's walk went past before the stage that decided: each with why it did not
// match (Admin tier, then Baseline when the walk got there), in evaluation order.
import type { AdminPeer, AdminPort, AdminRule } from '../../model/admin-policy.js';
import type { Direction, PolicyPort } from '../../model/policy.js';
import type { Pod } from '../../model/snapshot.js';
import type { PolicyIndex } from '../compile.js';
import { endpointAddresses, endpointName, isPolicySubject, type Endpoint } from '../endpoint.js';
import { compileSelector, formatSelector, isEmptySelector } from '../selector.js';
import { formatIp, parseCidr } from '../sets/ip.js';
import { IpSet } from '../sets/ip-set.js';
import { adminRulesFor } from '../tiers/compile-admin.js';
import type { TierDecision } from '../tiers/judge-tiers.js';
import type { AdminNearMiss, FailedCriterion } from './criterion.js';
import { portMiss, type PortQuery } from './port-misses.js';
import { selectorMisses } from './selector-misses.js';

const familyText = (family: 4 | 6): string => (family === 4 ? 'IPv4' : 'IPv6');

function describeEnd(end: Endpoint): string {
  if (end.kind === 'address') return `address ${end.text}`;
  return isPolicySubject(end.pod) ? `pod ${endpointName(end)}` : `host-network pod ${endpointName(end)}`;
}

function networksMisses(cidrs: readonly string[], end: Endpoint): FailedCriterion[] {
  const addresses = endpointAddresses(end);
  if (addresses.length === 0) return [{ criterion: 'no-address', wanted: `an address in ${cidrs.join(', ')}`, actual: 'no address yet' }];
  const blocks = cidrs.flatMap((c) => {
    const cidr = parseCidr(c);
    return cidr ? [cidr] : [];
  });
  const families = new Set(blocks.map((b) => b.family));
  if (!addresses.some((a) => families.has(a.family))) {
    return [{ criterion: 'address-family', wanted: `${[...families].map(familyText).join(', ')} (${cidrs.join(', ')})`, actual: `${familyText(addresses[0]!.family)} ${addresses.map((a) => formatIp(a.family, a.value)).join(', ')}` }];
  }
  const set = blocks.reduce((acc, b) => acc.union(IpSet.fromCidr(b)), IpSet.empty);
  if (addresses.some((a) => set.has(a))) return [];
  return [{ criterion: 'ipblock-not-containing', wanted: cidrs.join(', '), actual: addresses.map((a) => formatIp(a.family, a.value)).join(', ') }];
}

/** Every criterion an admin peer fails for the other end; empty when it matches (or may match). */
function adminPeerMisses(peer: AdminPeer, end: Endpoint, index: PolicyIndex): FailedCriterion[] {
  switch (peer.kind) {
    case 'namespaces':
    case 'pods': {
      if (end.kind !== 'pod' || !isPolicySubject(end.pod)) return [{ criterion: 'not-a-pod', wanted: 'a pod (the peer has selectors only)', actual: describeEnd(end) }];
      const pod = end.pod;
      return [
        ...selectorMisses(peer.namespaces, index.namespaceLabels(pod.namespace), 'namespace', pod.namespace),
        ...(peer.kind === 'pods' ? selectorMisses(peer.pods, pod.labels, 'pod') : []),
      ];
    }
    case 'networks':
      return networksMisses(peer.cidrs, end);
    case 'nodes': {
      const selects = compileSelector(peer.nodes);
      const every = isEmptySelector(peer.nodes);
      if (endpointAddresses(end).some((a) => index.nodes.matchAddress(a, selects, every) !== 'no')) return [];
      return [{ criterion: 'peer-kind', wanted: `an address of a node ${every ? '(any)' : formatSelector(peer.nodes)}`, actual: describeEnd(end) }];
    }
    case 'domainNames':
      // A name may resolve to anything outside the pod network: only pods are surely not named.
      if (end.kind === 'pod' && isPolicySubject(end.pod)) return [{ criterion: 'peer-kind', wanted: `an address of ${peer.names.join(', ')}`, actual: describeEnd(end) }];
      return [];
    case 'empty':
      return [];
  }
}

/** An admin port as a NetworkPolicy port entry: a named port means that name on the destination, in the protocol asked. */
function asPolicyPort(port: AdminPort, query: PortQuery | undefined): PolicyPort {
  switch (port.kind) {
    case 'protocol':
      return { protocol: port.protocol };
    case 'range':
      return port.written === 'range' ? { protocol: port.protocol, port: port.start, endPort: port.end } : { protocol: port.protocol, port: port.start };
    case 'named':
      return { protocol: query?.protocol ?? 'TCP', port: port.name };
  }
}

function ruleMiss(rule: AdminRule, end: Endpoint, destination: Endpoint, index: PolicyIndex, query: PortQuery | undefined): { peer: number; failed: FailedCriterion[] } {
  const judged = rule.peers.map((p, i) => ({ i, failed: adminPeerMisses(p, end, index) }));
  const best = judged.length === 0 ? { i: 0, failed: [] } : judged.reduce((a, b) => (b.failed.length < a.failed.length ? b : a));
  const port = portMiss(rule.ports === 'all' ? 'all' : rule.ports.map((p) => asPolicyPort(p, query)), destination, query);
  return { peer: best.i, failed: [...best.failed, ...(port ? [port] : [])] };
}

/**
 * The admin rules (of policies selecting `pod` for this direction) the walk went past before
 * `decision`, with what each failed, in evaluation order: the Admin tier, then the Baseline tier
 * when the walk reached it. Rules that matched (Pass rules the traffic went through) are left out.
 */
export function adminSkipped(
  pod: Pod,
  direction: Direction,
  end: Endpoint,
  index: PolicyIndex,
  query: PortQuery | undefined,
  decision: Pick<TierDecision, 'tier' | 'rule'>,
): AdminNearMiss[] {
  const destination: Endpoint = direction === 'ingress' ? { kind: 'pod', pod } : end;
  const { admin, baseline } = index.adminTiers.selecting(pod, direction, index.namespaceLabels(pod.namespace));
  const reachedBaseline = decision.tier === 'Baseline' || decision.tier === 'default';
  const skipped: AdminNearMiss[] = [];
  for (const policy of [...admin, ...(reachedBaseline ? baseline : [])]) {
    for (const compiled of adminRulesFor(policy, direction)) {
      const decider = decision.rule;
      if (decider && decider.policy.kind === policy.ref.kind && decider.policy.name === policy.ref.name && decider.rule === compiled.index) return skipped;
      if (compiled.failClosed) continue;
      const rule = policy.policy[direction][compiled.index]!;
      const miss = ruleMiss(rule, end, destination, index, query);
      if (miss.failed.length === 0) continue;
      skipped.push({
        policy: policy.ref,
        tier: policy.tier,
        ...(policy.priority !== undefined ? { priority: policy.priority } : {}),
        direction,
        rule: compiled.index,
        ...(rule.name ? { ruleName: rule.name } : {}),
        action: rule.action,
        peer: miss.peer,
        failed: miss.failed,
      });
    }
  }
  return skipped;
}
