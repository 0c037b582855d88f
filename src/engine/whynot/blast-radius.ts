// What a policy change opens and closes between workloads: the difference of the workload matrix
// (computeMatrix) before and after, computed only for the pairs whose deciding policies changed.
import type { Snapshot } from '../../model/snapshot.js';
import type { PolicyIndex } from '../compile.js';
import { directionChanged } from '../diff/connections.js';
import { podEndpoint } from '../endpoint.js';
import { evaluate, sideAllows } from '../evaluate.js';
import { matrixNodes } from '../analysis/matrix.js';
import type { PodGroup } from '../analysis/workload-groups.js';
import type { PortSet } from '../sets/port-set.js';

export interface MatrixChange {
  readonly from: PodGroup;
  readonly to: PodGroup;
  readonly ports: PortSet;
}

export interface MatrixDifference {
  readonly opened: readonly MatrixChange[];
  readonly closed: readonly MatrixChange[];
}

interface Judged {
  readonly allowed: PortSet;
  /** The egress (ingress) side allowed no port over any family. */
  readonly egress: boolean;
  readonly ingress: boolean;
}

const sameObjects = <T>(a: readonly T[], b: readonly T[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * The matrix of one state, to compare proposed states with: its rows and columns, and the verdicts
 * already judged (each proposal re-judges the same few pairs of the base state).
 */
export class MatrixBaseline {
  private readonly nodes: readonly PodGroup[];
  private readonly judged = new Map<number, Judged>();

  constructor(
    snapshot: Snapshot,
    private readonly before: PolicyIndex,
  ) {
    this.nodes = matrixNodes(snapshot);
  }

  private was(i: number, j: number): Judged {
    const key = i * this.nodes.length + j;
    let judged = this.judged.get(key);
    if (judged === undefined) {
      const connection = evaluate(podEndpoint(this.nodes[i]!.pods[0]!), podEndpoint(this.nodes[j]!.pods[0]!), this.before);
      const sides = connection.families ?? [connection];
      judged = {
        allowed: connection.allowed,
        egress: !connection.self && sides.every((v) => sideAllows(v.egress).isEmpty()),
        ingress: !connection.self && sides.every((v) => sideAllows(v.ingress).isEmpty()),
      };
      this.judged.set(key, judged);
    }
    return judged;
  }

  /** Namespaces whose NetworkPolicies differ (every one, when the admin policies differ). */
  private changedNamespaces(after: PolicyIndex): ReadonlySet<string> | 'all' {
    const admin = (index: PolicyIndex) => [...index.adminTiers.admin, ...index.adminTiers.baseline].map((p) => p.policy);
    if (!sameObjects(admin(this.before), admin(after))) return 'all';
    const namespaces = new Set(this.nodes.map((n) => n.namespace));
    return new Set([...namespaces].filter((ns) => !sameObjects(this.before.policiesIn(ns).map((p) => p.policy), after.policiesIn(ns).map((p) => p.policy))));
  }

  /**
   * The edges of computeMatrix(snapshot, after) minus those of computeMatrix(snapshot, before), and
   * the reverse, port by port. Exact: a pair whose source's egress policies and destination's
   * ingress policies are the same objects in both states is judged alike in both.
   */
  diff(after: PolicyIndex): MatrixDifference {
    const { nodes, before } = this;
    const changed = this.changedNamespaces(after);
    const touched = (i: number, direction: 'egress' | 'ingress') => {
      const pod = nodes[i]!.pods[0]!;
      return (changed === 'all' || changed.has(pod.namespace)) && directionChanged(pod, direction, before, after);
    };
    const egress = nodes.map((_, i) => touched(i, 'egress'));
    const ingress = nodes.map((_, i) => touched(i, 'ingress'));
    // Only rows whose egress changed and columns whose ingress changed: a few of a large matrix.
    const rows = nodes.flatMap((_, i) => (egress[i] ? [i] : []));
    const columns = nodes.flatMap((_, j) => (ingress[j] ? [j] : []));
    const pairs = new Map<number, [number, number]>();
    for (const i of rows) nodes.forEach((_, j) => pairs.set(i * nodes.length + j, [i, j]));
    for (const j of columns) nodes.forEach((_, i) => pairs.set(i * nodes.length + j, [i, j]));
    const opened: MatrixChange[] = [];
    const closed: MatrixChange[] = [];
    // In row-major order, as computeMatrix lists its edges.
    for (const [, [i, j]] of [...pairs].sort(([a], [b]) => a - b)) {
      if (i === j) continue;
      const from = nodes[i]!;
      const to = nodes[j]!;
      const judged = this.was(i, j);
      // A side that denied everything and did not change still does: nothing opens or closes.
      if ((!egress[i] && judged.egress) || (!ingress[j] && judged.ingress)) continue;
      const was = judged.allowed;
      const now = evaluate(podEndpoint(from.pods[0]!), podEndpoint(to.pods[0]!), after).allowed;
      const more = now.subtract(was);
      const less = was.subtract(now);
      if (!more.isEmpty()) opened.push({ from, to, ports: more });
      if (!less.isEmpty()) closed.push({ from, to, ports: less });
    }
    return { opened, closed };
  }
}

/** The matrix difference of two states of one snapshot (see MatrixBaseline.diff). */
export const matrixDifference = (snapshot: Snapshot, before: PolicyIndex, after: PolicyIndex): MatrixDifference => new MatrixBaseline(snapshot, before).diff(after);
