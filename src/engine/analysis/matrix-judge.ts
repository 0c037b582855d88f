// The matrix judged by classes instead of pairs: every answer equals evaluate() on the two nodes'
// representative pods, but each distinct question is asked once.
//
// evaluate(s, d).allowed is, per address family the path uses, egress(s, d) ∩ ingress(s, d), and
// - egress(s, d) depends only on s's egress profile (the policies isolating it, the admin policies
//   selecting it) and on what s's rules can see of d: which rule peers select d, which ipBlocks hold
//   its addresses, the numbers of its named ports;
// - ingress(s, d) depends only on d's ingress profile (and d's named ports) and on what d's rules can
//   see of s.
// So nodes fall into source classes and destination classes (namespace included, so a class counts
// towards one namespace pair), each side is computed once per (profile, signature) from the rules
// (peers matched once per distinct peer, not per pair), and a class pair costs a few array reads.
// Only paths between a pod and its own node (a host-network pod on the same node) are judged pair
// by pair, with evaluate() itself.
// Neither the namespace summary nor a row visits every class pair: a destination is only paired
// with the sources its ingress rules can see (or all, when it is not isolated), and a source whose
// egress is isolated only with the destinations its egress rules can see.
import type { Direction } from '../../model/policy.js';
import type { Pod } from '../../model/snapshot.js';
import { rulesFor, type CompiledPeer, type CompiledPolicy, type CompiledPort, type CompiledRule, type PolicyIndex } from '../compile.js';
import { endpointAddresses, endpointFamilies, isPolicySubject, nodeAddresses, podEndpoint, type Endpoint } from '../endpoint.js';
import { evaluate, isolatingPolicies, judgeSide } from '../evaluate.js';
import type { Family } from '../sets/ip.js';
import type { PortSet } from '../sets/port-set.js';
import { ALL, EMPTY, PortSetTable } from '../sets/port-set-table.js';
import { adminRulesFor, type CompiledAdminPolicy } from '../tiers/compile-admin.js';
import { peerMatch } from '../tiers/judge-tiers.js';
import type { PodGroup } from './workload-groups.js';
import { countPods } from './pod-class.js';

/** Interns strings as consecutive numbers, keeping a representative for each. */
class Interner<T> {
  private readonly ids = new Map<string, number>();
  readonly reps: T[] = [];

  id(key: string, rep: () => T): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.reps.length;
      this.ids.set(key, id);
      this.reps.push(rep());
    }
    return id;
  }

  get size(): number {
    return this.reps.length;
  }
}

/** The address family a side is judged over: `0` when the endpoints are not bound to one. */
type Binding = 0 | Family;
const BINDINGS: readonly Binding[] = [0, 4, 6];
const bindingIndex = (b: Binding): number => (b === 0 ? 0 : b === 4 ? 1 : 2);

const endpointOf = (pod: Pod, binding: Binding): Endpoint => (binding === 0 ? podEndpoint(pod) : { kind: 'pod', pod, family: binding });

/** What one side's rules can see of the other end, over one binding: interned, with a representative. */
interface Signature {
  readonly node: number;
  readonly binding: Binding;
  /** Distinct pod peers (of this side's direction) that select the node. */
  readonly peers: ReadonlySet<number>;
  /** Distinct ipBlocks holding one of its addresses (of the binding's family). */
  readonly blocks: ReadonlySet<number>;
}

/** The policies of one side of a node (isolating NetworkPolicies, selecting admin policies). */
interface Profile {
  readonly node: number;
  readonly rules: readonly CompiledRule[];
  /** Some admin policy selects the pod for this direction: judged by judgeSide itself. */
  readonly admin: boolean;
}

/** A rule of an ingress profile: which peers and blocks admit a source, on which ports (resolved on the destination). */
interface IngressRule {
  readonly all: boolean;
  readonly peers: readonly number[];
  readonly blocks: readonly number[];
  readonly ports: number;
}

/** What an ingress profile admits from source classes: the candidates, and the ports per source and binding. */
interface Admitted {
  /** Candidates are coarse source classes (the profile reads no ipBlock), else source classes. */
  readonly coarse: boolean;
  /** The candidates whose egress is not isolated (or has admin policies), and those whose egress is isolated. */
  readonly open: ArrayLike<number>;
  readonly isolated: ArrayLike<number>;
  readonly ports: (source: number, binding: Binding) => number;
  /** Whether a source is a candidate. */
  readonly admits: (source: number) => boolean;
  /** Clears the shared scratch arrays for the next profile. */
  readonly release: () => void;
}

/** Source classes (coarse or not) split by egress: not isolated (or admin), and isolated by profile. */
interface EgressLevel {
  readonly classes: readonly NodeClass[];
  readonly open: Uint8Array;
  readonly openList: readonly number[];
  readonly isolatedList: readonly number[];
  readonly byEgress: Map<number, number[]>;
}

/** Where to find the destination classes a source class may reach (see reachableClasses). */
interface RowIndex {
  readonly bySignature: Map<number, number[]>;
  readonly byProfile: Map<number, number[]>;
  /** Not isolated for ingress, or isolated by a profile that admits every peer or has admin policies. */
  readonly open: number[];
  readonly profilesByPeer: Map<number, number[]>;
  readonly profilesByBlock: Map<number, number[]>;
}

/** A rule of a profile as numbers: peers and blocks that see the other end, and its ports' id (-1: named, resolved per destination). */
interface CompiledSideRule {
  readonly rule: CompiledRule;
  readonly all: boolean;
  readonly peers: readonly number[];
  readonly blocks: readonly number[];
  readonly ports: number;
}

interface NodeClass {
  readonly namespace: number;
  readonly subject: boolean;
  /** Profile id, or -1 when nothing isolates the side (every port allowed). */
  readonly profile: number;
  /** Signature id per binding (unbound, IPv4, IPv6). */
  readonly signatures: readonly [number, number, number];
  /** 1: IPv4, 2: IPv6, 3: both, 0: no address. */
  readonly familyBits: number;
  /** How many nodes of the matrix are in the class. */
  count: number;
  /** How many pods those nodes stand for. */
  pods: number;
  /** A node of the class. */
  readonly node: number;
}

