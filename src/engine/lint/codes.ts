// Every finding code, defined once: its default severity, what it means, the usual fix, and which
// reports show it. lint, coverage, diff and the UI all take their findings from one engine (./lint.ts).
import type { LintSeverity } from '../../model/lint-config.js';
import type { ValidationCode } from '../validate.js';

export type LintCode =
  | ValidationCode
  | 'pod-not-selected'
  | 'policy-selects-nothing'
  | 'namespace-selector-matches-nothing'
  | 'peer-selects-no-pod'
  | 'named-port-not-declared'
  | 'rule-allows-everyone'
  | 'rule-allows-all-namespaces'
  | 'rule-allows-any-address'
  | 'cidr-host-bits'
  | 'legacy-cidr'
  | 'invalid-name'
  | 'field-name-case'
  | 'selectors-in-separate-peers'
  | 'ignored-rules'
  | 'redundant-rule'
  | 'duplicate-policy'
  | 'egress-without-dns'
  | 'no-default-deny-ingress'
  | 'no-default-deny-egress'
  | 'policy-denies-all'
  | 'org-require-ingress-rules'
  | 'org-forbidden-cidr'
  | 'org-require-default-deny'
  | 'org-require-policy-types'
  | 'org-any-address-egress'
  | 'org-allow-all-peers'
  | 'org-empty-pod-selector'
  | 'org-port-not-allowed'
  | 'org-named-port-not-declared'
  | 'admin-cidr-host-bits'
  | 'admin-named-port-with-address-peer'
  | 'admin-port-range-order'
  | 'admin-too-many'
  | 'admin-rule-name-length'
  | 'admin-invalid-domain-name'
  | 'admin-peer-fails-closed'
  | 'admin-priority-tie'
  | 'admin-experimental-field'
  | 'admin-rule-shadowed'
  | 'admin-pass-to-nothing';

/** A finding code: every report means the same thing by it. */
export type FindingCode = LintCode;

export interface CodeInfo {
  readonly severity: LintSeverity;
  readonly summary: string;
  readonly fix: string;
  /**
   * Which reports show it: lint shows every code but the coverage-only ones (`only`); coverage, diff
   * and the UI show the codes marked `also` or `only` (about isolation and breadth, not syntax).
   */
  readonly coverage?: 'also' | 'only';
}

const INVALID = (summary: string, fix: string): CodeInfo => ({ severity: 'error', summary: `The API server rejects this policy: ${summary}.`, fix });

