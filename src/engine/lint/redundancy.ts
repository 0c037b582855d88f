// Rules another rule of the same policy already covers, and policies that duplicate another one.
import type { Direction, LabelSelector, NetworkPolicy, Peer, PolicyPort, PolicyRule } from '../../model/policy.js';
import { isEmptySelector } from '../selector.js';
import { IpSet } from '../sets/ip-set.js';
import { onPolicy, type LintFinding } from './finding.js';

/** JSON with object keys sorted, so `{a, b}` and `{b, a}` compare equal. */
function canonical(value: unknown): string {
  // Plain loops: this runs over every policy of the input (duplicate-policy), 10,000 at a time.
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i++) text += (i > 0 ? ',' : '') + canonical(value[i]);
    return `${text}]`;
  }
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  let text = '{';
  let first = true;
  for (const key of keys) {
    const v = record[key];
    if (v === undefined) continue;
    text += `${first ? '' : ','}${JSON.stringify(key)}:${canonical(v)}`;
    first = false;
  }
  return `${text}}`;
}

const same = (a: unknown, b: unknown): boolean => canonical(a) === canonical(b);

/** Whether `wide` matches every label set `narrow` matches (checked by its requirements: sound, not complete). */
function selectorCovers(wide: LabelSelector | undefined, narrow: LabelSelector | undefined): boolean {
  if (!wide || isEmptySelector(wide)) return true;
  if (!narrow) return false;
  const labelsOk = Object.entries(wide.matchLabels).every(([k, v]) => narrow.matchLabels[k] === v);
  const exprsOk = wide.matchExpressions.every(
    (w) => narrow.matchExpressions.some((n) => same(n, w)) || (w.operator === 'Exists' && Object.hasOwn(narrow.matchLabels, w.key)),
  );
  return labelsOk && exprsOk;
}

function addresses(peer: Extract<Peer, { kind: 'ipBlock' }>): IpSet | undefined {
  const block = IpSet.parse(peer.cidr);
  return block && peer.except.reduce<IpSet>((set, e) => set.subtract(IpSet.parse(e) ?? IpSet.empty), block);
}

function peerCovers(wide: Peer, narrow: Peer): boolean {
  if (wide.kind === 'ipBlock' && narrow.kind === 'ipBlock') {
    const [w, n] = [addresses(wide), addresses(narrow)];
    return w !== undefined && n !== undefined && n.isSubsetOf(w);
  }
  if (wide.kind !== 'pods' || narrow.kind !== 'pods') return false;
  // No namespaceSelector: the policy's own namespace, which `{}` (every namespace) also covers.
  const namespacesOk = wide.namespaceSelector
    ? isEmptySelector(wide.namespaceSelector) || (narrow.namespaceSelector !== undefined && selectorCovers(wide.namespaceSelector, narrow.namespaceSelector))
    : narrow.namespaceSelector === undefined;
  return namespacesOk && selectorCovers(wide.podSelector, narrow.podSelector ?? { matchLabels: {}, matchExpressions: [] });
}

function portCovers(wide: PolicyPort, narrow: PolicyPort): boolean {
  if (wide.protocol !== narrow.protocol) return false;
  if (wide.port === undefined) return true;
  if (narrow.port === undefined) return false;
  if (typeof wide.port === 'string' || typeof narrow.port === 'string') return wide.port === narrow.port && narrow.endPort === undefined;
  return wide.port <= narrow.port && (wide.endPort ?? wide.port) >= (narrow.endPort ?? narrow.port);
}

/** Every (peer, port) pair `narrow` admits, `wide` admits too. */
export function ruleCovers(wide: PolicyRule, narrow: PolicyRule): boolean {
  const peersOk = wide.peers === 'all' || (narrow.peers !== 'all' && narrow.peers.every((n) => wide.peers !== 'all' && wide.peers.some((w) => peerCovers(w, n))));
  const portsOk = wide.ports === 'all' || (narrow.ports !== 'all' && narrow.ports.every((n) => wide.ports !== 'all' && wide.ports.some((w) => portCovers(w, n))));
  return peersOk && portsOk;
}

function redundantRules(policy: NetworkPolicy, direction: Direction): LintFinding[] {
  const rules = policy[direction];
  const out: LintFinding[] = [];
  rules.forEach((rule, j) => {
    // Of two identical rules, the later one is the redundant one.
    const cover = rules.findIndex((other, i) => i !== j && ruleCovers(other, rule) && (i < j || !ruleCovers(rule, other)));
    if (cover < 0) return;
    const text = same(rules[cover], rule) ? `is identical to ${direction} rule ${cover}` : `admits nothing ${direction} rule ${cover} does not already admit`;
    out.push(onPolicy(policy, 'redundant-rule', `${direction} rule ${j} ${text}`, { field: `spec.${direction}[${j}]` }));
  });
  return out;
}

export function redundantRuleFindings(policy: NetworkPolicy): LintFinding[] {
  return (['ingress', 'egress'] as const).flatMap((d) => (policy.policyTypes.includes(d === 'ingress' ? 'Ingress' : 'Egress') ? redundantRules(policy, d) : []));
}

const shape = (p: NetworkPolicy) => canonical([p.namespace, p.podSelector, [...p.policyTypes].sort(), p.ingress, p.egress]);

/** A policy with the same namespace, podSelector, policyTypes and rules as an earlier one. */
export function duplicatePolicyFindings(policies: readonly NetworkPolicy[]): LintFinding[] {
  const first = new Map<string, NetworkPolicy>();
  const out: LintFinding[] = [];
  // Duplicates share namespace, policyTypes and rule counts: only policies that share them with
  // another need their full shape.
  const roughOf = (p: NetworkPolicy) => `${p.namespace}\u0000${[...p.policyTypes].sort().join(',')}\u0000${p.ingress.length}\u0000${p.egress.length}`;
  const rough = new Map<string, number>();
  for (const policy of policies) {
    const key = roughOf(policy);
    rough.set(key, (rough.get(key) ?? 0) + 1);
  }
  for (const policy of policies) {
    if (rough.get(roughOf(policy))! < 2) continue;
    const key = shape(policy);
    const earlier = first.get(key);
    if (earlier) out.push(onPolicy(policy, 'duplicate-policy', `same podSelector, policyTypes and rules as ${earlier.namespace}/${earlier.name}`, { fix: `delete ${policy.name} or ${earlier.name}` }));
    else first.set(key, policy);
  }
  return out;
}
