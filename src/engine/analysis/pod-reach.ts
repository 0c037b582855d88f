// Every pod that can open a connection to a target, or that a source can reach: the engine's
// evaluate() over a set of peers, with Service ports mapped through their targetPorts.
import type { Direction } from '../../model/policy.js';
import type { Pod, Protocol, Service } from '../../model/snapshot.js';
import { podClassKey } from './pod-class.js';
import { rulesFor, type PolicyIndex } from '../compile.js';
import { endpointAddresses, endpointFamilies, nodeAddresses, podEndpoint, type Endpoint } from '../endpoint.js';
import type { IpSet } from '../sets/ip-set.js';
import { evaluate, isolatingPolicies, type Connection, type Side } from '../evaluate.js';
import { PortSet } from '../sets/port-set.js';
import { serviceBackends, type ResolvedTarget } from '../target.js';

/**
 * The service ports a connection set allows: a service port counts when its target port is allowed
 * on every pod that is an endpoint of it (kube-proxy may pick any of them). A pod without the named
 * targetPort is no endpoint of that port, as the EndpointSlice controller decides.
 */
export function allowedServicePorts(service: Service, backends: readonly Pod[], allowedOn: (pod: Pod) => PortSet): PortSet {
  let result = PortSet.empty;
  for (const port of service.ports) {
    const endpoints = serviceBackends(service, backends, port.port, port.protocol).filter((b) => b.targetPort !== undefined);
    if (endpoints.length > 0 && endpoints.every((b) => allowedOn(b.pod).has(b.protocol, b.targetPort!))) {
      result = result.union(PortSet.range(port.protocol, port.port));
    }
  }
  return result;
}

/** One peer of a target, judged against every pod of the target. */
export interface PeerResult {
  /** The pod on the other end. */
  readonly peer: Pod;
  /** One connection per target pod (several when the target is a workload or a Service). */
  readonly connections: readonly Connection[];
  /**
   * The same verdicts, shared by every peer of this peer's class and by target pods of one class:
   * ports, rules and families are this peer's, but the endpoints named are representatives. The
   * same array for two peers means the same answer, which lets reports fold peers without
   * re-reading each connection.
   */
  readonly judged: readonly Connection[];
  /** Service target: the service ports allowed; otherwise the ports allowed to at least one target pod. */
  readonly ports: PortSet;
  /** Whether the peer can open a connection to every target pod (on the probe, when there is one). */
  readonly reachesAll: boolean;
  /** With a probe: per connection, the destination port it lands on (a Service's targetPort), if any. */
  readonly probed?: readonly (number | undefined)[];
  /**
   * A named probe: per connection, true when its destination pod declares no container port of that
   * name and protocol, so the peer cannot reach it there (a Service's non-endpoints are not missing).
   */
  readonly portMissing?: readonly boolean[];
  /** Service target: per connection, the ports its service ports land on at that pod. */
  readonly wanted?: readonly PortSet[];
}

export type ReachDirection = 'inbound' | 'outbound';

export interface PortProbe {
  readonly protocol: Protocol;
  /** A number, or a container port name resolved on each destination pod (a Service: its port's name). */
  readonly port: number | string;
}

/** The number a probe's port has on a destination pod: itself, or the pod's container port of that name. */
export function portOnPod(pod: Pod, port: number | string, protocol: Protocol): number | undefined {
  return typeof port === 'number' ? port : pod.ports.find((p) => p.name === port && p.protocol === protocol)?.port;
}

function targetEndpoints(target: ResolvedTarget): Endpoint[] {
  return target.kind === 'address' ? [{ kind: 'address', address: target.address, text: target.text }] : target.pods.map(podEndpoint);
}

/** Where a probe lands on each backend of a Service: its targetPort, or nothing when not an endpoint. */
function serviceProbe(target: Extract<ResolvedTarget, { kind: 'service' }>, probe: PortProbe): (number | undefined)[] {
  const number = typeof probe.port === 'number' ? probe.port : target.service.ports.find((p) => p.name === probe.port && p.protocol === probe.protocol)?.port;
  if (number === undefined) return target.pods.map(() => undefined);
  const mapped = serviceBackends(target.service, target.pods, number, probe.protocol);
  return target.pods.map((pod) => mapped.find((b) => b.pod === pod)?.targetPort);
}

