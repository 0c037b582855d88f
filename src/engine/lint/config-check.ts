// Checks a lint config's values against the engine (CIDRs, finding codes); the reader checked its shape.
import type { LintConfig } from '../../model/lint-config.js';
import { clip, quote } from '../../model/quote.js';
import { parseCidr } from '../sets/ip.js';
import { isLintCode } from './codes.js';

export const DEFAULT_LINT_CONFIG: LintConfig = { requireIngressRules: false, forbidCidrs: [], requireDefaultDeny: [], disable: [], severity: {}, ignoreNamespaces: [] };

/** Problems as `field: message`, e.g. `forbidCidrs[0].cidr: "10.0.0/8" is not a valid CIDR`. */
export function checkLintConfig(config: LintConfig): string[] {
  const problems: string[] = [];
  config.forbidCidrs.forEach((f, i) => {
    if (!parseCidr(f.cidr)) problems.push(`forbidCidrs[${i}].cidr: ${quote(f.cidr)} is not a valid CIDR`);
  });
  config.disable.forEach((code, i) => {
    if (!isLintCode(code)) problems.push(`disable[${i}]: unknown finding code ${quote(code)}`);
  });
  for (const code of Object.keys(config.severity)) {
    if (!isLintCode(code)) problems.push(`severity.${clip(code)}: unknown finding code ${quote(code)}`);
  }
  return problems;
}
