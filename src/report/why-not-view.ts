// The walkthrough of denied paths as plain data: near misses per side (`nearMisses` in -o json) and
// the Admin-tier Deny rules no NetworkPolicy can override.
import type { Direction } from '../model/policy.js';
import type { PolicyIndex } from '../engine/compile.js';
import type { ReachResult } from '../engine/reach.js';
import type { AdminAction, AdminPolicyKind, AdminTier } from '../model/admin-policy.js';
import type { AdminNearMiss, Criterion, NearMiss } from '../engine/whynot/criterion.js';
import { walkthrough } from '../engine/whynot/walkthrough.js';
import { adminRuleView, pathView, policyName, reachView, type AdminRuleView, type PathView, type ReachView } from './path-view.js';

export interface FailedCriterionView {
  readonly criterion: Criterion;
  readonly wanted: string;
  readonly actual: string;
  /** The label key, for label criteria. */
  readonly key?: string;
  /** The namespace whose labels were judged, for namespace label criteria. */
  readonly namespace?: string;
}

export interface NearMissView {
  /** `namespace/name` of the policy. */
  readonly policy: string;
  readonly direction: Direction;
  /** Index in spec.ingress / spec.egress; null for a policy with no rule in this direction. */
  readonly rule: number | null;
  /** The closest peer of the rule; `all` for a rule without peers; null without a rule. */
  readonly peer: number | 'all' | null;
  /** Where in the policy, e.g. `spec.ingress[0].from[1]`, or `spec.policyTypes`. */
  readonly field: string;
  /** Every criterion the rule failed; the list is ordered closest first. */
  readonly failed: FailedCriterionView[];
}

/** An admin rule the walk went past before the stage that decided, and why it did not match. */
export interface AdminNearMissView {
  readonly kind: AdminPolicyKind;
  readonly name: string;
  readonly tier: AdminTier;
  readonly priority?: number;
  readonly direction: Direction;
  readonly rule: number;
  readonly ruleName?: string;
  readonly action: AdminAction;
  readonly peer: number;
  /** e.g. `spec.ingress[0].from[1]`. */
  readonly field: string;
  readonly failed: FailedCriterionView[];
}

/** A side denied by an Admin-tier rule: no NetworkPolicy can override it. */
export interface AdminBlockView {
  readonly direction: Direction;
  readonly rule: AdminRuleView;
}

export interface ExplainedPathView extends PathView {
  /** Denied paths: the NetworkPolicy rules of each denied side, closest first (egress side, then ingress). */
  readonly nearMisses?: NearMissView[];
  /** Denied paths: sides an Admin-tier Deny decides (a NetworkPolicy cannot override it). */
  readonly blockedByAdmin?: AdminBlockView[];
  /** Denied paths whose ends admin policies select: the admin rules passed over first, in evaluation order. */
  readonly adminSkipped?: AdminNearMissView[];
}

export interface ExplainedReachView extends Omit<ReachView, 'paths'> {
  readonly paths: ExplainedPathView[];
}

export function nearMissView(miss: NearMiss): NearMissView {
  const list = miss.direction === 'ingress' ? 'from' : 'to';
  const field =
    miss.rule === undefined ? 'spec.policyTypes' : `spec.${miss.direction}[${miss.rule}]${miss.peer === undefined || miss.peer === 'all' ? '' : `.${list}[${miss.peer}]`}`;
  return {
    policy: policyName(miss.policy),
    direction: miss.direction,
    rule: miss.rule ?? null,
    peer: miss.peer ?? null,
    field,
    failed: miss.failed.map((f) => ({ ...f })),
  };
}

export function adminNearMissView(miss: AdminNearMiss): AdminNearMissView {
  const list = miss.direction === 'ingress' ? 'from' : 'to';
  return {
    kind: miss.policy.kind,
    name: miss.policy.name,
    tier: miss.tier,
    ...(miss.priority !== undefined ? { priority: miss.priority } : {}),
    direction: miss.direction,
    rule: miss.rule,
    ...(miss.ruleName !== undefined ? { ruleName: miss.ruleName } : {}),
    action: miss.action,
    peer: miss.peer,
    field: `spec.${miss.direction}[${miss.rule}].${list}[${miss.peer}]`,
    failed: miss.failed.map((f) => ({ ...f })),
  };
}

/** can-reach's view with the walkthrough of every denied path. */
export function explainedReachView(result: ReachResult, index: PolicyIndex): ExplainedReachView {
  const base = reachView(result);
  return {
    ...base,
    paths: result.paths.map((path, i): ExplainedPathView => {
      const view = base.paths[i] ?? pathView(path);
      const sides = walkthrough(path, index);
      if (sides.length === 0) return view;
      const blocked = sides.flatMap((s) => (s.adminDeny ? [{ direction: s.direction, rule: adminRuleView(s.adminDeny) }] : []));
      const skipped = sides.flatMap((s) => (s.adminSkipped ?? []).map(adminNearMissView));
      return {
        ...view,
        nearMisses: sides.flatMap((s) => s.nearMisses.map(nearMissView)),
        ...(blocked.length > 0 ? { blockedByAdmin: blocked } : {}),
        ...(skipped.length > 0 ? { adminSkipped: skipped } : {}),
      };
    }),
  };
}
