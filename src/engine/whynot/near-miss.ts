// The walkthrough of a denied side: every rule of every policy selecting that end, each with the
// criteria it failed, closest first.
import type { Direction, NetworkPolicy, PolicyRule, PolicyType } from '../../model/policy.js';
import type { Pod } from '../../model/snapshot.js';
import type { PolicyIndex } from '../compile.js';
import { isPolicySubject, type Endpoint } from '../endpoint.js';
import type { FailedCriterion, NearMiss } from './criterion.js';
import { peerMisses } from './peer-misses.js';
import { portMiss, type PortQuery } from './port-misses.js';

const TYPE: Record<Direction, PolicyType> = { ingress: 'Ingress', egress: 'Egress' };
const other = (d: Direction): Direction => (d === 'ingress' ? 'egress' : 'ingress');

/** The failures of one rule: its closest peer's, its ports', and the policy's own when the direction is inert. */
function ruleMiss(policy: NetworkPolicy, direction: Direction, rule: PolicyRule, index: number, end: Endpoint, destination: Endpoint, query: PortQuery | undefined, pidx: PolicyIndex): NearMiss {
  const shape: FailedCriterion[] = policy.policyTypes.includes(TYPE[direction])
    ? []
    : [{ criterion: 'direction-not-in-policy-types', wanted: `${TYPE[direction]} in policyTypes`, actual: `policyTypes: ${policy.policyTypes.join(', ') || '(none)'}` }];
  let peer: number | 'all' = 'all';
  let peerFailed: FailedCriterion[] = [];
  if (rule.peers !== 'all') {
    const judged = rule.peers.map((p, i) => ({ i, failed: peerMisses(p, policy.namespace, end, pidx) }));
    // The closest peer: fewest failed criteria, then the first.
    const best = judged.reduce((a, b) => (b.failed.length < a.failed.length ? b : a));
    peer = best.i;
    peerFailed = best.failed;
  }
  const port = portMiss(rule.ports, destination, query);
  return { policy: { namespace: policy.namespace, name: policy.name }, direction, rule: index, peer, failed: [...shape, ...peerFailed, ...(port ? [port] : [])] };
}

/** A policy that isolates this direction without a rule for it, while it has rules for the other one. */
function withoutRules(policy: NetworkPolicy, direction: Direction): NearMiss | undefined {
  if (!policy.policyTypes.includes(TYPE[direction]) || policy[direction].length > 0 || policy[other(direction)].length === 0) return undefined;
  const actual = policy.policyTypesDefaulted
    ? `policyTypes defaulted to ${policy.policyTypes.join(', ')}, with no ${direction} rule`
    : `policyTypes lists ${TYPE[direction]}, with no ${direction} rule`;
  return {
    policy: { namespace: policy.namespace, name: policy.name },
    direction,
    failed: [{ criterion: 'policy-types-without-rules', wanted: `an ${direction} rule, or policyTypes without ${TYPE[direction]}`, actual }],
  };
}

/** Closest first: fewer failed criteria; then rules before policies without rules; then policy and rule order. */
export function rankNearMisses(misses: readonly NearMiss[]): NearMiss[] {
  return misses
    .map((m, i) => ({ m, i }))
    .sort((a, b) => a.m.failed.length - b.m.failed.length || Number(a.m.rule === undefined) - Number(b.m.rule === undefined) || a.i - b.i)
    .map(({ m }) => m);
}

/**
 * Every rule of every policy that selects `pod` (whatever its policyTypes) judged against the other
 * end of a connection in one direction, with the criteria it failed, closest first. `query` is the
 * port asked about on the destination (undefined: any port). Rules that fail nothing are left out:
 * they admit the connection.
 */
export function nearMisses(pod: Pod, direction: Direction, end: Endpoint, index: PolicyIndex, query: PortQuery | undefined): NearMiss[] {
  if (!isPolicySubject(pod)) return [];
  const destination: Endpoint = direction === 'ingress' ? { kind: 'pod', pod } : end;
  const misses: NearMiss[] = [];
  for (const compiled of index.policiesIn(pod.namespace)) {
    if (!compiled.selects(pod.labels)) continue;
    const policy = compiled.policy;
    policy[direction].forEach((rule, i) => {
      const miss = ruleMiss(policy, direction, rule, i, end, destination, query, index);
      if (miss.failed.length > 0) misses.push(miss);
    });
    const inert = withoutRules(policy, direction);
    if (inert) misses.push(inert);
  }
  return rankNearMisses(misses);
}
