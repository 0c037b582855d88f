// "What would fix it": the smallest NetworkPolicy change that allows a denied connection, proved by
// the engine on the proposed state, with everything else it opens or closes.
import type { Direction, NetworkPolicy, Peer, PolicyPort, PolicyRule } from '../../model/policy.js';
import type { Pod, Snapshot } from '../../model/snapshot.js';
import { NAMESPACE_NAME_LABEL, PolicyIndex } from '../compile.js';
import { endpointAddresses, isPolicySubject, type Endpoint } from '../endpoint.js';
import { sideAllows, sidesFor, type Side } from '../evaluate.js';
import { checkReach, type PathResult, type Probe, type ReachResult } from '../reach.js';
import { compileSelector } from '../selector.js';
import { formatIp } from '../sets/ip.js';
import { PortSet } from '../sets/port-set.js';
import type { ResolvedTarget } from '../target.js';
import type { AdminRuleMatch } from '../tiers/judge-tiers.js';
import { applyOverlay, policyKey } from '../whatif/overlay.js';
import { MatrixBaseline, type MatrixChange } from './blast-radius.js';
import { criterionGroup } from './criterion.js';
import { nearMisses } from './near-miss.js';
import { workloadSelector } from './stable-labels.js';
import { pathQuery } from './walkthrough.js';

/** One policy of the proposal: a new one, or an existing one with rules added. */
export interface PolicyEdit {
  /** The policy as proposed: what `kubectl apply` and `--policies-from` take. */
  readonly policy: NetworkPolicy;
  /** The policy it replaces; undefined for a new policy. */
  readonly base?: NetworkPolicy;
  /** The rules added, by direction and index. */
  readonly added: readonly { readonly direction: Direction; readonly rule: number }[];
}

/** A change of the workload matrix, and whether it is part of what was asked. */
export interface Opening extends MatrixChange {
  /** The pair and ports asked for; false for anything else the change opens (the blast radius). */
  readonly requested: boolean;
}

export type NotFixableReason =
  /** The destination Service has no endpoint to reach. */
  | 'no-endpoints'
  /** Some denied path has a problem no policy changes (a named port or targetPort the pod lacks, no common address family). */
  | 'path-problem'
  /** A side's verdict depends on DNS answers or on Nodes that were not read. */
  | 'unknown'
  /** The proposal did not allow the path (a bug; reported rather than printed as a fix). */
  | 'not-verified';

export type FixResult =
  | { readonly status: 'already-allowed'; readonly reach: ReachResult }
  /** An Admin-tier Deny decides the port: no NetworkPolicy can override it. */
  | { readonly status: 'admin-denied'; readonly reach: ReachResult; readonly path: PathResult; readonly rule: AdminRuleMatch }
  | { readonly status: 'not-fixable'; readonly reach: ReachResult; readonly reason: NotFixableReason; readonly path?: PathResult }
  | {
      readonly status: 'fix';
      readonly reach: ReachResult;
      readonly edits: readonly PolicyEdit[];
      /** The query judged on the proposed state: every path the fix covers is allowed there. */
      readonly after: ReachResult;
      readonly opened: readonly Opening[];
      readonly closed: readonly MatrixChange[];
      /** Paths left as they were: they have a problem no policy changes (a named port the pod lacks, ...). */
      readonly skipped: readonly PathResult[];
    };

export interface FixRequest {
  readonly snapshot: Snapshot;
  readonly index: PolicyIndex;
  readonly from: ResolvedTarget;
  readonly to: ResolvedTarget;
  /** As for can-reach; a probe without a port means the destination's declared ports of that protocol. */
  readonly probe?: Probe;
}

const TYPE = { ingress: 'Ingress', egress: 'Egress' } as const;

/**
 * The ports a path asks for: its port; without one, the ports the destination pod declares (of the
 * probed protocol), or every port (of the protocol) when it declares none.
 */
export function requestedPorts(path: PathResult): PortSet {
  if (path.port?.number !== undefined) return PortSet.range(path.port.protocol, path.port.number);
  const to = path.connection.to;
  const protocol = path.port?.protocol;
  const declared = to.kind === 'pod' ? to.pod.ports.filter((p) => protocol === undefined || p.protocol === protocol) : [];
  if (declared.length > 0) return declared.reduce((acc, p) => acc.union(PortSet.range(p.protocol, p.port)), PortSet.empty);
  return protocol === undefined ? PortSet.all : PortSet.protocol(protocol);
}

