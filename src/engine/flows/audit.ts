// Audits observed flows against the policies: which observed connections the policies deny
// (would break), where the log disagrees with the computed verdict (divergence), which rules no
// observed connection used, and which connections leave the cluster. Flows are aggregated as they
// are added, so memory grows with the distinct connections, not with the number of flows.
import type { Direction, PolicyRef } from '../../model/policy.js';
import type { FlowProblem, LoggedPolicy, LoggedVerdict, ObservedFlow } from '../../model/flow.js';
import type { Pod, Protocol, Snapshot } from '../../model/snapshot.js';
import { rulesFor, type PolicyIndex } from '../compile.js';
import { addressEndpoint, endpointAddresses, podEndpoint, type Endpoint } from '../endpoint.js';
import { evaluate, matchesFor, sidesFor, type Connection, type Side } from '../evaluate.js';
import { groupKeyOf } from '../analysis/workload-groups.js';
import { computeMatrix } from '../analysis/matrix.js';
import { FlowJoiner, joinedKey, type JoinedEnd } from './join.js';
import { nearMisses } from '../whynot/near-miss.js';
import type { NearMiss } from '../whynot/criterion.js';

/** Distinct observations: one per (source, destination, protocol, port, logged verdict). */
interface Observation {
  readonly source: JoinedEnd;
  readonly destination: JoinedEnd;
  readonly protocol: Protocol;
  readonly port: number;
  readonly logged: LoggedVerdict;
  /** The policies the log names as deciding it (Hubble), when it does. */
  readonly policies?: readonly LoggedPolicy[];
  flows: number;
  /** The first line that recorded it. */
  readonly first: { readonly file: string; readonly line: number };
}

export type DivergenceCause = 'cni-policy' | 'ipblock-pod-ip' | 'host-network' | 'undeclared-port' | 'admin-tier' | 'other-policy' | 'other-state';

/** One side where the log names a deciding policy that the engine does not name. */
export interface PolicyAttribution {
  readonly direction: Direction;
  readonly effect: 'allowed' | 'denied';
  /** The policies the log names for this side and effect. */
  readonly logged: readonly LoggedPolicy[];
  /**
   * The policies the engine names for the same side: those with a rule admitting the port (allowed),
   * or those isolating the pod (denied); empty when the side is not isolated or the verdict differs.
   */
  readonly computed: readonly PolicyRef[];
}

/** A judged connection between workloads (or addresses), as observed. */
export interface AuditConnection {
  readonly source: string;
  readonly destination: string;
  readonly protocol: Protocol;
  readonly port: number;
  readonly flows: number;
  readonly first: { readonly file: string; readonly line: number };
}

export interface WouldBreak extends AuditConnection {
  /** The sides that deny it, with the policies isolating each. */
  readonly deniedBy: readonly { readonly direction: Direction; readonly policies: readonly PolicyRef[] }[];
  /** The rule of a denying side's policies that came closest to admitting it. */
  readonly nearestMiss?: NearMiss;
}

export interface Divergence extends AuditConnection {
  readonly logged: 'allowed' | 'denied';
  readonly computed: 'allowed' | 'denied';
  readonly cause: DivergenceCause;
  /** Sides where the log names other policies than the engine (the verdicts may agree). */
  readonly policies?: readonly PolicyAttribution[];
}

export interface RuleRef {
  readonly policy: PolicyRef;
  readonly direction: Direction;
  readonly rule: number;
}

export interface ExternalEgress {
  readonly source: string;
  /** The destination's /24 (IPv4) or /64 (IPv6). */
  readonly range: string;
  readonly addresses: number;
  readonly protocol: Protocol;
  readonly port: number;
  readonly flows: number;
  /** The egress rules that admit it; empty when the source is not isolated for egress. */
  readonly admittedBy: readonly RuleRef[];
}

export interface Unmatched {
  readonly name: string;
  readonly reason: string;
  readonly flows: number;
}

