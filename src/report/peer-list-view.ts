// who-can-reach and reachable-from as data: peers folded by workload, with ports and deciding rules.
import type { Protocol } from '../model/snapshot.js';
import { groupKeyOf } from '../engine/analysis/workload-groups.js';
import { podCount } from '../engine/analysis/pod-class.js';
import { endpointName } from '../engine/endpoint.js';
import type { AddressGrant } from '../engine/analysis/address-reach.js';
import type { PeerResult } from '../engine/analysis/pod-reach.js';
import type { PortSet } from '../engine/sets/port-set.js';
import type { ServiceEndpointsView } from './service-endpoints-view.js';
import { familiesAllowing, matchesFor, sidesFor, type Connection, type Side } from '../engine/evaluate.js';
import type { AdminRuleMatch, TierDecision } from '../engine/tiers/judge-tiers.js';
import { familyName, type IpFamilyName } from './path-view.js';

export interface PeerRow {
  readonly namespace: string;
  /** `deployment/api` or a pod name. */
  readonly peer: string;
  readonly pods: number;
  readonly ports: Record<string, string[]>;
  /** The rules on the target's side (ingress for who-can-reach) and the peer's side. */
  readonly ingress: string[];
  readonly egress: string[];
  /** Dual-stack peers reached over one address family only (a connection uses one family end to end). */
  readonly families?: IpFamilyName[];
}

export interface AddressRow {
  /** As people write them (`0.0.0.0/0 except 10.0.0.0/8`); the one address formatter of every output. */
  readonly addresses: string[];
  /** The same addresses as exact minimal CIDRs. */
  readonly cidrs: string[];
  readonly ports: Record<string, string[]>;
  readonly rules: string[];
}

export interface DeniedRow {
  readonly namespace: string;
  readonly peer: string;
  readonly pods: number;
  readonly reason: string;
}

/** `endpointsFrom` and `notJudged` are set for a Service target (see ServiceEndpointsView). */
export interface PeerListView extends Partial<ServiceEndpointsView> {
  readonly direction: 'inbound' | 'outbound';
  readonly target: string;
  readonly targetPods: number;
  /** `port` is a number, or a container port name resolved on each destination pod. */
  readonly probe: { readonly protocol: Protocol; readonly port: number | string } | null;
  readonly source: string;
  readonly pods: PeerRow[];
  readonly addresses: AddressRow[];
  readonly denied: DeniedRow[];
}

type Probe = PeerListView['probe'];
/** The probe as it lands on one connection: a port number (or null: no probe, any port). */
type At = { readonly protocol: Protocol; readonly port: number } | null;

/** The tier decisions of a side that concern the probe (all of them without one). */
const decisionsAt = (decisions: readonly TierDecision[], probe: At): readonly TierDecision[] =>
  probe ? decisions.filter((d) => d.ports.has(probe.protocol, probe.port)) : decisions;

const adminRuleName = (m: AdminRuleMatch): string => `${m.policy.kind} ${m.policy.name} ${m.direction}[${m.rule}]`;

function sideRules(side: Side, probe: At): string[] {
  if (side.kind === 'exempt') return [side.reason === 'own-node' ? 'own node' : side.reason === 'external' ? '-' : 'host network'];
  if (side.tiers) {
    // The stages that admit it: an admin rule, the NetworkPolicies' rules, or the default.
    const matches = probe ? matchesFor(side, probe.protocol, probe.port) : side.matches;
    return [
      ...new Set(
        decisionsAt(side.tiers, probe)
          .filter((d) => d.outcome === 'allow')
          .flatMap((d) => (d.rule ? [adminRuleName(d.rule)] : d.tier === 'NetworkPolicy' ? matches.map((m) => `${m.policy.name} ${side.direction}[${m.rule}]`) : ['not isolated'])),
      ),
    ];
  }
  if (side.isolatedBy.length === 0) return ['not isolated'];
  const matches = probe ? matchesFor(side, probe.protocol, probe.port) : side.matches;
  // A policy always lives in the namespace of the pod it governs, so its name alone is unambiguous.
  return [...new Set(matches.map((m) => `${m.policy.name} ${side.direction}[${m.rule}]`))];
}

