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
  /** Every policy writes its policyTypes rather than leaving them to the API server's default. */
  readonly requirePolicyTypes?: boolean;
  /** No egress to every address (an ipBlock of 0.0.0.0/0 or ::/0, or a rule without `to`) outside these namespaces. */
  readonly forbidAnyAddressEgress?: { readonly exceptNamespaces: readonly string[] };
  /** No rule without `from` / `to` (a rule that admits every peer). */
  readonly forbidAllowAllPeers?: boolean;
  /** No peer with `podSelector: {}`: rules select the pods they admit by label. */
  readonly requirePodSelectorLabels?: boolean;
  /** Every rule lists its ports, each one of these: a number, a range `FIRST-LAST`, or a port name. */
  readonly allowedPorts?: readonly (number | string)[];
  /** A named port must be declared by the pods it applies to (the named-port-not-declared check, as an error). */
  readonly requireDeclaredNamedPorts?: boolean;
  /** Finding codes not to report. */
  readonly disable: readonly string[];
  /** Severity overrides per code. */
  readonly severity: Readonly<Record<string, LintSeverity>>;
  /** Namespaces not to report on at all (e.g. kube-system). */
  readonly ignoreNamespaces: readonly string[];
}