export interface AuditResult {
  readonly flows: { readonly read: number; readonly replies: number; readonly notConnections: number; readonly otherVerdicts: number };
  readonly window?: { readonly from: string; readonly to: string };
  readonly problems: readonly FlowProblem[];
  readonly problemCount: number;
  readonly wouldBreak: readonly WouldBreak[];
  readonly divergence: readonly Divergence[];
  readonly unusedPolicies: readonly PolicyRef[];
  readonly unusedRules: readonly RuleRef[];
  /** Allowed workload pairs with no observed connection (every port the pair allows). */
  readonly neverObserved: readonly { readonly source: string; readonly destination: string; readonly ports: string }[];
  readonly externalEgress: readonly ExternalEgress[];
  readonly unmatched: readonly Unmatched[];
}

export interface AuditInput {
  readonly snapshot: Snapshot;
  /** The policies as analysed (with any what-if overlay): would-break and unused are judged here. */
  readonly index: PolicyIndex;
  /** The policies the flows ran under (the state before any overlay): divergence is judged here. */
  readonly observedIndex: PolicyIndex;
  /** Namespaces reported on (undefined: all). */
  readonly namespaces?: ReadonlySet<string>;
}

const MAX_PROBLEMS = 20;

const workloadName = (pod: Pod): string => groupKeyOf(pod).key;
const endName = (end: JoinedEnd): string => (end.kind === 'pod' ? workloadName(end.pod) : end.kind === 'address' ? end.ip : end.name);
const endpointOf = (end: JoinedEnd): Endpoint | undefined => (end.kind === 'pod' ? podEndpoint(end.pod) : end.kind === 'address' ? addressEndpoint(end.ip) : undefined);
const refKey = (ref: PolicyRef): string => `${ref.namespace}/${ref.name}`;

export class FlowAudit {
  private readonly joiner: FlowJoiner;
  private readonly observations = new Map<string, Observation>();
  private readonly problems: FlowProblem[] = [];
  private problemCount = 0;
  private read = 0;
  private replies = 0;
  private notConnections = 0;
  private otherVerdicts = 0;
  private from?: string;
  private to?: string;

  constructor(private readonly input: AuditInput) {
    this.joiner = new FlowJoiner(input.snapshot);
  }

  addProblem(problem: FlowProblem): void {
    this.problemCount++;
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(problem);
  }

  skip(reason: 'reply' | 'not-a-connection'): void {
    if (reason === 'reply') this.replies++;
    else this.notConnections++;
  }

  add(flow: ObservedFlow): void {
    this.read++;
    if (flow.time) {
      if (this.from === undefined || flow.time < this.from) this.from = flow.time;
      if (this.to === undefined || flow.time > this.to) this.to = flow.time;
    }
    if (flow.verdict === 'other') {
      this.otherVerdicts++;
      return;
    }
    const source = this.joiner.join(flow.source);
    const destination = this.joiner.join(flow.destination);
    const named = flow.policies ? loggedPoliciesKey(flow.policies) : '';
    const key = `${joinedKey(source)}|${joinedKey(destination)}|${flow.protocol}|${flow.port}|${flow.verdict}|${named}`;
    const seen = this.observations.get(key);
    if (seen) seen.flows++;
    else
      this.observations.set(key, {
        source,
        destination,
        protocol: flow.protocol,
        port: flow.port,
        logged: flow.verdict,
        ...(flow.policies ? { policies: flow.policies } : {}),
        flows: 1,
        first: { file: flow.file, line: flow.line },
      });
  }

  /** Distinct connections logged as allowed, with both ends known, one end in scope (what `suggest` allows). */
  observedConnections(): { readonly source: JoinedEnd; readonly destination: JoinedEnd; readonly protocol: Protocol; readonly port: number }[] {
    const { namespaces } = this.input;
    const inScope = (end: JoinedEnd) => end.kind === 'pod' && (!namespaces || namespaces.has(end.pod.namespace));
    return [...this.observations.values()]
      .filter((o) => o.logged === 'allowed' && o.source.kind !== 'unmatched' && o.destination.kind !== 'unmatched' && (inScope(o.source) || inScope(o.destination)))
      .map(({ source, destination, protocol, port }) => ({ source, destination, protocol, port }));
  }

