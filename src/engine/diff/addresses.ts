// Address ranges outside the pod network that a policy change opens or closes for each workload.
import type { Direction } from '../../model/policy.js';
import type { PolicyIndex } from '../compile.js';
import { addressGrants, partitionGrants, type AddressGrant } from '../analysis/address-reach.js';
import type { PodGroup } from '../analysis/workload-groups.js';
import type { IpSet } from '../sets/ip-set.js';
import type { PortSet } from '../sets/port-set.js';
import { policiesChangedIn } from './changed.js';
import { directionChanged, type Changes } from './connections.js';

export interface AddressChange {
  readonly group: PodGroup;
  /** `ingress`: from these addresses to the workload; `egress`: from the workload to them. */
  readonly direction: Direction;
  readonly addresses: IpSet;
  readonly ports: PortSet;
  /** The rules of the state that allows it (the proposed one for opened, the current one for closed). */
  readonly rules: AddressGrant['rules'];
}

/**
 * What `a` allows and `b` does not, as ranges that each have one port set. Both are partitions
 * (disjoint address ranges, one port set each), as partitionGrants returns them.
 */
export function grantsMinus(a: readonly AddressGrant[], b: readonly AddressGrant[]): AddressGrant[] {
  const pieces: AddressGrant[] = [];
  for (const grant of a) {
    let rest = grant.addresses;
    for (const other of b) {
      const shared = grant.addresses.intersect(other.addresses);
      if (shared.isEmpty()) continue;
      rest = rest.subtract(other.addresses);
      const ports = grant.ports.subtract(other.ports);
      if (!ports.isEmpty()) pieces.push({ addresses: shared, ports, rules: grant.rules });
    }
    if (!rest.isEmpty()) pieces.push({ addresses: rest, ports: grant.ports, rules: grant.rules });
  }
  return partitionGrants(pieces);
}

export function addressChanges(groups: readonly PodGroup[], before: PolicyIndex, after: PolicyIndex): Changes<AddressChange> {
  const opened: AddressChange[] = [];
  const closed: AddressChange[] = [];
  const changedIn = policiesChangedIn(before, after);
  for (const group of groups) {
    const pod = group.pods[0]!;
    if (!changedIn(pod.namespace)) continue;
    for (const direction of ['ingress', 'egress'] as const) {
      if (!directionChanged(pod, direction, before, after)) continue;
      const was = partitionGrants(addressGrants(pod, direction, before));
      const now = partitionGrants(addressGrants(pod, direction, after));
      for (const g of grantsMinus(now, was)) opened.push({ group, direction, addresses: g.addresses, ports: g.ports, rules: g.rules });
      for (const g of grantsMinus(was, now)) closed.push({ group, direction, addresses: g.addresses, ports: g.ports, rules: g.rules });
    }
  }
  return { opened, closed };
}
