// Rules broader than they look: no peers, every namespace, any address, and selectors split across peers.
import type { Direction, NetworkPolicy, Peer, PolicyRule } from '../../model/policy.js';
import { formatSelector, isEmptySelector } from '../selector.js';
import { clip } from '../../model/quote.js';
import { formatCidr, parseCidr } from '../sets/ip.js';
import { onPolicy, type LintFinding } from './finding.js';

const listOf = (d: Direction) => (d === 'ingress' ? 'from' : 'to');
const portsText = (rule: PolicyRule) => (rule.ports === 'all' ? 'on every port' : 'on its ports');

type PodPeer = Extract<Peer, { kind: 'pods' }>;

function peerFindings(policy: NetworkPolicy, direction: Direction, peer: Peer, field: string): LintFinding[] {
  const who = direction === 'ingress' ? 'from' : 'to';
  if (peer.kind === 'pods' && peer.namespaceSelector && isEmptySelector(peer.namespaceSelector)) {
    const pods = peer.podSelector && !isEmptySelector(peer.podSelector) ? `pods ${formatSelector(peer.podSelector)}` : 'every pod';
    return [onPolicy(policy, 'rule-allows-all-namespaces', `namespaceSelector {} admits ${direction} ${who} ${pods} in every namespace`, { field: `${field}.namespaceSelector` })];
  }
  if (peer.kind === 'ipBlock') {
    const hostBits = [peer.cidr, ...peer.except].flatMap((text, i) => {
      const cidr = parseCidr(text);
      if (!cidr) return [];
      const at = i === 0 ? `${field}.ipBlock.cidr` : `${field}.ipBlock.except[${i - 1}]`;
      const strict = formatCidr(cidr.family, cidr.first, cidr.prefix);
      const out: LintFinding[] = [];
      if (cidr.legacy) {
        const form = cidr.legacy.form === 'ipv4-mapped' ? 'an IPv4-mapped IPv6 address' : 'leading zeros';
        out.push(onPolicy(policy, 'legacy-cidr', `${clip(text)} is in a legacy form (${form}): read as ${strict}`, { field: at, fix: `write ${strict}` }));
      }
      // Compare as numbers: `::ffff:0:0/96` and its spelling variants name the same address.
      if (cidr.address !== cidr.first) out.push(onPolicy(policy, 'cidr-host-bits', `${clip(text)} has host bits set: it means ${strict}`, { field: at }));
      return out;
    });
    const block = parseCidr(peer.cidr);
    if (block && block.prefix === 0) {
      const except = peer.except.length > 0 ? ` except ${peer.except.join(', ')}` : '';
      return [
        ...hostBits,
        onPolicy(policy, 'rule-allows-any-address', `ipBlock ${peer.cidr}${except} admits ${direction} ${who} any address${except ? ' outside those blocks' : ''}`, {
          field: `${field}.ipBlock.cidr`,
          // Carving out private ranges is the usual "internet only" rule: worth knowing, less alarming.
          ...(except ? { severity: 'info' as const } : {}),
        }),
      ];
    }
    return hostBits;
  }
  return [];
}

/** `- podSelector: A` next to `- namespaceSelector: B` is "A here, or anything in B"; "A in B" needs one peer. */
function splitSelectors(policy: NetworkPolicy, direction: Direction, peers: readonly Peer[], field: string): LintFinding[] {
  const podsOnly = peers.findIndex((p) => p.kind === 'pods' && p.podSelector && !p.namespaceSelector && !isEmptySelector(p.podSelector));
  const namespacesOnly = peers.findIndex((p) => p.kind === 'pods' && p.namespaceSelector && !p.podSelector && !isEmptySelector(p.namespaceSelector));
  if (podsOnly < 0 || namespacesOnly < 0) return [];
  const pods = formatSelector((peers[podsOnly] as PodPeer).podSelector!);
  const namespaces = formatSelector((peers[namespacesOnly] as PodPeer).namespaceSelector!);
  const list = listOf(direction);
  return [
    onPolicy(
      policy,
      'selectors-in-separate-peers',
      `${list}[${podsOnly}] (pods ${pods} in ${policy.namespace}) and ${list}[${namespacesOnly}] (every pod in namespaces ${namespaces}) are two peers: either one is admitted`,
      { field, fix: `if you meant pods ${pods} in namespaces ${namespaces}, write one peer: {namespaceSelector: ${namespaces}, podSelector: ${pods}}` },
    ),
  ];
}

export function broadFindings(policy: NetworkPolicy): LintFinding[] {
  const out: LintFinding[] = [];
  for (const direction of ['ingress', 'egress'] as const) {
    const type = direction === 'ingress' ? 'Ingress' : 'Egress';
    if (!policy.policyTypes.includes(type)) {
      if (policy[direction].length > 0) {
        out.push(
          onPolicy(policy, 'ignored-rules', `spec.${direction} has ${policy[direction].length} rule(s) but policyTypes does not include ${type}: they are ignored`, {
            field: 'spec.policyTypes',
          }),
        );
      }
      continue;
    }
    policy[direction].forEach((rule, i) => {
      const field = `spec.${direction}[${i}]`;
      if (rule.peers === 'all') {
        const who = direction === 'ingress' ? 'from every pod and every address' : 'to every pod and every address';
        out.push(onPolicy(policy, 'rule-allows-everyone', `${direction} rule ${i} has no "${listOf(direction)}": it admits ${direction} ${who} ${portsText(rule)}`, { field }));
        return;
      }
      rule.peers.forEach((peer, j) => out.push(...peerFindings(policy, direction, peer, `${field}.${listOf(direction)}[${j}]`)));
      out.push(...splitSelectors(policy, direction, rule.peers, `${field}.${listOf(direction)}`));
    });
  }
  return out;
}