/** A path no policy change can allow: a named port or targetPort the pod lacks, or no address family in common. */
const hasProblem = (path: PathResult): boolean => !path.connection.self && (path.problem !== undefined || path.connection.noCommonFamily === true);
const needsFix = (path: PathResult): boolean =>
  !path.connection.self && !hasProblem(path) && !requestedPorts(path).subtract(path.connection.allowed).isEmpty();

// ---- building policies ----

const DNS_LABEL = 63;

function nameOf(endpoint: Endpoint): string {
  if (endpoint.kind === 'address') return `ip-${endpoint.text}`;
  return endpoint.pod.owner?.name ?? endpoint.pod.name;
}

/** A DNS-1123 name, unique in the namespace among `taken`. */
function policyName(base: string, taken: ReadonlySet<string>): string {
  const clean = base.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '') || 'allow';
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? '' : `-${n}`;
    const name = `${clean.slice(0, DNS_LABEL - suffix.length).replace(/-$/, '')}${suffix}`;
    if (!taken.has(name)) return name;
  }
}

/** The other end as a peer: its namespace by name and its workload by stable labels; an address by itself. */
function peerFor(end: Endpoint, policyNamespace: string, pods: readonly Pod[]): Peer[] {
  if (end.kind === 'pod' && isPolicySubject(end.pod)) {
    const pod = end.pod;
    return [
      {
        kind: 'pods',
        podSelector: { matchLabels: workloadSelector(pod, pods), matchExpressions: [] },
        ...(pod.namespace === policyNamespace ? {} : { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: pod.namespace }, matchExpressions: [] } }),
      },
    ];
  }
  return endpointAddresses(end).map((a) => ({ kind: 'ipBlock', cidr: `${formatIp(a.family, a.value)}/${a.family === 4 ? 32 : 128}`, except: [] }));
}

/** The ports as policy entries: by name where the destination pod declares that port, else by number or range. */
export function portsFor(ports: PortSet, destination: Endpoint): 'all' | PolicyPort[] {
  if (ports.isAll()) return 'all';
  return ports.protocols().flatMap((protocol): PolicyPort[] => {
    if (ports.coversProtocol(protocol)) return [{ protocol }];
    return ports.ranges(protocol).map(([lo, hi]): PolicyPort => {
      if (lo !== hi) return { protocol, port: lo, endPort: hi };
      const named = destination.kind === 'pod' ? destination.pod.ports.find((c) => c.protocol === protocol && c.port === lo && c.name) : undefined;
      return { protocol, port: named?.name ?? lo };
    });
  });
}

interface Candidate {
  readonly policy: NetworkPolicy;
  readonly isNew: boolean;
  readonly direction: Direction;
  readonly rule: number;
  /**
   * Pods the rule applies to beyond the workload asked about: what it opens on this side even where
   * the other side still denies (a new policy selecting the workload has none).
   */
  readonly latent: number;
}

interface SideNeed {
  readonly side: Extract<Side, { kind: 'policed' }>;
  /** The end the rule must admit. */
  readonly end: Endpoint;
  readonly ports: PortSet;
}

function newPolicyCandidate(need: SideNeed, destination: Endpoint, snapshot: Snapshot, taken: ReadonlySet<string>): Candidate {
  const { side, end } = need;
  const pod = side.pod;
  const direction = side.direction;
  const rule: PolicyRule = { peers: peerFor(end, pod.namespace, snapshot.pods), ports: portsFor(need.ports, destination) };
  const name = policyName(`${nameOf({ kind: 'pod', pod })}-${direction === 'ingress' ? 'ingress-from' : 'egress-to'}-${nameOf(end)}`, taken);
  const policy: NetworkPolicy = {
    namespace: pod.namespace,
    name,
    podSelector: { matchLabels: workloadSelector(pod, snapshot.pods), matchExpressions: [] },
    policyTypes: [TYPE[direction]],
    ingress: direction === 'ingress' ? [rule] : [],
    egress: direction === 'egress' ? [rule] : [],
  };
  return { policy, isNew: true, direction, rule: 0, latent: 0 };
}

/** At most this many of the policies whose rules came closest (only their peer, or only their ports, failed) are offered an extra rule. */
const EXTRA_RULE_CANDIDATES = 3;