  result(): AuditResult {
    const { index, observedIndex, namespaces, snapshot } = this.input;
    const inScope = (end: JoinedEnd) => end.kind === 'pod' && (!namespaces || namespaces.has(end.pod.namespace));
    const judged = new Map<string, Connection>();
    const judge = (o: Observation, idx: PolicyIndex, tag: string): Connection | undefined => {
      const from = endpointOf(o.source);
      const to = endpointOf(o.destination);
      if (!from || !to) return undefined;
      const key = `${tag}|${joinedKey(o.source)}|${joinedKey(o.destination)}`;
      let c = judged.get(key);
      if (!c) judged.set(key, (c = evaluate(from, to, idx)));
      return c;
    };
    const wouldBreak = new Fold<WouldBreak>();
    const divergence = new Fold<Divergence>();
    const egress = new Fold<ExternalEgress & { ips: Set<string> }>();
    const unmatched = new Map<string, Unmatched>();
    const usedRules = new Set<string>();
    const observedPairs = new Set<string>();
    for (const o of this.observations.values()) {
      for (const end of [o.source, o.destination]) {
        if (end.kind !== 'unmatched') continue;
        const u = unmatched.get(end.name);
        unmatched.set(end.name, { name: end.name, reason: end.reason, flows: (u?.flows ?? 0) + o.flows });
      }
      if (!inScope(o.source) && !inScope(o.destination)) continue;
      const connection = judge(o, index, 'now');
      if (!connection) continue;
      const base = { source: endName(o.source), destination: endName(o.destination), protocol: o.protocol, port: o.port };
      observedPairs.add(`${base.source}|${base.destination}`);
      const allowed = connection.allowed.has(o.protocol, o.port);
      const sides = sidesFor(connection, o.protocol, o.port);
      if (allowed) {
        for (const side of [sides.egress, sides.ingress]) for (const m of matchesFor(side, o.protocol, o.port)) usedRules.add(`${refKey(m.policy)}|${m.direction}|${m.rule}`);
      } else if (o.logged === 'allowed') {
        wouldBreak.add(`${base.source}|${base.destination}|${o.protocol}|${o.port}`, o, () => {
          const nearest = nearestMiss(sides.egress, sides.ingress, connection, o, index);
          return { ...base, flows: 0, first: o.first, deniedBy: denyingSides(sides.egress, sides.ingress, o), ...(nearest ? { nearestMiss: nearest } : {}) };
        });
      }
      const observed = observedIndex === index ? connection : judge(o, observedIndex, 'observed');
      const computed = observed && observed.allowed.has(o.protocol, o.port) ? 'allowed' : 'denied';
      const attribution = observed && o.policies ? attributionOf(o, o.policies, observed) : [];
      if (observed && (computed !== o.logged || attribution.length > 0)) {
        const cause = attribution.some((a) => a.logged.some(isCniKind))
          ? 'cni-policy'
          : computed !== o.logged
            ? divergenceCause(o, observed, observedIndex)
            : [observed.egress, observed.ingress].some((side) => side.kind === 'policed' && side.tiers)
              ? 'admin-tier'
              : 'other-policy';
        divergence.add(`${base.source}|${base.destination}|${o.protocol}|${o.port}|${o.logged}|${attribution.length > 0}`, o, () => ({
          ...base,
          flows: 0,
          first: o.first,
          logged: o.logged as 'allowed' | 'denied',
          computed,
          cause,
          ...(attribution.length > 0 ? { policies: attribution } : {}),
        }));
      }
      if (allowed && o.source.kind === 'pod' && o.destination.kind === 'address' && !o.destination.node) {
        const range = rangeOf(o.destination.ip);
        const admittedBy = matchesFor(sides.egress, o.protocol, o.port).map((m) => ({ policy: m.policy, direction: m.direction, rule: m.rule }));
        const row = egress.add(`${base.source}|${range}|${o.protocol}|${o.port}`, o, () => ({ source: base.source, range, addresses: 0, protocol: o.protocol, port: o.port, flows: 0, admittedBy, ips: new Set<string>() }));
        row.ips.add(o.destination.ip);
      }
    }
    const inScopeNs = (ns: string) => !namespaces || namespaces.has(ns);
    const unusedRules: RuleRef[] = [];
    const unusedPolicies: PolicyRef[] = [];
    for (const policy of index.all) {
      if (!inScopeNs(policy.ref.namespace)) continue;
      const rules = (['ingress', 'egress'] as const).flatMap((direction) => (rulesFor(policy, direction) ?? []).map((r) => ({ policy: policy.ref, direction, rule: r.index })));
      // A policy without rules only isolates: it is used whenever it denies, not reported here.
      if (rules.length === 0) continue;
      const unused = rules.filter((r) => !usedRules.has(`${refKey(r.policy)}|${r.direction}|${r.rule}`));
      if (unused.length === rules.length) unusedPolicies.push(policy.ref);
      else unusedRules.push(...unused);
    }
    const matrix = computeMatrix(snapshot, index, namespaces);
    const neverObserved = matrix.edges
      .map((e) => ({ source: matrix.nodes[e.from]!.key, destination: matrix.nodes[e.to]!.key, ports: e.ports.toString() }))
      .filter((p) => !observedPairs.has(`${p.source}|${p.destination}`));
    return {
      flows: { read: this.read, replies: this.replies, notConnections: this.notConnections, otherVerdicts: this.otherVerdicts },
      ...(this.from !== undefined && this.to !== undefined ? { window: { from: this.from, to: this.to } } : {}),
      problems: this.problems,
      problemCount: this.problemCount,
      wouldBreak: wouldBreak.rows(),
      divergence: divergence.rows(),
      unusedPolicies,
      unusedRules,
      neverObserved,
      externalEgress: egress.rows().map(({ ips, ...row }) => ({ ...row, addresses: ips.size })),
      unmatched: [...unmatched.values()].sort((a, b) => b.flows - a.flows || a.name.localeCompare(b.name)),
    };
  }
}

