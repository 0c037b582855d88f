// Why a path of can-reach is denied, side by side: the admin rule no NetworkPolicy can override, or
// the NetworkPolicy rules that came closest.
import type { Direction } from '../../model/policy.js';
import type { PolicyIndex } from '../compile.js';
import { sidesFor, type Side } from '../evaluate.js';
import type { PathResult } from '../reach.js';
import { PortSet } from '../sets/port-set.js';
import type { AdminRuleMatch, TierDecision } from '../tiers/judge-tiers.js';
import type { AdminNearMiss, NearMiss } from './criterion.js';
import { adminSkipped } from './admin-misses.js';
import { nearMisses } from './near-miss.js';
import type { PortQuery } from './port-misses.js';

export interface SideWalkthrough {
  readonly direction: Direction;
  /** An Admin-tier rule denies the port: no NetworkPolicy can override it. */
  readonly adminDeny?: AdminRuleMatch;
  /** The NetworkPolicy rules of the side, closest first (empty when no policy with rules selects the pod). */
  readonly nearMisses: readonly NearMiss[];
  /** Admin policies select the pod: the admin rules passed over before the stage that decided, in evaluation order. */
  readonly adminSkipped?: readonly AdminNearMiss[];
}

export const queryPorts = (query: PortQuery | undefined): PortSet =>
  query === undefined ? PortSet.all : query.number === undefined ? PortSet.protocol(query.protocol) : PortSet.range(query.protocol, query.number);

/** Whether a side allows none of the query's ports (any port of the query, when it has no number). */
export function sideDenies(side: Side, query: PortQuery | undefined): boolean {
  if (side.kind === 'exempt') return false;
  return side.allowed.intersect(queryPorts(query)).isEmpty();
}

/** The Admin-tier Deny rule that decides every port of the query, if one does. */
export function adminDenyOf(side: Side, query: PortQuery | undefined): AdminRuleMatch | undefined {
  if (side.kind === 'exempt' || !side.tiers) return undefined;
  const denied = side.tiers.filter((d) => d.tier === 'Admin' && d.outcome === 'deny');
  const ports = queryPorts(query);
  const covered = denied.reduce((acc, d) => acc.union(d.ports), PortSet.empty);
  if (!ports.subtract(covered).isEmpty()) return undefined;
  return denied.find((d) => !d.ports.intersect(ports).isEmpty())?.rule;
}

/**
 * The stage that denies the query (its port, or the first port of it that is not allowed). Without
 * tier decisions no admin rule matched, and the NetworkPolicies decided.
 */
function denyingDecision(side: Extract<Side, { kind: 'policed' }>, query: PortQuery | undefined): Pick<TierDecision, 'tier' | 'rule'> | undefined {
  if (!side.tiers) return { tier: 'NetworkPolicy' };
  const ports = queryPorts(query);
  return side.tiers.find((d) => d.outcome !== 'allow' && !d.ports.intersect(ports).isEmpty());
}

/** The query a path asks: its port on the destination, the protocol alone, or any port. */
export const pathQuery = (path: PathResult): PortQuery | undefined =>
  path.port === undefined ? undefined : path.port.number === undefined ? { protocol: path.port.protocol } : { protocol: path.port.protocol, number: path.port.number };

/** The denied sides of a denied path (none for allowed paths, paths to itself and paths with a port problem). */
export function walkthrough(path: PathResult, index: PolicyIndex): SideWalkthrough[] {
  if (path.allowed || path.problem || path.unknown || path.connection.self || path.connection.noCommonFamily) return [];
  const query = pathQuery(path);
  const { connection } = path;
  const sides = sidesFor(connection, query?.protocol, query?.number);
  const result: SideWalkthrough[] = [];
  for (const side of [sides.egress, sides.ingress]) {
    if (side.kind === 'exempt' || !sideDenies(side, query)) continue;
    const adminDeny = adminDenyOf(side, query);
    const end = side.direction === 'egress' ? connection.to : connection.from;
    const decision = denyingDecision(side, query);
    const skipped = decision ? adminSkipped(side.pod, side.direction, end, index, query, decision) : [];
    result.push({
      direction: side.direction,
      ...(adminDeny ? { adminDeny } : {}),
      nearMisses: adminDeny ? [] : nearMisses(side.pod, side.direction, end, index, query),
      ...(skipped.length > 0 ? { adminSkipped: skipped } : {}),
    });
  }
  return result;
}