/** An extra rule in each of the policies whose rules came closest, when only their peer or only their ports failed. */
function extraRuleCandidates(need: SideNeed, destination: Endpoint, path: PathResult, snapshot: Snapshot, index: PolicyIndex): Candidate[] {
  const { side } = need;
  // Only the peer, or only the ports, failed: the rule was meant for a neighbour of this connection.
  const closest = nearMisses(side.pod, side.direction, need.end, index, pathQuery(path)).filter((m) => {
    const groups = new Set(m.failed.map((f) => criterionGroup(f.criterion)));
    return m.rule !== undefined && groups.size === 1 && !groups.has('policy');
  });
  const keys = [...new Set(closest.map((m) => policyKey(m.policy)))].slice(0, EXTRA_RULE_CANDIDATES);
  return keys.flatMap((key) => {
    const policy = snapshot.policies.find((p) => policyKey(p) === key);
    return policy ? [extraRule(need, destination, policy, snapshot)] : [];
  });
}

function extraRule(need: SideNeed, destination: Endpoint, policy: NetworkPolicy, snapshot: Snapshot): Candidate {
  const { side, end } = need;
  const rule: PolicyRule = { peers: peerFor(end, policy.namespace, snapshot.pods), ports: portsFor(need.ports, destination) };
  const rules = [...policy[side.direction], rule];
  const workload = workloadSelector(side.pod, snapshot.pods);
  const selects = compileSelector(policy.podSelector);
  const latent = snapshot.pods.filter(
    (p) => p.namespace === policy.namespace && isPolicySubject(p) && selects(p.labels) && !compileSelector({ matchLabels: workload, matchExpressions: [] })(p.labels),
  ).length;
  return { policy: { ...policy, [side.direction]: rules }, isNew: false, direction: side.direction, rule: rules.length - 1, latent };
}

// ---- choosing and verifying ----

interface State {
  readonly snapshot: Snapshot;
  readonly index: PolicyIndex;
}

function overlaid(state: State, policies: readonly NetworkPolicy[]): State {
  const snapshot = applyOverlay(state.snapshot, { policies, remove: [] }).snapshot;
  return { snapshot, index: new PolicyIndex(snapshot, state.index.options) };
}

const groupHas = (group: MatrixChange['from'], pod: Pod): boolean => group.pods.includes(pod);

/** Splits what a change opens into the requested part (the pairs and ports asked for) and the rest. */
function classify(opened: readonly MatrixChange[], paths: readonly PathResult[]): Opening[] {
  return opened.flatMap((change): Opening[] => {
    const asked = paths
      .filter((p) => p.connection.from.kind === 'pod' && p.connection.to.kind === 'pod' && groupHas(change.from, p.connection.from.pod) && groupHas(change.to, p.connection.to.pod))
      .reduce((acc, p) => acc.union(requestedPorts(p)), PortSet.empty);
    const requested = change.ports.intersect(asked);
    const extra = change.ports.subtract(asked);
    return [
      ...(requested.isEmpty() ? [] : [{ ...change, ports: requested, requested: true }]),
      ...(extra.isEmpty() ? [] : [{ ...change, ports: extra, requested: false }]),
    ];
  });
}

/** How much a candidate opens beyond what was asked (and closes), to pick the smallest change. */
function cost(base: MatrixBaseline, candidate: State, paths: readonly PathResult[]): readonly number[] {
  const diff = base.diff(candidate.index);
  const extra = classify(diff.opened, paths).filter((o) => !o.requested).length;
  return [extra, diff.closed.length];
}

const compare = (a: readonly number[], b: readonly number[]): number => {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
};

/** The sides of a path that deny some requested port, with the ports each must admit. */
function sideNeeds(path: PathResult): { needs: SideNeed[]; admin?: AdminRuleMatch; unknown?: boolean } {
  const wanted = requestedPorts(path);
  const { connection } = path;
  const sides = sidesFor(connection, path.port?.protocol, path.port?.number);
  const needs: SideNeed[] = [];
  for (const side of [sides.egress, sides.ingress]) {
    if (side.kind === 'exempt') continue;
    const missing = wanted.subtract(sideAllows(side));
    if (missing.isEmpty()) continue;
    const admin = (side.tiers ?? []).find((d) => d.tier === 'Admin' && d.outcome === 'deny' && !d.ports.intersect(missing).isEmpty())?.rule;
    if (admin) return { needs, admin };
    if (side.unknown && !side.unknown.intersect(missing).isEmpty()) return { needs, unknown: true };
    needs.push({ side, end: side.direction === 'egress' ? connection.to : connection.from, ports: missing });
  }
  return { needs };
}