/** One cell of a namespace summary: workload pairs from one namespace to another that connect. */
export interface NamespaceCell {
  readonly from: number;
  readonly to: number;
  /** How many ordered node pairs connect. */
  readonly paths: number;
  /** Whether every connecting pair is allowed on every port. */
  readonly allPorts: boolean;
}

export interface NamespaceSummary {
  readonly namespaces: readonly string[];
  /** Pods per namespace (replicas of a template counted). */
  readonly pods: readonly number[];
  readonly cells: readonly NamespaceCell[];
}

/** A port a summary is restricted to: a number, or a container port name resolved on each destination. */
export interface MatrixProbe {
  readonly protocol: 'TCP' | 'UDP' | 'SCTP';
  readonly port: number | string;
}

/** Per direction: the distinct pod peers and ipBlocks of every NetworkPolicy rule, numbered. */
interface PeerCatalogue {
  readonly peerId: Map<CompiledPeer, number>;
  readonly blockId: Map<CompiledPeer, number>;
  /** Per node, the distinct pod peers selecting it, by the direction of the rules they are in. */
  readonly nodePeers: Record<Direction, number[][]>;
  /** Per node and binding, the ipBlocks holding its addresses, by direction. */
  readonly nodeBlocks: Record<Direction, string[][]>;
}

/**
 * A peer as written, so that equal peers of different policies are matched once: `namespaces` keys
 * the namespaces it can select, `key` the whole peer. Undefined when the written form is not found.
 */
function peerKey(policy: CompiledPolicy, direction: Direction, rule: CompiledRule, peer: CompiledPeer): { key: string; namespaces: string } | undefined {
  const raw = policy.policy[direction][rule.index]?.peers;
  if (raw === undefined || raw === 'all') return undefined;
  const written = raw[peer.index];
  if (!written) return undefined;
  if (written.kind === 'ipBlock') return { key: `b${written.cidr}|${written.except.join(',')}`, namespaces: '' };
  if (written.kind !== 'pods') return undefined;
  const namespaces = written.namespaceSelector === undefined ? `own:${policy.ref.namespace}` : `ns:${JSON.stringify(written.namespaceSelector)}`;
  return { key: `p${namespaces}|${written.podSelector === undefined ? '*' : JSON.stringify(written.podSelector)}`, namespaces };
}

export class MatrixJudge {
  readonly ports = new PortSetTable();
  private readonly reps: Pod[];
  private readonly namespaceNames: string[] = [];
  private readonly sourceClass: Int32Array;
  private readonly destinationClass: Int32Array;
  private readonly sources: NodeClass[] = [];
  /**
   * Source classes without ipBlocks: what most ingress profiles (those with no ipBlock peer) can
   * tell apart. A coarse class keeps the signatures of its first class, whose blocks go unread.
   */
  private readonly coarseSources: NodeClass[] = [];
  private readonly destinations: NodeClass[] = [];
  /** Profiles and signatures: egress profiles meet destination signatures, ingress profiles source signatures. */
  private readonly egressProfiles = new Interner<Profile>();
  private readonly ingressProfiles = new Interner<Profile>();
  private readonly destinationSignatures = new Interner<Signature>();
  private readonly sourceSignatures = new Interner<Signature>();
  /** Lazily filled rows: [profile][signature] -> port set id, -1 when not computed yet. */
  private readonly egressRows: (Int32Array | undefined)[] = [];
  private readonly ingressRules: (IngressRule[] | 'admin' | undefined)[] = [];
  private readonly adminCells = new Map<number, number>();
  private readonly egressRules: (CompiledSideRule[] | undefined)[] = [];
  private readonly numberPorts = new Map<CompiledPort, number>();
  /** Pairs judged on their own (a pod and a host-network pod on its node): source -> destination -> ports. */
  private readonly ownNode = new Map<number, Map<number, number>>();
  private readonly catalogue: PeerCatalogue;

