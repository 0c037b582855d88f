// Everything the screens show, computed from one snapshot through the engine (once per load).
import type { Snapshot } from '../../model/snapshot.js';
import { PolicyIndex, type AnalysisOptions, DEFAULT_OPTIONS } from '../../engine/compile.js';

export type { AnalysisOptions };
import { computeCoverage, type Coverage, type WorkloadCoverage } from '../../engine/analysis/coverage.js';
import { findFindings } from '../../engine/analysis/findings.js';
import { findingView, type FindingView } from '../../report/coverage-view.js';
import { analysablePods } from '../../engine/analysis/isolation.js';
import { groupByWorkload, type PodGroup } from '../../engine/analysis/workload-groups.js';

export interface Analysis {
  readonly snapshot: Snapshot;
  readonly index: PolicyIndex;
  readonly coverage: Coverage;
  readonly findings: readonly FindingView[];
  readonly groups: ReadonlyMap<string, PodGroup>;
}

export const workloadKey = (w: { namespace: string; name: string }): string => `${w.namespace}/${w.name}`;

export function analyze(snapshot: Snapshot, options: AnalysisOptions = DEFAULT_OPTIONS): Analysis {
  const index = new PolicyIndex(snapshot, options);
  const groups = new Map(groupByWorkload(analysablePods(snapshot)).map((g) => [`${g.namespace}/${g.name}`, g]));
  return { snapshot, index, coverage: computeCoverage(snapshot, index), findings: findFindings(snapshot, index).map(findingView), groups };
}

/** Workloads whose isolation or exposure differs between two analyses (to mark what a reload changed). */
export function changedWorkloads(before: Analysis | null, after: Analysis): Set<string> {
  if (!before) return new Set();
  const old = new Map(before.coverage.workloads.map((w) => [workloadKey(w), w]));
  const same = (a: WorkloadCoverage, b: WorkloadCoverage) =>
    a.ingressIsolated === b.ingressIsolated && a.egressIsolated === b.egressIsolated && a.exposure === b.exposure && a.pods === b.pods;
  return new Set(after.coverage.workloads.filter((w) => !old.has(workloadKey(w)) || !same(old.get(workloadKey(w))!, w)).map(workloadKey));
}
