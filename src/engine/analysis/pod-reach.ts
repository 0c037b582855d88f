// Every pod that can open a connection to a target, or that a source can reach: the engine's
// evaluate() over a set of peers, with Service ports mapped through their targetPorts.
import type { Pod, Service } from '../../model/snapshot.js';
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
 * on every backend pod (kube-proxy may pick any of them).
 */
export function allowedServicePorts(service: Service, backends: readonly Pod[], allowedOn: (pod: Pod) => PortSet): PortSet {
  let result = PortSet.empty;
  for (const port of service.ports) {
    const mapped = serviceBackends(service, backends, port.port, port.protocol);
    if (mapped.length > 0 && mapped.every((b) => b.targetPort !== undefined && allowedOn(b.pod).has(b.protocol, b.targetPort))) {
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
  /** Ports allowed to (or from) every target pod; for a Service target, its service ports. */
  readonly ports: PortSet;
}

export type ReachDirection = 'inbound' | 'outbound';

function targetEndpoints(target: ResolvedTarget): Endpoint[] {
  return target.kind === 'address' ? [{ kind: 'address', address: target.address, text: target.text }] : target.pods.map(podEndpoint);
}

/**
 * Judges every peer pod against the target: inbound (who can reach it) or outbound (what it can
 * reach), reducing each to the ports allowed with every target pod.
 */
export function peerResults(direction: ReachDirection, target: ResolvedTarget, peers: readonly Pod[], index: PolicyIndex): PeerResult[] {
  const endpoints = targetEndpoints(target);
  const targetPods = new Set(target.kind === 'address' ? [] : target.pods);
  return peers
    .filter((p) => !targetPods.has(p))
    .map((peer) => {
      const connections = endpoints.map((e) =>
        direction === 'inbound' ? evaluate(podEndpoint(peer), e, index) : evaluate(e, podEndpoint(peer), index),
      );
      const ports =
        target.kind === 'service' && direction === 'inbound'
          ? allowedServicePorts(target.service, target.pods, (pod) => connections[target.pods.indexOf(pod)]?.allowed ?? PortSet.empty)
          : (connections.reduce<PortSet | undefined>((acc, c) => (acc ? acc.intersect(c.allowed) : c.allowed), undefined) ?? PortSet.empty);
      return { peer, connections, ports };
    });
}
