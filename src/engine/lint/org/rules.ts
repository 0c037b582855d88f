// Every organisation rule, in the order lint reports them and the export writes them.
import type { LintConfig } from '../../../model/lint-config.js';
import { allowedPorts } from './allowed-ports.js';
import { forbidAllowAllPeers } from './forbid-allow-all-peers.js';
import { forbidAnyAddressEgress } from './forbid-any-address-egress.js';
import { forbidCidrs } from './forbid-cidrs.js';
import type { OrgRule } from './org-rule.js';
import { requireDeclaredNamedPorts } from './require-declared-named-ports.js';
import { requireDefaultDeny } from './require-default-deny.js';
import { requireIngressRules } from './require-ingress-rules.js';
import { requirePodSelectorLabels } from './require-pod-selector-labels.js';
import { requirePolicyTypes } from './require-policy-types.js';

const RULES: readonly ((config: LintConfig) => OrgRule[])[] = [
  requireIngressRules,
  forbidCidrs,
  requireDefaultDeny,
  requirePolicyTypes,
  forbidAnyAddressEgress,
  forbidAllowAllPeers,
  requirePodSelectorLabels,
  allowedPorts,
  requireDeclaredNamedPorts,
];

/** The organisation rules a config turns on (a code the config disables is left out). */
export const orgRules = (config: LintConfig): OrgRule[] => RULES.flatMap((rule) => rule(config)).filter((r) => !config.disable.includes(r.code));
