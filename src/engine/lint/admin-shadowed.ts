// Admin policy rules that never apply: a rule evaluated before them matches every connection they
// match, whatever the cluster holds (subjects, peers and ports compared as written).
//
// "Before" is only what the APIs define, so the finding is a proof, never a guess:
// - an earlier rule of the same policy and direction (rules apply in written order);
// - a rule of a policy of the same tier with a lower priority value (equal priorities have no
//   defined order: that is admin-priority-tie);
// - for a Baseline rule, an Admin-tier Accept/Allow or Deny rule that no Pass rule can come before
//   (Admin decisions are final, but what an Admin Pass matches first goes on to the lower tiers): no
//   Pass rule earlier in its policy, nor in any Admin policy with the same or a lower priority value.
// Policies of the two API generations (ClusterNetworkPolicy; AdminNetworkPolicy and
// BaselineAdminNetworkPolicy) are not compared with each other: no API orders them.
import type { AdminPolicy, AdminRule } from '../../model/admin-policy.js';
import type { Direction } from '../../model/policy.js';
import type { PolicyIndex } from '../compile.js';
import { ruleCovers } from './admin-covers.js';
import { LINT_CODES } from './codes.js';
import type { LintFinding } from './finding.js';

const generation = (p: AdminPolicy): string => (p.kind === 'ClusterNetworkPolicy' ? 'ClusterNetworkPolicy' : 'v1alpha1');

const describeRule = (rule: AdminRule, direction: Direction, index: number): string => `${direction}[${index}]${rule.name ? ` "${rule.name}"` : ''}`;

function describePolicy(p: AdminPolicy): string {
  return `${p.kind} ${p.name} (${p.tier}${p.priority !== undefined ? `, priority ${p.priority}` : ''})`;
}

/** The rules evaluated before every rule of `policy` in `direction`, of other policies, first to last. */
function earlierPolicies(policy: AdminPolicy, admin: readonly AdminPolicy[], baseline: readonly AdminPolicy[]): AdminPolicy[] {
  const sameGeneration = (p: AdminPolicy) => p !== policy && generation(p) === generation(policy);
  const higher = (p: AdminPolicy) => p.priority !== undefined && policy.priority !== undefined && p.priority < policy.priority;
  if (policy.tier === 'Admin') return admin.filter((p) => sameGeneration(p) && higher(p));
  // The BaselineAdminNetworkPolicy is the only v1alpha1 Baseline policy: no other Baseline policy comes before it.
  return [...admin.filter(sameGeneration), ...baseline.filter((p) => sameGeneration(p) && policy.kind !== 'BaselineAdminNetworkPolicy' && higher(p))];
}

/**
 * Whether rule `i` of an Admin policy decides every connection it matches for good: it accepts or
 * denies, and no Pass rule can match a connection before it (`passes`: the Admin policies with a Pass
 * rule in this direction, of either generation).
 */
function decidesFinally(policy: AdminPolicy, i: number, direction: Direction, passes: readonly AdminPolicy[]): boolean {
  const rules = policy[direction];
  if (rules[i]!.action === 'Pass' || rules.slice(0, i).some((r) => r.action === 'Pass')) return false;
  return !passes.some((p) => p !== policy && (p.priority ?? 0) <= (policy.priority ?? 0));
}

function shadowedIn(policy: AdminPolicy, direction: Direction, earlier: readonly AdminPolicy[], passes: readonly AdminPolicy[]): LintFinding[] {
  const findings: LintFinding[] = [];
  policy[direction].forEach((rule, j) => {
    // A rule whose peer sets no field is reported as admin-peer-fails-closed.
    if (rule.peers.some((p) => p.kind === 'empty')) return;
    let cause: string | undefined;
    for (const other of earlier) {
      const crossTier = other.tier === 'Admin' && policy.tier === 'Baseline';
      const k = other[direction].findIndex((r, i) => (!crossTier || decidesFinally(other, i, direction, passes)) && ruleCovers(other, r, policy, rule));
      if (k >= 0) {
        cause = `${describePolicy(other)} ${describeRule(other[direction][k]!, direction, k)} (${other[direction][k]!.action})`;
        break;
      }
    }
    if (cause === undefined) {
      const k = policy[direction].slice(0, j).findIndex((r) => ruleCovers(policy, r, policy, rule));
      if (k >= 0) cause = `${describeRule(policy[direction][k]!, direction, k)} of this policy (${policy[direction][k]!.action})`;
    }
    if (cause === undefined) return;
    findings.push({
      code: 'admin-rule-shadowed',
      severity: LINT_CODES['admin-rule-shadowed'].severity,
      object: { kind: policy.kind, namespace: '', name: policy.name },
      field: `spec.${direction}[${j}]`,
      message: `${describeRule(rule, direction, j)} (${rule.action}) never applies: ${cause} is evaluated first and matches every connection it matches`,
      fix: LINT_CODES['admin-rule-shadowed'].fix,
      ...(policy.origin ? { origin: policy.origin } : {}),
    });
  });
  return findings;
}

export function shadowedRuleFindings(index: PolicyIndex): LintFinding[] {
  const admin = index.adminTiers.admin.map((p) => p.policy);
  const baseline = index.adminTiers.baseline.map((p) => p.policy);
  return [...admin, ...baseline].flatMap((policy) => {
    const earlier = earlierPolicies(policy, admin, baseline);
    return (['ingress', 'egress'] as const).flatMap((direction) =>
      shadowedIn(policy, direction, earlier, admin.filter((p) => p[direction].some((r) => r.action === 'Pass'))),
    );
  });
}