/** Every port a Service's ports land on at one of its pods. */
function serviceTargetPorts(target: Extract<ResolvedTarget, { kind: 'service' }>, pod: Pod): PortSet {
  return target.service.ports.reduce((acc, port) => {
    const backend = serviceBackends(target.service, [pod], port.port, port.protocol)[0];
    return backend?.targetPort === undefined ? acc : acc.union(PortSet.range(port.protocol, backend.targetPort));
  }, PortSet.empty);
}

/** The address blocks of every ipBlock peer in the policies isolating these pods in the direction. */
function addressBlocks(pods: readonly Pod[], direction: Direction, index: PolicyIndex): IpSet[] {
  const blocks = new Set<IpSet>();
  for (const pod of pods) {
    for (const policy of isolatingPolicies(pod, direction, index)) {
      for (const rule of rulesFor(policy, direction) ?? []) {
        if (rule.peers !== 'all') for (const peer of rule.peers) if (peer.kind === 'ipBlock') blocks.add(peer.addresses);
      }
    }
  }
  return [...blocks];
}

/** The same connection with one end's pod replaced by another of the same class: only that pod changes. */
function rebind(connection: Connection, pod: Pod, end: 'from' | 'to'): Connection {
  const endpoint = podEndpoint(pod);
  const withPod = (side: Side): Side => (side.kind === 'policed' ? { ...side, pod } : side);
  if (end === 'from') {
    const families = connection.families?.map((v) => ({ ...v, egress: withPod(v.egress) }));
    return { ...connection, from: endpoint, egress: withPod(connection.egress), ...(families ? { families } : {}) };
  }
  const families = connection.families?.map((v) => ({ ...v, ingress: withPod(v.ingress) }));
  return { ...connection, to: endpoint, ingress: withPod(connection.ingress), ...(families ? { families } : {}) };
}

/**
 * What makes target pods differ against peers: the class and container ports, and, where a node or
 * any address could matter (a host-network target, admin policies' networks and nodes peers), the
 * addresses and node themselves. The peer's own rules add their address blocks (targetKeyFor).
 */
function targetBaseKeys(pods: readonly Pod[], index: PolicyIndex): string[] {
  return pods.map((pod) => {
    const base = `${podClassKey(pod)}\u0002${JSON.stringify(pod.ports)}`;
    if (!pod.hostNetwork && !index.adminTiers.hasAddressPeers) return base;
    return `${base}\u0002${pod.ips.join(',')}\u0002${(pod.hostIPs ?? [pod.hostIP ?? '']).join(',')}\u0002${pod.nodeName ?? ''}`;
  });
}

/**
 * The key under which target pods are judged alike against one peer: their base key, whether their
 * addresses fall in each ipBlock of the peer's own rules, and, for a host-network peer, whether the
 * peer is on the target's node (traffic from a pod's own node is always allowed).
 */
function targetKeyFor(peer: Pod, direction: ReachDirection, targets: readonly Pod[], bases: readonly string[], index: PolicyIndex): ((i: number) => string) | undefined {
  // Inbound, the peer's egress rules look at the target's address; outbound, its ingress rules do.
  const blocks = addressBlocks([peer], direction === 'inbound' ? 'egress' : 'ingress', index);
  // Nothing of the peer's tells target pods apart beyond their base keys: the caller's grouping by base holds.
  if (blocks.length === 0 && !peer.hostNetwork) return undefined;
  const peerAddresses = peer.hostNetwork ? endpointAddresses(podEndpoint(peer)) : [];
  return (i) => {
    const target = targets[i]!;
    let key = bases[i]!;
    if (blocks.length > 0) {
      const addresses = endpointAddresses(podEndpoint(target));
      key += `\u0002${blocks.map((b) => (addresses.some((a) => b.has(a)) ? '1' : '0')).join('')}`;
    }
    if (peer.hostNetwork) {
      const node = nodeAddresses(target);
      key += peerAddresses.some((a) => node.some((n) => a.family === n.family && a.value === n.value)) ? '\u0002own-node' : '\u0002other-node';
    }
    return key;
  };
}