/** Rows folded from observations (pods to workloads), counting flows, in first-seen order. */
class Fold<T extends { flows: number; first?: { file: string; line: number } }> {
  private readonly map = new Map<string, T>();
  add(key: string, o: Observation, make: () => T): T {
    let row = this.map.get(key);
    if (!row) this.map.set(key, (row = make()));
    row.flows += o.flows;
    return row;
  }
  rows(): T[] {
    return [...this.map.values()].sort((a, b) => b.flows - a.flows);
  }
}

function denyingSides(egress: Side, ingress: Side, o: Observation): WouldBreak['deniedBy'] {
  return [egress, ingress].flatMap((side) => (side.kind === 'policed' && !side.allowed.has(o.protocol, o.port) ? [{ direction: side.direction, policies: side.isolatedBy }] : []));
}

/** The closest rule on the first side that denies (egress, then ingress). */
function nearestMiss(egress: Side, ingress: Side, connection: Connection, o: Observation, index: PolicyIndex): NearMiss | undefined {
  for (const side of [egress, ingress]) {
    if (side.kind !== 'policed' || side.allowed.has(o.protocol, o.port)) continue;
    const other = side.direction === 'egress' ? connection.to : connection.from;
    const miss = nearMisses(side.pod, side.direction, other, index, { protocol: o.protocol, number: o.port })[0];
    if (miss) return miss;
  }
  return undefined;
}

/** One spelling of the policies a flow names, so that flows naming the same ones fold together. */
function loggedPoliciesKey(policies: readonly LoggedPolicy[]): string {
  return policies.map((p) => `${p.direction}:${p.effect}:${p.kind ?? ''}:${p.namespace ?? ''}/${p.name}`).sort().join(',');
}

