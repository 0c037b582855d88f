// Least-privilege NetworkPolicies from observed connections: per namespace in scope a default deny,
// DNS egress to the cluster DNS pods, and one rule per observed workload pair and port (selectors
// from stable labels, namespaces by kubernetes.io/metadata.name, named ports where the destination
// declares them, outside addresses as ipBlocks aggregated to a prefix).
import type { LabelSelector, NetworkPolicy, Peer, PolicyPort, PolicyRule } from '../../model/policy.js';
import type { Labels, Pod, Protocol, Snapshot } from '../../model/snapshot.js';
import { NAMESPACE_NAME_LABEL } from '../compile.js';
import { isPolicySubject } from '../endpoint.js';
import { groupKeyOf } from '../analysis/workload-groups.js';
import { parseIp, formatIp, bitsOf } from '../sets/ip.js';
import { workloadSelector } from '../whynot/stable-labels.js';
import type { JoinedEnd } from './join.js';

export interface Observed {
  readonly source: JoinedEnd;
  readonly destination: JoinedEnd;
  readonly protocol: Protocol;
  readonly port: number;
}

export interface SuggestInput {
  readonly snapshot: Snapshot;
  /** Namespaces to write policies for (undefined: every namespace with pods). */
  readonly namespaces?: ReadonlySet<string>;
  readonly observed: readonly Observed[];
  /** Prefix lengths outside addresses are aggregated to. */
  readonly prefix: { readonly v4: number; readonly v6: number };
}

export const SUGGESTED_PREFIX = 'suggested-';
const DNS_LABEL = { 'k8s-app': 'kube-dns' };

const selector = (matchLabels: Labels): LabelSelector => ({ matchLabels, matchExpressions: [] });
const empty = selector({});

/** A DNS-1123 name from a workload's name. */
function policyName(pod: Pod, suffix: string): string {
  const base = (pod.owner?.name ?? pod.name).toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'pod';
  return `${SUGGESTED_PREFIX}${base.slice(0, 200)}-${suffix}`;
}

/** The cidr of an address aggregated to the prefix of its family. */
export function aggregate(ip: string, prefix: SuggestInput['prefix']): string {
  const parsed = parseIp(ip)!;
  const bits = parsed.family === 4 ? prefix.v4 : prefix.v6;
  const host = BigInt(bitsOf(parsed.family) - bits);
  return `${formatIp(parsed.family, (parsed.value >> host) << host)}/${bits}`;
}

export function suggestPolicies(input: SuggestInput): NetworkPolicy[] {
  const { snapshot, prefix } = input;
  const pods = snapshot.pods.filter(isPolicySubject);
  const namespaces = [...(input.namespaces ?? new Set(pods.map((p) => p.namespace)))].sort();
  const inScope = new Set(namespaces);
  const selectorOf = new Map<Pod, Labels>();
  const podSelector = (pod: Pod): LabelSelector => {
    let labels = selectorOf.get(pod);
    if (!labels) selectorOf.set(pod, (labels = workloadSelector(pod, pods)));
    return selector(labels);
  };
  const podPeer = (pod: Pod, policyNamespace: string): Peer =>
    pod.namespace === policyNamespace ? { kind: 'pods', podSelector: podSelector(pod) } : { kind: 'pods', podSelector: podSelector(pod), namespaceSelector: selector({ [NAMESPACE_NAME_LABEL]: pod.namespace }) };
  const portEntry = (destination: JoinedEnd, protocol: Protocol, port: number): PolicyPort => {
    const named = destination.kind === 'pod' ? destination.pod.ports.find((p) => p.port === port && p.protocol === protocol && p.name) : undefined;
    return { protocol, port: named?.name ?? port };
  };
  const dnsPods = pods.filter((p) => p.labels['k8s-app'] === DNS_LABEL['k8s-app']);
  const dnsNamespace = dnsPods[0]?.namespace ?? 'kube-system';
  const policies: NetworkPolicy[] = [];
  for (const ns of namespaces) {
    policies.push({ namespace: ns, name: `${SUGGESTED_PREFIX}default-deny`, podSelector: empty, policyTypes: ['Ingress', 'Egress'], ingress: [], egress: [] });
    policies.push({
      namespace: ns,
      name: `${SUGGESTED_PREFIX}allow-dns-egress`,
      podSelector: empty,
      policyTypes: ['Egress'],
      ingress: [],
      egress: [{ peers: [{ kind: 'pods', podSelector: selector(DNS_LABEL), namespaceSelector: selector({ [NAMESPACE_NAME_LABEL]: dnsNamespace }) }], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] }],
    });
    if (ns === dnsNamespace && dnsPods.length > 0) {
      policies.push({
        namespace: ns,
        name: `${SUGGESTED_PREFIX}allow-dns-ingress`,
        podSelector: selector(DNS_LABEL),
        policyTypes: ['Ingress'],
        ingress: [{ peers: [{ kind: 'pods', namespaceSelector: empty }], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] }],
        egress: [],
      });
    }
  }
  // One policy per workload and direction; one rule per peer, with every port observed with it.
  const rules = new Map<string, { pod: Pod; direction: 'ingress' | 'egress'; peers: Map<string, { peer: Peer; ports: Map<string, PolicyPort> }> }>();
  const add = (pod: Pod, direction: 'ingress' | 'egress', peerKey: string, peer: Peer, port: PolicyPort) => {
    const key = `${groupKeyOf(pod).key}|${direction}`;
    let entry = rules.get(key);
    if (!entry) rules.set(key, (entry = { pod, direction, peers: new Map() }));
    let p = entry.peers.get(peerKey);
    if (!p) entry.peers.set(peerKey, (p = { peer, ports: new Map() }));
    p.ports.set(`${port.protocol}/${port.port}`, port);
  };
  for (const o of input.observed) {
    const port = portEntry(o.destination, o.protocol, o.port);
    if (o.destination.kind === 'pod' && inScope.has(o.destination.pod.namespace)) {
      const d = o.destination.pod;
      if (o.source.kind === 'pod') add(d, 'ingress', groupKeyOf(o.source.pod).key, podPeer(o.source.pod, d.namespace), port);
      else if (o.source.kind === 'address') {
        const cidr = aggregate(o.source.ip, prefix);
        add(d, 'ingress', cidr, { kind: 'ipBlock', cidr, except: [] }, port);
      }
    }
    if (o.source.kind === 'pod' && inScope.has(o.source.pod.namespace)) {
      const s = o.source.pod;
      if (o.destination.kind === 'pod') add(s, 'egress', groupKeyOf(o.destination.pod).key, podPeer(o.destination.pod, s.namespace), port);
      else if (o.destination.kind === 'address') {
        const cidr = aggregate(o.destination.ip, prefix);
        add(s, 'egress', cidr, { kind: 'ipBlock', cidr, except: [] }, port);
      }
    }
  }
  for (const { pod, direction, peers } of [...rules.values()].sort((a, b) => groupKeyOf(a.pod).key.localeCompare(groupKeyOf(b.pod).key) || a.direction.localeCompare(b.direction))) {
    const list: PolicyRule[] = [...peers.values()].map(({ peer, ports }) => ({ peers: [peer], ports: [...ports.values()] }));
    policies.push({
      namespace: pod.namespace,
      name: policyName(pod, direction),
      podSelector: podSelector(pod),
      policyTypes: [direction === 'ingress' ? 'Ingress' : 'Egress'],
      ingress: direction === 'ingress' ? list : [],
      egress: direction === 'egress' ? list : [],
    });
  }
  return policies;
}
