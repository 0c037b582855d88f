// Whether every connection one admin policy rule matches, another rule matches too: subjects, peers
// and ports compared as sets, from what is written (so it holds on every cluster, whatever its pods,
// namespaces and Nodes). Sound, not complete: `true` is a proof.
import type { AdminPeer, AdminPolicy, AdminPort, AdminRule, AdminSubject } from '../../model/admin-policy.js';
import type { LabelSelector } from '../../model/policy.js';
import { IpSet } from '../sets/ip-set.js';
import { PortSet } from '../sets/port-set.js';
import { selectorCovers } from './selector-covers.js';

const EVERYTHING: LabelSelector = { matchLabels: {}, matchExpressions: [] };

/** A subject or a pods-like peer as a (namespaces, pods) pair; `namespaces` means every pod there. */
function podsOf(x: AdminSubject | Extract<AdminPeer, { kind: 'namespaces' | 'pods' }>): { namespaces: LabelSelector; pods: LabelSelector } {
  return { namespaces: x.namespaces, pods: x.kind === 'pods' ? x.pods : EVERYTHING };
}

/** Every pod `narrow` selects, `wide` selects. */
export function subjectCovers(wide: AdminSubject, narrow: AdminSubject): boolean {
  const [w, n] = [podsOf(wide), podsOf(narrow)];
  return selectorCovers(w.namespaces, n.namespaces) && selectorCovers(w.pods, n.pods);
}

const addressesOf = (cidrs: readonly string[]): IpSet => cidrs.reduce((acc, c) => acc.union(IpSet.parse(c) ?? IpSet.empty), IpSet.empty);

/** A networks peer with every IPv4 and every IPv6 address: it matches any connection's other end. */
const everyAddress = (peer: AdminPeer): boolean => peer.kind === 'networks' && IpSet.all.isSubsetOf(addressesOf(peer.cidrs));

const domain = (name: string): string => name.toLowerCase().replace(/\.$/, '');

/** Every other end of a connection `narrow` matches, `wide` matches. */
function peerCovers(wide: AdminPeer, narrow: AdminPeer): boolean {
  // Pods, Nodes and DNS names are all reached at IP addresses, which a networks peer of every address matches.
  if (everyAddress(wide)) return narrow.kind !== 'empty';
  switch (narrow.kind) {
    case 'namespaces':
    case 'pods': {
      if (wide.kind !== 'namespaces' && wide.kind !== 'pods') return false;
      const [w, n] = [podsOf(wide), podsOf(narrow)];
      return selectorCovers(w.namespaces, n.namespaces) && selectorCovers(w.pods, n.pods);
    }
    case 'networks':
      return wide.kind === 'networks' && addressesOf(narrow.cidrs).isSubsetOf(addressesOf(wide.cidrs));
    case 'nodes':
      return wide.kind === 'nodes' && selectorCovers(wide.nodes, narrow.nodes);
    case 'domainNames':
      // Exact names only: what a wildcard covers is up to the implementation's DNS handling.
      return wide.kind === 'domainNames' && narrow.names.every((n) => wide.names.some((w) => domain(w) === domain(n)));
    case 'empty':
      return false;
  }
}

/** The numbered ports of a list (named ports aside). */
function numbered(ports: readonly AdminPort[]): PortSet {
  return ports.reduce(
    (acc, p) => (p.kind === 'protocol' ? acc.union(PortSet.protocol(p.protocol)) : p.kind === 'range' && p.start <= p.end ? acc.union(PortSet.range(p.protocol, p.start, p.end)) : acc),
    PortSet.empty,
  );
}

/** Every port `narrow` matches on any destination, `wide` matches there too. */
function portsCover(wide: AdminRule['ports'], narrow: AdminRule['ports']): boolean {
  if (wide === 'all') return true;
  const wideNumbers = numbered(wide);
  if (narrow === 'all') return wideNumbers.isAll();
  if (!numbered(narrow).subtract(wideNumbers).isEmpty()) return false;
  // A named port is some port of the destination pod: the same name, or every port of every protocol.
  return narrow.every((p) => p.kind !== 'named' || wideNumbers.isAll() || wide.some((w) => w.kind === 'named' && w.name === p.name));
}

/**
 * Whether `wide` (a rule of policy `widePolicy`) matches every connection `narrow` (a rule of
 * `narrowPolicy`, same direction) matches. A peer that sets no field makes a Deny or Pass rule match
 * everything (the API's fail closed) and an Accept/Allow rule match nothing.
 */
export function ruleCovers(widePolicy: AdminPolicy, wide: AdminRule, narrowPolicy: AdminPolicy, narrow: AdminRule): boolean {
  if (!subjectCovers(widePolicy.subject, narrowPolicy.subject)) return false;
  const failsClosed = (rule: AdminRule) => rule.peers.some((p) => p.kind === 'empty');
  const allows = (rule: AdminRule) => rule.action === 'Accept' || rule.action === 'Allow';
  if (failsClosed(wide)) return !allows(wide);
  if (failsClosed(narrow)) return false;
  return narrow.peers.every((n) => wide.peers.some((w) => peerCovers(w, n))) && portsCover(wide.ports, narrow.ports);
}
