// Connectivity between workloads: one representative pod per workload (replicas behave alike),
// every ordered pair judged on all ports (by classes: see matrix-judge.ts).
import type { Pod, Snapshot } from '../../model/snapshot.js';
import type { PolicyIndex } from '../compile.js';
import type { PortSet } from '../sets/port-set.js';
import { MatrixJudge } from './matrix-judge.js';
import { analysablePods } from './isolation.js';
import { groupByWorkload, type PodGroup } from './workload-groups.js';
import { podClassKey, samePodClass } from './pod-class.js';

export interface MatrixEdge {
  readonly from: number;
  readonly to: number;
  readonly ports: PortSet;
}

export interface Matrix {
  readonly nodes: readonly PodGroup[];
  /** Only pairs with at least one allowed port. */
  readonly edges: readonly MatrixEdge[];
}

/**
 * Replicas normally share labels; when some differ (edited by hand, a rollout in progress) they are
 * selected differently, so each label set becomes its own node, named by the labels that differ.
 */
function splitByClass(group: PodGroup): PodGroup[] {
  // Most workloads are one class: checked without building a key per pod.
  const first = group.pods[0]!;
  if (group.pods.every((p) => p === first || samePodClass(p, first))) return [group];
  const classes = new Map<string, Pod[]>();
  for (const pod of group.pods) {
    const key = podClassKey(pod);
    const list = classes.get(key);
    if (list) list.push(pod);
    else classes.set(key, [pod]);
  }
  if (classes.size === 1) return [group];
  const shared = (key: string) => group.pods.every((p) => p.labels[key] === group.pods[0]!.labels[key]);
  return [...classes.values()].map((pods) => {
    const differing = Object.entries(pods[0]!.labels).filter(([k]) => !shared(k)).map(([k, v]) => `${k}=${v}`);
    const suffix = differing.length > 0 ? differing.join(',') : 'other labels';
    return { ...group, key: `${group.key}{${suffix}}`, name: `${group.name}{${suffix}}`, pods };
  });
}

/** The rows and columns of the matrix: workloads, split where replicas' labels differ, sorted. */
export function matrixNodes(snapshot: Snapshot, namespaces?: ReadonlySet<string>): PodGroup[] {
  const pods = analysablePods(snapshot).filter((p) => !namespaces || namespaces.has(p.namespace));
  return groupByWorkload(pods)
    .flatMap(splitByClass)
    .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
}

/**
 * The whole matrix in memory: every allowed ordered pair, as evaluate() judges the representatives.
 * For large scopes, use a MatrixJudge row by row (or its namespace summary) instead.
 */
export function computeMatrix(snapshot: Snapshot, index: PolicyIndex, namespaces?: ReadonlySet<string>): Matrix {
  const nodes = matrixNodes(snapshot, namespaces);
  const judge = new MatrixJudge(nodes, index);
  const edges: MatrixEdge[] = [];
  for (let i = 0; i < nodes.length; i++) judge.forEachInRow(i, (j, ports) => edges.push({ from: i, to: j, ports: judge.ports.get(ports) }));
  return { nodes, edges };
}
