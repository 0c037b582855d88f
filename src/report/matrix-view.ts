// The matrix as data (the -o json schema), by workload or summarized by namespace.
import type { Matrix } from '../engine/analysis/matrix.js';
import type { MatrixJudge, NamespaceSummary } from '../engine/analysis/matrix-judge.js';
import type { PodGroup } from '../engine/analysis/workload-groups.js';
import type { PortSet } from '../engine/sets/port-set.js';
import type { Protocol } from '../model/snapshot.js';
import { portOnPod } from '../engine/analysis/pod-reach.js';
import { countPods } from '../engine/analysis/pod-class.js';

export interface MatrixView {
  readonly grouping: 'workload' | 'namespace';
  /** `port` is a number, or a container port name resolved on each destination workload. */
  readonly probe: { readonly protocol: Protocol; readonly port: number | string } | null;
  /**
   * With a named port, per workload: the number it resolves to there, or null when the workload
   * declares no port of that name (nothing can reach it on that port).
   */
  readonly nodes: readonly { readonly label: string; readonly namespace: string; readonly pods: number; readonly port?: number | null }[];
  readonly edges: readonly { readonly from: number; readonly to: number; readonly ports: Record<string, string[]>; readonly allPorts: boolean; readonly paths?: number }[];
}

type EdgeView = MatrixView['edges'][number];

/** The nodes of a workload grid, and where a probe lands on each (its named port resolved there). */
function workloadNodes(nodes: readonly PodGroup[], probe: MatrixView['probe']): { nodes: MatrixView['nodes']; portAt: (number | null)[] } {
  const named = probe !== null && typeof probe.port === 'string';
  // The probe's number on each destination: a named port resolves on the workload's representative pod.
  const portAt = nodes.map((n) => (probe ? (portOnPod(n.pods[0]!, probe.port, probe.protocol) ?? null) : null));
  return {
    nodes: nodes.map((n, i) => ({ label: `${n.namespace}/${n.name}`, namespace: n.namespace, pods: countPods(n.pods), ...(named ? { port: portAt[i] } : {}) })),
    portAt,
  };
}

/** One allowed pair as the view shows it; undefined when a probe filters it out. */
function edgeView(from: number, to: number, ports: PortSet, probe: MatrixView['probe'], portAt: readonly (number | null)[]): EdgeView | undefined {
  if (probe && (portAt[to] === null || !ports.has(probe.protocol, portAt[to]!))) return undefined;
  return { from, to, ports: probe ? { [probe.protocol]: [String(portAt[to])] } : ports.toJSON(), allPorts: ports.isAll() };
}

export function matrixView(matrix: Matrix, probe: MatrixView['probe']): MatrixView {
  const { nodes, portAt } = workloadNodes(matrix.nodes, probe);
  const edges = matrix.edges.flatMap((e) => edgeView(e.from, e.to, e.ports, probe, portAt) ?? []);
  return { grouping: 'workload', probe, nodes, edges };
}

/**
 * A workload grid too large to hold: the nodes at once, the edges one source row at a time (in
 * the order matrixView lists them), so memory does not grow with the number of pairs.
 */
export function workloadGrid(judge: MatrixJudge, probe: MatrixView['probe']): { readonly head: Omit<MatrixView, 'edges'>; readonly rows: () => Generator<EdgeView[]> } {
  const { nodes, portAt } = workloadNodes(judge.nodes, probe);
  function* rows(): Generator<EdgeView[]> {
    for (let i = 0; i < nodes.length; i++) {
      const row: EdgeView[] = [];
      judge.forEachInRow(i, (j, id) => {
        const edge = edgeView(i, j, judge.ports.get(id), probe, portAt);
        if (edge) row.push(edge);
      });
      yield row;
    }
  }
  return { head: { grouping: 'workload', probe, nodes }, rows };
}

/** The namespace summary the engine counted from classes: one node per namespace, edges count connecting workload pairs. */
export function namespaceSummaryView(summary: NamespaceSummary, probe: MatrixView['probe']): MatrixView {
  return {
    grouping: 'namespace',
    probe,
    nodes: summary.namespaces.map((namespace, i) => ({ label: namespace, namespace, pods: summary.pods[i]! })),
    edges: summary.cells.map((c) => ({ from: c.from, to: c.to, paths: c.paths, allPorts: c.allPorts, ports: {} })),
  };
}
