// An organisation rule from the lint config: its finding code, the namespaces it applies to, and how it
// is judged. A rule judged on one object at a time is a list of checks, each carrying both its lint
// check (TypeScript over the normalized policy) and its CEL (over the object an API server admits),
// with one message template for both; `lint --export-admission` turns the same checks into
// admission policies.
import type { NetworkPolicy } from '../../../model/policy.js';
import type { LintCode } from '../codes.js';
import type { LintContext } from '../context.js';
import { onPolicy, type LintFinding } from '../finding.js';

/** One violating item of a policy: where it is, and what the message names. */
export interface Violation {
  /** Field path inside the policy, e.g. `spec.egress[0].to[1].ipBlock.cidr`. */
  readonly field: string;
  /** Replaces `{detail}` in the message; empty when the message has none. */
  readonly detail: string;
}

/**
 * A check on one policy. `violations` (lint) and `cel` (admission) must find the same items in the
 * same order; the admission message is the message of the first one.
 */
export interface ObjectCheck {
  /** A CEL identifier: the admission variable that holds this check's violations. */
  readonly name: string;
  /** Lint's and admission's message: `{detail}` is the item, `{namespace}` the policy's namespace. */
  readonly message: string;
  readonly violations: (policy: NetworkPolicy) => readonly Violation[];
  /** CEL over `object`: a list of lists of the violations' details (one list per rule, or one list). */
  readonly cel: string;
}

export interface CelVariable {
  readonly name: string;
  readonly expression: string;
}

/** Namespaces a rule applies to: `only` these when set, never those in `except`. */
export interface NamespaceScope {
  readonly only?: readonly string[];
  readonly except: readonly string[];
}

export const EVERY_NAMESPACE: NamespaceScope = { except: [] };

export type OrgJudgement =
  /**
   * Judged on one NetworkPolicy at a time: lint and admission run the same checks. `helpers` are CEL
   * variables the checks' CEL shares (`variables.NAME`), defined before the checks' own.
   */
  | { readonly kind: 'per-object'; readonly checks: readonly ObjectCheck[]; readonly helpers?: readonly CelVariable[] }
  /** Needs more than the object an admission controller is given: lint only, with the reason. */
  | { readonly kind: 'lint-only'; readonly reason: string; readonly findings: (ctx: LintContext) => LintFinding[] };

export interface OrgRule {
  /** The config setting as written: `requireIngressRules`, `forbidCidrs[1]`. */
  readonly setting: string;
  readonly code: LintCode;
  /** Lower-case name, unique per config: names the admission objects (`forbidden-cidr-1`). */
  readonly id: string;
  readonly scope: NamespaceScope;
  readonly judgement: OrgJudgement;
}

export const inScope = (scope: NamespaceScope, namespace: string): boolean =>
  (!scope.only || scope.only.includes(namespace)) && !scope.except.includes(namespace);

/** The message with its placeholders filled in. */
export const fillMessage = (template: string, detail: string, namespace: string): string =>
  template.replaceAll('{detail}', detail).replaceAll('{namespace}', namespace);

/** Whether the message names the item or the namespace (admission then computes it with CEL). */
export const hasPlaceholders = (template: string): boolean => /\{(detail|namespace)\}/.test(template);

/** Lint findings of a per-object rule on every policy in its scope. */
export function perObjectFindings(ctx: LintContext, rule: OrgRule, checks: readonly ObjectCheck[]): LintFinding[] {
  const out: LintFinding[] = [];
  for (const policy of ctx.snapshot.policies) {
    if (!inScope(rule.scope, policy.namespace)) continue;
    for (const check of checks) {
      for (const v of check.violations(policy)) {
        out.push(onPolicy(policy, rule.code, fillMessage(check.message, v.detail, policy.namespace), { field: v.field }));
      }
    }
  }
  return out;
}

export function ruleFindings(ctx: LintContext, rule: OrgRule): LintFinding[] {
  return rule.judgement.kind === 'per-object' ? perObjectFindings(ctx, rule, rule.judgement.checks) : rule.judgement.findings(ctx);
}
