// Compiles NetworkPolicies once into a PolicyIndex: typed matchers that remember their provenance.
import type { Direction, LabelSelector, NetworkPolicy, PolicyPort, PolicyRef, PolicyRule } from '../model/policy.js';
import type { Labels, Protocol, Snapshot } from '../model/snapshot.js';
import { IpSet } from './sets/ip-set.js';
import { PortSet } from './sets/port-set.js';
import { compileSelector, type LabelMatcher } from './selector.js';
import { AdminTiers } from './tiers/compile-admin.js';
import { NodeIndex } from './tiers/nodes.js';
import type { TierContext } from './tiers/judge-tiers.js';

export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

export interface AnalysisOptions {
  /**
   * Whether ipBlock peers match pod IPs as well as addresses outside the cluster. The API reference
   * leaves this to the network plugin; most match them, and the upstream conformance tests expect it.
   */
  readonly ipBlockMatchesPods: boolean;
}

export const DEFAULT_OPTIONS: AnalysisOptions = { ipBlockMatchesPods: true };

export type CompiledPeer =
  | {
      readonly kind: 'pods';
      readonly index: number;
      readonly pods: LabelMatcher;
      /** `own`: no namespaceSelector, so only the policy's namespace. */
      readonly namespaces: LabelMatcher | 'own';
    }
  | { readonly kind: 'ipBlock'; readonly index: number; readonly addresses: IpSet }
  /** A peer the API would reject; it matches nothing (validate() reports it). */
  | { readonly kind: 'invalid'; readonly index: number };

export type CompiledPort =
  | { readonly kind: 'numbers'; readonly index: number; readonly ports: PortSet }
  /** Resolved per destination pod, by name and protocol. */
  | { readonly kind: 'named'; readonly index: number; readonly name: string; readonly protocol: Protocol };

export interface CompiledRule {
  readonly index: number;
  readonly peers: 'all' | readonly CompiledPeer[];
  readonly ports: 'all' | readonly CompiledPort[];
}

export interface CompiledPolicy {
  readonly ref: PolicyRef;
  readonly policy: NetworkPolicy;
  readonly selects: LabelMatcher;
  /** Undefined when the policy does not have this direction in its policyTypes. */
  readonly ingress?: readonly CompiledRule[];
  readonly egress?: readonly CompiledRule[];
}

const isProtocol = (p: string): p is Protocol => p === 'TCP' || p === 'UDP' || p === 'SCTP';

function compilePort(port: PolicyPort, index: number): CompiledPort | undefined {
  if (!isProtocol(port.protocol)) return undefined;
  if (port.port === undefined) return { kind: 'numbers', index, ports: PortSet.protocol(port.protocol) };
  if (typeof port.port === 'string') return { kind: 'named', index, name: port.port, protocol: port.protocol };
  return { kind: 'numbers', index, ports: PortSet.range(port.protocol, port.port, port.endPort ?? port.port) };
}

function compileIpBlock(cidr: string, except: readonly string[]): IpSet {
  const block = IpSet.parse(cidr);
  if (!block) return IpSet.empty;
  return except.reduce((set, e) => set.subtract(IpSet.parse(e) ?? IpSet.empty), block);
}

const compileOptionalSelector = (s: LabelSelector | undefined): LabelMatcher | undefined =>
  s === undefined ? undefined : compileSelector(s);

function compileRule(rule: PolicyRule, index: number): CompiledRule {
  const peers =
    rule.peers === 'all'
      ? 'all'
      : rule.peers.map((peer, i): CompiledPeer => {
          switch (peer.kind) {
            case 'pods':
              return {
                kind: 'pods',
                index: i,
                // A peer with only a namespaceSelector selects every pod of those namespaces.
                pods: compileOptionalSelector(peer.podSelector) ?? (() => true),
                namespaces: compileOptionalSelector(peer.namespaceSelector) ?? 'own',
              };
            case 'ipBlock':
              return { kind: 'ipBlock', index: i, addresses: compileIpBlock(peer.cidr, peer.except) };
            case 'invalid':
              return { kind: 'invalid', index: i };
          }
        });
  const ports =
    rule.ports === 'all'
      ? 'all'
      : rule.ports.flatMap((p, i) => {
          const compiled = compilePort(p, i);
          return compiled ? [compiled] : [];
        });
  return { index, peers, ports };
}

