// Checks a lint config's values against the engine (CIDRs, finding codes); the reader checked its shape.
import type { LintConfig } from '../../model/lint-config.js';
import { clip, quote } from '../../model/quote.js';
import { parseCidr } from '../sets/ip.js';
import { isDns1123Label } from '../../model/names.js';
import { isLintCode } from './codes.js';
import { parseAllowedPort } from './org/allowed-ports.js';

export const DEFAULT_LINT_CONFIG: LintConfig = { requireIngressRules: false, forbidCidrs: [], requireDefaultDeny: [], disable: [], severity: {}, ignoreNamespaces: [] };

/** Problems as `field: message`, e.g. `forbidCidrs[0].cidr: "10.0.0/8" is not a valid CIDR`. */
export function checkLintConfig(config: LintConfig): string[] {
  const problems: string[] = [];
  const namespaces = (names: readonly string[] | undefined, field: string) =>
    names?.forEach((name, j) => {
      if (!isDns1123Label(name)) problems.push(`${field}[${j}]: ${quote(name)} is not a namespace name`);
    });
  config.forbidCidrs.forEach((f, i) => {
    if (!parseCidr(f.cidr)) problems.push(`forbidCidrs[${i}].cidr: ${quote(f.cidr)} is not a valid CIDR`);
    namespaces(f.namespaces, `forbidCidrs[${i}].namespaces`);
  });
  namespaces(config.forbidAnyAddressEgress?.exceptNamespaces, 'forbidAnyAddressEgress.exceptNamespaces');
  config.allowedPorts?.forEach((entry, i) => {
    if (!parseAllowedPort(entry)) problems.push(`allowedPorts[${i}]: ${quote(entry)} is not a port (1-65535), a range FIRST-LAST or a port name`);
  });
  config.disable.forEach((code, i) => {
    if (!isLintCode(code)) problems.push(`disable[${i}]: unknown finding code ${quote(code)}`);
  });
  for (const code of Object.keys(config.severity)) {
    if (!isLintCode(code)) problems.push(`severity.${clip(code)}: unknown finding code ${quote(code)}`);
  }
  return problems;
}