  constructor(
    readonly nodes: readonly PodGroup[],
    private readonly index: PolicyIndex,
    /** Container port names the caller will resolve on destinations (a named --port). */
    extraPortNames: readonly string[] = [],
  ) {
    this.reps = nodes.map((n) => n.pods[0]!);
    this.catalogue = this.buildCatalogue();
    const portNames = this.portNames(extraPortNames);
    this.sourceClass = new Int32Array(nodes.length);
    this.destinationClass = new Int32Array(nodes.length);
    const namespaceIds = new Map<string, number>();
    const sourceIds = new Map<string, number>();
    const coarseIds = new Map<string, number>();
    const destinationIds = new Map<string, number>();
    const adminPolicyIds = new Map<CompiledAdminPolicy, number>([...index.adminTiers.admin, ...index.adminTiers.baseline].map((p, i) => [p, i]));
    const policyIds = new Map<CompiledPolicy, number>(index.all.map((p, i) => [p, i]));
    const adminPeers = this.adminPeers();
    this.reps.forEach((pod, node) => {
      let namespace = namespaceIds.get(pod.namespace);
      if (namespace === undefined) {
        namespace = this.namespaceNames.length;
        namespaceIds.set(pod.namespace, namespace);
        this.namespaceNames.push(pod.namespace);
      }
      const subject = isPolicySubject(pod);
      const families = endpointFamilies(podEndpoint(pod));
      const familyBits = (families.includes(4) ? 1 : 0) | (families.includes(6) ? 2 : 0);
      const portKey = portNames.map((name) => pod.ports.filter((p) => p.name === name).map((p) => `${p.protocol}:${p.port}`).join('+')).join(',');
      const profile = (direction: Direction, interner: Interner<Profile>): number => {
        if (!subject) return -1;
        const policies = isolatingPolicies(pod, direction, index);
        const selected = index.adminTiers.isEmpty ? undefined : index.adminTiers.selecting(pod, direction, index.namespaceLabels(pod.namespace));
        const admin = selected ? [...selected.admin, ...selected.baseline] : [];
        if (policies.length === 0 && admin.length === 0) return -1;
        // Named ports of ingress rules resolve on the pod itself.
        const key = `${policies.map((p) => policyIds.get(p)).join(',')}|${admin.map((p) => adminPolicyIds.get(p)).join(',')}${direction === 'ingress' ? `|${portKey}` : ''}`;
        return interner.id(key, () => ({ node, rules: policies.flatMap((p) => rulesFor(p, direction) ?? []), admin: admin.length > 0 }));
      };
      // What the other side's rules see of this node: its peers and blocks, admin peers, and (as a destination) its named ports.
      // `coarse`: the same without ipBlocks, which only the profiles with ipBlock peers look at.
      let coarse = '';
      const signatures = (direction: Direction, interner: Interner<Signature>, withPorts: boolean): [number, number, number] => {
        const peers = this.catalogue.nodePeers[direction][node]!;
        const blocks = this.catalogue.nodeBlocks[direction][node]!;
        const shared = `${subject ? 's' : 'h'}|${peers.join(',')}|`;
        const suffix = withPorts ? `|${portKey}` : '';
        const peerSet = new Set(peers);
        coarse = shared;
        return BINDINGS.map((binding, b) => {
          const admin = adminPeers[direction].length === 0 ? '' : adminPeers[direction].map((peer) => peerMatch(peer, endpointOf(pod, binding), (ns) => index.namespaceLabels(ns), index.nodes)[0]).join('');
          const key = `${shared}${blocks[b]}|${admin}${suffix}`;
          coarse += `|${admin}`;
          return interner.id(key, () => ({ node, binding, peers: peerSet, blocks: new Set(blocks[b] ? blocks[b]!.split(',').map(Number) : []) }));
        }) as [number, number, number];
      };
      const egress = profile('egress', this.egressProfiles);
      const ingress = profile('ingress', this.ingressProfiles);
      // A source is seen by ingress rules; a destination by egress rules (and its named ports).
      const asSource = signatures('ingress', this.sourceSignatures, false);
      const coarseSource = coarse;
      const asDestination = signatures('egress', this.destinationSignatures, true);
      const pods = countPods(nodes[node]!.pods);
      const sourceKey = `${namespace}|${subject}|${families.join('')}|${egress}|${asSource.join(',')}`;
      const destinationKey = `${namespace}|${subject}|${families.join('')}|${ingress}|${asDestination.join(',')}`;
      const make = (): NodeClass => ({ namespace, subject, profile: egress, signatures: asSource, familyBits, count: 0, pods: 0, node });
      this.sourceClass[node] = classOf(this.sources, sourceIds, sourceKey, make, pods);
      classOf(this.coarseSources, coarseIds, `${namespace}|${familyBits}|${egress}|${coarseSource}`, make, pods);
      this.destinationClass[node] = classOf(this.destinations, destinationIds, destinationKey, () => ({ namespace, subject, profile: ingress, signatures: asDestination, familyBits, count: 0, pods: 0, node }), pods);
    });
    this.findOwnNodePairs();
  }

  /** Sizes, for benchmarks and tests: how many classes the nodes fell into. */
  get stats(): { nodes: number; sourceClasses: number; destinationClasses: number; ownNodePairs: number } {
    let ownNodePairs = 0;
    for (const row of this.ownNode.values()) ownNodePairs += row.size;
    return { nodes: this.nodes.length, sourceClasses: this.sources.length, destinationClasses: this.destinations.length, ownNodePairs };
  }

  /** The ports allowed from node `i` to node `j` (i !== j), as evaluate() says for their representatives. */
  allowed(i: number, j: number): PortSet {
    return this.ports.get(this.allowedId(i, j));
  }

  allowedId(i: number, j: number): number {
    const own = this.ownNode.get(i)?.get(j);
    if (own !== undefined) return own;
    return this.classPair(this.sourceClass[i]!, this.destinationClass[j]!);
  }

  /**
   * Calls `visit` for every node `j !== i` that node `i` can reach, in node order. Only the
   * destination classes that may admit anything from the row's source class are judged (see
   * reachableClasses), so a row costs what it prints, not the number of nodes.
   */
  forEachInRow(i: number, visit: (j: number, ports: number) => void): void {
    const source = this.sourceClass[i]!;
    // Rows of one namespace share classes; the cache is dropped when the namespace changes.
    const namespace = this.sources[source]!.namespace;
    if (this.rowCache.namespace !== namespace) this.rowCache = { namespace, cells: new Map() };
    let cells = this.rowCache.cells.get(source);
    if (!cells) this.rowCache.cells.set(source, (cells = this.reachableClasses(source)));
    const own = this.ownNode.get(i);
    const nodesOf = this.nodesOf();
    // Pairs (node, ports) in one flat list, sorted by node.
    const found: number[] = [];
    for (const [b, id] of cells) {
      for (const j of nodesOf[b]!) if (j !== i && !own?.has(j)) found.push(j, id);
    }
    for (const [j, id] of own ?? []) if (j !== i && id !== EMPTY) found.push(j, id);
    const order = Array.from({ length: found.length / 2 }, (_, k) => k).sort((x, y) => found[2 * x]! - found[2 * y]!);
    for (const k of order) visit(found[2 * k]!, found[2 * k + 1]!);
  }

  private rowCache: { readonly namespace: number; readonly cells: Map<number, readonly (readonly [number, number])[]> } = { namespace: -1, cells: new Map() };
  private destinationNodes: number[][] | undefined;
  private stamps: Int32Array | undefined;
  private generation = 0;
  private rowIndex: RowIndex | undefined;

  /** The nodes of each destination class, in node order. */
  private nodesOf(): number[][] {
    if (!this.destinationNodes) {
      this.destinationNodes = this.destinations.map(() => []);
      for (let j = 0; j < this.nodes.length; j++) this.destinationNodes[this.destinationClass[j]!]!.push(j);
    }
    return this.destinationNodes;
  }

