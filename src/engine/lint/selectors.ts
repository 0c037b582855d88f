// Selectors that match nothing in the input: podSelector, peer selectors, named ports no pod declares.
import type { Direction, LabelSelector } from '../../model/policy.js';
import type { Pod } from '../../model/snapshot.js';
import { NAMESPACE_NAME_LABEL, rulesFor, type CompiledPolicy, type CompiledRule } from '../compile.js';
import { formatSelector } from '../selector.js';
import { peerNamespaces, peerPods, type LintContext } from './context.js';
import { onPolicy, type LintFinding } from './finding.js';

const listOf = (d: Direction) => (d === 'ingress' ? 'from' : 'to');

export function policySelectsNothing(ctx: LintContext, policy: CompiledPolicy): LintFinding[] {
  const pods = ctx.podsIn(policy.ref.namespace);
  // A namespace without pods in the input: nothing is known about what the policy will select.
  if (pods.length === 0 || ctx.selectedBy(policy).length > 0) return [];
  const selector = formatSelector(policy.policy.podSelector);
  const which = pods.length === 1 ? 'the 1 pod' : `none of the ${pods.length} pods`;
  const text = pods.length === 1 ? `does not match ${which}` : `matches ${which}`;
  return [onPolicy(policy.policy, 'policy-selects-nothing', `podSelector ${selector} ${text} in namespace ${policy.ref.namespace}`, { field: 'spec.podSelector' })];
}

/** The namespaces a selector can match when it pins kubernetes.io/metadata.name; undefined when any name could. */
function pinnedNames(selector: LabelSelector): readonly string[] | undefined {
  let names: readonly string[] | undefined = selector.matchLabels[NAMESPACE_NAME_LABEL] === undefined ? undefined : [selector.matchLabels[NAMESPACE_NAME_LABEL]!];
  for (const r of selector.matchExpressions) {
    if (r.key === NAMESPACE_NAME_LABEL && r.operator === 'In') names = names ? names.filter((n) => r.values.includes(n)) : r.values;
  }
  return names;
}

/**
 * A namespaceSelector that matches no namespace of the input. Provably empty (a warning) when every
 * namespace is known: a complete read, or a selector pinned to names the input declares. Otherwise
 * the namespaces it wants may simply not be in the input (files without kube-system): info.
 */
function namespaceSelectorFinding(ctx: LintContext, policy: CompiledPolicy, selector: LabelSelector, field: string): LintFinding {
  const text = `namespaceSelector ${formatSelector(selector)} matches no namespace`;
  const declared = (name: string) => ctx.snapshot.namespaces.some((n) => n.name === name && !n.synthesized);
  const pinned = pinnedNames(selector);
  const unknown = pinned?.filter((name) => !declared(name));
  if (ctx.namespacesComplete || (unknown !== undefined && unknown.length === 0)) {
    return onPolicy(policy.policy, 'namespace-selector-matches-nothing', text, { field });
  }
  const absent = unknown?.filter((name) => !ctx.snapshot.namespaces.some((n) => n.name === name)) ?? [];
  const why =
    absent.length > 0
      ? `; ${absent.join(', ')} ${absent.length === 1 ? 'is' : 'are'} not in it`
      : unknown !== undefined
        ? `; no Namespace object in it gives the labels of ${unknown.join(', ')}`
        : ': it may match namespaces the input does not contain';
  return onPolicy(policy.policy, 'namespace-selector-matches-nothing', `${text} in the input${why}`, { field, severity: 'info' });
}

function peerFindings(ctx: LintContext, policy: CompiledPolicy, direction: Direction, rule: CompiledRule): LintFinding[] {
  if (rule.peers === 'all') return [];
  const out: LintFinding[] = [];
  const raw = policy.policy[direction][rule.index]!;
  for (const peer of rule.peers) {
    if (peer.kind !== 'pods') continue;
    const source = raw.peers === 'all' ? undefined : raw.peers[peer.index];
    if (source?.kind !== 'pods') continue;
    const field = `spec.${direction}[${rule.index}].${listOf(direction)}[${peer.index}]`;
    const namespaces = peerNamespaces(ctx, policy, direction, rule, peer);
    if (peer.namespaces !== 'own' && source.namespaceSelector) {
      if (namespaces.length === 0 && ctx.namespacesKnown) out.push(namespaceSelectorFinding(ctx, policy, source.namespaceSelector, `${field}.namespaceSelector`));
      if (namespaces.length === 0) continue;
    }
    if (!source.podSelector) continue;
    // One matching pod is enough: stop at the first (listing them all is slow at thousands of namespaces).
    if (ctx.somePodMatches(namespaces, source.podSelector, peer.pods)) continue;
    const populated = namespaces.filter((n) => ctx.podsIn(n.name).length > 0);
    if (populated.length === 0) continue;
    const where = peer.namespaces === 'own' ? `namespace ${policy.ref.namespace} (no namespaceSelector: only the policy's own)` : `namespaces ${populated.map((n) => n.name).join(', ')}`;
    out.push(onPolicy(policy.policy, 'peer-selects-no-pod', `podSelector ${formatSelector(source.podSelector)} matches no pod in ${where}`, { field: `${field}.podSelector` }));
  }
  return out;
}

/** Pods a rule's ports resolve on: the selected pods for ingress, the peers' pods for egress. */
function destinations(ctx: LintContext, policy: CompiledPolicy, direction: Direction, rule: CompiledRule): readonly Pod[] {
  if (direction === 'ingress') return ctx.selectedBy(policy);
  if (rule.peers === 'all') return ctx.pods;
  return rule.peers.flatMap((peer) => peerPods(ctx, policy, direction, rule, peer));
}

function namedPortFindings(ctx: LintContext, policy: CompiledPolicy, direction: Direction, rule: CompiledRule): LintFinding[] {
  if (rule.ports === 'all' || !rule.ports.some((p) => p.kind === 'named')) return [];
  const pods = destinations(ctx, policy, direction, rule);
  if (pods.length === 0) return [];
  const out: LintFinding[] = [];
  for (const port of rule.ports) {
    if (port.kind !== 'named') continue;
    if (pods.some((pod) => pod.ports.some((p) => p.name === port.name && p.protocol === port.protocol))) continue;
    const whose = direction === 'ingress' ? 'selected pod' : 'destination pod';
    out.push(
      onPolicy(policy.policy, 'named-port-not-declared', `no ${whose} declares a ${port.protocol} container port named "${port.name}" (${pods.length} pod${pods.length === 1 ? '' : 's'} checked)`, {
        field: `spec.${direction}[${rule.index}].ports[${port.index}].port`,
      }),
    );
  }
  return out;
}

/** Named ports of a policy that no pod they apply to declares. */
export function namedPortsNotDeclared(ctx: LintContext, policy: CompiledPolicy): LintFinding[] {
  return (['ingress', 'egress'] as const).flatMap((direction) => (rulesFor(policy, direction) ?? []).flatMap((rule) => namedPortFindings(ctx, policy, direction, rule)));
}

/** Peer selectors and named ports that match nothing (policy-selects-nothing is its own check). */
export function selectorFindings(ctx: LintContext, policy: CompiledPolicy): LintFinding[] {
  const out: LintFinding[] = [];
  for (const direction of ['ingress', 'egress'] as const) {
    for (const rule of rulesFor(policy, direction) ?? []) {
      out.push(...peerFindings(ctx, policy, direction, rule), ...namedPortFindings(ctx, policy, direction, rule));
    }
  }
  return out;
}
