// Every pod that can open a connection to a target, or that a source can reach: the engine's
// evaluate() over a set of peers, with Service ports mapped through their targetPorts.
import type { Pod, Protocol, Service } from '../../model/snapshot.js';
import type { PolicyIndex } from '../compile.js';
import { podEndpoint, type Endpoint } from '../endpoint.js';
import { evaluate, type Connection } from '../evaluate.js';
import { PortSet } from '../sets/port-set.js';
import { serviceBackends, type ResolvedTarget } from '../target.js';

/** Connections from each source to the target that allow at least one port (the target itself excluded). */
export function connectionsTo(target: Pod, sources: readonly Pod[], index: PolicyIndex): Connection[] {
  const to = podEndpoint(target);
  return sources.filter((s) => s !== target).map((s) => evaluate(podEndpoint(s), to, index));
}

export function connectionsFrom(source: Pod, destinations: readonly Pod[], index: PolicyIndex): Connection[] {
  const from = podEndpoint(source);
  return destinations.filter((d) => d !== source).map((d) => evaluate(from, podEndpoint(d), index));
}

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
  /** Service target: the service ports allowed; otherwise the ports allowed to at least one target pod. */
  readonly ports: PortSet;
  /** Whether the peer can open a connection to every target pod (on the probe, when there is one). */
  readonly reachesAll: boolean;
  /** With a probe: per connection, the destination port it lands on (a Service's targetPort), if any. */
  readonly probed?: readonly (number | undefined)[];
  /** Service target: per connection, the ports its service ports land on at that pod. */
  readonly wanted?: readonly PortSet[];
}

export type ReachDirection = 'inbound' | 'outbound';

export interface PortProbe {
  readonly protocol: Protocol;
  readonly port: number;
}

function targetEndpoints(target: ResolvedTarget): Endpoint[] {
  return target.kind === 'address' ? [{ kind: 'address', address: target.address, text: target.text }] : target.pods.map(podEndpoint);
}

/** Where a probe lands on each backend of a Service: its targetPort, or nothing when not an endpoint. */
function serviceProbe(target: Extract<ResolvedTarget, { kind: 'service' }>, probe: PortProbe): (number | undefined)[] {
  const mapped = serviceBackends(target.service, target.pods, probe.port, probe.protocol);
  return target.pods.map((pod) => mapped.find((b) => b.pod === pod)?.targetPort);
}

/** Every port a Service's ports land on at one of its pods. */
function serviceTargetPorts(target: Extract<ResolvedTarget, { kind: 'service' }>, pod: Pod): PortSet {
  return target.service.ports.reduce((acc, port) => {
    const backend = serviceBackends(target.service, [pod], port.port, port.protocol)[0];
    return backend?.targetPort === undefined ? acc : acc.union(PortSet.range(port.protocol, backend.targetPort));
  }, PortSet.empty);
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
  const probed = probe ? (service ? serviceProbe(service, probe) : endpoints.map(() => probe.port)) : undefined;
  const wanted = service ? service.pods.map((pod) => serviceTargetPorts(service, pod)) : undefined;
  return peers
    .filter((p) => !targetPods.has(p))
    .map((peer) => {
      const connections = endpoints.map((e) =>
        direction === 'inbound' ? evaluate(podEndpoint(peer), e, index) : evaluate(e, podEndpoint(peer), index),
      );
      const ports = service
        ? allowedServicePorts(service.service, service.pods, (pod) => connections[service.pods.indexOf(pod)]?.allowed ?? PortSet.empty)
        : connections.reduce((acc, c) => acc.union(c.allowed), PortSet.empty);
      let reachesAll: boolean;
      if (probe && probed) {
        const judged = connections.filter((_, i) => probed[i] !== undefined);
        reachesAll = judged.length > 0 && connections.every((c, i) => probed[i] === undefined || c.allowed.has(probe.protocol, probed[i]!));
      } else {
        reachesAll = service ? !ports.isEmpty() : connections.length > 0 && connections.every((c) => !c.allowed.isEmpty());
      }
      return { peer, connections, ports, reachesAll, ...(probed ? { probed } : {}), ...(wanted ? { wanted } : {}) };
    });
}