/** For each of `count` items, the index of the first item with the same key. */
function firstsBy(count: number, keyOf: (i: number) => string): number[] {
  const first = new Map<string, number>();
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const key = keyOf(i);
    const seen = first.get(key);
    if (seen === undefined) first.set(key, i);
    out.push(seen ?? i);
  }
  return out;
}

/** The first peer of its class: judged, its connections rebound to each target pod on first use. */
class ClassFirst implements PeerResult {
  private own: readonly Connection[] | undefined;
  constructor(
    readonly peer: Pod,
    private readonly rebound: () => readonly Connection[],
    readonly judged: readonly Connection[],
    readonly ports: PortSet,
    readonly reachesAll: boolean,
    readonly probed: readonly (number | undefined)[] | undefined,
    readonly portMissing: readonly boolean[] | undefined,
    readonly wanted: readonly PortSet[] | undefined,
  ) {}

  get connections(): readonly Connection[] {
    return (this.own ??= this.rebound());
  }
}

/**
 * Another peer of a judged class: the class's answer, with its own pod on its end of each
 * connection (rebound on first use only: most readers need the shared verdicts, not each copy).
 * A class rather than an object literal with a getter: made for every one of 100,000 peers.
 */
class ClassMember implements PeerResult {
  private own: readonly Connection[] | undefined;
  constructor(
    private readonly first: PeerResult,
    readonly peer: Pod,
    private readonly end: 'from' | 'to',
  ) {}

  get connections(): readonly Connection[] {
    return (this.own ??= this.first.connections.map((c) => rebind(c, this.peer, this.end)));
  }
  get judged() {
    return this.first.judged;
  }
  get ports() {
    return this.first.ports;
  }
  get reachesAll() {
    return this.first.reachesAll;
  }
  get probed() {
    return this.first.probed;
  }
  get portMissing() {
    return this.first.portMissing;
  }
  get wanted() {
    return this.first.wanted;
  }
}

/**
 * Groups peers that are judged alike against fixed target endpoints: a peer's verdict depends on its
 * namespace and labels, its container ports when it is the destination, and its addresses only
 * when an ipBlock on the other side could match them (or when it uses the host network).
 */
function peerClassKey(direction: ReachDirection, endpoints: readonly Endpoint[], index: PolicyIndex): (peer: Pod) => string {
  const targetPods = endpoints.flatMap((e) => (e.kind === 'pod' ? [e.pod] : []));
  // Inbound: the targets' ingress rules look at the peer's address; outbound: their egress rules do.
  // Peers whose addresses fall in the same blocks are judged alike.
  const blocks = addressBlocks(targetPods, direction === 'inbound' ? 'ingress' : 'egress', index);
  const inBlocks = (peer: Pod): string => {
    const addresses = endpointAddresses(podEndpoint(peer));
    return blocks.map((b) => (addresses.some((a) => b.has(a)) ? '1' : '0')).join('');
  };
  // Traffic from a node (an address, a hostNetwork pod) is always admitted by pods on that node.
  const nodeMatters = endpoints.some((e) => e.kind === 'address' || e.pod.hostNetwork);
  return (peer) => {
    // The families a peer has decide which families a connection can use.
    const parts = [podClassKey(peer), endpointFamilies(podEndpoint(peer)).join()];
    if (blocks.length > 0) parts.push(inBlocks(peer));
    // Admin policies' networks and nodes peers look at any address, and a host-network pod's node.
    if (nodeMatters || peer.hostNetwork || index.adminTiers.hasAddressPeers) {
      parts.push(peer.ips.join(','), (peer.hostIPs ?? [peer.hostIP ?? '']).join(','), peer.nodeName ?? '');
    }
    if (direction === 'outbound') parts.push(JSON.stringify(peer.ports));
    return parts.join('\u0002');
  };
}