  /**
   * The destination classes a source class reaches, with the ports. Candidates: with an isolated
   * egress (NetworkPolicies only), the classes whose signature its egress rules admit; otherwise
   * the classes not isolated for ingress or isolated by a profile that admits every peer or has
   * admin policies, and those whose ingress rules have a peer or ipBlock that sees the source.
   */
  private reachableClasses(a: number): [number, number][] {
    const index = (this.rowIndex ??= this.buildRowIndex());
    const source = this.sources[a]!;
    const stamp = (this.stamps ??= new Int32Array(this.destinations.length).fill(-1));
    const generation = ++this.generation;
    const cells: [number, number][] = [];
    const consider = (b: number): void => {
      if (stamp[b] === generation) return;
      stamp[b] = generation;
      const id = this.classPair(a, b);
      if (id !== EMPTY) cells.push([b, id]);
    };
    const egress = source.profile < 0 ? undefined : this.egressProfiles.reps[source.profile]!;
    if (egress && !egress.admin) {
      for (let signature = 0; signature < this.destinationSignatures.size; signature++) {
        if (this.egressCell(source.profile, signature) === EMPTY) continue;
        for (const b of index.bySignature.get(signature) ?? []) consider(b);
      }
      return cells;
    }
    for (const b of index.open) consider(b);
    const signatures = source.signatures.map((id) => this.sourceSignatures.reps[id]!);
    const profiles = new Set<number>();
    for (const p of signatures[0]!.peers) for (const profile of index.profilesByPeer.get(p) ?? []) profiles.add(profile);
    for (const signature of signatures) for (const k of signature.blocks) for (const profile of index.profilesByBlock.get(k) ?? []) profiles.add(profile);
    for (const profile of profiles) for (const b of index.byProfile.get(profile) ?? []) consider(b);
    return cells;
  }

  private buildRowIndex(): RowIndex {
    const bySignature = new Map<number, number[]>();
    const byProfile = new Map<number, number[]>();
    const open: number[] = [];
    this.destinations.forEach((destination, b) => {
      for (const signature of new Set(destination.signatures)) push(bySignature, signature, b);
      if (destination.profile < 0) open.push(b);
      else push(byProfile, destination.profile, b);
    });
    const profilesByPeer = new Map<number, number[]>();
    const profilesByBlock = new Map<number, number[]>();
    for (const profile of byProfile.keys()) {
      const rules = this.ingressRules[profile] ?? (this.ingressRules[profile] = this.compileIngress(profile));
      if (rules === 'admin' || rules.some((r) => r.all)) {
        open.push(...byProfile.get(profile)!);
        continue;
      }
      for (const rule of rules) {
        if (rule.ports === EMPTY) continue;
        for (const p of rule.peers) push(profilesByPeer, p, profile);
        for (const k of rule.blocks) push(profilesByBlock, k, profile);
      }
    }
    return { bySignature, byProfile, open, profilesByPeer, profilesByBlock };
  }

  /**
   * Workload pairs between namespaces, counted per class pair (never per node pair). `probe`
   * counts only the pairs allowed on that port (a name resolves on each destination).
   */
  namespaceSummary(probe?: MatrixProbe): NamespaceSummary {
    const n = this.namespaceNames.length;
    const paths = new Float64Array(n * n);
    const partial = new Float64Array(n * n);
    const connects = this.connects(probe);
    // Destinations grouped by ingress profile: what a profile admits from each source is worked
    // out once for the group, from the lists of sources each of its peers sees.
    const groups = new Map<number, number[]>();
    this.destinations.forEach((d, b) => push(groups, d.profile, b));
    const levels = { coarse: this.egressLevel(this.coarseSources), fine: this.egressLevel(this.sources) };
    const admitted = this.admittedSources(levels);
    const reaching = this.egressReaching();
    for (const [profile, members] of groups) {
      const ingress = admitted(profile);
      const level = ingress.coarse ? levels.coarse : levels.fine;
      const sources = level.classes;
      // Sources whose egress is isolated reach only the signatures their rules admit: those are
      // found from the destination's side; the others are visited from the candidates.
      const { open, isolated } = ingress;
      const visit = (a: number, b: number, destination: NodeClass): void => {
        const source = sources[a]!;
        if (source.namespace === destination.namespace) return;
        const id = this.pair(a, source, destination, ingress);
        if (id === EMPTY || (probe && !connects(id, destination.node))) return;
        const cell = source.namespace * n + destination.namespace;
        const pairs = source.count * destination.count;
        paths[cell] = paths[cell]! + pairs;
        if (id !== ALL) partial[cell] = partial[cell]! + pairs;
      };
      for (const b of members) {
        const destination = this.destinations[b]!;
        for (let k = 0; k < open.length; k++) visit(open[k]!, b, destination);
        // The isolated sources: through the egress profiles that admit one of the destination's signatures.
        const profiles = reaching(destination.signatures);
        let through = 0;
        for (const e of profiles) through += level.byEgress.get(e)?.length ?? 0;
        if (through < isolated.length) {
          for (const e of profiles) for (const a of level.byEgress.get(e) ?? []) if (ingress.admits(a)) visit(a, b, destination);
        } else for (let k = 0; k < isolated.length; k++) visit(isolated[k]!, b, destination);
      }
      ingress.release();
    }
    // Own-node pairs replace what their classes said.
    for (const [i, row] of this.ownNode) {
      for (const [j, id] of row) {
        const from = this.sources[this.sourceClass[i]!]!.namespace;
        const to = this.destinations[this.destinationClass[j]!]!.namespace;
        if (from === to) continue;
        const cell = from * n + to;
        const byClass = this.classPair(this.sourceClass[i]!, this.destinationClass[j]!);
        if (byClass !== EMPTY && connects(byClass, j)) {
          paths[cell] = paths[cell]! - 1;
          if (byClass !== ALL) partial[cell] = partial[cell]! - 1;
        }
        if (id !== EMPTY && connects(id, j)) {
          paths[cell] = paths[cell]! + 1;
          if (id !== ALL) partial[cell] = partial[cell]! + 1;
        }
      }
    }
    const pods = new Array<number>(n).fill(0);
    this.nodes.forEach((node, i) => {
      const ns = this.sources[this.sourceClass[i]!]!.namespace;
      pods[ns] = pods[ns]! + countPods(node.pods);
    });
    // Namespaces in name order, as the workload grid sorts them.
    const order = this.namespaceNames.map((_, i) => i).sort((x, y) => this.namespaceNames[x]!.localeCompare(this.namespaceNames[y]!));
    const position = new Int32Array(n);
    order.forEach((ns, k) => (position[ns] = k));
    const cells: NamespaceCell[] = [];
    for (const from of order) {
      for (const to of order) {
        const cell = from * n + to;
        if (paths[cell]! > 0) cells.push({ from: position[from]!, to: position[to]!, paths: paths[cell]!, allPorts: partial[cell] === 0 });
      }
    }
    return { namespaces: order.map((i) => this.namespaceNames[i]!), pods: order.map((i) => pods[i]!), cells };
  }