/** A policy kind the API analysis does not judge by name (CiliumNetworkPolicy, CiliumClusterwideNetworkPolicy, ...). */
const isCniKind = (p: LoggedPolicy): boolean => p.kind !== undefined && p.kind !== 'NetworkPolicy';

/**
 * The sides where the log names a policy (allowed or denied by) that the engine does not name for
 * that side: the engine's admitting policies for an allowed port, its isolating policies for a denied one.
 */
function attributionOf(o: Observation, policies: readonly LoggedPolicy[], connection: Connection): PolicyAttribution[] {
  const sides = sidesFor(connection, o.protocol, o.port);
  const out: PolicyAttribution[] = [];
  for (const direction of ['egress', 'ingress'] as const) {
    for (const effect of ['allowed', 'denied'] as const) {
      const logged = policies.filter((p) => p.direction === direction && p.effect === effect);
      if (logged.length === 0) continue;
      const side = direction === 'egress' ? sides.egress : sides.ingress;
      let computed: readonly PolicyRef[] = [];
      if (side.kind === 'policed') {
        const admits = side.allowed.has(o.protocol, o.port);
        if (effect === 'allowed' && admits) computed = unique(matchesFor(side, o.protocol, o.port).map((m) => m.policy));
        else if (effect === 'denied' && !admits) computed = side.isolatedBy;
      }
      const names = new Set(computed.map(refKey));
      const agrees = logged.every((p) => !isCniKind(p) && p.namespace !== undefined && names.has(`${p.namespace}/${p.name}`));
      if (!agrees) out.push({ direction, effect, logged, computed });
    }
  }
  return out;
}

function unique(refs: readonly PolicyRef[]): PolicyRef[] {
  const seen = new Map<string, PolicyRef>();
  for (const ref of refs) if (!seen.has(refKey(ref))) seen.set(refKey(ref), ref);
  return [...seen.values()];
}

/** Why the CNI's verdict may differ from the API's, most specific first. */
function divergenceCause(o: Observation, connection: Connection, index: PolicyIndex): DivergenceCause {
  const ends = [o.source, o.destination];
  if (ends.some((e) => (e.kind === 'pod' && e.pod.hostNetwork) || (e.kind === 'address' && e.node))) return 'host-network';
  if ([connection.egress, connection.ingress].some((s) => s.kind === 'policed' && s.tiers)) return 'admin-tier';
  // ipBlock peers that contain a pod's IP: CNIs differ on whether they match pod traffic.
  for (const side of [connection.egress, connection.ingress]) {
    if (side.kind !== 'policed') continue;
    const other = side.direction === 'egress' ? connection.to : connection.from;
    if (other.kind !== 'pod') continue;
    const addresses = endpointAddresses(other);
    const touches = index
      .policiesIn(side.pod.namespace)
      .filter((p) => side.isolatedBy.some((r) => r.name === p.ref.name))
      .some((p) => (rulesFor(p, side.direction) ?? []).some((r) => r.peers !== 'all' && r.peers.some((peer) => peer.kind === 'ipBlock' && addresses.some((a) => peer.addresses.has(a)))));
    if (touches) return 'ipblock-pod-ip';
  }
  if (o.destination.kind === 'pod' && !o.destination.pod.ports.some((p) => p.port === o.port && p.protocol === o.protocol)) return 'undeclared-port';
  return 'other-state';
}

/** The /24 of an IPv4 address, the /64 of an IPv6 one. */
function rangeOf(ip: string): string {
  if (!ip.includes(':')) return `${ip.split('.').slice(0, 3).join('.')}.0/24`;
  const parsed = addressEndpoint(ip);
  if (!parsed || parsed.kind !== 'address') return ip;
  const groups = parsed.address.value >> 64n;
  const parts = [48n, 32n, 16n, 0n].map((s) => ((groups >> s) & 0xffffn).toString(16));
  return `${parts.join(':')}::/64`;
}
