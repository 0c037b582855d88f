// Egress isolation without DNS: per policy, the workloads it isolates that cannot reach port 53.
import type { NetworkPolicy } from '../../model/policy.js';
import type { Pod } from '../../model/snapshot.js';
import { rulesFor, type CompiledPolicy, type PolicyIndex } from '../compile.js';
import { isPolicySubject } from '../endpoint.js';
import { isolatingPolicies, judgeSide } from '../evaluate.js';
import { perPodClass, podClassKey } from '../analysis/pod-class.js';
import { compileSelector, isEmptySelector } from '../selector.js';
import { groupByWorkload } from '../analysis/workload-groups.js';
import type { LintContext } from './context.js';
import { onPolicy, type LintFinding } from './finding.js';

type Dns = 'UDP' | 'TCP';
const PROTOCOLS: readonly Dns[] = ['UDP', 'TCP'];
const DNS_PORT = 53;
export const KUBE_DNS = compileSelector({ matchLabels: { 'k8s-app': 'kube-dns' }, matchExpressions: [] });

/** Whether the pod's egress policies let it ask DNS on the protocol (to kube-dns pods, else anywhere). */
export function dnsAllowed(pod: Pod, protocol: Dns, dnsPods: readonly Pod[], index: PolicyIndex): boolean {
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

/** Without pods: policies sure to select the same pods ({} or the same selector) must admit port 53 somewhere. */
function missingWithoutPods(ctx: LintContext, policy: CompiledPolicy): Dns[] {
  const selector = JSON.stringify(policy.policy.podSelector);
  const alike = ctx.index
    .policiesIn(policy.ref.namespace)
    .filter((p) => p.egress !== undefined && (isEmptySelector(p.policy.podSelector) || JSON.stringify(p.policy.podSelector) === selector));
  return PROTOCOLS.filter(
    (proto) =>
      !alike.some((p) =>
        (rulesFor(p, 'egress') ?? []).some(
          (r) => (r.peers === 'all' || r.peers.some((peer) => peer.kind !== 'invalid')) && (r.ports === 'all' || r.ports.some((e) => e.kind === 'numbers' && e.ports.has(proto, DNS_PORT))),
        ),
      ),
  );
}

function finding(policy: NetworkPolicy, missing: readonly Dns[], whom: string): LintFinding {
  return onPolicy(policy, 'egress-without-dns', `isolates egress of ${whom}, which may not reach DNS on ${missing.join(' and ')} 53`, {
    field: 'spec.egress',
    // Lookups fall back to TCP only for large answers: missing UDP is what breaks applications.
    ...(missing.includes('UDP') ? {} : { severity: 'info' as const }),
  });
}

/**
 * The kube-dns pods that can be judged differently, one of each kind: without address peers
 * (ipBlocks, admin networks and nodes) a destination is judged by its namespace, labels, whether
 * policies apply to it and its container ports (named ports resolve on it).
 */
function distinctDnsPods(dnsPods: readonly Pod[], index: PolicyIndex): readonly Pod[] {
  if (index.hasIpBlocks) return dnsPods;
  const seen = new Set<string>();
  return dnsPods.filter((pod) => {
    const key = `${podClassKey(pod)}\u0002${isPolicySubject(pod)}\u0002${JSON.stringify(pod.ports)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The protocols on which a pod may not ask DNS, cached by what decides its egress: its egress
 * NetworkPolicies and the admin policies selecting it (the same objects give the same answers; the
 * pod's own labels are read only to pick them). Pods must be policy subjects.
 */
function dnsMissing(dnsPods: readonly Pod[], index: PolicyIndex): (pod: Pod) => Dns[] {
  const judged = distinctDnsPods(dnsPods, index);
  const ids = new Map<object, number>();
  const idOf = (o: object) => {
    let id = ids.get(o);
    if (id === undefined) ids.set(o, (id = ids.size));
    return id;
  };
  const byDeciding = new Map<string, Dns[]>();
  return perPodClass((pod) => {
    const { admin, baseline } = index.adminTiers.selecting(pod, 'egress', index.namespaceLabels(pod.namespace));
    const key = [isolatingPolicies(pod, 'egress', index).map(idOf).join(','), admin.map(idOf).join(','), baseline.map(idOf).join(',')].join(';');
    let missing = byDeciding.get(key);
    if (!missing) {
      if (judged.length === 0) missing = PROTOCOLS.filter((proto) => !dnsAllowed(pod, proto, judged, index));
      else {
        // One judgement per DNS pod answers both protocols.
        const open = new Set<Dns>();
        for (const dns of judged) {
          const allowed = judgeSide(pod, 'egress', { kind: 'pod', pod: dns }, index).allowed;
          for (const proto of PROTOCOLS) if (allowed.has(proto, DNS_PORT)) open.add(proto);
          if (open.size === PROTOCOLS.length) break;
        }
        missing = PROTOCOLS.filter((proto) => !open.has(proto));
      }
      byDeciding.set(key, missing);
    }
    return missing;
  });
}

/** `policies`: the policies to report on (every one, or those of some namespaces). */
export function dnsFindings(ctx: LintContext, policies: readonly CompiledPolicy[] = ctx.index.all): LintFinding[] {
  const dnsPods = ctx.pods.filter((p) => p.namespace === 'kube-system' && KUBE_DNS(p.labels));
  const missingOf = dnsMissing(dnsPods, ctx.index);
  const out: LintFinding[] = [];
  for (const policy of policies) {
    if (policy.egress === undefined) continue;
    const selected = ctx.selectedBy(policy);
    if (selected.length === 0) {
      // Pods exist but none is selected: nothing is isolated now (policy-selects-nothing says so).
      if (ctx.podsIn(policy.ref.namespace).length > 0) continue;
      const missing = missingWithoutPods(ctx, policy);
      if (missing.length > 0) out.push(finding(policy.policy, missing, 'the pods it selects'));
      continue;
    }
    const lacking = groupByWorkload(selected)
      .map((g) => ({ name: g.name, missing: missingOf(g.pods[0]!) }))
      .filter((g) => g.missing.length > 0);
    if (lacking.length === 0) continue;
    const missing = PROTOCOLS.filter((proto) => lacking.some((g) => g.missing.includes(proto)));
    out.push(finding(policy.policy, missing, lacking.map((g) => g.name).join(', ')));
  }
  return out;
}
