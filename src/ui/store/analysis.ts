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
  // By namespace, then name: no key string is built for the workloads that did not change.
  const old = new Map<string, Map<string, WorkloadCoverage>>();
  for (const w of before.coverage.workloads) {
    const names = old.get(w.namespace);
    if (names) names.set(w.name, w);
    else old.set(w.namespace, new Map([[w.name, w]]));
  }
  const same = (a: WorkloadCoverage, b: WorkloadCoverage) =>
    a.ingressIsolated === b.ingressIsolated && a.egressIsolated === b.egressIsolated && a.exposure === b.exposure && a.pods === b.pods;
  const changed = new Set<string>();
  for (const w of after.coverage.workloads) {
    const was = old.get(w.namespace)?.get(w.name);
    if (!was || !same(was, w)) changed.add(workloadKey(w));
  }
  return changed;
}