/** The isolated sides that do not admit the connection (on the probe, when there is one). */
function denialReason(connection: Connection, probe: At, wanted?: PortSet): string {
  const blocks = (s: Side) =>
    s.kind === 'policed' &&
    (s.isolatedBy.length > 0 || s.tiers !== undefined) &&
    (probe ? !s.allowed.has(probe.protocol, probe.port) : wanted ? s.allowed.intersect(wanted).isEmpty() : s.allowed.isEmpty());
  const why = (s: Side): string => {
    if (s.kind !== 'policed') return '';
    const denying = s.tiers && decisionsAt(s.tiers, probe).find((d) => d.outcome !== 'allow' && d.rule);
    if (denying?.rule) return `${s.direction} ${denying.outcome === 'unknown' ? 'unknown by' : 'denied by'} ${adminRuleName(denying.rule)}`;
    return `${s.direction} isolated by ${s.isolatedBy.map((p) => p.name).join(', ')}`;
  };
  if (connection.noCommonFamily) return 'no address family in common';
  const sides = sidesFor(connection, probe?.protocol, probe?.port);
  const blocked = [sides.egress, sides.ingress].filter(blocks);
  if (blocked.length === 0) return probe ? `no rule on either side admits ${probe.protocol} ${probe.port} together` : 'no port allowed by both sides';
  return blocked.map(why).join('; ');
}

/** The probe as it lands on connection `i` (a Service's targetPort), or undefined when it lands nowhere. */
function probeAt(r: PeerResult, i: number, probe: Probe): At | undefined {
  if (!probe) return null;
  if (!r.probed) return typeof probe.port === 'number' ? { protocol: probe.protocol, port: probe.port } : undefined;
  const port = r.probed[i];
  return port === undefined ? undefined : { protocol: probe.protocol, port };
}

/**
 * The one address family every connection of a peer is allowed over, when a dual-stack path is
 * allowed over one family only; undefined when all families it has are allowed.
 */
function onlyFamilies(judged: readonly { c: Connection; at: At | undefined }[]): IpFamilyName[] | undefined {
  const sets = judged.flatMap(({ c, at }) => {
    if (!c.families) return [];
    const allowing = at ? familiesAllowing(c, at.protocol, at.port)! : c.families.filter((v) => !v.allowed.isEmpty()).map((v) => v.family);
    return allowing.length < c.families.length ? [allowing] : [];
  });
  if (sets.length === 0) return undefined;
  const common = [4, 6].filter((f) => sets.every((set) => set.includes(f as 4 | 6))) as (4 | 6)[];
  return common.map(familyName);
}

/** Who lacks the named port: the row's own peer goes unnamed (it is the row), a target pod is named. */
function missingPortOwner(connection: Connection, peer: PeerResult['peer']): string {
  const to = connection.to;
  return to.kind === 'pod' && to.pod === peer ? '' : `${endpointName(to)} `;
}

/** What a peer's connections come to: reached (with ports, deciding rules, families) or denied (why). */
type Outcome =
  | { readonly reaches: true; readonly ports: Record<string, string[]>; readonly ingress: string[]; readonly egress: string[]; readonly families?: IpFamilyName[] }
  | { readonly reaches: false; readonly reason: string };