  /**
   * What an ingress profile admits from each source class: for a profile isolated by
   * NetworkPolicies alone, only the sources some peer of its rules sees can get anything, so their
   * ports are accumulated from the lists of sources each peer (or ipBlock) sees, and no other
   * source is visited. Not isolated, selected by an admin policy, or with a rule for every peer:
   * every source, judged one by one.
   */
  private admittedSources(levels: { readonly coarse: EgressLevel; readonly fine: EgressLevel }): (profile: number) => Admitted {
    const size = Math.max(this.sources.length, this.coarseSources.length);
    const byPeer = new Map<number, number[]>();
    const byBlock = BINDINGS.map(() => new Map<number, number[]>());
    this.coarseSources.forEach((source, a) => {
      // Pod peers see a source whatever the binding and whatever its addresses.
      for (const p of this.sourceSignatures.reps[source.signatures[0]]!.peers) push(byPeer, p, a);
    });
    const byPeerFine = new Map<number, number[]>();
    this.sources.forEach((source, a) => {
      for (const p of this.sourceSignatures.reps[source.signatures[0]]!.peers) push(byPeerFine, p, a);
      source.signatures.forEach((id, b) => {
        for (const k of this.sourceSignatures.reps[id]!.blocks) push(byBlock[b]!, k, a);
      });
    });
    const fromPeers = new Int32Array(size);
    const fromBlocks = BINDINGS.map(() => new Int32Array(size));
    const touched = new Uint8Array(size);
    const buffer = new Int32Array(size);
    const openBuffer = new Int32Array(size);
    const isolatedBuffer = new Int32Array(size);
    const every: Admitted = { coarse: true, open: levels.coarse.openList, isolated: levels.coarse.isolatedList, ports: () => ALL, admits: () => true, release: () => undefined };
    return (profileId) => {
      if (profileId < 0) return every;
      const rules = this.ingressRules[profileId] ?? (this.ingressRules[profileId] = this.compileIngress(profileId));
      const coarse = rules !== 'admin' && rules.every((r) => r.blocks.length === 0);
      const classes = coarse ? this.coarseSources : this.sources;
      const level = coarse ? levels.coarse : levels.fine;
      if (rules === 'admin' || rules.some((r) => r.all)) {
        return {
          coarse,
          open: level.openList,
          isolated: level.isolatedList,
          ports: (a, binding) => this.ingressCell(profileId, classes[a]!.signatures[bindingIndex(binding)]!),
          admits: () => true,
          release: () => undefined,
        };
      }
      // Candidates go into one buffer shared by every profile: no array grows per profile.
      let count = 0;
      const add = (into: Int32Array, list: readonly number[] | undefined, ports: number): void => {
        if (!list) return;
        for (let i = 0; i < list.length; i++) {
          const a = list[i]!;
          if (!touched[a]) {
            touched[a] = 1;
            buffer[count++] = a;
          }
          into[a] = this.ports.union(into[a]!, ports);
        }
      };
      for (const rule of rules) {
        if (rule.ports === EMPTY) continue;
        for (const p of rule.peers) add(fromPeers, (coarse ? byPeer : byPeerFine).get(p), rule.ports);
        for (const k of rule.blocks) byBlock.forEach((lists, b) => add(fromBlocks[b]!, lists.get(k), rule.ports));
      }
      // Candidates split by whether their egress is isolated.
      let opened = 0;
      let isolatedCount = 0;
      for (let i = 0; i < count; i++) {
        const a = buffer[i]!;
        if (level.open[a]) openBuffer[opened++] = a;
        else isolatedBuffer[isolatedCount++] = a;
      }
      return {
        coarse,
        open: openBuffer.subarray(0, opened),
        isolated: isolatedBuffer.subarray(0, isolatedCount),
        ports: coarse ? (a) => fromPeers[a]! : (a, binding) => this.ports.union(fromPeers[a]!, fromBlocks[bindingIndex(binding)]![a]!),
        admits: (a) => touched[a] === 1,
        release: () => {
          for (let i = 0; i < count; i++) {
            const a = buffer[i]!;
            touched[a] = 0;
            fromPeers[a] = EMPTY;
            if (!coarse) for (const f of fromBlocks) f[a] = EMPTY;
          }
        },
      };
    };
  }

  /** Source classes split by egress: not isolated (or admin) ones, and isolated ones by egress profile. */
  private egressLevel(classes: readonly NodeClass[]): EgressLevel {
    const open = new Uint8Array(classes.length);
    const openList: number[] = [];
    const isolatedList: number[] = [];
    const byEgress = new Map<number, number[]>();
    classes.forEach((c, a) => {
      if (c.profile < 0 || this.egressProfiles.reps[c.profile]!.admin) {
        open[a] = 1;
        openList.push(a);
      } else {
        isolatedList.push(a);
        push(byEgress, c.profile, a);
      }
    });
    return { classes, open, openList, isolatedList, byEgress };
  }

