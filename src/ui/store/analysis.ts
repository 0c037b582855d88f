// Everything the screens show, computed once per load by the report layer (src/report/analysis-view.ts).
import type { Snapshot } from '../../model/snapshot.js';
import { analysisView, type AnalysisInput, type AnalysisView, type WorkloadCoverage } from '../../report/analysis-view.js';

export type Analysis = AnalysisView;
export type { AnalysisInput };

export const workloadKey = (w: { namespace: string; name: string }): string => `${w.namespace}/${w.name}`;

/** The analysis of a load: its snapshot and the policies it compiled (compiled here only when not given). */
export function analyze(snapshot: Snapshot, index?: AnalysisInput['index']): Analysis {
  return analysisView(snapshot, index);
}

/** Workloads whose isolation or exposure differs between two analyses (to mark what a reload changed). */
export function changedWorkloads(before: Analysis | null, after: Analysis): Set<string> {
  if (!before) return new Set();
  const old = new Map(before.coverage.workloads.map((w) => [workloadKey(w), w]));
  const same = (a: WorkloadCoverage, b: WorkloadCoverage) =>
    a.ingressIsolated === b.ingressIsolated && a.egressIsolated === b.egressIsolated && a.exposure === b.exposure && a.pods === b.pods;
  return new Set(after.coverage.workloads.filter((w) => !old.has(workloadKey(w)) || !same(old.get(workloadKey(w))!, w)).map(workloadKey));
}
