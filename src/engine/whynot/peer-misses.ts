// Why one peer of a rule does not match the other end of a connection.
import type { Peer } from '../../model/policy.js';
import type { PolicyIndex } from '../compile.js';
import { endpointAddresses, endpointName, isPolicySubject, type Endpoint } from '../endpoint.js';
import { formatIp, parseCidr, type IpAddress } from '../sets/ip.js';
import { IpSet } from '../sets/ip-set.js';
import type { FailedCriterion } from './criterion.js';
import { selectorMisses } from './selector-misses.js';

const addressText = (a: IpAddress): string => formatIp(a.family, a.value);
const familyText = (family: 4 | 6): string => (family === 4 ? 'IPv4' : 'IPv6');

function otherDescription(other: Endpoint): string {
  if (other.kind === 'address') return `address ${other.text}`;
  return `host-network pod ${endpointName(other)} (its node's address)`;
}

/** An ipBlock against the other end's addresses: the closest address decides which reason is given. */
function ipBlockMisses(peer: Extract<Peer, { kind: 'ipBlock' }>, other: Endpoint, index: PolicyIndex): FailedCriterion[] {
  if (other.kind === 'pod' && isPolicySubject(other.pod) && !index.options.ipBlockMatchesPods) {
    return [{ criterion: 'ipblock-external-only', wanted: `an address outside the pod network in ${peer.cidr}`, actual: 'a pod' }];
  }
  const addresses = endpointAddresses(other);
  if (addresses.length === 0) return [{ criterion: 'no-address', wanted: `an address in ${peer.cidr}`, actual: 'no address yet' }];
  const cidr = parseCidr(peer.cidr);
  if (!cidr) return [{ criterion: 'invalid-peer', wanted: 'a valid CIDR', actual: peer.cidr }];
  const block = IpSet.fromCidr(cidr);
  const same = addresses.filter((a) => a.family === cidr.family);
  if (same.length === 0) {
    return [{ criterion: 'address-family', wanted: `${familyText(cidr.family)} (${peer.cidr})`, actual: `${familyText(addresses[0]!.family)} ${addresses.map(addressText).join(', ')}` }];
  }
  const inside = same.filter((a) => block.has(a));
  if (inside.length === 0) return [{ criterion: 'ipblock-not-containing', wanted: peer.cidr, actual: same.map(addressText).join(', ') }];
  // Inside the block: some except removes every address that is inside (otherwise the peer would match).
  const address = inside[0]!;
  const except = peer.except.find((e) => IpSet.parse(e)?.has(address)) ?? peer.except[0] ?? '';
  return [{ criterion: 'ipblock-except', wanted: `${peer.cidr} except ${except}`, actual: addressText(address) }];
}

/**
 * Every criterion `peer` (of a policy in `policyNamespace`) fails for the other end; empty when it
 * matches.
 */
export function peerMisses(peer: Peer, policyNamespace: string, other: Endpoint, index: PolicyIndex): FailedCriterion[] {
  switch (peer.kind) {
    case 'invalid':
      return [{ criterion: 'invalid-peer', wanted: 'a peer the API accepts', actual: peer.reason === 'empty-peer' ? 'a peer with no field' : 'ipBlock together with a selector' }];
    case 'ipBlock':
      return ipBlockMisses(peer, other, index);
    case 'pods': {
      if (other.kind !== 'pod' || !isPolicySubject(other.pod)) return [{ criterion: 'not-a-pod', wanted: 'a pod (the peer has selectors only)', actual: otherDescription(other) }];
      const pod = other.pod;
      const failed: FailedCriterion[] = [];
      if (peer.namespaceSelector === undefined) {
        if (pod.namespace !== policyNamespace) {
          failed.push({ criterion: 'own-namespace-only', wanted: `namespace ${policyNamespace}`, actual: `namespace ${pod.namespace}` });
        }
      } else failed.push(...selectorMisses(peer.namespaceSelector, index.namespaceLabels(pod.namespace), 'namespace', pod.namespace));
      if (peer.podSelector !== undefined) failed.push(...selectorMisses(peer.podSelector, pod.labels, 'pod'));
      return failed;
    }
  }
}