  /**
   * The isolated (NetworkPolicy-only) egress profiles that may admit something to one of these
   * destination signatures: those with a rule for every peer, or a peer or ipBlock the signature
   * holds. A superset is enough: each pair is then judged exactly.
   */
  private egressReaching(): (signatures: readonly number[]) => readonly number[] {
    const sigsByPeer = new Map<number, number[]>();
    const sigsByBlock = new Map<number, number[]>();
    for (let signature = 0; signature < this.destinationSignatures.size; signature++) {
      const rep = this.destinationSignatures.reps[signature]!;
      for (const p of rep.peers) push(sigsByPeer, p, signature);
      for (const k of rep.blocks) push(sigsByBlock, k, signature);
    }
    const everywhere: number[] = [];
    const bySignature = new Map<number, number[]>();
    const add = (signature: number, e: number): void => {
      const list = bySignature.get(signature);
      if (!list) bySignature.set(signature, [e]);
      else if (list[list.length - 1] !== e) list.push(e);
    };
    for (let e = 0; e < this.egressProfiles.size; e++) {
      const profile = this.egressProfiles.reps[e]!;
      if (profile.admin) continue;
      const rules = this.egressRules[e] ?? (this.egressRules[e] = profile.rules.map((rule) => this.compileRule(rule)));
      if (rules.some((r) => r.all)) {
        everywhere.push(e);
        continue;
      }
      for (const rule of rules) {
        for (const p of rule.peers) for (const signature of sigsByPeer.get(p) ?? []) add(signature, e);
        for (const k of rule.blocks) for (const signature of sigsByBlock.get(k) ?? []) add(signature, e);
      }
    }
    return (signatures) => {
      const [u, four, six] = signatures as [number, number, number];
      const lists = [everywhere, bySignature.get(u) ?? [], ...(four === u ? [] : [bySignature.get(four) ?? []]), ...(six === u || six === four ? [] : [bySignature.get(six) ?? []])];
      return lists.length === 2 && everywhere.length === 0 ? lists[1]! : [...new Set(lists.flat())];
    };
  }

  /** Whether an allowed port set counts for the probe at a destination node. */
  private connects(probe: MatrixProbe | undefined): (id: number, destination: number) => boolean {
    if (!probe) return () => true;
    const memo = new Map<string, boolean>();
    return (id, destination) => {
      const pod = this.reps[destination]!;
      const number = typeof probe.port === 'number' ? probe.port : pod.ports.find((p) => p.name === probe.port && p.protocol === probe.protocol)?.port;
      if (number === undefined) return false;
      const key = `${id}:${number}`;
      let hit = memo.get(key);
      if (hit === undefined) memo.set(key, (hit = this.ports.get(id).has(probe.protocol, number)));
      return hit;
    };
  }

  /** evaluate(...).allowed for a source class and a destination class, over the families the path can use. */
  private classPair(a: number, b: number): number {
    const source = this.sources[a]!;
    const destination = this.destinations[b]!;
    const binding = this.bindingOf(source, destination);
    if (binding === 'none') return EMPTY;
    if (binding !== 'both') return this.bothSides(source, destination, binding);
    return this.ports.union(this.bothSides(source, destination, 4), this.bothSides(source, destination, 6));
  }

  /** egress ∩ ingress over one binding, each side from its tables. */
  private bothSides(source: NodeClass, destination: NodeClass, binding: Binding): number {
    const b = bindingIndex(binding);
    const egress = source.profile < 0 ? ALL : this.egressCell(source.profile, destination.signatures[b]!);
    if (egress === EMPTY) return EMPTY;
    return this.ports.intersect(egress, destination.profile < 0 ? ALL : this.ingressCell(destination.profile, source.signatures[b]!));
  }

  /** classPair with the ingress side given: what the destination admits from source class `a` over a binding. */
  private pair(a: number, source: NodeClass, destination: NodeClass, ingress: Admitted): number {
    const binding = this.bindingOf(source, destination);
    if (binding === 'none') return EMPTY;
    if (binding !== 'both') return this.oneSide(a, source, destination, binding, ingress);
    return this.ports.union(this.oneSide(a, source, destination, 4, ingress), this.oneSide(a, source, destination, 6, ingress));
  }

  private oneSide(a: number, source: NodeClass, destination: NodeClass, binding: Binding, ingress: Admitted): number {
    const egress = source.profile < 0 ? ALL : this.egressCell(source.profile, destination.signatures[bindingIndex(binding)]!);
    if (egress === EMPTY) return EMPTY;
    return this.ports.intersect(egress, destination.profile < 0 ? ALL : ingress.ports(a, binding));
  }

  /** Which family a path between two classes is judged over, as evaluate() decides it. */
  private bindingOf(source: NodeClass, destination: NodeClass): Binding | 'none' | 'both' {
    const from = source.familyBits;
    const to = destination.familyBits;
    if (from === 0 || to === 0) return 0;
    const common = from & to;
    if (common === 0) return 'none';
    if (common === 1) return 4;
    if (common === 2) return 6;
    return this.index.hasIpBlocks || !source.subject || !destination.subject ? 'both' : 0;
  }

  /**
   * Egress profiles meet destination signatures (few: what egress rules can tell apart), so their
   * answers are kept in one row per profile.
   */
  private egressCell(profile: number, signature: number): number {
    let row = this.egressRows[profile];
    if (!row) this.egressRows[profile] = row = new Int32Array(this.destinationSignatures.size).fill(-1);
    let id = row[signature]!;
    if (id < 0) row[signature] = id = this.judgeCell('egress', profile, signature);
    return id;
  }

  /**
   * Ingress profiles meet source signatures (many), so each answer is recomputed from the
   * profile's rules, whose ports are resolved once on the destination; admin profiles are memoized.
   */
  private ingressCell(profileId: number, signatureId: number): number {
    let rules = this.ingressRules[profileId];
    if (!rules) this.ingressRules[profileId] = rules = this.compileIngress(profileId);
    if (rules === 'admin') {
      const key = profileId * this.sourceSignatures.size + signatureId;
      let id = this.adminCells.get(key);
      if (id === undefined) this.adminCells.set(key, (id = this.judgeCell('ingress', profileId, signatureId)));
      return id;
    }
    const signature = this.sourceSignatures.reps[signatureId]!;
    let allowed = EMPTY;
    for (const rule of rules) {
      if (rule.ports === EMPTY || allowed === ALL) continue;
      if (rule.all || sees(rule, signature)) allowed = this.ports.union(allowed, rule.ports);
    }
    return allowed;
  }

