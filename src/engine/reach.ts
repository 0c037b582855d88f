// `can-reach` and `assert`: every concrete path between two targets, judged on a port or on all ports.
import type { Protocol } from '../model/snapshot.js';
import type { PolicyIndex } from './compile.js';
import { addressEndpoint, podEndpoint, type Endpoint } from './endpoint.js';
import { evaluate, type Connection } from './evaluate.js';
import { PortSet } from './sets/port-set.js';
import { addressBackendPorts, serviceBackends, type ResolvedTarget } from './target.js';

/**
 * A port to probe: a number, or a name (a named port of the destination pod, or a Service port
 * name); without a port, any port of the protocol.
 */
export interface Probe {
  readonly protocol: Protocol;
  readonly port?: number | string;
}

export type PathProblem =
  /** The destination pod declares no container port of that name and protocol. */
  | 'named-port-missing'
  /** A Service port whose named targetPort this endpoint pod does not declare. */
  | 'target-port-missing'
  /** A named port was asked of an address, which has no named ports. */
  | 'named-port-on-address';

export interface PathResult {
  readonly connection: Connection;
  /** The port probed on the destination after name resolution and Service DNAT. */
  readonly port?: { readonly protocol: Protocol; readonly number?: number; readonly servicePort?: number };
  readonly problem?: PathProblem;
  readonly allowed: boolean;
  /** Not allowed for sure, and not denied either: the verdict depends on DNS or on Nodes that were not read. */
  readonly unknown?: boolean;
}

/** `unknown`: some path's verdict depends on what the cluster state cannot say (DNS, unread Nodes). */
export type ReachVerdict = 'allowed' | 'denied' | 'partial' | 'no-endpoints' | 'unknown';

/** Marks a path whose port is not allowed but undecided. */
function withUnknown(path: PathResult): PathResult {
  const { connection, port } = path;
  if (path.allowed || path.problem || !connection.unknown || connection.self) return path;
  const unknown = connection.unknown;
  const hit = port === undefined ? !unknown.isEmpty() : port.number === undefined ? unknown.ranges(port.protocol).length > 0 : unknown.has(port.protocol, port.number);
  return hit ? { ...path, unknown: true } : path;
}

export interface ReachResult {
  readonly from: ResolvedTarget;
  readonly to: ResolvedTarget;
  readonly probe?: Probe;
  readonly paths: readonly PathResult[];
  readonly verdict: ReachVerdict;
  /** Ports allowed on every path (only without a probe and without a Service destination). */
  readonly ports?: PortSet;
}

function endpointsOf(target: ResolvedTarget): Endpoint[] {
  return target.kind === 'address' ? [{ kind: 'address', address: target.address, text: target.text }] : target.pods.map(podEndpoint);
}

function judgePort(connection: Connection, protocol: Protocol, port: number | string | undefined): PathResult {
  const to = connection.to;
  if (port === undefined) return { connection, port: { protocol }, allowed: connection.allowed.ranges(protocol).length > 0 };
  let number: number | undefined;
  if (typeof port === 'number') number = port;
  else if (to.kind === 'pod') number = to.pod.ports.find((p) => p.name === port && p.protocol === protocol)?.port;
  else return { connection, port: { protocol }, problem: 'named-port-on-address', allowed: false };
  if (number === undefined) return { connection, port: { protocol }, problem: 'named-port-missing', allowed: false };
  return { connection, port: { protocol, number }, allowed: connection.allowed.has(protocol, number) };
}

function servicePaths(from: Endpoint, to: Extract<ResolvedTarget, { kind: 'service' }>, index: PolicyIndex, probe?: Probe): PathResult[] {
  const ports = to.service.ports.filter(
    (p) =>
      !probe ||
      (p.protocol === probe.protocol && (probe.port === undefined || p.port === probe.port || (p.name !== undefined && p.name === probe.port))),
  );
  // EndpointSlice endpoints outside the pod network are judged as addresses (pods that were not read are not judged).
  const outside = to.addressBackends.filter((a) => a.pod === undefined);
  return ports.flatMap((servicePort) => [
    ...serviceBackends(to.service, to.pods, servicePort.port, servicePort.protocol).map((backend): PathResult => {
      const connection = evaluate(from, podEndpoint(backend.pod), index);
      if (backend.targetPort === undefined) {
        return { connection, port: { protocol: backend.protocol, servicePort: backend.servicePort }, problem: 'target-port-missing', allowed: false };
      }
      return {
        connection,
        port: { protocol: backend.protocol, number: backend.targetPort, servicePort: backend.servicePort },
        allowed: connection.allowed.has(backend.protocol, backend.targetPort),
      };
    }),
    ...addressBackendPorts(to.service, outside, servicePort.port, servicePort.protocol).flatMap((backend): PathResult[] => {
      const destination = addressEndpoint(backend.address);
      if (!destination) return [];
      const connection = evaluate(from, destination, index);
      const port = { protocol: backend.protocol, number: backend.targetPort, servicePort: backend.servicePort };
      return [{ connection, port, allowed: connection.allowed.has(backend.protocol, backend.targetPort) }];
    }),
  ]);
}

function verdictOf(paths: readonly PathResult[]): ReachVerdict {
  if (paths.length === 0) return 'no-endpoints';
  if (paths.some((p) => p.unknown)) return 'unknown';
  const allowed = paths.filter((p) => p.allowed).length;
  return allowed === paths.length ? 'allowed' : allowed === 0 ? 'denied' : 'partial';
}

/** Judges every path from `from` to `to`: on one port when `probe` is given, else on all ports. */
export function checkReach(from: ResolvedTarget, to: ResolvedTarget, index: PolicyIndex, probe?: Probe): ReachResult {
  const sources = endpointsOf(from);
  const paths: PathResult[] = [];
  let ports: PortSet | undefined;
  for (const source of sources) {
    if (to.kind === 'service') {
      paths.push(...servicePaths(source, to, index, probe));
      continue;
    }
    for (const destination of endpointsOf(to)) {
      const connection = evaluate(source, destination, index);
      if (probe) paths.push(judgePort(connection, probe.protocol, probe.port));
      else {
        paths.push({ connection, allowed: !connection.allowed.isEmpty() });
        ports = ports ? ports.intersect(connection.allowed) : connection.allowed;
      }
    }
  }
  const judged = paths.map(withUnknown);
  return { from, to, ...(probe ? { probe } : {}), paths: judged, verdict: verdictOf(judged), ...(ports && !probe ? { ports } : {}) };
}

