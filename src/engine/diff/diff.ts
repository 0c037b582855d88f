// What a policy change does, computed from the engine's answers on both states (never from YAML text).
import { findFindings, type Finding } from '../analysis/findings.js';
import { analysablePods } from '../analysis/isolation.js';
import { groupByWorkload, type PodGroup } from '../analysis/workload-groups.js';
import { addressChanges, type AddressChange } from './addresses.js';
import { connectionChanges, type Changes, type ConnectionChange, type PolicyState } from './connections.js';
import { policiesChangedIn } from './changed.js';
import { findingChanges } from './findings.js';
import { isolationChanges, type IsolationChange } from './isolation.js';

export interface PolicyDiff {
  readonly connections: Changes<ConnectionChange>;
  readonly addresses: Changes<AddressChange>;
  readonly isolation: readonly IsolationChange[];
  /** `opened`: new findings; `closed`: resolved ones. */
  readonly findings: Changes<Finding>;
}

/**
 * The findings of both states, or only those of the namespaces whose policies changed when the
 * rest is sure to be alike. Every coverage finding is about one namespace's objects and is computed
 * from its pods, its NetworkPolicies, the admin policies and the input's pods and namespaces; with
 * the same pods, nodes, namespace labels, admin policies and options, a namespace whose NetworkPolicies
 * are the same objects has the same findings in both states, which cancel out.
 */
function findingsToCompare(before: PolicyState, after: PolicyState): [Finding[], Finding[]] {
  const sameInput =
    sameObjects(before.snapshot.pods, after.snapshot.pods) &&
    before.snapshot.nodes === after.snapshot.nodes &&
    before.snapshot.nodeInventory === after.snapshot.nodeInventory &&
    [...before.snapshot.namespaces, ...after.snapshot.namespaces].every((n) => {
      const [was, now] = [before.index.namespaceLabels(n.name), after.index.namespaceLabels(n.name)];
      return was === now || JSON.stringify(was) === JSON.stringify(now);
    });
  if (!sameInput) return [findFindings(before.snapshot, before.index), findFindings(after.snapshot, after.index)];
  const changedIn = policiesChangedIn(before.index, after.index);
  const namespaces = new Set([...before.snapshot.policies, ...after.snapshot.policies, ...before.snapshot.pods].map((o) => o.namespace));
  for (const n of before.snapshot.namespaces) namespaces.add(n.name);
  const changed = new Set([...namespaces].filter(changedIn));
  return [findFindings(before.snapshot, before.index, changed), findFindings(after.snapshot, after.index, changed)];
}

const sameObjects = (a: readonly unknown[], b: readonly unknown[]): boolean => a === b || (a.length === b.length && a.every((x, i) => x === b[i]));

/**
 * Compares two states with the same pods and different policies. With `namespaces`, only changes
 * to or from those namespaces are reported (peers anywhere are still judged).
 */
export function diffPolicyStates(before: PolicyState, after: PolicyState, namespaces?: ReadonlySet<string>): PolicyDiff {
  const inScope = (ns: string) => !namespaces || namespaces.has(ns);
  const groups = groupByWorkload(analysablePods(after.snapshot)).sort((a, b) => a.key.localeCompare(b.key));
  const scoped = groups.filter((g) => inScope(g.namespace));
  const touches = (from: PodGroup, to: PodGroup) => inScope(from.namespace) || inScope(to.namespace);
  const findings = findingChanges(...findingsToCompare(before, after));
  return {
    connections: connectionChanges(groups, before.index, after.index, touches),
    addresses: addressChanges(scoped, before.index, after.index),
    isolation: isolationChanges(scoped, before.index, after.index),
    findings: {
      opened: findings.opened.filter((f) => inScope(f.object.namespace)),
      closed: findings.closed.filter((f) => inScope(f.object.namespace)),
    },
  };
}

/** How many opened connections and address ranges touch these namespaces (all when undefined). */
export function countOpened(diff: PolicyDiff, namespaces?: ReadonlySet<string>): number {
  const hit = (ns: string) => !namespaces || namespaces.has(ns);
  return (
    diff.connections.opened.filter((c) => hit(c.from.namespace) || hit(c.to.namespace)).length +
    diff.addresses.opened.filter((a) => hit(a.group.namespace)).length
  );
}
