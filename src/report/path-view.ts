// The explanation of a connection as plain data: what `-o json` prints and what text renders from.
import type { Protocol } from '../model/snapshot.js';
import type { AdminAction, AdminPolicyKind, AdminTier } from '../model/admin-policy.js';
import type { AdminRuleMatch, TierDecision, TierName, TierOutcome, UnknownReason } from '../engine/tiers/judge-tiers.js';
import { endpointName } from '../engine/endpoint.js';
import { familiesAllowing, matchesFor, sidesFor, type ExemptReason, type RuleMatch, type Side } from '../engine/evaluate.js';
import type { PathProblem, PathResult, ReachResult, ReachVerdict } from '../engine/reach.js';
import { formatTargetRef } from '../engine/target.js';
import { serviceEndpointsView, type ServiceEndpointsView } from './service-endpoints-view.js';

export interface RuleView {
  /** `namespace/name` of the policy. */
  readonly policy: string;
  /** Where in the policy, e.g. `spec.ingress[0].from[1]`; a rule without peers has no peer index. */
  readonly field: string;
  readonly rule: number;
  readonly peer: number | 'all';
  readonly ports: Record<string, string[]>;
}

export interface SideView {
  readonly direction: 'egress' | 'ingress';
  /** The pod whose policies decide this side. */
  readonly pod?: string;
  readonly status: 'not-isolated' | 'isolated' | 'exempt';
  readonly exemptReason?: ExemptReason;
  readonly isolatedBy: string[];
  /** Rules that admit the connection (on the probed port, when there is one). */
  readonly admittedBy: RuleView[];
  readonly allows: boolean;
  /**
   * Present when an admin policy decided or passed on some of the ports (the probed one, when there
   * is one): which tier decided which ports, and by which rule. `status`, `isolatedBy` and
   * `admittedBy` are then the NetworkPolicy tier's part.
   */
  readonly tiers?: TierView[];
  /** The side's verdict depends on DNS or on Nodes that were not read. */
  readonly unknown?: boolean;
}

/** A rule of a ClusterNetworkPolicy, AdminNetworkPolicy or BaselineAdminNetworkPolicy. */
export interface AdminRuleView {
  readonly kind: AdminPolicyKind;
  readonly name: string;
  readonly tier: AdminTier;
  readonly priority?: number;
  /** e.g. `spec.ingress[0].from[1]`; without a peer index when a peer with no field made the rule deny everything. */
  readonly field: string;
  readonly rule: number;
  readonly ruleName?: string;
  readonly action: AdminAction;
  readonly peer: number | 'fail-closed';
  readonly ports: Record<string, string[]>;
  /** The peer may or may not match: `dns` (domainNames) or `nodes` (Nodes not read). */
  readonly unknown?: UnknownReason;
}

export interface TierView {
  /** The stage that decided: `Admin`, `NetworkPolicy`, `Baseline` or `default` (allowed). */
  readonly tier: TierName;
  readonly outcome: TierOutcome;
  readonly ports: Record<string, string[]>;
  readonly rule?: AdminRuleView;
  /** Pass rules the traffic went through first. */
  readonly passedBy: AdminRuleView[];
}

export interface PathView {
  readonly from: string;
  readonly to: string;
  readonly allowed: boolean;
  /** Neither allowed nor denied for sure: it depends on DNS answers or on Nodes that were not read. */
  readonly unknown?: boolean;
  /** A pod cannot block traffic to itself. */
  readonly self: boolean;
  readonly port?: { readonly protocol: Protocol; readonly number?: number; readonly servicePort?: number };
  readonly problem?: PathProblem;
  /** Every port allowed end to end on this path. */
  readonly allowedPorts: Record<string, string[]>;
  /** Ports whose verdict depends on DNS or on Nodes that were not read (absent when none). */
  readonly unknownPorts?: Record<string, string[]>;
  /**
   * Dual-stack paths judged differently per address family: the families that allow the probe
   * (any port, without one), e.g. `["IPv6"]` for "allowed over IPv6 only". Absent when every
   * family both ends have is judged alike.
   */
  readonly families?: IpFamilyName[];
  /** Both ends have addresses, but none of the same family. */
  readonly noCommonFamily?: boolean;
  /** Dual-stack paths judged differently per family: each family's verdict and sides. */
  readonly byFamily?: FamilyPathView[];
  readonly egress: SideView;
  readonly ingress: SideView;
}

export interface FamilyPathView {
  readonly family: IpFamilyName;
  readonly allowed: boolean;
  readonly egress: SideView;
  readonly ingress: SideView;
}

export interface ReachView extends Partial<ServiceEndpointsView> {
  readonly from: string;
  readonly to: string;
  /** `port` is absent when any port of the protocol was asked. */
  readonly probe: { readonly protocol: Protocol; readonly port?: number | string } | null;
  readonly verdict: ReachVerdict;
  readonly allowed: boolean;
  readonly paths: PathView[];
}

