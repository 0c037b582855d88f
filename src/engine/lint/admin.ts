// Lint of admin policies (ClusterNetworkPolicy, AdminNetworkPolicy, BaselineAdminNetworkPolicy): the
// CRDs' own validation rules, peers that fail closed, equal priorities whose subjects overlap, fields
// of the experimental channel, rules that never apply (./admin-shadowed.ts) and Pass rules with
// nothing below them (./admin-pass.ts).
import type { AdminPolicy } from '../../model/admin-policy.js';
import type { Snapshot } from '../../model/snapshot.js';
import type { PolicyIndex } from '../compile.js';
import { adminRulesFor, type CompiledAdminPolicy } from '../tiers/compile-admin.js';
import { validateAdminPolicies } from '../tiers/validate-admin.js';
import { analysablePods } from '../analysis/isolation.js';
import { passToNothingFindings } from './admin-pass.js';
import { shadowedRuleFindings } from './admin-shadowed.js';
import { LINT_CODES, type LintCode } from './codes.js';
import type { LintFinding } from './finding.js';

function onAdminPolicy(policy: AdminPolicy, code: LintCode, message: string, field?: string): LintFinding {
  return {
    code,
    severity: LINT_CODES[code].severity,
    // Cluster-scoped: no namespace.
    object: { kind: policy.kind, namespace: '', name: policy.name },
    ...(field ? { field } : {}),
    message,
    fix: LINT_CODES[code].fix,
    ...(policy.origin ? { origin: policy.origin } : {}),
  };
}

function ruleFindings(policy: AdminPolicy): LintFinding[] {
  const findings: LintFinding[] = [];
  for (const direction of ['ingress', 'egress'] as const) {
    const peersField = direction === 'ingress' ? 'from' : 'to';
    const portsField = policy.kind === 'ClusterNetworkPolicy' ? 'protocols' : 'ports';
    policy[direction].forEach((rule, i) => {
      const at = `spec.${direction}[${i}]`;
      rule.peers.forEach((peer, j) => {
        if (peer.kind === 'empty') {
          const effect = rule.action === 'Accept' || rule.action === 'Allow' ? 'the rule matches nothing' : 'the rule denies all traffic';
          findings.push(onAdminPolicy(policy, 'admin-peer-fails-closed', `a peer sets no field this version knows: it fails closed (${effect})`, `${at}.${peersField}[${j}]`));
        } else if (peer.kind === 'nodes' || peer.kind === 'domainNames') {
          findings.push(onAdminPolicy(policy, 'admin-experimental-field', `${peer.kind} is a field of the experimental channel: the standard CRD does not have it`, `${at}.${peersField}[${j}]`));
        }
      });
      if (rule.ports !== 'all') {
        rule.ports.forEach((port, j) => {
          if (port.kind !== 'named') return;
          const name = policy.kind === 'ClusterNetworkPolicy' ? 'destinationNamedPort' : 'namedPort';
          findings.push(onAdminPolicy(policy, 'admin-experimental-field', `${name} is a field of the experimental channel: the standard CRD does not have it`, `${at}.${portsField}[${j}]`));
        });
      }
    });
  }
  return findings;
}

/** Pairs of policies of one tier with one priority that select a pod of the input in the same direction. */
function tieFindings(snapshot: Snapshot, index: PolicyIndex): LintFinding[] {
  const pods = analysablePods(snapshot);
  const findings: LintFinding[] = [];
  for (const tier of [index.adminTiers.admin, index.adminTiers.baseline]) {
    tier.forEach((a, i) => {
      for (const b of tier.slice(i + 1)) {
        if (a.priority === undefined || a.priority !== b.priority) continue;
        const shared = (['ingress', 'egress'] as const).find(
          (d) =>
            adminRulesFor(a, d).length > 0 &&
            adminRulesFor(b, d).length > 0 &&
            pods.some((p) => selects(a, p, index) && selects(b, p, index)),
        );
        if (!shared) continue;
        findings.push(
          onAdminPolicy(
            b.policy,
            'admin-priority-tie',
            `has the priority of ${a.ref.kind} ${a.ref.name} (${a.priority}) and both select pods for ${shared}: the API leaves their order undefined; kubectl-netpol takes ${a.ref.name} first (by name)`,
            'spec.priority',
          ),
        );
      }
    });
  }
  return findings;
}

const selects = (p: CompiledAdminPolicy, pod: Parameters<CompiledAdminPolicy['selects']>[0], index: PolicyIndex): boolean => p.selects(pod, index.namespaceLabels(pod.namespace));

export function adminFindings(snapshot: Snapshot, index: PolicyIndex): LintFinding[] {
  const policies = snapshot.adminPolicies ?? [];
  if (policies.length === 0) return [];
  const byKey = new Map(policies.map((p) => [`${p.kind}/${p.name}`, p]));
  return [
    ...validateAdminPolicies(policies).map((issue) => onAdminPolicy(byKey.get(`${issue.policy.kind}/${issue.policy.name}`)!, issue.code, issue.message, issue.path)),
    ...policies.flatMap(ruleFindings),
    ...tieFindings(snapshot, index),
    ...shadowedRuleFindings(index),
    ...passToNothingFindings(snapshot, index),
  ];
}