  /** An ingress profile's rules as peer and block numbers, with their ports resolved on the profile's pod. */
  private compileIngress(profileId: number): IngressRule[] | 'admin' {
    const profile = this.ingressProfiles.reps[profileId]!;
    if (profile.admin) return 'admin';
    const destination = this.reps[profile.node]!;
    return profile.rules.map((rule) => {
      let ports = ALL;
      if (rule.ports !== 'all') {
        ports = EMPTY;
        for (const port of rule.ports) ports = this.ports.union(ports, this.portId(port, destination));
      }
      if (rule.peers === 'all') return { all: true, peers: [], blocks: [], ports };
      const peers = rule.peers.flatMap((p) => (p.kind === 'pods' ? [this.catalogue.peerId.get(p)!] : []));
      const blocks = rule.peers.flatMap((p) => (p.kind === 'ipBlock' ? [this.catalogue.blockId.get(p)!] : []));
      return { all: false, peers, blocks, ports };
    });
  }

  /** One side's allowed ports for a profile against a signature, from the rules (or judgeSide with admin policies). */
  private judgeCell(direction: Direction, profileId: number, signatureId: number): number {
    const profile = (direction === 'egress' ? this.egressProfiles : this.ingressProfiles).reps[profileId]!;
    const signature = (direction === 'egress' ? this.destinationSignatures : this.sourceSignatures).reps[signatureId]!;
    const pod = this.reps[profile.node]!;
    const other = endpointOf(this.reps[signature.node]!, signature.binding);
    if (profile.admin) return this.ports.id(judgeSide(pod, direction, other, this.index).allowed);
    // Named ports resolve on the destination: the pod itself for ingress, the other end for egress.
    const destination = direction === 'ingress' ? pod : this.reps[signature.node]!;
    let rules = this.egressRules[profileId];
    if (!rules) this.egressRules[profileId] = rules = profile.rules.map((rule) => this.compileRule(rule));
    let allowed = EMPTY;
    for (const rule of rules) {
      if (!rule.all && !sees(rule, signature)) continue;
      const written = rule.rule.ports;
      if (written === 'all') return ALL;
      if (rule.ports >= 0) allowed = this.ports.union(allowed, rule.ports);
      else for (const port of written) allowed = this.ports.union(allowed, this.portId(port, destination));
    }
    return allowed;
  }

  /** A rule as peer and block numbers; its ports as one id when no name needs a destination (else -1). */
  private compileRule(rule: CompiledRule): CompiledSideRule {
    let ports = ALL;
    if (rule.ports !== 'all') {
      ports = EMPTY;
      for (const port of rule.ports) {
        if (port.kind === 'named') {
          ports = -1;
          break;
        }
        ports = this.ports.union(ports, this.portId(port, undefined));
      }
    }
    if (rule.peers === 'all') return { rule, all: true, peers: [], blocks: [], ports };
    const peers = rule.peers.flatMap((p) => (p.kind === 'pods' ? [this.catalogue.peerId.get(p)!] : []));
    const blocks = rule.peers.flatMap((p) => (p.kind === 'ipBlock' ? [this.catalogue.blockId.get(p)!] : []));
    return { rule, all: false, peers, blocks, ports };
  }

  /** resolvePort as an id: numbers once per port entry, a name through the destination's port of that name. */
  private portId(port: CompiledPort, destination: Pod | undefined): number {
    if (port.kind === 'numbers') {
      let id = this.numberPorts.get(port);
      if (id === undefined) this.numberPorts.set(port, (id = this.ports.id(port.ports)));
      return id;
    }
    const found = destination?.ports.find((p) => p.name === port.name && p.protocol === port.protocol);
    return found ? this.ports.port(port.protocol, found.port) : EMPTY;
  }

  /** Every container port name a rule (NetworkPolicy or admin) or the caller resolves, sorted. */
  private portNames(extra: readonly string[]): string[] {
    const names = new Set(extra);
    for (const policy of this.index.all) {
      for (const direction of ['ingress', 'egress'] as const) {
        for (const rule of rulesFor(policy, direction) ?? []) if (rule.ports !== 'all') for (const p of rule.ports) if (p.kind === 'named') names.add(p.name);
      }
    }
    for (const policy of [...this.index.adminTiers.admin, ...this.index.adminTiers.baseline]) {
      for (const rule of [...policy.ingress, ...policy.egress]) if (rule.ports !== 'all') for (const p of rule.ports) if (p.kind === 'named') names.add(p.name);
    }
    return [...names].sort();
  }

  /** The peers of admin rules, by direction: matched against every node once per binding. */
  private adminPeers(): Record<Direction, ReturnType<typeof adminRulesFor>[number]['peers'][number][]> {
    const out: ReturnType<MatrixJudge['adminPeers']> = { ingress: [], egress: [] };
    for (const policy of [...this.index.adminTiers.admin, ...this.index.adminTiers.baseline]) {
      for (const direction of ['ingress', 'egress'] as const) for (const rule of adminRulesFor(policy, direction)) out[direction].push(...rule.peers);
    }
    return out;
  }

