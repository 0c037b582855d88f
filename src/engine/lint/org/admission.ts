// The admission side of the organisation rules: for each rule judged per object, the CEL variables,
// validations and namespaces an admission policy needs; the others with the reason they cannot be.
import type { LintConfig } from '../../../model/lint-config.js';
import { isDns1123Label } from '../../../model/names.js';
import { LINT_CODES, type LintCode } from '../codes.js';
import { celString } from './cel.js';
import { hasPlaceholders, type ObjectCheck } from './org-rule.js';
import { orgRules } from './rules.js';

export interface AdmissionVariable {
  readonly name: string;
  readonly expression: string;
}

export interface AdmissionValidation {
  /** True when the object passes. */
  readonly expression: string;
  /** The message; with a messageExpression, what the API server says if that expression fails. */
  readonly message: string;
  /** Lint's message for the first violation, computed from the object. */
  readonly messageExpression?: string;
}

export interface AdmissionRule {
  readonly id: string;
  readonly setting: string;
  readonly code: LintCode;
  /** Namespaces the rule applies to: `in` these when set; never those `notIn`. */
  readonly namespaces: { readonly in?: readonly string[]; readonly notIn: readonly string[] };
  readonly variables: readonly AdmissionVariable[];
  readonly validations: readonly AdmissionValidation[];
}

export interface NotExported {
  readonly setting: string;
  readonly reason: string;
}

export interface AdmissionPlan {
  readonly rules: readonly AdmissionRule[];
  readonly notExported: readonly NotExported[];
}

/** The first violation's detail, as CEL: the check's variable holds one list per rule. */
const firstDetail = (check: ObjectCheck) => `variables.${check.name}.filter(l, size(l) > 0)[0][0]`;

/** The message template as a CEL string expression: literal parts and the placeholders' values. */
function celMessage(check: ObjectCheck): string {
  return check.message
    .split(/(\{detail\}|\{namespace\})/)
    .filter((part) => part !== '')
    .map((part) => (part === '{detail}' ? firstDetail(check) : part === '{namespace}' ? 'object.metadata.namespace' : celString(part)))
    .join(' + ');
}

function validation(check: ObjectCheck, code: LintCode): AdmissionValidation {
  const expression = `variables.${check.name}.all(l, size(l) == 0)`;
  return hasPlaceholders(check.message)
    ? { expression, message: LINT_CODES[code].summary, messageExpression: celMessage(check) }
    : { expression, message: check.message };
}

export function admissionPlan(config: LintConfig): AdmissionPlan {
  // A name that is not a namespace name matches no namespace (and no label selector may hold it).
  const ignored = config.ignoreNamespaces.filter(isDns1123Label);
  const rules: AdmissionRule[] = [];
  const notExported: NotExported[] = [];
  for (const rule of orgRules(config)) {
    const { judgement, scope } = rule;
    if (judgement.kind === 'lint-only') {
      notExported.push({ setting: rule.setting, reason: judgement.reason });
      continue;
    }
    const only = scope.only?.filter((n) => !ignored.includes(n) && !scope.except.includes(n));
    if (only && only.length === 0) {
      notExported.push({ setting: rule.setting, reason: 'every namespace it applies to is in ignoreNamespaces' });
      continue;
    }
    const namespaces = only ? { in: [...new Set(only)] } : { notIn: [...new Set([...scope.except, ...ignored])] };
    rules.push({
      id: rule.id,
      setting: rule.setting,
      code: rule.code,
      namespaces: { notIn: [], ...namespaces },
      variables: [...(judgement.helpers ?? []), ...judgement.checks.map((c) => ({ name: c.name, expression: c.cel }))],
      validations: judgement.checks.map((c) => validation(c, rule.code)),
    });
  }
  return { rules, notExported };
}
