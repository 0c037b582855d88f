// requireDefaultDeny: every namespace with pods or policies has a default deny for these directions.
import type { LintConfig } from '../../../model/lint-config.js';
import type { LintContext } from '../context.js';
import { namespaceOrigin, onNamespace, type LintFinding } from '../finding.js';
import { hasDefaultDeny, populatedNamespaces } from '../namespaces.js';
import { EVERY_NAMESPACE, type OrgRule } from './org-rule.js';

function findings(ctx: LintContext, required: LintConfig['requireDefaultDeny']): LintFinding[] {
  const out: LintFinding[] = [];
  for (const namespace of populatedNamespaces(ctx)) {
    const missing = required.filter((d) => !hasDefaultDeny(ctx, namespace, d));
    if (missing.length === 0) continue;
    const origin = namespaceOrigin(
      ctx.snapshot.namespaces.find((n) => n.name === namespace),
      ctx.snapshot.policies.filter((p) => p.namespace === namespace),
    );
    out.push(onNamespace(namespace, 'org-require-default-deny', `namespace ${namespace} has no default-deny ${missing.join(' or ')} policy (requireDefaultDeny)`, origin));
  }
  return out;
}

export const requireDefaultDeny = (config: LintConfig): OrgRule[] =>
  config.requireDefaultDeny.length > 0
    ? [
        {
          setting: 'requireDefaultDeny',
          code: 'org-require-default-deny',
          id: 'require-default-deny',
          scope: EVERY_NAMESPACE,
          judgement: {
            kind: 'lint-only',
            reason: 'it is about a namespace, not one policy: admission judges each object alone and cannot require another policy to exist',
            findings: (ctx) => findings(ctx, config.requireDefaultDeny),
          },
        },
      ]
    : [];