export function compilePolicy(policy: NetworkPolicy): CompiledPolicy {
  const types = new Set(policy.policyTypes);
  return {
    ref: { namespace: policy.namespace, name: policy.name },
    policy,
    selects: compileSelector(policy.podSelector),
    ...(types.has('Ingress') ? { ingress: policy.ingress.map(compileRule) } : {}),
    ...(types.has('Egress') ? { egress: policy.egress.map(compileRule) } : {}),
  };
}

/** Compiled policies indexed by namespace, plus the namespace labels peers are matched against. */
export class PolicyIndex {
  private readonly byNamespace = new Map<string, CompiledPolicy[]>();
  private readonly namespaceLabelMap = new Map<string, Labels>();
  readonly all: readonly CompiledPolicy[];
  /**
   * Whether any policy has an address peer (an ipBlock; an admin policy's networks or nodes): only
   * then can a connection's address family change a verdict.
   */
  readonly hasIpBlocks: boolean;
  /** The Admin and Baseline tiers (ClusterNetworkPolicy, AdminNetworkPolicy, BaselineAdminNetworkPolicy). */
  readonly adminTiers: AdminTiers;
  private nodeIndex: NodeIndex | undefined;
  private tiersContext: TierContext | undefined;
  private readonly nodeInput: Partial<Pick<Snapshot, 'nodes' | 'nodeInventory' | 'pods'>>;

  constructor(
    snapshot: Pick<Snapshot, 'namespaces' | 'policies'> & Partial<Pick<Snapshot, 'adminPolicies' | 'nodes' | 'nodeInventory' | 'pods'>>,
    readonly options: AnalysisOptions = DEFAULT_OPTIONS,
  ) {
    for (const ns of snapshot.namespaces) this.namespaceLabelMap.set(ns.name, ns.labels);
    this.all = snapshot.policies.map(compilePolicy);
    this.adminTiers = new AdminTiers(snapshot.adminPolicies ?? []);
    this.nodeInput = snapshot;
    this.hasIpBlocks =
      this.adminTiers.hasAddressPeers ||
      this.all.some((p) => [...(p.ingress ?? []), ...(p.egress ?? [])].some((r) => r.peers !== 'all' && r.peers.some((peer) => peer.kind === 'ipBlock')));
    for (const compiled of this.all) {
      const list = this.byNamespace.get(compiled.ref.namespace);
      if (list) list.push(compiled);
      else this.byNamespace.set(compiled.ref.namespace, [compiled]);
    }
  }

  /**
   * Node addresses and labels, for admin policies' nodes peers: built on first use, since it walks
   * every pod and only admin policies ask.
   */
  get nodes(): NodeIndex {
    const input = this.nodeInput;
    this.nodeIndex ??= new NodeIndex(input.nodes ?? [], input.pods ?? [], input.nodeInventory ?? 'complete');
    return this.nodeIndex;
  }

  /** What the admin tiers are judged with; one object for every judgement (the node index still built on first use). */
  get tierContext(): TierContext {
    const index = this;
    this.tiersContext ??= {
      tiers: this.adminTiers,
      get nodes() {
        return index.nodes;
      },
      namespaceLabels: (ns) => this.namespaceLabels(ns),
    };
    return this.tiersContext;
  }

  policiesIn(namespace: string): readonly CompiledPolicy[] {
    return this.byNamespace.get(namespace) ?? [];
  }

  /** A namespace no source declared still carries the name label, as every namespace does. */
  namespaceLabels(namespace: string): Labels {
    return this.namespaceLabelMap.get(namespace) ?? { [NAMESPACE_NAME_LABEL]: namespace };
  }
}

export const rulesFor = (policy: CompiledPolicy, direction: Direction): readonly CompiledRule[] | undefined =>
  direction === 'ingress' ? policy.ingress : policy.egress;
