// Checks policies the way the API server's validation does; each problem gets a stable code and a path.
import type { LabelSelector, NetworkPolicy, Peer, PolicyPort, PolicyRule } from '../model/policy.js';
import { isValidLabelKey, isValidLabelValue } from '../model/names.js';
import { clip, quote } from '../model/quote.js';
import type { Origin } from '../model/snapshot.js';
import { parseCidr, type Cidr } from './sets/ip.js';

export type ValidationCode =
  | 'invalid-cidr'
  | 'except-not-in-cidr'
  | 'ipblock-with-selector'
  | 'empty-peer'
  | 'unknown-operator'
  | 'selector-values'
  | 'invalid-protocol'
  | 'invalid-port'
  | 'invalid-port-name'
  | 'endport-without-port'
  | 'endport-with-named-port'
  | 'endport-below-port'
  | 'invalid-policy-type'
  | 'invalid-label';

export interface ValidationIssue {
  readonly code: ValidationCode;
  readonly policy: { readonly namespace: string; readonly name: string };
  readonly origin?: Origin;
  /** Field path inside the object, e.g. `spec.ingress[0].from[1].ipBlock.cidr`. */
  readonly path: string;
  readonly message: string;
}

// IANA service names, as validation.IsValidPortName: 1-15 chars, lowercase alphanumerics and '-',
// at least one letter, no leading, trailing or doubled '-'.
export function isValidPortName(name: string): boolean {
  return (
    name.length >= 1 &&
    name.length <= 15 &&
    /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(name) &&
    !name.includes('--') &&
    /[a-z]/.test(name)
  );
}

export type Report = (code: ValidationCode, path: string, message: string) => void;

/** A label selector as the API server validates it (operators, values, label syntax). */
export function checkSelector(selector: LabelSelector, path: string, report: Report): void {
  for (const [key, value] of Object.entries(selector.matchLabels)) {
    if (!isValidLabelKey(key)) report('invalid-label', `${path}.matchLabels`, `${quote(key)} is not a valid label key`);
    else if (!isValidLabelValue(value)) report('invalid-label', `${path}.matchLabels.${key}`, `${quote(value)} is not a valid label value`);
  }
  selector.matchExpressions.forEach((req, i) => {
    const at = `${path}.matchExpressions[${i}]`;
    if (!isValidLabelKey(req.key)) report('invalid-label', `${at}.key`, `${quote(req.key)} is not a valid label key`);
    req.values.forEach((v, j) => {
      if (!isValidLabelValue(v)) report('invalid-label', `${at}.values[${j}]`, `${quote(v)} is not a valid label value`);
    });
    switch (req.operator) {
      case 'In':
      case 'NotIn':
        if (req.values.length === 0) report('selector-values', `${at}.values`, `operator ${req.operator} needs at least one value`);
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (req.values.length > 0) report('selector-values', `${at}.values`, `operator ${req.operator} takes no values`);
        break;
      default:
        report('unknown-operator', `${at}.operator`, `unknown selector operator ${quote(req.operator)} (In, NotIn, Exists, DoesNotExist)`);
    }
  });
}

// The API server compares prefix lengths as written: an IPv4-mapped block's counts its 96 mapping bits.
const writtenPrefix = (cidr: Cidr): number => cidr.legacy?.writtenPrefix ?? cidr.prefix;

function checkPeer(peer: Peer, path: string, report: Report): void {
  switch (peer.kind) {
    case 'invalid':
      if (peer.reason === 'empty-peer') report('empty-peer', path, 'a peer must set podSelector, namespaceSelector or ipBlock');
      else report('ipblock-with-selector', path, 'ipBlock cannot be combined with podSelector or namespaceSelector in one peer');
      return;
    case 'pods':
      if (peer.podSelector) checkSelector(peer.podSelector, `${path}.podSelector`, report);
      if (peer.namespaceSelector) checkSelector(peer.namespaceSelector, `${path}.namespaceSelector`, report);
      return;
    case 'ipBlock': {
      const block = parseCidr(peer.cidr);
      if (!block) {
        report('invalid-cidr', `${path}.ipBlock.cidr`, `${quote(peer.cidr)} is not a valid CIDR`);
        return;
      }
      peer.except.forEach((text, i) => {
        const at = `${path}.ipBlock.except[${i}]`;
        const except = parseCidr(text);
        if (!except) report('invalid-cidr', at, `${quote(text)} is not a valid CIDR`);
        else if (except.family !== block.family || writtenPrefix(except) <= writtenPrefix(block) || except.first < block.first || except.last > block.last) {
          report('except-not-in-cidr', at, `except ${clip(text)} must lie strictly inside cidr ${clip(peer.cidr)}`);
        }
      });
      return;
    }
  }
}

function checkPort(port: PolicyPort, path: string, report: Report): void {
  if (port.protocol !== 'TCP' && port.protocol !== 'UDP' && port.protocol !== 'SCTP') {
    report('invalid-protocol', `${path}.protocol`, `unsupported protocol ${quote(port.protocol)} (TCP, UDP, SCTP)`);
  }
  if (typeof port.port === 'number' && (!Number.isInteger(port.port) || port.port < 1 || port.port > 65535)) {
    report('invalid-port', `${path}.port`, `port ${port.port} is not between 1 and 65535`);
  }
  if (typeof port.port === 'string' && !isValidPortName(port.port)) {
    report('invalid-port-name', `${path}.port`, `${quote(port.port)} is not a valid port name`);
  }
  if (port.endPort === undefined) return;
  if (port.port === undefined) report('endport-without-port', `${path}.endPort`, 'endPort requires port');
  else if (typeof port.port === 'string') report('endport-with-named-port', `${path}.endPort`, 'endPort cannot be used with a named port');
  else if (!Number.isInteger(port.endPort) || port.endPort < port.port || port.endPort > 65535) {
    report('endport-below-port', `${path}.endPort`, `endPort ${port.endPort} must be between port ${port.port} and 65535`);
  }
}

function checkRule(rule: PolicyRule, path: string, peersField: 'from' | 'to', report: Report): void {
  if (rule.peers !== 'all') rule.peers.forEach((p, i) => checkPeer(p, `${path}.${peersField}[${i}]`, report));
  if (rule.ports !== 'all') rule.ports.forEach((p, i) => checkPort(p, `${path}.ports[${i}]`, report));
}

export function validatePolicy(policy: NetworkPolicy): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const report: Report = (code, path, message) =>
    issues.push({
      code,
      policy: { namespace: policy.namespace, name: policy.name },
      ...(policy.origin ? { origin: policy.origin } : {}),
      path,
      message,
    });
  checkSelector(policy.podSelector, 'spec.podSelector', report);
  if (policy.policyTypes.length > 2) report('invalid-policy-type', 'spec.policyTypes', 'at most two policyTypes (Ingress, Egress) may be given');
  policy.policyTypes.forEach((t, i) => {
    if (t !== 'Ingress' && t !== 'Egress') report('invalid-policy-type', `spec.policyTypes[${i}]`, `unknown policy type ${quote(t)} (Ingress, Egress)`);
  });
  policy.ingress.forEach((r, i) => checkRule(r, `spec.ingress[${i}]`, 'from', report));
  policy.egress.forEach((r, i) => checkRule(r, `spec.egress[${i}]`, 'to', report));
  return issues;
}

export const validatePolicies = (policies: readonly NetworkPolicy[]): ValidationIssue[] => policies.flatMap(validatePolicy);
