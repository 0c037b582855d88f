// The policies selecting a workload, and a policy's rules in words: the UI's policy tab and screen.
import type { NetworkPolicy } from '../model/policy.js';
import type { Pod } from '../model/snapshot.js';
import { analysablePods, podIsolation, podsSelectedBy } from '../engine/analysis/isolation.js';
import { groupByWorkload } from '../engine/analysis/workload-groups.js';
import { formatSelector } from '../engine/selector.js';
import type { AnalysisInput } from './analysis-view.js';

export interface PolicyRow {
  readonly namespace: string;
  readonly name: string;
  readonly types: string;
  readonly ingress: boolean;
  readonly egress: boolean;
}

/** The policies selecting a pod, with their types and the directions they isolate it in. */
export function podPolicies(state: AnalysisInput, pod: Pod): PolicyRow[] {
  const isolation = podIsolation(pod, state.index);
  const has = (list: readonly { name: string }[], name: string) => list.some((r) => r.name === name);
  return isolation.selectedBy.map((ref) => {
    const policy = state.snapshot.policies.find((p) => p.namespace === ref.namespace && p.name === ref.name)!;
    return { namespace: ref.namespace, name: ref.name, types: policy.policyTypes.join('+'), ingress: has(isolation.ingress, ref.name), egress: has(isolation.egress, ref.name) };
  });
}

/** A policy as readable rules: what it selects, and what each rule admits, in words. */
export function describePolicy(state: AnalysisInput, policy: NetworkPolicy): string[] {
  const lines: string[] = [];
  const compiled = state.index.policiesIn(policy.namespace).find((p) => p.ref.name === policy.name);
  const selected = compiled ? groupByWorkload(podsSelectedBy(compiled, analysablePods(state.snapshot))) : [];
  lines.push(`Selects ${formatSelector(policy.podSelector)} in ${policy.namespace}: ${selected.length === 0 ? 'no pod' : selected.map((g) => `${g.name}${g.pods.length > 1 ? ` (${g.pods.length})` : ''}`).join(', ')}`);
  lines.push(`Policy types: ${policy.policyTypes.join(', ')}`);
  for (const direction of ['ingress', 'egress'] as const) {
    if (!policy.policyTypes.includes(direction === 'ingress' ? 'Ingress' : 'Egress')) {
      if (policy[direction].length > 0) lines.push(`${direction} rules are inert: ${direction === 'ingress' ? 'Ingress' : 'Egress'} is not in policyTypes`);
      continue;
    }
    if (policy[direction].length === 0) lines.push(`${direction}: nothing allowed (deny all)`);
    policy[direction].forEach((rule, i) => {
      const who =
        rule.peers === 'all'
          ? direction === 'ingress' ? 'from anywhere' : 'to anywhere'
          : rule.peers
              .map((peer) => {
                switch (peer.kind) {
                  case 'ipBlock':
                    return `ipBlock ${peer.cidr}${peer.except.length ? ` except ${peer.except.join(', ')}` : ''}`;
                  case 'pods': {
                    const pods = peer.podSelector ? `pods ${formatSelector(peer.podSelector)}` : 'all pods';
                    const ns = peer.namespaceSelector ? `namespaces ${formatSelector(peer.namespaceSelector)}` : `namespace ${policy.namespace}`;
                    return `${pods} in ${ns}`;
                  }
                  case 'invalid':
                    return 'an invalid peer';
                }
              })
              .map((t) => (direction === 'ingress' ? 'from ' : 'to ') + t)
              .join(' OR ');
      const ports = rule.ports === 'all' ? 'all ports' : rule.ports.map((p) => `${p.protocol}${p.port !== undefined ? ` ${p.port}${p.endPort !== undefined ? `-${p.endPort}` : ''}` : ' (all)'}`).join(', ');
      lines.push(`${direction}[${i}]: ${who}; ${ports}`);
    });
  }
  return lines;
}

export interface NamespacePolicyRow {
  readonly namespace: string;
  readonly name: string;
  readonly types: string;
  /** The workloads it selects (`deployment/cart (2)`), or `nothing` when it selects no pod. */
  readonly selects: string;
}

/** A namespace's NetworkPolicies by name, each with what it selects, including nothing. */
export function namespacePolicies(state: AnalysisInput, namespace: string): NamespacePolicyRow[] {
  const pods = analysablePods(state.snapshot);
  return state.snapshot.policies
    .filter((p) => p.namespace === namespace)
    .map((policy) => {
      const compiled = state.index.policiesIn(namespace).find((p) => p.ref.name === policy.name);
      const selected = compiled ? groupByWorkload(podsSelectedBy(compiled, pods)) : [];
      const selects = selected.length === 0 ? 'nothing' : selected.map((g) => `${g.name}${g.pods.length > 1 ? ` (${g.pods.length})` : ''}`).join(', ');
      return { namespace, name: policy.name, types: policy.policyTypes.join('+'), selects };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}
