// The one findings engine: every check over the input, each code computed by its one check (the
// table of codes is ./codes.ts). lint applies its config on top; coverage, diff and the UI take the
// coverage codes (../analysis/findings.ts).
import type { LintConfig } from '../../model/lint-config.js';
import type { Snapshot } from '../../model/snapshot.js';
import type { PolicyIndex } from '../compile.js';
import type { ValidationIssue } from '../validate.js';
import { adminFindings } from './admin.js';
import { broadFindings } from './broad.js';
import { LINT_REPORT_CODES, type FindingCode } from './codes.js';
import { isValid, lintContext, type LintContext } from './context.js';
import { dnsFindings } from './dns.js';
import type { LintFinding } from './finding.js';
import { defaultDenyFindings, deniesAllFindings } from './namespaces.js';
import { organisationFindings } from './organisation.js';
import { duplicatePolicyFindings, redundantRuleFindings } from './redundancy.js';
import { policySelectsNothing, selectorFindings } from './selectors.js';
import { unselectedFindings } from './unselected.js';
import { noticeFindings, validityFindings } from './validity.js';

export interface FindingOptions {
  /** What validate() found: reported as errors; those policies skip the other checks. */
  readonly issues: readonly ValidationIssue[];
  /** Every namespace that exists is in the snapshot (live read, demo); false for files. */
  readonly namespacesComplete?: boolean;
  /** Only these codes (checks that can give none of them do not run); every code when undefined. */
  readonly codes?: readonly FindingCode[];
  /**
   * Only the findings on objects of these namespaces, computed from their policies and pods alone
   * (the rest of the input is still read where a check looks across namespaces); none on
   * cluster-scoped objects. Every namespace when undefined.
   */
  readonly within?: ReadonlySet<string>;
}

export interface LintOptions extends Omit<FindingOptions, 'codes'> {
  readonly config: LintConfig;
  /** Report only on these namespaces (all when undefined). */
  readonly namespaces?: ReadonlySet<string>;
}

const BROAD: readonly FindingCode[] = ['rule-allows-everyone', 'rule-allows-all-namespaces', 'rule-allows-any-address', 'cidr-host-bits', 'legacy-cidr', 'selectors-in-separate-peers', 'ignored-rules'];
const SELECTORS: readonly FindingCode[] = ['namespace-selector-matches-nothing', 'peer-selects-no-pod', 'named-port-not-declared'];
const ADMIN_PREFIX = 'admin-';

function checks(ctx: LintContext, options: FindingOptions): LintFinding[] {
  const wanted = options.codes && new Set(options.codes);
  const want = (...codes: readonly FindingCode[]) => !wanted || codes.some((c) => wanted.has(c));
  const { within } = options;
  const inScope = (namespace: string) => !within || within.has(namespace);
  const policies = within ? ctx.index.all.filter((p) => inScope(p.ref.namespace)) : ctx.index.all;
  const valid = policies.filter((p) => isValid(ctx, p));
  const invalid = ctx.invalid;
  const notices = ctx.snapshot.notices ?? [];
  const findings: LintFinding[] = [
    ...(want(...options.issues.map((i) => i.code)) ? validityFindings(options.issues, ctx.snapshot.policies) : []),
    ...(want(...notices.map((n) => n.code)) ? noticeFindings(notices) : []),
    ...(want('pod-not-selected') ? unselectedFindings(ctx, within ? ctx.pods.filter((p) => inScope(p.namespace)) : ctx.pods) : []),
    ...(want('policy-selects-nothing') ? valid.flatMap((p) => policySelectsNothing(ctx, p)) : []),
    ...(want(...SELECTORS) ? valid.flatMap((p) => selectorFindings(ctx, p)) : []),
    ...(want(...BROAD) ? valid.flatMap((p) => broadFindings(p.policy)) : []),
    ...(want('redundant-rule') ? valid.flatMap((p) => redundantRuleFindings(p.policy)) : []),
    ...(want('duplicate-policy') ? duplicatePolicyFindings(valid.map((p) => p.policy)) : []),
    ...(want('egress-without-dns') ? dnsFindings(ctx, policies).filter((f) => !invalid.has(`${f.object.namespace}/${f.object.name}`)) : []),
    ...(want('no-default-deny-ingress', 'no-default-deny-egress') ? defaultDenyFindings(ctx, inScope) : []),
    ...(want('policy-denies-all') ? deniesAllFindings(ctx, policies) : []),
    ...(!within && (!wanted || [...wanted].some((c) => c.startsWith(ADMIN_PREFIX))) ? adminFindings(ctx.snapshot, ctx.index) : []),
  ];
  return findings.filter((f) => (!wanted || wanted.has(f.code)) && (!within || within.has(f.object.namespace)));
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

const ORG_DEFAULT_DENY: Record<string, 'ingress' | 'egress'> = { 'no-default-deny-ingress': 'ingress', 'no-default-deny-egress': 'egress' };

const byOrder = (a: LintFinding, b: LintFinding): number =>
  SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
  a.object.namespace.localeCompare(b.object.namespace) ||
  // The namespace itself before its policies and pods (other kinds go by name: a consistent order,
  // so that any subset of the findings sorts as it does among all of them).
  (a.object.kind === b.object.kind ? 0 : a.object.kind === 'Namespace' ? -1 : b.object.kind === 'Namespace' ? 1 : 0) ||
  a.object.name.localeCompare(b.object.name) ||
  (a.field ?? '').localeCompare(b.field ?? '') ||
  a.code.localeCompare(b.code);

/** Every finding of the input (or of the codes asked for), by severity, namespace and object; no config applied. */
export function computeFindings(snapshot: Snapshot, index: PolicyIndex, options: FindingOptions): LintFinding[] {
  const invalid = new Set(options.issues.map((i) => `${i.policy.namespace}/${i.policy.name}`));
  return checks(lintContext(snapshot, index, invalid, options.namespacesComplete === true), options).sort(byOrder);
}

/** `lint`: the findings of every code lint reports and the config's organisation rules, then its disables, severities and ignored namespaces. */
export function lintPolicies(snapshot: Snapshot, index: PolicyIndex, options: LintOptions): LintFinding[] {
  const { config } = options;
  const invalid = new Set(options.issues.map((i) => `${i.policy.namespace}/${i.policy.name}`));
  const ctx = lintContext(snapshot, index, invalid, options.namespacesComplete === true);
  const findings = [...checks(ctx, { ...options, codes: LINT_REPORT_CODES }), ...organisationFindings(ctx, config)];
  const ignored = new Set(config.ignoreNamespaces);
  const disabled = new Set(config.disable);
  return findings
    // Cluster-scoped objects (admin policies) have no namespace: every namespace scope includes them.
    .filter((f) => !ignored.has(f.object.namespace) && (!options.namespaces || f.object.namespace === '' || options.namespaces.has(f.object.namespace)) && !disabled.has(f.code))
    // The organisation's default-deny rule says it louder: do not say it twice.
    .filter((f) => !(ORG_DEFAULT_DENY[f.code] && config.requireDefaultDeny.includes(ORG_DEFAULT_DENY[f.code]!)))
    .filter((f) => !(f.code === 'named-port-not-declared' && config.requireDeclaredNamedPorts === true))
    .map((f) => (config.severity[f.code] ? { ...f, severity: config.severity[f.code]! } : f))
    .sort(byOrder);
}
