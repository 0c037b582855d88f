// Namespaces without a default deny, and policies that deny a whole direction (reported so it is intended).
import type { Direction } from '../../model/policy.js';
import type { CompiledPolicy } from '../compile.js';
import { isDefaultDeny } from '../analysis/isolation.js';
import { isEmptySelector } from '../selector.js';
import type { LintContext } from './context.js';
import { namespaceOrigin, onNamespace, onPolicy, type LintFinding } from './finding.js';

/** Namespaces that have pods or policies in the input: the ones a default deny is about. */
export function populatedNamespaces(ctx: LintContext): string[] {
  return [...new Set([...ctx.pods.map((p) => p.namespace), ...ctx.snapshot.policies.map((p) => p.namespace)])].sort();
}

export const hasDefaultDeny = (ctx: LintContext, namespace: string, direction: Direction): boolean =>
  ctx.index.policiesIn(namespace).some((p) => isDefaultDeny(p, direction));

/** `inScope`: the namespaces to report on (every one when not given). */
export function defaultDenyFindings(ctx: LintContext, inScope: (namespace: string) => boolean = () => true): LintFinding[] {
  const out: LintFinding[] = [];
  // Looked up by name: searching every namespace and policy for each namespace is quadratic.
  const namespaces = new Map<string, (typeof ctx.snapshot.namespaces)[number]>();
  for (const n of ctx.snapshot.namespaces) if (!namespaces.has(n.name)) namespaces.set(n.name, n);
  const policiesIn = new Map<string, (typeof ctx.snapshot.policies)[number][]>();
  for (const p of ctx.snapshot.policies) {
    const list = policiesIn.get(p.namespace);
    if (list) list.push(p);
    else policiesIn.set(p.namespace, [p]);
  }
  for (const namespace of populatedNamespaces(ctx)) {
    if (!inScope(namespace)) continue;
    const origin = namespaceOrigin(namespaces.get(namespace), policiesIn.get(namespace) ?? []);
    for (const direction of ['ingress', 'egress'] as const) {
      if (hasDefaultDeny(ctx, namespace, direction)) continue;
      const code = direction === 'ingress' ? 'no-default-deny-ingress' : 'no-default-deny-egress';
      out.push(onNamespace(namespace, code, `namespace ${namespace} has no default-deny ${direction} policy`, origin));
    }
  }
  return out;
}

/** `policies`: the policies to report on (every one when not given). */
export function deniesAllFindings(ctx: LintContext, policies: readonly CompiledPolicy[] = ctx.index.all): LintFinding[] {
  const out: LintFinding[] = [];
  for (const compiled of policies) {
    const policy = compiled.policy;
    for (const direction of ['ingress', 'egress'] as const) {
      const type = direction === 'ingress' ? 'Ingress' : 'Egress';
      if (!policy.policyTypes.includes(type) || policy[direction].length > 0) continue;
      const text = isEmptySelector(policy.podSelector)
        ? `default deny: no ${direction} for any pod in ${policy.namespace} unless another policy allows it`
        : `${type} in policyTypes and no ${direction} rule: denies all ${direction} of the pods it selects`;
      out.push(onPolicy(policy, 'policy-denies-all', text, { field: 'spec.policyTypes' }));
    }
  }
  return out;
}