function takenNames(snapshot: Snapshot, namespace: string): Set<string> {
  return new Set(snapshot.policies.filter((p) => p.namespace === namespace).map((p) => p.name));
}

/** The cartesian product of each side's candidates. */
const combinations = <T>(lists: readonly (readonly T[])[]): T[][] => lists.reduce<T[][]>((acc, list) => acc.flatMap((combo) => list.map((c) => [...combo, c])), [[]]);

/**
 * Proposes the smallest NetworkPolicy change that allows the connection (each denied path, on the
 * requested ports), proves it on the proposed state, and reports everything else it opens or closes.
 */
export function proposeFix(request: FixRequest): FixResult {
  const original: State = { snapshot: request.snapshot, index: request.index };
  const reach = checkReach(request.from, request.to, request.index, request.probe);
  if (reach.paths.length === 0) return { status: 'not-fixable', reach, reason: 'no-endpoints' };
  const skipped = reach.paths.filter(hasProblem);
  if (!reach.paths.some(needsFix)) {
    return skipped.length > 0 ? { status: 'not-fixable', reach, reason: 'path-problem', path: skipped[0]! } : { status: 'already-allowed', reach };
  }

  const baseline = new MatrixBaseline(original.snapshot, original.index);
  let state = original;
  const proposed = new Map<string, NetworkPolicy>();
  const created = new Set<string>();
  const added = new Map<string, { direction: Direction; rule: number }[]>();
  // Each round allows at least one more path (the rule admits exactly its pods), so this many rounds suffice.
  for (let round = 0; round <= reach.paths.length; round++) {
    const current = checkReach(request.from, request.to, state.index, request.probe);
    const path = current.paths.find(needsFix);
    if (!path) break;
    const { needs, admin, unknown } = sideNeeds(path);
    if (admin) return { status: 'admin-denied', reach, path, rule: admin };
    if (unknown) return { status: 'not-fixable', reach, reason: 'unknown', path };
    const destination = path.connection.to;
    const options = needs.map((need) => {
      const fresh = newPolicyCandidate(need, destination, state.snapshot, takenNames(state.snapshot, need.side.pod.namespace));
      return [...extraRuleCandidates(need, destination, path, state.snapshot, state.index), fresh];
    });
    // New policies of the two sides never share a name: one says ingress-from, the other egress-to.
    const scored = combinations(options).map((combo) => {
      const next = overlaid(state, mergeCandidates(combo));
      const latent = combo.reduce((n, c) => n + c.latent, 0);
      return { combo, next, cost: [...cost(baseline, next, reach.paths), latent, combo.filter((c) => c.isNew).length] };
    });
    const best = scored.reduce((a, b) => (compare(b.cost, a.cost) < 0 ? b : a));
    for (const c of best.combo) {
      const key = policyKey(c.policy);
      if (c.isNew && !proposed.has(key)) created.add(key);
      proposed.set(key, best.next.snapshot.policies.find((p) => policyKey(p) === key)!);
      added.set(key, [...(added.get(key) ?? []), { direction: c.direction, rule: c.rule }]);
    }
    state = best.next;
  }
  const after = checkReach(request.from, request.to, state.index, request.probe);
  const unverified = after.paths.find(needsFix);
  if (unverified) return { status: 'not-fixable', reach, reason: 'not-verified', path: unverified };
  const diff = baseline.diff(state.index);
  const edits = [...proposed.entries()].map(([key, policy]): PolicyEdit => {
    const base = created.has(key) ? undefined : original.snapshot.policies.find((p) => policyKey(p) === key);
    return { policy, ...(base ? { base } : {}), added: added.get(key) ?? [] };
  });
  return { status: 'fix', reach, edits, after, opened: classify(diff.opened, reach.paths), closed: diff.closed, skipped };
}

/** Candidates for the same policy (both sides adding to one policy) merge into one proposed object. */
function mergeCandidates(combo: readonly Candidate[]): NetworkPolicy[] {
  const byKey = new Map<string, NetworkPolicy>();
  for (const c of combo) {
    const key = policyKey(c.policy);
    const previous = byKey.get(key);
    if (!previous) byKey.set(key, c.policy);
    else byKey.set(key, { ...previous, [c.direction]: c.policy[c.direction] });
  }
  return [...byKey.values()];
}
