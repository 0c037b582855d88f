// Checks admin policies the way the API server does for their CRDs (OpenAPI and CEL rules of
// network-policy-api v0.3.1): what it would reject is an input error, named by object and field.
import type { AdminPeer, AdminPolicy, AdminPolicyRef, AdminRule } from '../../model/admin-policy.js';
import { quote } from '../../model/quote.js';
import type { Origin } from '../../model/snapshot.js';
import { formatCidr, parseCidr } from '../sets/ip.js';
import { checkSelector, isValidPortName, type ValidationCode } from '../validate.js';

export type AdminValidationCode =
  | ValidationCode
  | 'legacy-cidr'
  | 'admin-cidr-host-bits'
  | 'admin-named-port-with-address-peer'
  | 'admin-port-range-order'
  | 'admin-too-many'
  | 'admin-rule-name-length'
  | 'admin-invalid-domain-name';

/**
 * Problems that leave no meaning to evaluate: every command stops on them. The others (rules of the
 * CRDs that the objects of other analyzers and older CRDs do not always follow, e.g. host bits in
 * CIDRs) are read as they are meant and reported by lint.
 */
export const FATAL_ADMIN_CODES: ReadonlySet<AdminValidationCode> = new Set(['invalid-cidr', 'unknown-operator', 'selector-values', 'invalid-label']);

export interface AdminValidationIssue {
  readonly code: AdminValidationCode;
  readonly policy: AdminPolicyRef;
  readonly origin?: Origin;
  readonly path: string;
  readonly message: string;
}

type Report = (code: AdminValidationCode, path: string, message: string) => void;

// The CRD's DomainName pattern: an optional `*.` prefix, then dot-separated labels.
const DOMAIN_NAME = /^(\*\.)?([a-zA-Z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.)+[a-zA-Z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.?$/;

function checkPeer(peer: AdminPeer, path: string, report: Report): void {
  switch (peer.kind) {
    case 'namespaces':
      checkSelector(peer.namespaces, `${path}.namespaces`, report);
      return;
    case 'pods':
      checkSelector(peer.namespaces, `${path}.pods.namespaceSelector`, report);
      checkSelector(peer.pods, `${path}.pods.podSelector`, report);
      return;
    case 'nodes':
      checkSelector(peer.nodes, `${path}.nodes`, report);
      return;
    case 'networks':
      if (peer.cidrs.length > 25) report('admin-too-many', `${path}.networks`, `${peer.cidrs.length} CIDRs: at most 25 are allowed`);
      peer.cidrs.forEach((text, i) => {
        const at = `${path}.networks[${i}]`;
        const cidr = parseCidr(text);
        // CEL isCIDR() is strict: no leading zeros, no IPv4-mapped forms.
        if (!cidr) report('invalid-cidr', at, `${quote(text)} is not a valid CIDR`);
        // CEL isCIDR() is strict: no leading zeros, no IPv4-mapped forms; and the block must be masked.
        else if (cidr.legacy) report('legacy-cidr', at, `${quote(text)} is in a legacy form the CRD rejects: read as ${formatCidr(cidr.family, cidr.first, cidr.prefix)}`);
        else if (cidr.address !== cidr.first) report('admin-cidr-host-bits', at, `${quote(text)} has host bits set (the CRD rejects it): read as ${formatCidr(cidr.family, cidr.first, cidr.prefix)}`);
      });
      return;
    case 'domainNames':
      if (peer.names.length > 25) report('admin-too-many', `${path}.domainNames`, `${peer.names.length} names: at most 25 are allowed`);
      peer.names.forEach((name, i) => {
        if (!DOMAIN_NAME.test(name)) report('admin-invalid-domain-name', `${path}.domainNames[${i}]`, `${quote(name)} is not a domain name (a wildcard only as a leading "*.")`);
      });
      return;
    case 'empty':
      // Read, and failed closed: lint names it.
      return;
  }
}

function checkRule(policy: AdminPolicy, rule: AdminRule, path: string, direction: 'ingress' | 'egress', report: Report): void {
  const cnp = policy.kind === 'ClusterNetworkPolicy';
  const limit = cnp ? 25 : 100;
  const peersField = direction === 'ingress' ? 'from' : 'to';
  const portsField = cnp ? 'protocols' : 'ports';
  if (rule.name !== undefined && rule.name.length > 100) report('admin-rule-name-length', `${path}.name`, `the rule name has ${rule.name.length} characters: at most 100 are allowed`);
  if (rule.peers.length > limit) report('admin-too-many', `${path}.${peersField}`, `${rule.peers.length} peers: at most ${limit} are allowed`);
  rule.peers.forEach((peer, i) => checkPeer(peer, `${path}.${peersField}[${i}]`, report));
  if (rule.ports === 'all') return;
  if (rule.ports.length > limit) report('admin-too-many', `${path}.${portsField}`, `${rule.ports.length} entries: at most ${limit} are allowed`);
  rule.ports.forEach((port, i) => {
    const at = `${path}.${portsField}[${i}]`;
    if (port.kind === 'range' && port.written === 'range' && port.start >= port.end) {
      report('admin-port-range-order', at, `the range ${port.start}-${port.end} must start below its end`);
    }
    if (port.kind === 'named' && !isValidPortName(port.name)) report('invalid-port-name', at, `${quote(port.name)} is not a valid port name`);
  });
  // CEL: named ports mean nothing towards networks, nodes or domain names.
  const addressPeer = rule.peers.find((p) => p.kind === 'networks' || p.kind === 'nodes' || p.kind === 'domainNames');
  if (addressPeer && rule.ports.some((p) => p.kind === 'named')) {
    report('admin-named-port-with-address-peer', `${path}.${portsField}`, `a named port cannot be used in a rule with a ${addressPeer.kind} peer (those have no named ports)`);
  }
}

export function validateAdminPolicy(policy: AdminPolicy): AdminValidationIssue[] {
  const issues: AdminValidationIssue[] = [];
  const report: Report = (code, path, message) =>
    issues.push({ code, policy: { kind: policy.kind, name: policy.name }, ...(policy.origin ? { origin: policy.origin } : {}), path, message });
  if (policy.subject.kind === 'namespaces') checkSelector(policy.subject.namespaces, 'spec.subject.namespaces', report);
  else {
    checkSelector(policy.subject.namespaces, 'spec.subject.pods.namespaceSelector', report);
    checkSelector(policy.subject.pods, 'spec.subject.pods.podSelector', report);
  }
  const limit = policy.kind === 'ClusterNetworkPolicy' ? 25 : 100;
  for (const direction of ['ingress', 'egress'] as const) {
    const rules = policy[direction];
    if (rules.length > limit) report('admin-too-many', `spec.${direction}`, `${rules.length} rules: at most ${limit} are allowed`);
    rules.forEach((rule, i) => checkRule(policy, rule, `spec.${direction}[${i}]`, direction, report));
  }
  return issues;
}

export const validateAdminPolicies = (policies: readonly AdminPolicy[]): AdminValidationIssue[] => policies.flatMap(validateAdminPolicy);