function outcomeOf(r: PeerResult, probe: Probe): Outcome {
  // Only the connections the probe lands on matter (a Service's non-endpoints do not).
  const judged = r.judged.flatMap((c, i) => {
    const at = probeAt(r, i, probe);
    return at === undefined ? [] : [{ c, at, wanted: r.wanted?.[i] }];
  });
  // A named port the destination pod does not declare: not reachable there, and that is the reason.
  const missing = r.portMissing?.indexOf(true) ?? -1;
  const reaches = probe ? missing < 0 && judged.length > 0 && judged.every(({ c, at }) => c.allowed.has(at!.protocol, at!.port)) : r.reachesAll;
  if (!reaches) {
    const failing =
      judged.find(({ c, at, wanted }) => (at ? !c.allowed.has(at.protocol, at.port) : wanted ? c.allowed.intersect(wanted).isEmpty() : c.allowed.isEmpty())) ??
      judged[0];
    const reason =
      missing >= 0 && probe
        ? `${missingPortOwner(r.connections[missing]!, r.peer)}declares no ${probe.protocol} port named "${probe.port}"`
        : failing
          ? denialReason(failing.c, failing.at, failing.wanted)
          : 'not an endpoint of that port';
    return { reaches: false, reason };
  }
  const ingress = [...new Set(judged.flatMap(({ c, at }) => sideRules(sidesFor(c, at?.protocol, at?.port).ingress, at)))];
  const egress = [...new Set(judged.flatMap(({ c, at }) => sideRules(sidesFor(c, at?.protocol, at?.port).egress, at)))];
  // A named port: the numbers it resolved to on the destination pods.
  const ports = probe
    ? { [probe.protocol]: typeof probe.port === 'number' ? [String(probe.port)] : [...new Set(judged.map(({ at }) => at!.port))].sort((a, b) => a - b).map(String) }
    : r.ports.toJSON();
  const families = onlyFamilies(judged);
  return { reaches: true, ports, ingress, egress, ...(families ? { families } : {}) };
}

/** Folds per-pod results into rows: pods of one workload with the same ports and rules share a row. */
export function peerRows(results: readonly PeerResult[], probe: Probe): { rows: PeerRow[]; denied: DeniedRow[] } {
  const rows = new Map<string, PeerRow & { pods: number }>();
  const denied = new Map<string, DeniedRow & { pods: number }>();
  // Peers of one class share their verdicts (the same `judged` array), and so their outcome.
  const outcomes = new Map<readonly unknown[], Outcome>();
  for (const r of results) {
    const { name } = groupKeyOf(r.peer);
    let outcome = outcomes.get(r.judged);
    if (!outcome) outcomes.set(r.judged, (outcome = outcomeOf(r, probe)));
    if (!outcome.reaches) {
      const { reason } = outcome;
      const key = `${r.peer.namespace}|${name}|${reason}`;
      const row = denied.get(key);
      if (row) row.pods += podCount(r.peer);
      else denied.set(key, { namespace: r.peer.namespace, peer: name, pods: podCount(r.peer), reason });
      continue;
    }
    const { ports, ingress, egress, families } = outcome;
    const key = `${r.peer.namespace}|${name}|${JSON.stringify(ports)}|${ingress.join()}|${egress.join()}|${families ?? ''}`;
    const row = rows.get(key);
    if (row) row.pods += podCount(r.peer);
    else rows.set(key, { namespace: r.peer.namespace, peer: name, pods: podCount(r.peer), ports, ingress, egress, ...(families ? { families } : {}) });
  }
  const order = (a: { namespace: string; peer: string }, b: { namespace: string; peer: string }) =>
    a.namespace.localeCompare(b.namespace) || a.peer.localeCompare(b.peer);
  return { rows: [...rows.values()].sort(order), denied: [...denied.values()].sort(order) };
}

/** `probe` as a number: a named port is resolved by the caller on the pod the addresses talk to. */
export function addressRows(grants: readonly AddressGrant[], probe: At, direction: 'ingress' | 'egress'): AddressRow[] {
  return grants
    .filter((g) => !probe || g.ports.has(probe.protocol, probe.port))
    .map((g) => ({
      addresses: g.addresses.describe(),
      cidrs: g.addresses.toCidrs(),
      ports: probe ? { [probe.protocol]: [String(probe.port)] } : g.ports.toJSON(),
      rules:
        g.rules.length === 0 && !g.adminRules
          ? ['not isolated']
          : [
              ...new Set([
                ...(g.adminRules ?? []).filter((r) => !probe || r.ports.has(probe.protocol, probe.port)).map(adminRuleName),
                ...g.rules.filter((r) => !probe || r.ports.has(probe.protocol, probe.port)).map((r) => `${r.policy.name} ${direction}[${r.rule}]`),
              ]),
            ],
    }));
}
