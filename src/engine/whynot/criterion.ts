// Why one rule of a policy did not admit a connection: a closed set of structured reasons.
import type { Direction, PolicyRef } from '../../model/policy.js';
import type { AdminRuleRef } from '../tiers/judge-tiers.js';

export type Criterion =
  /** The peer's namespaceSelector wants a label the namespace does not have. */
  | 'namespace-label-missing'
  /** The namespace has the label, with a value (or a presence) the namespaceSelector does not accept. */
  | 'namespace-label-different'
  /** The peer's podSelector wants a label the pod does not have. */
  | 'pod-label-missing'
  /** The pod has the label, with a value (or a presence) the podSelector does not accept. */
  | 'pod-label-different'
  /** A podSelector without namespaceSelector looks only in the policy's own namespace. */
  | 'own-namespace-only'
  /** A pod peer (selectors) against an address outside the pod network, or a host-network pod. */
  | 'not-a-pod'
  /** An ipBlock whose CIDR does not contain the address. */
  | 'ipblock-not-containing'
  /** An ipBlock whose CIDR contains the address, but one of its `except` entries removes it. */
  | 'ipblock-except'
  /** An ipBlock of one address family against an end that has addresses of the other family only. */
  | 'address-family'
  /** An ipBlock against a pod, when ipBlocks match only addresses outside the pod network (--ipblock-external-only). */
  | 'ipblock-external-only'
  /** An ipBlock against an end that has no address yet (a pod made from a template, or not started). */
  | 'no-address'
  /** A peer the API would reject: it matches nothing. */
  | 'invalid-peer'
  /** An admin policy's nodes or domainNames peer, and an end that is no node address (or no name it gives). */
  | 'peer-kind'
  /** The rule admits other ports of the protocol. */
  | 'port-not-in-rule'
  /** The rule admits a port range (port..endPort) that excludes the port. */
  | 'port-range'
  /** The rule admits other protocols only. */
  | 'port-protocol'
  /** The rule names a port the destination does not declare. */
  | 'named-port-undeclared'
  /** The rule names a port the destination declares for another protocol. */
  | 'named-port-protocol'
  /** The policy has rules for this direction, but not this direction in policyTypes: the rules are inert. */
  | 'direction-not-in-policy-types'
  /** The policy has this direction in policyTypes but no rule for it: it isolates and admits nothing. */
  | 'policy-types-without-rules';

export const CRITERIA: readonly Criterion[] = [
  'namespace-label-missing',
  'namespace-label-different',
  'pod-label-missing',
  'pod-label-different',
  'own-namespace-only',
  'not-a-pod',
  'ipblock-not-containing',
  'ipblock-except',
  'address-family',
  'ipblock-external-only',
  'no-address',
  'invalid-peer',
  'peer-kind',
  'port-not-in-rule',
  'port-range',
  'port-protocol',
  'named-port-undeclared',
  'named-port-protocol',
  'direction-not-in-policy-types',
  'policy-types-without-rules',
];

/** What the rule wanted, and what the connection had instead (both short, for text and JSON). */
export interface FailedCriterion {
  readonly criterion: Criterion;
  readonly wanted: string;
  readonly actual: string;
  /** The label key, for label criteria. */
  readonly key?: string;
  /** The namespace whose labels were judged, for namespace criteria. */
  readonly namespace?: string;
}

/** The kind of change a failure asks for: the peer, the ports, or the policy's shape (policyTypes). */
export type CriterionGroup = 'peer' | 'port' | 'policy';

export function criterionGroup(criterion: Criterion): CriterionGroup {
  switch (criterion) {
    case 'namespace-label-missing':
    case 'namespace-label-different':
    case 'pod-label-missing':
    case 'pod-label-different':
    case 'own-namespace-only':
    case 'not-a-pod':
    case 'ipblock-not-containing':
    case 'ipblock-except':
    case 'address-family':
    case 'ipblock-external-only':
    case 'no-address':
    case 'invalid-peer':
    case 'peer-kind':
      return 'peer';
    case 'port-not-in-rule':
    case 'port-range':
    case 'port-protocol':
    case 'named-port-undeclared':
    case 'named-port-protocol':
      return 'port';
    case 'direction-not-in-policy-types':
    case 'policy-types-without-rules':
      return 'policy';
  }
}

/** A rule of an admin policy (ClusterNetworkPolicy, AdminNetworkPolicy, BaselineAdminNetworkPolicy) that the walk went past. */
export interface AdminNearMiss extends AdminRuleRef {
  /** The closest peer (index in from/to). */
  readonly peer: number;
  readonly failed: readonly FailedCriterion[];
}

/** One rule of one policy selecting an end of a denied connection, and every criterion it failed. */
export interface NearMiss {
  readonly policy: PolicyRef;
  readonly direction: Direction;
  /** Index in spec.ingress / spec.egress; undefined for a policy with no rule in this direction. */
  readonly rule?: number;
  /** The closest peer of the rule (index in from/to), `all` for a rule without peers. */
  readonly peer?: number | 'all';
  readonly failed: readonly FailedCriterion[];
}