/**
 * Judges every peer pod against the target: inbound (who can reach it) or outbound (what it can
 * reach). A Service target is judged after DNAT, on each endpoint pod.
 */
export function peerResults(
  direction: ReachDirection,
  target: ResolvedTarget,
  peers: readonly Pod[],
  index: PolicyIndex,
  probe?: PortProbe,
): PeerResult[] {
  const endpoints = targetEndpoints(target);
  const targetPods = new Set(target.kind === 'address' ? [] : target.pods);
  const service = target.kind === 'service' && direction === 'inbound' ? target : undefined;
  // Where the probe lands on each target pod; outbound, a named port resolves on each peer instead.
  const landing = (pod: Pod | undefined) => (probe && pod ? portOnPod(pod, probe.port, probe.protocol) : typeof probe?.port === 'number' ? probe.port : undefined);
  const targetProbed = probe ? (service ? serviceProbe(service, probe) : endpoints.map((e) => landing(direction === 'inbound' && e.kind === 'pod' ? e.pod : undefined))) : undefined;
  const wanted = service ? service.pods.map((pod) => serviceTargetPorts(service, pod)) : undefined;
  const keyOf = peerClassKey(direction, endpoints, index);
  const targetBases = target.kind === 'address' ? undefined : targetBaseKeys(target.pods, index);
  const judgedByClass = new Map<string, PeerResult>();
  // Target pods grouped by their base keys alone: the grouping for every peer without ipBlocks of its own or the host network.
  let byBase: number[] | undefined;
  const judge = (peer: Pod, e: Endpoint) => (direction === 'inbound' ? evaluate(podEndpoint(peer), e, index) : evaluate(e, podEndpoint(peer), index));
  const targetEnd = direction === 'inbound' ? 'to' : 'from';
  const peerEnd = direction === 'inbound' ? 'from' : 'to';
  return peers
    .filter((p) => !targetPods.has(p))
    .map((peer): PeerResult => {
      const key = keyOf(peer);
      const known = judgedByClass.get(key);
      if (known) return new ClassMember(known, peer, peerEnd);
      // Target pods of one class against this peer: judged once, the others take that verdict.
      const keyOfTarget = targetBases && target.kind !== 'address' ? targetKeyFor(peer, direction, target.pods, targetBases, index) : undefined;
      const firsts = !targetBases ? endpoints.map((_, i) => i) : keyOfTarget ? firstsBy(endpoints.length, keyOfTarget) : (byBase ??= firstsBy(endpoints.length, (i) => targetBases[i]!));
      const judged = endpoints.map((e, i) => (firsts[i] === i ? judge(peer, e) : undefined));
      const shared = judged.map((c, i) => c ?? judged[firsts[i]!]!);
      const connectionsOf = () =>
        shared.map((c, i) => {
          const e = endpoints[i]!;
          return judged[i] !== undefined || e.kind !== 'pod' ? c : rebind(c, e.pod, targetEnd);
        });
      const ports = service
        ? allowedServicePorts(service.service, service.pods, (pod) => shared[service.pods.indexOf(pod)]?.allowed ?? PortSet.empty)
        : shared.reduce((acc, c) => acc.union(c.allowed), PortSet.empty);
      const probed = direction === 'outbound' && probe ? endpoints.map(() => landing(peer)) : targetProbed;
      // Only a Service's non-endpoints are skipped; a pod without the named port is not reachable on it.
      const portMissing = probe && typeof probe.port === 'string' && !service ? probed?.map((n) => n === undefined) : undefined;
      let reachesAll: boolean;
      if (probe && probed) {
        const landed = shared.filter((_, i) => probed[i] !== undefined);
        reachesAll =
          landed.length > 0 && !portMissing?.includes(true) && shared.every((c, i) => probed[i] === undefined || c.allowed.has(probe.protocol, probed[i]!));
      } else {
        reachesAll = service ? !ports.isEmpty() : shared.length > 0 && shared.every((c) => !c.allowed.isEmpty());
      }
      const result = new ClassFirst(peer, connectionsOf, shared, ports, reachesAll, probed, portMissing, wanted);
      judgedByClass.set(key, result);
      return result;
    });
}
