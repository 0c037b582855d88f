// requireDeclaredNamedPorts: a named port must be declared by the pods it applies to (the
// named-port-not-declared check, made an organisation error).
import type { LintConfig } from '../../../model/lint-config.js';
import { LINT_CODES } from '../codes.js';
import { isValid, type LintContext } from '../context.js';
import type { LintFinding } from '../finding.js';
import { namedPortsNotDeclared } from '../selectors.js';
import { EVERY_NAMESPACE, type OrgRule } from './org-rule.js';

const CODE = 'org-named-port-not-declared';

const findings = (ctx: LintContext): LintFinding[] =>
  ctx.index.all
    .filter((p) => isValid(ctx, p))
    .flatMap((p) => namedPortsNotDeclared(ctx, p))
    .map((f) => ({ ...f, code: CODE, severity: LINT_CODES[CODE].severity, message: `${f.message} (requireDeclaredNamedPorts)`, fix: LINT_CODES[CODE].fix }));

export const requireDeclaredNamedPorts = (config: LintConfig): OrgRule[] =>
  config.requireDeclaredNamedPorts
    ? [
        {
          setting: 'requireDeclaredNamedPorts',
          code: CODE,
          id: 'named-port-not-declared',
          scope: EVERY_NAMESPACE,
          judgement: {
            kind: 'lint-only',
            reason: "port names are declared by the pods' containers, which admission of a NetworkPolicy does not see (and the pods may come later)",
            findings,
          },
        },
      ]
    : [];