/** Ordered as documented; SARIF rule indexes follow this order. */
export const LINT_CODES: Readonly<Record<LintCode, CodeInfo>> = {
  'invalid-cidr': INVALID('a CIDR does not parse', 'write the address block as ADDRESS/PREFIX, e.g. 10.0.0.0/16'),
  'except-not-in-cidr': INVALID('an except block is not strictly inside its cidr', 'make every except a smaller block inside the cidr'),
  'ipblock-with-selector': INVALID('ipBlock is combined with a selector in one peer', 'split the ipBlock and the selectors into separate peers'),
  'empty-peer': INVALID('a peer sets no field', 'give the peer a podSelector, a namespaceSelector or an ipBlock'),
  'unknown-operator': INVALID('a selector operator is unknown', 'use In, NotIn, Exists or DoesNotExist'),
  'selector-values': INVALID('selector values do not fit the operator', 'In/NotIn need values; Exists/DoesNotExist take none'),
  'invalid-protocol': INVALID('a protocol is unknown', 'use TCP, UDP or SCTP'),
  'invalid-port': INVALID('a port number is out of range', 'use a port between 1 and 65535'),
  'invalid-port-name': INVALID('a port name is not a valid IANA service name', 'use 1-15 lowercase letters, digits and dashes'),
  'endport-without-port': INVALID('endPort is set without port', 'set port to the first port of the range'),
  'endport-with-named-port': INVALID('endPort is used with a named port', 'use a numeric port with endPort, or drop endPort'),
  'endport-below-port': INVALID('endPort is below port or above 65535', 'make endPort at least port and at most 65535'),
  'invalid-policy-type': INVALID('a policyTypes entry is unknown', 'use Ingress and/or Egress'),
  'invalid-label': INVALID('a selector label key or value is not valid label syntax', 'use up to 63 letters, digits, -, _ and . (keys may have a DNS prefix and /)'),
  'pod-not-selected': {
    severity: 'warning',
    summary: 'No NetworkPolicy selects the pods of a workload (hostNetwork pods aside): all traffic to and from them is allowed.',
    fix: 'add a policy that selects the workload, or a default deny (podSelector {}) in its namespace',
    coverage: 'only',
  },
  'policy-selects-nothing': {
    severity: 'warning',
    summary: 'The podSelector matches none of the pods of its namespace (a namespace with pods in the input; hostNetwork pods are never selected): the policy has no effect now.',
    fix: 'fix the podSelector labels, or delete the policy if the workload is gone',
    coverage: 'also',
  },
  'namespace-selector-matches-nothing': { severity: 'warning', summary: 'A namespaceSelector matches no namespace: the peer admits nothing.', fix: 'fix the namespace labels (every namespace has kubernetes.io/metadata.name)' },
  'peer-selects-no-pod': { severity: 'warning', summary: 'A peer podSelector matches no pod where it looks: the peer admits nothing now.', fix: 'fix the pod labels, or add the namespaceSelector the peer needs' },
  'named-port-not-declared': { severity: 'warning', summary: 'A named port is declared by no pod it would apply to: the entry admits nothing.', fix: 'use the containerPort name the destination pods declare, or the number' },
  'rule-allows-everyone': {
    severity: 'warning',
    summary: 'A rule of a direction in policyTypes without from/to (or with an empty list) admits every pod and every address.',
    fix: 'list the peers that need access under from/to',
    coverage: 'also',
  },
  'rule-allows-all-namespaces': {
    severity: 'warning',
    summary: 'A peer with namespaceSelector {} admits the pods its podSelector matches (all without one) in every namespace.',
    fix: 'select the namespaces that need access by label',
    coverage: 'also',
  },
  'rule-allows-any-address': {
    severity: 'warning',
    summary:
      'An ipBlock whose cidr is a whole address family (0.0.0.0/0 or ::/0): without except it admits every address of the family (warning); with except blocks, every address outside them (info: the usual internet-only rule).',
    fix: 'narrow the cidr to the addresses that need access',
    coverage: 'also',
  },
  'cidr-host-bits': {
    severity: 'warning',
    summary: 'A CIDR has host bits set: it means its network block, and API servers with strict IP/CIDR validation (the default since Kubernetes 1.36) reject it in new objects.',
    fix: 'write the network address, e.g. 10.0.0.0/24 rather than 10.0.0.5/24',
  },
  'legacy-cidr': {
    severity: 'warning',
    summary:
      'A CIDR is in a legacy form (leading zeros, or an IPv4-mapped IPv6 address) that API servers without strict IP/CIDR validation stored: it is read as they read it, and strict API servers reject it in new objects.',
    fix: 'write the block in its strict form, e.g. 10.0.0.0/8 rather than 010.0.0.0/8 or ::ffff:10.0.0.0/104',
  },
  'invalid-name': INVALID('an object name or namespace breaks the Kubernetes naming rules', 'use lowercase letters, digits and dashes (DNS-1123), e.g. use-common-labels'),
  'field-name-case': INVALID("a field is written in another case than the API's (strict field validation rejects it; it was read as the API's field)", 'write the field exactly as the API reference spells it, e.g. containerPort'),
  'selectors-in-separate-peers': { severity: 'warning', summary: 'A podSelector-only peer next to a namespaceSelector-only peer is an OR, not an AND.', fix: 'put namespaceSelector and podSelector in one peer to mean "these pods in these namespaces"' },
  'ignored-rules': { severity: 'warning', summary: 'Rules of a direction missing from policyTypes are ignored.', fix: 'add the direction to policyTypes, or delete the rules' },
  'redundant-rule': { severity: 'info', summary: 'A rule admits nothing another rule of the policy does not already admit.', fix: 'delete the redundant rule, or merge the two' },
  'duplicate-policy': { severity: 'warning', summary: 'Two policies in one namespace have the same podSelector, types and rules.', fix: 'delete one of them' },
  'egress-without-dns': {
    severity: 'warning',
    summary:
      'A policy isolates egress of pods that no egress rule lets reach DNS on port 53 (kube-dns pods in kube-system, or any peer when the input has none): name lookups fail (info when only TCP 53 is missing).',
    fix: 'allow UDP and TCP 53 to kube-dns in kube-system',
    coverage: 'also',
  },
  'no-default-deny-ingress': {
    severity: 'warning',
    summary: 'A namespace with pods or policies has no default-deny ingress policy (podSelector {}, Ingress in policyTypes, no ingress rule).',
    fix: 'add a policy with podSelector {} and policyTypes [Ingress] and no rules',
    coverage: 'also',
  },
  'no-default-deny-egress': {
    severity: 'info',
    summary: 'A namespace with pods or policies has no default-deny egress policy (podSelector {}, Egress in policyTypes, no egress rule).',
    fix: 'add a policy with podSelector {} and policyTypes [Egress] and no rules',
    coverage: 'also',
  },
  'policy-denies-all': { severity: 'info', summary: 'The policy has a direction in policyTypes and no rule for it: it denies all of that direction.', fix: 'nothing if intended (a default deny); else add the rules' },
  'org-require-ingress-rules': { severity: 'error', summary: 'Organisation rule: every policy must restrict ingress with rules.', fix: 'add Ingress to policyTypes and the ingress rules the pods need' },
  'org-forbidden-cidr': { severity: 'error', summary: 'Organisation rule: this address range may not be allowed here.', fix: 'narrow the ipBlock so it no longer contains the forbidden range' },
  'org-require-default-deny': { severity: 'error', summary: 'Organisation rule: every namespace needs a default deny.', fix: 'add a policy with podSelector {}, the policyTypes required and no rules' },
  'org-require-policy-types': { severity: 'error', summary: 'Organisation rule: every policy writes its policyTypes.', fix: 'write policyTypes: the directions the policy isolates (Ingress, Egress)' },
  'org-any-address-egress': {
    severity: 'error',
    summary: 'Organisation rule: no egress to every address (0.0.0.0/0, ::/0, or a rule without to) outside the namespaces allowed it.',
    fix: 'narrow the egress to the addresses or peers the pods need',
  },
  'org-allow-all-peers': { severity: 'error', summary: 'Organisation rule: every rule lists its peers (no rule without from/to).', fix: 'list the peers that need access under from/to' },
  'org-empty-pod-selector': { severity: 'error', summary: 'Organisation rule: peers select pods by label, not with podSelector {}.', fix: "give the peer's podSelector the labels of the pods that need access" },
  'org-port-not-allowed': { severity: 'error', summary: 'Organisation rule: every rule lists its ports, each one of the allowed ports.', fix: 'restrict the rule to ports listed in allowedPorts' },
  'org-named-port-not-declared': { severity: 'error', summary: 'Organisation rule: a named port must be declared by the pods it applies to.', fix: 'use the containerPort name the destination pods declare, or the number' },
  'admin-cidr-host-bits': {
    severity: 'warning',
    summary: 'An admin policy networks CIDR has host bits set: the CRD rejects it; it is read as its network block.',
    fix: 'write the network address, e.g. 10.0.0.0/24 rather than 10.0.0.5/24',
  },
  'admin-named-port-with-address-peer': {
    severity: 'warning',
    summary: 'A rule with a networks, nodes or domainNames peer uses a named port: the experimental CRD rejects it; towards addresses the named port matches nothing.',
    fix: 'use port numbers in that rule, or move the address peers to a rule of their own',
  },
  'admin-port-range-order': { severity: 'warning', summary: 'A port range does not start below its end: the CRD rejects it.', fix: 'write start < end, or a single port number' },
  'admin-too-many': { severity: 'warning', summary: 'More rules, peers, protocols, CIDRs or names than the CRD allows (25 for ClusterNetworkPolicy, 100 for v1alpha1).', fix: 'split the policy, or merge entries' },
  'admin-rule-name-length': { severity: 'warning', summary: 'A rule name is longer than the 100 characters the CRD allows.', fix: 'shorten the rule name' },
  'admin-invalid-domain-name': { severity: 'warning', summary: 'A domainNames entry does not match the CRD pattern (a wildcard only as a leading "*.").', fix: 'write a domain name like example.com or *.example.com' },
  'admin-peer-fails-closed': {
    severity: 'warning',
    summary: 'A peer sets no field this version knows: the API says to fail closed (an Accept/Allow rule matches nothing, a Deny or Pass rule denies all).',
    fix: 'give the peer namespaces, pods, networks, nodes or domainNames, or check that the CRD version matches the objects',
  },
  'admin-priority-tie': {
    severity: 'warning',
    summary: 'Two admin policies of one tier have the same priority and select the same pods: the API leaves their order undefined.',
    fix: 'give the policies different priorities',
  },
  'admin-experimental-field': {
    severity: 'info',
    summary: 'A field of the experimental channel (nodes, domainNames, destinationNamedPort/namedPort): clusters with the standard CRD drop it.',
    fix: 'install the experimental CRD, or do without the field',
  },
  'admin-rule-shadowed': {
    severity: 'warning',
    summary:
      'An admin policy rule never applies on any cluster: a rule evaluated before it (earlier in the policy, in a policy of the tier with a lower priority value, or an Admin Accept/Deny no Pass can precede, for a Baseline rule) matches every connection it matches.',
    fix: 'delete the rule, or narrow the earlier rule or move this one before it',
  },
  'admin-pass-to-nothing': {
    severity: 'info',
    summary:
      'A Pass rule with nothing below it: in the Baseline tier, or in the Admin tier when no NetworkPolicy isolates and no Baseline policy has rules for any pod of the input its policy selects; what it matches is allowed by default, as Accept would.',
    fix: 'nothing if NetworkPolicies will decide later; else write Accept, or add the NetworkPolicies or the Baseline rule the Pass was meant to hand over to',
  },
};

/** Codes lint reports (and its config may disable or re-grade). */
export const isLintCode = (code: string): code is LintCode => Object.hasOwn(LINT_CODES, code) && LINT_CODES[code as LintCode].coverage !== 'only';

/** Codes coverage, diff and the UI show, in table order. */
export const COVERAGE_CODES: readonly FindingCode[] = (Object.keys(LINT_CODES) as FindingCode[]).filter((code) => LINT_CODES[code].coverage !== undefined);

/** Codes lint reports, in table order (SARIF rule indexes follow it). */
export const LINT_REPORT_CODES: readonly FindingCode[] = (Object.keys(LINT_CODES) as FindingCode[]).filter(isLintCode);
