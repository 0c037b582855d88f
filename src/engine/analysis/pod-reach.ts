// Every pod that can open a connection to a target, or that a source can reach: the engine's
// evaluate() over a set of peers, with Service ports mapped through their targetPorts.
import type { Pod, Service } from '../../model/snapshot.js';
import type { PolicyIndex } from '../compile.js';
import { podEndpoint } from '../endpoint.js';
import { evaluate, type Connection } from '../evaluate.js';
import { PortSet } from '../sets/port-set.js';
import { serviceBackends } from '../target.js';

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
