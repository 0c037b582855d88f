// Pass rules with nothing below them: what they pass on, only the default allow decides.
//
// A Pass rule hands the connections it matches to the next tier. It has nothing below it when
// - it is in the Baseline tier (below it there is only the default allow), or
// - it is in the Admin tier and, for every pod of the input its policy selects, no NetworkPolicy
//   isolates the pod in the rule's direction and no Baseline-tier policy selects the pod with a rule
//   in that direction.
// Then the rule acts as Accept: reported as info (a Pass written to delegate to NetworkPolicies that
// do not exist yet is fine; one meant to keep the Baseline tier in play is not). A policy that
// selects no pod of the input is not judged.
import type { AdminPolicy } from '../../model/admin-policy.js';
import type { Direction } from '../../model/policy.js';
import type { Snapshot } from '../../model/snapshot.js';
import type { PolicyIndex } from '../compile.js';
import { isolatingPolicies } from '../evaluate.js';
import { analysablePods } from '../analysis/isolation.js';
import { LINT_CODES } from './codes.js';
import type { LintFinding } from './finding.js';

function finding(policy: AdminPolicy, direction: Direction, index: number, why: string): LintFinding {
  const rule = policy[direction][index]!;
  return {
    code: 'admin-pass-to-nothing',
    severity: LINT_CODES['admin-pass-to-nothing'].severity,
    object: { kind: policy.kind, namespace: '', name: policy.name },
    field: `spec.${direction}[${index}]`,
    message: `${direction}[${index}]${rule.name ? ` "${rule.name}"` : ''} passes to nothing: ${why}; what it matches is allowed by default, as if it said Accept`,
    fix: LINT_CODES['admin-pass-to-nothing'].fix,
    ...(policy.origin ? { origin: policy.origin } : {}),
  };
}

const passRules = (policy: AdminPolicy, direction: Direction): number[] =>
  policy[direction].flatMap((rule, i) => (rule.action === 'Pass' && !rule.peers.some((p) => p.kind === 'empty') ? [i] : []));

export function passToNothingFindings(snapshot: Snapshot, index: PolicyIndex): LintFinding[] {
  const pods = analysablePods(snapshot);
  const findings: LintFinding[] = [];
  for (const policy of index.adminTiers.baseline) {
    for (const direction of ['ingress', 'egress'] as const) {
      for (const i of passRules(policy.policy, direction)) findings.push(finding(policy.policy, direction, i, 'below the Baseline tier there is only the default allow'));
    }
  }
  for (const policy of index.adminTiers.admin) {
    const subjects = pods.filter((pod) => policy.selects(pod, index.namespaceLabels(pod.namespace)));
    if (subjects.length === 0) continue;
    for (const direction of ['ingress', 'egress'] as const) {
      const rules = passRules(policy.policy, direction);
      if (rules.length === 0) continue;
      const decidedBelow = subjects.some(
        (pod) => isolatingPolicies(pod, direction, index).length > 0 || index.adminTiers.selecting(pod, direction, index.namespaceLabels(pod.namespace)).baseline.length > 0,
      );
      if (decidedBelow) continue;
      const count = `${subjects.length} pod${subjects.length === 1 ? '' : 's'}`;
      const why = `no NetworkPolicy isolates the ${count} it selects for ${direction}, and no Baseline policy has ${direction} rules for ${subjects.length === 1 ? 'it' : 'them'}`;
      for (const i of rules) findings.push(finding(policy.policy, direction, i, why));
    }
  }
  return findings;
}
