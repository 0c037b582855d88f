// Organisation rules a team turns on in its lint config, checked the way an admission controller would
// (the rules themselves, with their admission CEL, are in ./org/).
import type { LintConfig } from '../../model/lint-config.js';
import type { LintContext } from './context.js';
import type { LintFinding } from './finding.js';
import { ruleFindings } from './org/org-rule.js';
import { orgRules } from './org/rules.js';

export function organisationFindings(ctx: LintContext, config: LintConfig): LintFinding[] {
  return orgRules(config).flatMap((rule) => ruleFindings(ctx, rule));
}
