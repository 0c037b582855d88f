// What a policy change opens and closes between workloads: the difference of the workload matrix
// (computeMatrix) before and after, computed only for the pairs whose deciding policies changed.
import type { Snapshot } from '../../model/snapshot.js';
import type { PolicyIndex } from '../compile.js';
import { directionChanged } from '../diff/connections.js';
import { podEndpoint } from '../endpoint.js';
import { evaluate } from '../evaluate.js';
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

/**
 * The edges of computeMatrix(snapshot, after) minus those of computeMatrix(snapshot, before), and
 * the reverse, port by port. Exact: a pair whose source's egress policies and destination's
 * ingress policies are the same objects in both states is judged alike in both.
 */
export function matrixDifference(snapshot: Snapshot, before: PolicyIndex, after: PolicyIndex): MatrixDifference {
  const nodes = matrixNodes(snapshot);
  const representatives = nodes.map((n) => n.pods[0]!);
  const egress = representatives.map((p) => directionChanged(p, 'egress', before, after));
  const ingress = representatives.map((p) => directionChanged(p, 'ingress', before, after));
  const opened: MatrixChange[] = [];
  const closed: MatrixChange[] = [];
  nodes.forEach((from, i) => {
    nodes.forEach((to, j) => {
      if (i === j || (!egress[i] && !ingress[j])) return;
      const source = podEndpoint(representatives[i]!);
      const destination = podEndpoint(representatives[j]!);
      const was = evaluate(source, destination, before).allowed;
      const now = evaluate(source, destination, after).allowed;
      const more = now.subtract(was);
      const less = was.subtract(now);
      if (!more.isEmpty()) opened.push({ from, to, ports: more });
      if (!less.isEmpty()) closed.push({ from, to, ports: less });
    });
  });
  return { opened, closed };
}
