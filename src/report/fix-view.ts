// The proposed fix of a denied connection as plain data: what `fix -o json` prints and text renders from.
import type { Direction, NetworkPolicy, Peer, PolicyRule } from '../model/policy.js';
import type { PathProblem, ReachResult } from '../engine/reach.js';
import { NAMESPACE_NAME_LABEL } from '../engine/compile.js';
import { endpointName } from '../engine/endpoint.js';
import { formatSelector, isEmptySelector } from '../engine/selector.js';
import { formatTargetRef } from '../engine/target.js';
import type { FixResult, NotFixableReason } from '../engine/whynot/fix.js';
import { rulePortsText } from '../engine/whynot/port-misses.js';
import type { PortSet } from '../engine/sets/port-set.js';
import { adminRuleView, policyName, type AdminRuleView } from './path-view.js';

export interface FixRuleView {
  readonly direction: Direction;
  readonly rule: number;
  /** e.g. `spec.ingress[1]`. */
  readonly field: string;
  /** Each peer in words, e.g. `pods app=checkout in namespace shop`. */
  readonly peers: string[];
  /** e.g. `TCP grpc`, `all ports`. */
  readonly ports: string;
}

export interface FixChangeView {
  /** `namespace/name`. */
  readonly policy: string;
  /** `create`: a new NetworkPolicy; `add-rules`: rules appended to an existing one. */
  readonly action: 'create' | 'add-rules';
  readonly rules: FixRuleView[];
}

export interface ConnectionChangeView {
  /** Workloads as `ns/kind/name` (or `ns/pod`), as the matrix names them. */
  readonly from: string;
  readonly to: string;
  readonly ports: Record<string, string[]>;
}

export interface OpeningView extends ConnectionChangeView {
  /** Part of what was asked; false for the rest of the blast radius. */
  readonly requested: boolean;
}

export type FixStatus = FixResult['status'];

export interface FixView {
  readonly from: string;
  readonly to: string;
  readonly probe: { readonly protocol: string; readonly port?: number | string } | null;
  /** `fix`: a verified proposal; `already-allowed`; `admin-denied`: only an admin policy change can allow it; `not-fixable`. */
  readonly status: FixStatus;
  readonly reason?: NotFixableReason;
  /** The path the answer is about, when a status other than `fix` rests on one path. */
  readonly path?: { readonly from: string; readonly to: string; readonly problem?: PathProblem };
  /** The Admin-tier Deny rule that decides (status `admin-denied`). */
  readonly blockedBy?: AdminRuleView & { readonly direction: Direction };
  readonly changes: FixChangeView[];
  /** The proposed NetworkPolicies as manifests: for `kubectl apply -f -` or `--policies-from`. */
  readonly policies: object[];
  /** With the policies laid over the input, every path asked about is allowed on the requested ports. */
  readonly verified: boolean;
  /** Connections between workloads the change opens (the difference of the workload matrix). */
  readonly opened: OpeningView[];
  /** Connections it closes (a new policy isolating a pod that was not isolated). */
  readonly closed: ConnectionChangeView[];
  /** It opens more than the requested workload pair and ports. */
  readonly opensMore: boolean;
  /** Paths left as they are: no policy change can allow them (a named port or targetPort the pod lacks). */
  readonly skipped: { readonly from: string; readonly to: string; readonly problem?: PathProblem }[];
}

function selectorWords(peer: Extract<Peer, { kind: 'pods' }>): string {
  const pods = peer.podSelector === undefined || isEmptySelector(peer.podSelector) ? 'every pod' : `pods ${formatSelector(peer.podSelector)}`;
  if (peer.namespaceSelector === undefined) return pods;
  const byName = peer.namespaceSelector.matchLabels[NAMESPACE_NAME_LABEL];
  if (byName !== undefined && Object.keys(peer.namespaceSelector.matchLabels).length === 1 && peer.namespaceSelector.matchExpressions.length === 0) {
    return `${pods} in namespace ${byName}`;
  }
  return `${pods} in namespaces ${formatSelector(peer.namespaceSelector)}`;
}

