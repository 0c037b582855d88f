// `lint`: every check over the policies, then the config's disables, severities and ignored namespaces.
import type { LintConfig } from '../../model/lint-config.js';
import type { Snapshot } from '../../model/snapshot.js';
import type { PolicyIndex } from '../compile.js';
import type { ValidationIssue } from '../validate.js';
import { adminFindings } from './admin.js';
import { broadFindings } from './broad.js';
import { isValid, lintContext } from './context.js';
import { dnsFindings } from './dns.js';
import type { LintFinding } from './finding.js';
import { defaultDenyFindings, deniesAllFindings } from './namespaces.js';
import { organisationFindings } from './organisation.js';
import { duplicatePolicyFindings, redundantRuleFindings } from './redundancy.js';
import { selectorFindings } from './selectors.js';
import { noticeFindings, validityFindings } from './validity.js';

export interface LintOptions {
  /** What validate() found: reported as errors; those policies skip the other checks. */
  readonly issues: readonly ValidationIssue[];
  readonly config: LintConfig;
  /** Report only on these namespaces (all when undefined). */
  readonly namespaces?: ReadonlySet<string>;
  /** Every namespace that exists is in the snapshot (live read, demo); false for files. */
  readonly namespacesComplete?: boolean;
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

const ORG_DEFAULT_DENY: Record<string, 'ingress' | 'egress'> = { 'no-default-deny-ingress': 'ingress', 'no-default-deny-egress': 'egress' };

export function lintPolicies(snapshot: Snapshot, index: PolicyIndex, options: LintOptions): LintFinding[] {
  const { config } = options;
  const invalid = new Set(options.issues.map((i) => `${i.policy.namespace}/${i.policy.name}`));
  const ctx = lintContext(snapshot, index, invalid, options.namespacesComplete === true);
  const valid = index.all.filter((p) => isValid(ctx, p));
  const findings: LintFinding[] = [
    ...validityFindings(options.issues, snapshot.policies),
    ...noticeFindings(snapshot.notices ?? []),
    ...valid.flatMap((p) => [...selectorFindings(ctx, p), ...broadFindings(p.policy), ...redundantRuleFindings(p.policy)]),
    ...duplicatePolicyFindings(valid.map((p) => p.policy)),
    ...dnsFindings(ctx).filter((f) => !invalid.has(`${f.object.namespace}/${f.object.name}`)),
    ...defaultDenyFindings(ctx),
    ...deniesAllFindings(ctx),
    ...organisationFindings(ctx, config),
    ...adminFindings(snapshot, index),
  ];
  const ignored = new Set(config.ignoreNamespaces);
  const disabled = new Set(config.disable);
  return findings
    // Cluster-scoped objects (admin policies) have no namespace: every namespace scope includes them.
    .filter((f) => !ignored.has(f.object.namespace) && (!options.namespaces || f.object.namespace === '' || options.namespaces.has(f.object.namespace)) && !disabled.has(f.code))
    // The organisation's default-deny rule says it louder: do not say it twice.
    .filter((f) => !(ORG_DEFAULT_DENY[f.code] && config.requireDefaultDeny.includes(ORG_DEFAULT_DENY[f.code]!)))
    .filter((f) => !(f.code === 'named-port-not-declared' && config.requireDeclaredNamedPorts === true))
    .map((f) => (config.severity[f.code] ? { ...f, severity: config.severity[f.code]! } : f))
    .sort(
      (a, b) =>
        SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
        a.object.namespace.localeCompare(b.object.namespace) ||
        // The namespace itself before its policies.
        (a.object.kind === b.object.kind ? 0 : a.object.kind === 'Namespace' ? -1 : 1) ||
        a.object.name.localeCompare(b.object.name) ||
        (a.field ?? '').localeCompare(b.field ?? '') ||
        a.code.localeCompare(b.code),
    );
}
