// The parts of a policy the organisation checks look at, in document order, with their field paths.
import type { Direction, NetworkPolicy, Peer, PolicyPort, PolicyRule } from '../../../model/policy.js';
import { peersField } from './cel.js';

export const DIRECTIONS: readonly Direction[] = ['ingress', 'egress'];

export interface RuleAt {
  readonly rule: PolicyRule;
  /** `spec.ingress[0]` */
  readonly field: string;
}

export interface PeerAt {
  readonly peer: Peer;
  /** `spec.ingress[0].from[1]` */
  readonly field: string;
}

export interface PortAt {
  readonly port: PolicyPort;
  /** `spec.ingress[0].ports[1]` */
  readonly field: string;
}

export const rulesOf = (policy: NetworkPolicy, direction: Direction): RuleAt[] =>
  policy[direction].map((rule, i) => ({ rule, field: `spec.${direction}[${i}]` }));

/** Every peer of every rule of a direction (rules without peers have none). */
export const peersOf = (policy: NetworkPolicy, direction: Direction): PeerAt[] =>
  rulesOf(policy, direction).flatMap(({ rule, field }) =>
    rule.peers === 'all' ? [] : rule.peers.map((peer, j) => ({ peer, field: `${field}.${peersField(direction)}[${j}]` })),
  );