export function peerWords(peer: Peer): string {
  switch (peer.kind) {
    case 'pods':
      return selectorWords(peer);
    case 'ipBlock':
      return `ipBlock ${peer.cidr}${peer.except.length > 0 ? ` except ${peer.except.join(', ')}` : ''}`;
    case 'invalid':
      return 'an invalid peer';
  }
}

function ruleView(rule: PolicyRule, direction: Direction, index: number): FixRuleView {
  return {
    direction,
    rule: index,
    field: `spec.${direction}[${index}]`,
    peers: rule.peers === 'all' ? ['every peer'] : rule.peers.map(peerWords),
    ports: rule.ports === 'all' ? 'all ports' : rulePortsText(rule.ports),
  };
}

const pathEnds = (path: { connection: { from: Parameters<typeof endpointName>[0]; to: Parameters<typeof endpointName>[0] }; problem?: PathProblem }) => ({
  from: endpointName(path.connection.from),
  to: endpointName(path.connection.to),
  ...(path.problem ? { problem: path.problem } : {}),
});

function header(reach: ReachResult): Pick<FixView, 'from' | 'to' | 'probe'> {
  return {
    from: formatTargetRef(reach.from.ref),
    to: formatTargetRef(reach.to.ref),
    probe: reach.probe ? { protocol: reach.probe.protocol, ...(reach.probe.port !== undefined ? { port: reach.probe.port } : {}) } : null,
  };
}

/**
 * One row per named pair: replicas whose labels differ are separate matrix nodes, which may carry
 * the same name; their ports are merged.
 */
function merged<T extends { from: { key: string }; to: { key: string }; ports: PortSet }, K extends string>(list: readonly T[], key: (c: T) => K): { first: T; ports: PortSet }[] {
  const rows = new Map<string, { first: T; ports: PortSet }>();
  for (const c of list) {
    const k = key(c);
    const row = rows.get(k);
    if (row) row.ports = row.ports.union(c.ports);
    else rows.set(k, { first: c, ports: c.ports });
  }
  return [...rows.values()];
}

const EMPTY = { changes: [], policies: [], verified: false, opened: [], closed: [], opensMore: false, skipped: [] };

/**
 * The view of a fix. `manifest` turns a proposed policy into the object `kubectl apply` takes
 * (the printers own that shape).
 */
export function fixView(result: FixResult, manifest: (policy: NetworkPolicy) => object): FixView {
  const head = header(result.reach);
  switch (result.status) {
    case 'already-allowed':
      return { ...head, status: result.status, ...EMPTY };
    case 'admin-denied':
      return { ...head, status: result.status, path: pathEnds(result.path), blockedBy: { ...adminRuleView(result.rule), direction: result.rule.direction }, ...EMPTY };
    case 'not-fixable':
      return { ...head, status: result.status, reason: result.reason, ...(result.path ? { path: pathEnds(result.path) } : {}), ...EMPTY };
    case 'fix': {
      const opened = merged(result.opened, (o) => `${o.from.key}\u0000${o.to.key}\u0000${o.requested}`).map(
        ({ first, ports }): OpeningView => ({ from: first.from.key, to: first.to.key, ports: ports.toJSON(), requested: first.requested }),
      );
      return {
        ...head,
        status: result.status,
        changes: result.edits.map((edit) => ({
          policy: policyName(edit.policy),
          action: edit.base ? 'add-rules' : 'create',
          rules: edit.added.map(({ direction, rule }) => ruleView(edit.policy[direction][rule]!, direction, rule)),
        })),
        policies: result.edits.map((e) => manifest(e.policy)),
        verified: true,
        opened,
        closed: merged(result.closed, (c) => `${c.from.key}\u0000${c.to.key}`).map(({ first, ports }) => ({ from: first.from.key, to: first.to.key, ports: ports.toJSON() })),
        opensMore: opened.some((o) => !o.requested),
        skipped: result.skipped.map(pathEnds),
      };
    }
  }
}
