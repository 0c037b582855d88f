// who-can-reach and reachable-from as one query: a target and a probe in, the view every output
// renders out (text, JSON, the UI's reach tabs). The CLI commands and the UI both call it.
import type { Pod, Protocol, Snapshot } from '../model/snapshot.js';
import type { PolicyIndex } from '../engine/compile.js';
import { addressGrants, partitionGrants } from '../engine/analysis/address-reach.js';
import { analysablePods } from '../engine/analysis/isolation.js';
import { peerResults, portOnPod, type ReachDirection } from '../engine/analysis/pod-reach.js';
import type { PodGroup } from '../engine/analysis/workload-groups.js';
import { formatTargetRef, type ResolvedTarget } from '../engine/target.js';
import { pathView, type PathView } from './path-view.js';
import { addressRows, peerRows, type PeerListView } from './peer-list-view.js';
import { serviceEndpointsView } from './service-endpoints-view.js';

export type { ReachDirection };

/** A compiled state to ask: what was read, its policies, and where it came from. */
export interface QueryState {
  readonly snapshot: Snapshot;
  readonly index: PolicyIndex;
  readonly description: string;
}

/** `port` is a number, or a container port name resolved on each destination pod. */
export type ListProbe = { readonly protocol: Protocol; readonly port: number | string };

export interface PeerListQuery {
  readonly direction: ReachDirection;
  readonly target: ResolvedTarget;
  readonly probe: ListProbe | null;
  /** -l: the peers to list (sources for who-can-reach, destinations for reachable-from); every pod when undefined. */
  readonly peers?: (pod: Pod) => boolean;
  /** Also list the peers that are denied, and why. */
  readonly denied?: boolean;
  /** Also give each path's reasoning (allowed paths; denied ones too with `denied`). */
  readonly explain?: boolean;
}

export interface PeerListAnswer {
  readonly view: PeerListView;
  /** With `explain`: one per path, in peer order; rendered with `view.probe`. */
  readonly explanations: readonly PathView[];
}

/** The pods a peer list considers: those that carry traffic, narrowed by -l. */
export const listedPeers = (snapshot: Snapshot, peers?: (pod: Pod) => boolean): Pod[] => {
  const pods = analysablePods(snapshot);
  return peers ? pods.filter(peers) : pods;
};

/** A workload (or bare pod) as the UI lists it, as the target the CLI resolves from NS/KIND/NAME or NS/POD. */
export function workloadTarget(group: PodGroup): ResolvedTarget {
  const ref =
    group.kind === 'Pod'
      ? { kind: 'pod' as const, namespace: group.namespace, name: group.name }
      : { kind: 'workload' as const, namespace: group.namespace, workloadKind: group.kind, name: group.name.slice(group.name.indexOf('/') + 1) };
  return { kind: 'pods', ref, pods: group.pods };
}

/**
 * The probe for the address rows, as a number: a named port resolves on the target's first pod;
 * towards addresses a name means nothing (undefined: no rows).
 */
function addressProbe(direction: ReachDirection, target: ResolvedTarget, probe: ListProbe | null): { protocol: Protocol; port: number } | null | undefined {
  if (!probe) return null;
  if (typeof probe.port === 'number') return { protocol: probe.protocol, port: probe.port };
  const first = direction === 'inbound' && target.kind === 'pods' ? target.pods[0] : undefined;
  const port = first && portOnPod(first, probe.port, probe.protocol);
  return port === undefined ? undefined : { protocol: probe.protocol, port };
}

export function peerListQuery(state: QueryState, query: PeerListQuery): PeerListAnswer {
  const { direction, target, probe: asked } = query;
  // A Service's port name stands for one service port: judge it as that number, as for a number.
  const servicePort =
    target.kind === 'service' && asked && typeof asked.port === 'string' ? target.service.ports.find((p) => p.name === asked.port && p.protocol === asked.protocol) : undefined;
  const probe = servicePort && asked ? { protocol: asked.protocol, port: servicePort.port } : asked;
  const results = peerResults(direction, target, listedPeers(state.snapshot, query.peers), state.index, probe ?? undefined);
  const { rows, denied } = peerRows(results, probe);
  const firstPod = target.kind === 'address' ? undefined : target.pods[0];
  const side = direction === 'inbound' ? 'ingress' : 'egress';
  const grants = firstPod ? partitionGrants(addressGrants(firstPod, side, state.index)) : [];
  const atAddresses = addressProbe(direction, target, probe);
  const view: PeerListView = {
    direction,
    target: formatTargetRef(target.ref),
    targetPods: target.kind === 'address' ? 1 : target.pods.length,
    probe,
    source: state.description,
    pods: rows,
    addresses: atAddresses === undefined ? [] : addressRows(grants, atAddresses, side),
    denied: query.denied ? denied : [],
    ...serviceEndpointsView(target, false),
  };
  const explanations: PathView[] = [];
  if (query.explain) {
    for (const r of results) {
      r.connections.forEach((connection, i) => {
        // Where the probe lands on this connection's destination (a named port resolves per pod).
        const at = probe ? r.probed?.[i] : undefined;
        const missing = r.portMissing?.[i] === true;
        const allowed = probe ? at !== undefined && connection.allowed.has(probe.protocol, at) : !connection.allowed.isEmpty();
        if (!allowed && !query.denied) return;
        const port = probe ? { port: { protocol: probe.protocol, ...(at !== undefined ? { number: at } : {}) } } : {};
        explanations.push(pathView({ connection, allowed, ...port, ...(missing ? { problem: 'named-port-missing' as const } : {}) }));
      });
    }
  }
  return { view, explanations };
}
