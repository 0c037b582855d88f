// The matrix as data (the -o json schema), by workload or summarized by namespace.
import type { Matrix } from '../engine/analysis/matrix.js';
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

export function matrixView(matrix: Matrix, probe: MatrixView['probe']): MatrixView {
  // The probe's number on each destination: a named port resolves on the workload's representative pod.
  const named = probe !== null && typeof probe.port === 'string';
  const portAt = matrix.nodes.map((n) => (probe ? (portOnPod(n.pods[0]!, probe.port, probe.protocol) ?? null) : null));
  const edges = matrix.edges.filter((e) => !probe || (portAt[e.to] !== null && e.ports.has(probe.protocol, portAt[e.to]!)));
  return {
    grouping: 'workload',
    probe,
    nodes: matrix.nodes.map((n, i) => ({ label: `${n.namespace}/${n.name}`, namespace: n.namespace, pods: countPods(n.pods), ...(named ? { port: portAt[i] } : {}) })),
    edges: edges.map((e) => ({ from: e.from, to: e.to, ports: probe ? { [probe.protocol]: [String(portAt[e.to])] } : e.ports.toJSON(), allPorts: e.ports.isAll() })),
  };
}

/** Folds workloads into namespaces; an edge counts the workload pairs that connect. */
export function summarizeByNamespace(view: MatrixView): MatrixView {
  const names = [...new Set(view.nodes.map((n) => n.namespace))];
  const indexOf = new Map(names.map((n, i) => [n, i]));
  const edges = new Map<string, { from: number; to: number; paths: number; allPorts: boolean }>();
  for (const e of view.edges) {
    const from = indexOf.get(view.nodes[e.from]!.namespace)!;
    const to = indexOf.get(view.nodes[e.to]!.namespace)!;
    if (from === to) continue;
    const key = `${from},${to}`;
    const edge = edges.get(key) ?? { from, to, paths: 0, allPorts: true };
    edge.paths++;
    edge.allPorts &&= e.allPorts;
    edges.set(key, edge);
  }
  return {
    grouping: 'namespace',
    probe: view.probe,
    nodes: names.map((namespace) => ({ label: namespace, namespace, pods: view.nodes.filter((n) => n.namespace === namespace).reduce((s, n) => s + n.pods, 0) })),
    edges: [...edges.values()].map((e) => ({ ...e, ports: {} })),
  };
}
