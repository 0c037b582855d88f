// Messages between the UI and its analysis worker (analysis-worker.ts), and the delta that carries a
// result when it differs from the last one in a few workloads only: the thread that answers keys
// then copies a few objects out of a message, not every workload of the cluster.
import type { Pod, Snapshot } from '../../model/snapshot.js';
import type { SnapshotChange } from '../../model/snapshot-change.js';
import type { AnalysisOptions, AnalysisParts, Coverage, WorkloadCoverage } from '../../report/analysis-view.js';
import type { PeerListView } from '../../report/peer-list-view.js';
import type { TabQuery } from './tab-query.js';

export type ToWorker =
  /** The state to start from; its pods follow in `pods` messages (sent a slice at a time, between key presses). */
  | { readonly type: 'begin'; readonly snapshot: Snapshot; readonly options: AnalysisOptions }
  | { readonly type: 'pods'; readonly pods: readonly Pod[] }
  | { readonly type: 'update'; readonly version: number; readonly changes: readonly SnapshotChange[] }
  /** A workload tab's peer query, answered on the newest state the worker holds. */
  | { readonly type: 'query'; readonly id: number; readonly query: TabQuery };

/** A result as the last one sent, changed: the workloads at these positions, the namespaces and totals, the findings when they changed. */
export interface PartsDelta {
  readonly workloads: readonly (readonly [index: number, workload: WorkloadCoverage])[];
  readonly namespaces: Coverage['namespaces'];
  readonly totals: Coverage['totals'];
  readonly findings?: AnalysisParts['findings'];
}

export type FromWorker =
  | { readonly type: 'result'; readonly version: number; readonly parts: AnalysisParts }
  | { readonly type: 'delta'; readonly version: number; readonly delta: PartsDelta }
  | { readonly type: 'failed'; readonly message: string }
  /** The answer to query `id` on the state after update `version` (undefined view: the workload is gone). */
  | { readonly type: 'answer'; readonly id: number; readonly version: number; readonly view: PeerListView | undefined };

const sameRefs = (a: WorkloadCoverage['policies'], b: WorkloadCoverage['policies']) =>
  a.length === b.length && a.every((r, i) => r.namespace === b[i]!.namespace && r.name === b[i]!.name);

const sameWorkload = (a: WorkloadCoverage, b: WorkloadCoverage) =>
  a.kind === b.kind &&
  a.pods === b.pods &&
  a.ingressIsolated === b.ingressIsolated &&
  a.egressIsolated === b.egressIsolated &&
  a.hostNetwork === b.hostNetwork &&
  a.exposure === b.exposure &&
  sameRefs(a.policies, b.policies);

/**
 * How `next` differs from `previous`, when both list the same workloads in the same order (a change
 * of policies or of pods within workloads); undefined when the workloads themselves differ.
 */
export function partsDelta(previous: AnalysisParts, next: AnalysisParts): PartsDelta | undefined {
  const before = previous.coverage.workloads;
  const after = next.coverage.workloads;
  if (before.length !== after.length) return undefined;
  const workloads: [number, WorkloadCoverage][] = [];
  for (let i = 0; i < after.length; i++) {
    const a = before[i]!;
    const b = after[i]!;
    if (a.namespace !== b.namespace || a.name !== b.name) return undefined;
    if (!sameWorkload(a, b)) workloads.push([i, b]);
  }
  const sameFindings = JSON.stringify(previous.findings) === JSON.stringify(next.findings);
  return { workloads, namespaces: next.coverage.namespaces, totals: next.coverage.totals, ...(sameFindings ? {} : { findings: next.findings }) };
}

/** The result a delta stands for, made from the last result. */
export function applyPartsDelta(previous: AnalysisParts, delta: PartsDelta): AnalysisParts {
  const workloads = [...previous.coverage.workloads];
  for (const [index, workload] of delta.workloads) workloads[index] = workload;
  return { coverage: { namespaces: delta.namespaces, workloads, totals: delta.totals }, findings: delta.findings ?? previous.findings };
}