export type IpFamilyName = 'IPv4' | 'IPv6';
export const familyName = (family: 4 | 6): IpFamilyName => (family === 4 ? 'IPv4' : 'IPv6');

export const policyName = (ref: { namespace: string; name: string }): string => `${ref.namespace}/${ref.name}`;

export function adminRuleView(match: AdminRuleMatch): AdminRuleView {
  const list = match.direction === 'ingress' ? 'from' : 'to';
  const field = `spec.${match.direction}[${match.rule}]${match.peer === 'fail-closed' ? '' : `.${list}[${match.peer}]`}`;
  return {
    kind: match.policy.kind,
    name: match.policy.name,
    tier: match.tier,
    ...(match.priority !== undefined ? { priority: match.priority } : {}),
    field,
    rule: match.rule,
    ...(match.ruleName ? { ruleName: match.ruleName } : {}),
    action: match.action,
    peer: match.peer,
    ports: match.ports.toJSON(),
    ...(match.unknown ? { unknown: match.unknown } : {}),
  };
}

function tierView(decision: TierDecision): TierView {
  return {
    tier: decision.tier,
    outcome: decision.outcome,
    ports: decision.ports.toJSON(),
    ...(decision.rule ? { rule: adminRuleView(decision.rule) } : {}),
    passedBy: decision.passedBy.map(adminRuleView),
  };
}

/** The decisions that concern the probe: the one deciding its port, those of its protocol, or all of them. */
function relevantDecisions(tiers: readonly TierDecision[], probe: { protocol: Protocol; number?: number } | undefined): readonly TierDecision[] {
  if (probe === undefined) return tiers;
  if (probe.number !== undefined) return tiers.filter((d) => d.ports.has(probe.protocol, probe.number!));
  return tiers.filter((d) => d.ports.ranges(probe.protocol).length > 0);
}

export function ruleView(match: RuleMatch): RuleView {
  const list = match.direction === 'ingress' ? 'from' : 'to';
  const field = `spec.${match.direction}[${match.rule}]${match.peer === 'all' ? '' : `.${list}[${match.peer}]`}`;
  return { policy: policyName(match.policy), field, rule: match.rule, peer: match.peer, ports: match.ports.toJSON() };
}

function sideView(side: Side, probe: { protocol: Protocol; number?: number } | undefined): SideView {
  if (side.kind === 'exempt') {
    return { direction: side.direction, status: 'exempt', exemptReason: side.reason, isolatedBy: [], admittedBy: [], allows: true };
  }
  const isolated = side.isolatedBy.length > 0;
  const relevant =
    probe === undefined
      ? side.matches
      : probe.number !== undefined
        ? matchesFor(side, probe.protocol, probe.number)
        : side.matches.filter((m) => m.ports.ranges(probe.protocol).length > 0);
  const allows =
    probe === undefined
      ? !side.allowed.isEmpty()
      : probe.number !== undefined
        ? side.allowed.has(probe.protocol, probe.number)
        : side.allowed.ranges(probe.protocol).length > 0;
  const tiers = side.tiers && relevantDecisions(side.tiers, probe);
  const unknownPorts = side.unknown;
  const unknown =
    !allows &&
    unknownPorts !== undefined &&
    (probe === undefined
      ? !unknownPorts.isEmpty()
      : probe.number !== undefined
        ? unknownPorts.has(probe.protocol, probe.number)
        : unknownPorts.ranges(probe.protocol).length > 0);
  return {
    direction: side.direction,
    pod: `${side.pod.namespace}/${side.pod.name}`,
    status: isolated ? 'isolated' : 'not-isolated',
    isolatedBy: side.isolatedBy.map(policyName),
    admittedBy: relevant.map(ruleView),
    allows,
    ...(tiers ? { tiers: tiers.map(tierView) } : {}),
    ...(unknown ? { unknown: true } : {}),
  };
}

export function pathView(path: PathResult): PathView {
  const { connection } = path;
  const sides = sidesFor(connection, path.port?.protocol, path.port?.number);
  const families = path.port
    ? familiesAllowing(connection, path.port.protocol, path.port.number)
    : connection.families?.filter((v) => !v.allowed.isEmpty()).map((v) => v.family);
  return {
    from: endpointName(connection.from),
    to: endpointName(connection.to),
    allowed: path.allowed,
    ...(path.unknown ? { unknown: true } : {}),
    self: connection.self,
    ...(path.port ? { port: path.port } : {}),
    ...(path.problem ? { problem: path.problem } : {}),
    allowedPorts: connection.allowed.toJSON(),
    ...(connection.unknown ? { unknownPorts: connection.unknown.toJSON() } : {}),
    ...(families ? { families: families.map(familyName) } : {}),
    ...(connection.noCommonFamily ? { noCommonFamily: true } : {}),
    ...(connection.families
      ? {
          byFamily: connection.families.map((v) => {
            const egress = sideView(v.egress, path.port);
            const ingress = sideView(v.ingress, path.port);
            const allowed = connection.self || (path.port ? !path.problem && egress.allows && ingress.allows : !v.allowed.isEmpty());
            return { family: familyName(v.family), allowed, egress, ingress };
          }),
        }
      : {}),
    egress: sideView(sides.egress, path.port),
    ingress: sideView(sides.ingress, path.port),
  };
}

