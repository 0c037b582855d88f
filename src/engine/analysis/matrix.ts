// Connectivity between workloads: one representative pod per workload (replicas behave alike),
// every ordered pair judged on all ports.
import type { Snapshot } from '../../model/snapshot.js';
import type { PolicyIndex } from '../compile.js';
import { podEndpoint } from '../endpoint.js';
import { evaluate } from '../evaluate.js';
import type { PortSet } from '../sets/port-set.js';
import { analysablePods } from './isolation.js';
import { groupByWorkload, type PodGroup } from './workload-groups.js';

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

export function computeMatrix(snapshot: Snapshot, index: PolicyIndex, namespaces?: ReadonlySet<string>): Matrix {
  const pods = analysablePods(snapshot).filter((p) => !namespaces || namespaces.has(p.namespace));
  const nodes = groupByWorkload(pods).sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
  const edges: MatrixEdge[] = [];
  nodes.forEach((source, i) => {
    nodes.forEach((destination, j) => {
      if (i === j) return;
      const connection = evaluate(podEndpoint(source.pods[0]!), podEndpoint(destination.pods[0]!), index);
      if (!connection.allowed.isEmpty()) edges.push({ from: i, to: j, ports: connection.allowed });
    });
  });
  return { nodes, edges };
}
