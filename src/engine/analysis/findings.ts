// Things in the policy set that need attention, each with a stable code a CI job can match on.
import type { Origin, Pod, Snapshot } from '../../model/snapshot.js';
import { rulesFor, type CompiledPolicy, type PolicyIndex } from '../compile.js';
import { isPolicySubject } from '../endpoint.js';
import { judgeSide } from '../evaluate.js';
import { compileSelector } from '../selector.js';
import { analysablePods, isDefaultDeny, podIsolation } from './isolation.js';
import { groupByWorkload } from './workload-groups.js';
import { perPodClass } from './pod-class.js';

export type FindingCode =
  | 'pod-not-selected'
  | 'no-default-deny-ingress'
  | 'no-default-deny-egress'
  | 'policy-selects-nothing'
  | 'rule-allows-all-namespaces'
  | 'rule-allows-any-address'
  | 'rule-allows-everyone'
  | 'egress-without-dns';

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  readonly code: FindingCode;
  readonly severity: Severity;
  readonly namespace: string;
  /** What it is about: `deployment/api`, `policy allow-web`, `namespace shop`. */
  readonly subject: string;
  /** Field inside a policy, e.g. `spec.ingress[0].from[1]`. */
  readonly field?: string;
  readonly message: string;
  readonly origin?: Origin;
}

const DNS_PORT = 53;
export const KUBE_DNS = compileSelector({ matchLabels: { 'k8s-app': 'kube-dns' }, matchExpressions: [] });

function ruleFindings(policy: CompiledPolicy): Finding[] {
  const out: Finding[] = [];
  const { namespace, name } = policy.ref;
  const origin = policy.policy.origin;
  for (const direction of ['ingress', 'egress'] as const) {
    const list = direction === 'ingress' ? 'from' : 'to';
    const who = direction === 'ingress' ? 'ingress from' : 'egress to';
    for (const rule of rulesFor(policy, direction) ?? []) {
      const base = { namespace, subject: `policy ${name}`, ...(origin ? { origin } : {}) };
      if (rule.peers === 'all') {
        out.push({
          ...base,
          code: 'rule-allows-everyone',
          severity: 'warning',
          field: `spec.${direction}[${rule.index}]`,
          message: `policy ${name} ${direction} rule ${rule.index} has no "${list}": it allows ${who} every pod and every address`,
        });
        continue;
      }
      for (const peer of rule.peers) {
        const field = `spec.${direction}[${rule.index}].${list}[${peer.index}]`;
        const raw = policy.policy[direction][rule.index];
        const source = raw && raw.peers !== 'all' ? raw.peers[peer.index] : undefined;
        if (source?.kind === 'pods' && source.namespaceSelector && Object.keys(source.namespaceSelector.matchLabels).length === 0 && source.namespaceSelector.matchExpressions.length === 0) {
          out.push({ ...base, code: 'rule-allows-all-namespaces', severity: 'warning', field, message: `policy ${name} ${field}: namespaceSelector {} allows ${who} pods in every namespace` });
        }
        if (peer.kind === 'ipBlock' && (peer.addresses.coversFamily(4) || peer.addresses.coversFamily(6))) {
          out.push({ ...base, code: 'rule-allows-any-address', severity: 'warning', field, message: `policy ${name} ${field}: ipBlock ${source?.kind === 'ipBlock' ? source.cidr : ''} allows ${who} any address` });
        }
      }
    }
  }
  return out;
}

/** Whether the pod's egress policies let it ask DNS on the protocol (to kube-dns pods, else anywhere). */
export function dnsAllowed(pod: Pod, protocol: 'UDP' | 'TCP', dnsPods: readonly Pod[], index: PolicyIndex): boolean {
  if (dnsPods.length > 0) {
    return dnsPods.some((dns) => judgeSide(pod, 'egress', { kind: 'pod', pod: dns }, index).allowed.has(protocol, DNS_PORT));
  }
  // No kube-dns in the snapshot: any egress rule that admits port 53 on the protocol counts.
  return index.policiesIn(pod.namespace).some(
    (p) =>
      p.selects(pod.labels) &&
      (rulesFor(p, 'egress') ?? []).some(
        (r) => r.ports === 'all' || r.ports.some((e) => e.kind === 'numbers' && e.ports.has(protocol, DNS_PORT)),
      ),
  );
}

export function findFindings(snapshot: Snapshot, index: PolicyIndex): Finding[] {
  const findings: Finding[] = [];
  const pods = analysablePods(snapshot).filter(isPolicySubject);
  const dnsPods = pods.filter((p) => p.namespace === 'kube-system' && KUBE_DNS(p.labels));

  const isolationOf = perPodClass((pod) => podIsolation(pod, index));
  const dnsOf = perPodClass((pod) => (['UDP', 'TCP'] as const).filter((proto) => !dnsAllowed(pod, proto, dnsPods, index)));
  for (const group of groupByWorkload(pods)) {
    const isolation = isolationOf(group.pods[0]!);
    const count = group.pods.length > 1 ? ` (${group.pods.length} pods)` : '';
    if (isolation.selectedBy.length === 0) {
      findings.push({ code: 'pod-not-selected', severity: 'warning', namespace: group.namespace, subject: group.name, message: `${group.name}${count} is selected by no NetworkPolicy: all traffic to and from it is allowed` });
    }
    if (isolation.egress.length > 0) {
      const missing = dnsOf(group.pods[0]!);
      if (missing.length > 0) {
        findings.push({
          code: 'egress-without-dns',
          severity: missing.includes('UDP') ? 'warning' : 'info',
          namespace: group.namespace,
          subject: group.name,
          message: `${group.name}${count} is egress-isolated and may not reach DNS on ${missing.join(' and ')} 53`,
        });
      }
    }
  }

  const namespacesWithPods = [...new Set(pods.map((p) => p.namespace))];
  for (const namespace of namespacesWithPods) {
    const policies = index.policiesIn(namespace);
    if (!policies.some((p) => isDefaultDeny(p, 'ingress'))) {
      findings.push({ code: 'no-default-deny-ingress', severity: 'warning', namespace, subject: `namespace ${namespace}`, message: `namespace ${namespace} has no default-deny ingress policy` });
    }
    if (!policies.some((p) => isDefaultDeny(p, 'egress'))) {
      findings.push({ code: 'no-default-deny-egress', severity: 'info', namespace, subject: `namespace ${namespace}`, message: `namespace ${namespace} has no default-deny egress policy` });
    }
  }

  // Which policies select at least one pod: one pass over pod classes, not policies x pods.
  const selecting = new Set<string>();
  const seen = perPodClass((pod) => {
    for (const ref of isolationOf(pod).selectedBy) selecting.add(`${ref.namespace}/${ref.name}`);
    return true;
  });
  pods.forEach(seen);
  for (const policy of index.all) {
    if (!selecting.has(`${policy.ref.namespace}/${policy.ref.name}`)) {
      const origin = policy.policy.origin;
      findings.push({
        code: 'policy-selects-nothing',
        severity: 'warning',
        namespace: policy.ref.namespace,
        subject: `policy ${policy.ref.name}`,
        field: 'spec.podSelector',
        message: `policy ${policy.ref.name} selects no pod in namespace ${policy.ref.namespace}`,
        ...(origin ? { origin } : {}),
      });
    }
    findings.push(...ruleFindings(policy));
  }
  return findings;
}
