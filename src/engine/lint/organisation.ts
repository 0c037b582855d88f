// Organisation rules a team turns on in its lint config, checked the way an admission controller would.
import type { LintConfig } from '../../model/lint-config.js';
import type { NetworkPolicy } from '../../model/policy.js';
import { isEmptySelector } from '../selector.js';
import { parseCidr } from '../sets/ip.js';
import type { LintContext } from './context.js';
import { namespaceOrigin, onNamespace, onPolicy, type LintFinding } from './finding.js';
import { hasDefaultDeny, populatedNamespaces } from './namespaces.js';

const isDefaultDenyPolicy = (p: NetworkPolicy) => isEmptySelector(p.podSelector) && p.ingress.length === 0 && p.egress.length === 0;

function requireIngressRules(policy: NetworkPolicy): LintFinding[] {
  if (isDefaultDenyPolicy(policy)) return [];
  if (!policy.policyTypes.includes('Ingress')) {
    return [onPolicy(policy, 'org-require-ingress-rules', 'policyTypes has no Ingress: the policy does not restrict ingress (requireIngressRules)', { field: 'spec.policyTypes' })];
  }
  if (policy.ingress.length === 0) {
    return [onPolicy(policy, 'org-require-ingress-rules', 'the policy has no ingress rule (requireIngressRules)', { field: 'spec.ingress' })];
  }
  return [];
}

function forbiddenCidrs(policy: NetworkPolicy, config: LintConfig): LintFinding[] {
  const forbids = config.forbidCidrs.filter((f) => !f.namespaces || f.namespaces.includes(policy.namespace));
  if (forbids.length === 0) return [];
  const out: LintFinding[] = [];
  for (const direction of ['ingress', 'egress'] as const) {
    const list = direction === 'ingress' ? 'from' : 'to';
    policy[direction].forEach((rule, i) => {
      if (rule.peers === 'all') return;
      rule.peers.forEach((peer, j) => {
        if (peer.kind !== 'ipBlock') return;
        const block = parseCidr(peer.cidr);
        if (!block) return;
        for (const forbid of forbids) {
          const forbidden = parseCidr(forbid.cidr);
          if (!forbidden || forbidden.family !== block.family || block.first > forbidden.first || block.last < forbidden.last) continue;
          const where = forbid.namespaces ? ` in namespace ${policy.namespace}` : '';
          out.push(
            onPolicy(policy, 'org-forbidden-cidr', `ipBlock ${peer.cidr} contains ${forbid.cidr}, which no policy${where} may allow (forbidCidrs)`, {
              field: `spec.${direction}[${i}].${list}[${j}].ipBlock.cidr`,
            }),
          );
          break;
        }
      });
    });
  }
  return out;
}

function requireDefaultDeny(ctx: LintContext, config: LintConfig): LintFinding[] {
  const out: LintFinding[] = [];
  for (const namespace of populatedNamespaces(ctx)) {
    const missing = config.requireDefaultDeny.filter((d) => !hasDefaultDeny(ctx, namespace, d));
    if (missing.length === 0) continue;
    const origin = namespaceOrigin(
      ctx.snapshot.namespaces.find((n) => n.name === namespace),
      ctx.snapshot.policies.filter((p) => p.namespace === namespace),
    );
    out.push(onNamespace(namespace, 'org-require-default-deny', `namespace ${namespace} has no default-deny ${missing.join(' or ')} policy (requireDefaultDeny)`, origin));
  }
  return out;
}

export function organisationFindings(ctx: LintContext, config: LintConfig): LintFinding[] {
  const out: LintFinding[] = [];
  for (const policy of ctx.snapshot.policies) {
    if (config.requireIngressRules) out.push(...requireIngressRules(policy));
    out.push(...forbiddenCidrs(policy, config));
  }
  if (config.requireDefaultDeny.length > 0) out.push(...requireDefaultDeny(ctx, config));
  return out;
}