export function reachView(result: ReachResult): ReachView {
  return {
    from: formatTargetRef(result.from.ref),
    to: formatTargetRef(result.to.ref),
    probe: result.probe ? { protocol: result.probe.protocol, ...(result.probe.port !== undefined ? { port: result.probe.port } : {}) } : null,
    verdict: result.verdict,
    allowed: result.verdict === 'allowed',
    paths: result.paths.map(pathView),
    ...serviceEndpointsView(result.to, true),
  };
}

const ACTION_VERB: Record<AdminAction, string> = { Accept: 'accepted', Allow: 'allowed', Deny: 'denied', Pass: 'passed' };

/** `ClusterNetworkPolicy block-untrusted (Admin, priority 10) ingress[0] "deny-untrusted"` */
export function describeAdminRule(rule: AdminRuleView): string {
  const priority = rule.priority !== undefined ? `, priority ${rule.priority}` : '';
  const direction = rule.field.startsWith('spec.ingress') ? 'ingress' : 'egress';
  return `${rule.kind} ${rule.name} (${rule.tier}${priority}) ${direction}[${rule.rule}]${rule.ruleName !== undefined ? ` ${JSON.stringify(rule.ruleName)}` : ''}`;
}

/** `denied by ...`, `accepted by ...`, or `denied (fail closed) by ...` for a rule with a peer it cannot read. */
export function adminVerdictPhrase(rule: AdminRuleView): string {
  if (rule.peer === 'fail-closed') return `denied by ${describeAdminRule(rule)} (a peer with no field it knows: fails closed)`;
  return `${ACTION_VERB[rule.action]} by ${describeAdminRule(rule)}`;
}

export const UNKNOWN_TEXT: Record<UnknownReason, string> = {
  dns: 'depends on DNS (a domainNames peer)',
  nodes: 'depends on Nodes that could not be read (a nodes peer)',
};

/** One line for a tier decision, e.g. `passed by X -> NetworkPolicies: isolated by a, b`. */
function tierSummary(side: SideView, decision: TierView): string {
  const passes = decision.passedBy.map((p) => `${adminVerdictPhrase(p)} -> `).join('');
  switch (decision.tier) {
    case 'Admin':
    case 'Baseline':
      if (decision.outcome === 'unknown') return `${passes}unknown, ${UNKNOWN_TEXT[decision.rule!.unknown!]}: ${describeAdminRule(decision.rule!)}`;
      return `${passes}${adminVerdictPhrase(decision.rule!)}`;
    case 'NetworkPolicy':
      return `${passes}NetworkPolicies: ${side.admittedBy.length > 0 && decision.outcome === 'allow' ? `admitted by ${side.admittedBy.map((r) => `${r.policy} ${r.field}`).join(', ')}` : `isolated by ${side.isolatedBy.join(',')}, no rule admits`}`;
    case 'default':
      return `${passes}no rule decides: allowed by default`;
  }
}

function sideSummary(side: SideView): string {
  if (side.tiers && side.tiers.length > 0) {
    const deciding = side.tiers.find((d) => (side.unknown ? d.outcome === 'unknown' : side.allows ? d.outcome === 'allow' : d.outcome === 'deny')) ?? side.tiers[0]!;
    return `${side.direction} ${tierSummary(side, deciding)}`;
  }
  if (side.status === 'exempt') return side.exemptReason === 'own-node' ? (side.direction === 'ingress' ? 'from own node' : 'to own node') : `${side.direction} n/a (${side.exemptReason})`;
  if (side.status === 'not-isolated') return `${side.direction} not isolated`;
  if (side.admittedBy.length === 0) return `${side.direction} isolated by ${side.isolatedBy.join(',')}, no rule admits`;
  return `${side.direction} admitted by ${side.admittedBy.map((r) => `${r.policy} ${r.field}`).join(', ')}`;
}

/** One line for tables: the deciding reasons of a path. */
export function summarizePath(path: PathView): string {
  if (path.self) return 'a pod can always reach itself';
  if (path.problem === 'named-port-missing') return `${path.to} has no such named port`;
  if (path.problem === 'target-port-missing') return `${path.to} lacks the service's named targetPort`;
  if (path.problem === 'named-port-on-address') return 'named port towards an address';
  if (path.noCommonFamily) return 'no address family in common';
  // When denied, name only the side(s) that deny; when allowed, both sides' reasons; when unknown, the undecided side(s).
  const sides = [path.egress, path.ingress].filter((s) => path.allowed || (path.unknown ? s.unknown : !s.allows));
  return sides.map(sideSummary).join('; ');
}
