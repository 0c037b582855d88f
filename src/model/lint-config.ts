// Organisation rules for `lint`, as a team writes them in a small config file (netpol-lint.yaml).

export type LintSeverity = 'error' | 'warning' | 'info';

export interface ForbiddenCidr {
  /** No ipBlock may allow this whole range (its cidr, excepts aside, contains it). */
  readonly cidr: string;
  /** Only in these namespaces; every namespace when undefined. */
  readonly namespaces?: readonly string[];
}

export interface LintConfig {
  /** Every policy must restrict ingress with rules (a namespace default deny, podSelector {}, is exempt). */
  readonly requireIngressRules: boolean;
  readonly forbidCidrs: readonly ForbiddenCidr[];
  /** Every namespace with pods or policies must have a default deny for these directions. */
  readonly requireDefaultDeny: readonly ('ingress' | 'egress')[];
  /** Finding codes not to report. */
  readonly disable: readonly string[];
  /** Severity overrides per code. */
  readonly severity: Readonly<Record<string, LintSeverity>>;
  /** Namespaces not to report on at all (e.g. kube-system). */
  readonly ignoreNamespaces: readonly string[];
}