  /**
   * Numbers the distinct pod peers and ipBlocks of every rule, then matches each distinct pod peer
   * once against the nodes of the namespaces it can select, and each ipBlock against each node.
   */
  private buildCatalogue(): PeerCatalogue {
    const index = this.index;
    const peerId = new Map<CompiledPeer, number>();
    const blockId = new Map<CompiledPeer, number>();
    const keys = new Map<string, number>();
    const distinct: { peer: Extract<CompiledPeer, { kind: 'pods' }>; namespace: string; namespacesKey: string; used: Set<Direction> }[] = [];
    const blocks: { peer: Extract<CompiledPeer, { kind: 'ipBlock' }>; used: Set<Direction> }[] = [];
    for (const policy of index.all) {
      for (const direction of ['ingress', 'egress'] as const) {
        for (const rule of rulesFor(policy, direction) ?? []) {
          if (rule.peers === 'all') continue;
          for (const peer of rule.peers) {
            if (peer.kind === 'invalid') continue;
            // A peer whose written form cannot be read back is numbered on its own.
            const written = peerKey(policy, direction, rule, peer) ?? { key: `#${keys.size}`, namespaces: `#${keys.size}` };
            let id = keys.get(written.key);
            if (id === undefined) {
              id = peer.kind === 'pods' ? distinct.length : blocks.length;
              keys.set(written.key, id);
              if (peer.kind === 'pods') distinct.push({ peer, namespace: policy.ref.namespace, namespacesKey: written.namespaces, used: new Set() });
              else blocks.push({ peer, used: new Set() });
            }
            if (peer.kind === 'pods') {
              peerId.set(peer, id);
              distinct[id]!.used.add(direction);
            } else {
              blockId.set(peer, id);
              blocks[id]!.used.add(direction);
            }
          }
        }
      }
    }
    const nodePeers: Record<Direction, number[][]> = { ingress: this.reps.map(() => []), egress: this.reps.map(() => []) };
    const byNamespace = new Map<string, number[]>();
    this.reps.forEach((pod, node) => {
      if (!isPolicySubject(pod)) return;
      const list = byNamespace.get(pod.namespace);
      if (list) list.push(node);
      else byNamespace.set(pod.namespace, [node]);
    });
    const namespaces = [...byNamespace.keys()];
    const namespaceLabels = namespaces.map((ns) => index.namespaceLabels(ns));
    // Namespace selectors written alike are matched against the namespaces once.
    const selected = new Map<string, readonly string[]>();
    distinct.forEach(({ peer, namespace, namespacesKey, used }, id) => {
      let inNamespaces: readonly string[];
      if (peer.namespaces === 'own') inNamespaces = byNamespace.has(namespace) ? [namespace] : [];
      else {
        const matcher = peer.namespaces;
        let hit = selected.get(namespacesKey);
        if (!hit) selected.set(namespacesKey, (hit = namespaces.filter((_, i) => matcher(namespaceLabels[i]!))));
        inNamespaces = hit;
      }
      for (const ns of inNamespaces) {
        for (const node of byNamespace.get(ns)!) {
          if (!peer.pods(this.reps[node]!.labels)) continue;
          for (const direction of used) nodePeers[direction][node]!.push(id);
        }
      }
    });
    const nodeBlocks: Record<Direction, string[][]> = { ingress: [], egress: [] };
    const none = ['', '', ''];
    this.reps.forEach((pod, node) => {
      // ipBlocks match pod IPs only when the options say so; host-network pods by their node's addresses.
      const seen = !isPolicySubject(pod) || index.options.ipBlockMatchesPods;
      if (!seen || blocks.length === 0) {
        nodeBlocks.ingress[node] = nodeBlocks.egress[node] = none;
        return;
      }
      const addresses = endpointAddresses(podEndpoint(pod));
      // Per block, whether an IPv4 and whether an IPv6 address is in it: unbound is either.
      const hits: Record<Direction, [number[], number[], number[]]> = { ingress: [[], [], []], egress: [[], [], []] };
      blocks.forEach(({ peer, used }, id) => {
        let v4 = false;
        let v6 = false;
        for (const a of addresses) {
          if (a.family === 4 ? v4 : v6) continue;
          if (peer.addresses.has(a)) {
            if (a.family === 4) v4 = true;
            else v6 = true;
          }
        }
        if (!v4 && !v6) return;
        for (const direction of used) {
          const [u, four, six] = hits[direction];
          u.push(id);
          if (v4) four.push(id);
          if (v6) six.push(id);
        }
      });
      for (const direction of ['ingress', 'egress'] as const) nodeBlocks[direction][node] = hits[direction].map((list) => list.join(','));
    });
    return { peerId, blockId, nodePeers, nodeBlocks };
  }

  /**
   * Pairs of a pod and a host-network pod whose addresses are the pod's node's: NetworkPolicy
   * always allows those, so they are judged with evaluate() on their own.
   */
  private findOwnNodePairs(): void {
    const hostNetwork = new Map<string, number[]>();
    this.reps.forEach((pod, node) => {
      if (isPolicySubject(pod)) return;
      for (const a of endpointAddresses(podEndpoint(pod))) {
        const key = `${a.family}:${a.value}`;
        push(hostNetwork, key, node);
      }
    });
    if (hostNetwork.size === 0) return;
    const judge = (i: number, j: number) => {
      let row = this.ownNode.get(i);
      if (!row) this.ownNode.set(i, (row = new Map()));
      if (!row.has(j)) row.set(j, this.ports.id(evaluate(podEndpoint(this.reps[i]!), podEndpoint(this.reps[j]!), this.index).allowed));
    };
    this.reps.forEach((pod, node) => {
      if (!isPolicySubject(pod)) return;
      for (const a of nodeAddresses(pod)) {
        for (const other of hostNetwork.get(`${a.family}:${a.value}`) ?? []) {
          judge(node, other);
          judge(other, node);
        }
      }
    });
  }
}

/** Whether a rule has a peer or ipBlock that sees the signature's node. */
function sees(rule: { readonly peers: readonly number[]; readonly blocks: readonly number[] }, signature: Signature): boolean {
  for (let i = 0; i < rule.peers.length; i++) if (signature.peers.has(rule.peers[i]!)) return true;
  for (let i = 0; i < rule.blocks.length; i++) if (signature.blocks.has(rule.blocks[i]!)) return true;
  return false;
}

function push<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function classOf(classes: NodeClass[], ids: Map<string, number>, key: string, make: () => NodeClass, pods: number): number {
  let id = ids.get(key);
  if (id === undefined) {
    id = classes.length;
    ids.set(key, id);
    classes.push(make());
  }
  const c = classes[id]!;
  c.count++;
  c.pods += pods;
  return id;
}
