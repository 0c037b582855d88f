// What every UI screen reads, computed once per load from one compiled state: coverage, the findings
// coverage shows (as the views coverage prints), and the workloads by key.
import type { Snapshot } from '../model/snapshot.js';
import { PolicyIndex } from '../engine/compile.js';
import { computeCoverage, type Coverage } from '../engine/analysis/coverage.js';
import { EXPOSURE_LEVELS, type Exposure } from '../engine/analysis/exposure.js';
import { findFindings } from '../engine/analysis/findings.js';
import { analysablePods } from '../engine/analysis/isolation.js';
import { groupByWorkload, type PodGroup } from '../engine/analysis/workload-groups.js';
import { findingView, type FindingView } from './coverage-view.js';

/** A snapshot and its compiled policies: what a load gives, compiled once. */
export interface AnalysisInput {
  readonly snapshot: Snapshot;
  readonly index: PolicyIndex;
}

export interface AnalysisView extends AnalysisInput {
  readonly coverage: Coverage;
  readonly findings: readonly FindingView[];
  /** Workloads (and bare pods) by `namespace/name`. */
  readonly groups: ReadonlyMap<string, PodGroup>;
}

export type { Coverage, Exposure, PodGroup };
export type WorkloadCoverage = Coverage['workloads'][number];

/** `index` is the state's compiled policies; without one the snapshot is compiled with the default options. */
export function analysisView(snapshot: Snapshot, index: PolicyIndex = new PolicyIndex(snapshot)): AnalysisView {
  const groups = new Map(groupByWorkload(analysablePods(snapshot)).map((g) => [`${g.namespace}/${g.name}`, g]));
  return { snapshot, index, coverage: computeCoverage(snapshot, index), findings: findFindings(snapshot, index).map(findingView), groups };
}

/** Where an exposure ranks: nobody (0) < namespace < namespaces < cluster < internet. */
export const exposureRank = (exposure: Exposure): number => EXPOSURE_LEVELS.indexOf(exposure);

/** How the policies are compiled (e.g. whether ipBlocks match pod addresses): plain data, fit to send to a worker. */
export type AnalysisOptions = PolicyIndex['options'];

/** The costly part of an analysis, plain data (what the UI's worker computes and sends back). */
export interface AnalysisParts {
  readonly coverage: Coverage;
  readonly findings: readonly FindingView[];
}

/** `index`: the snapshot's policies compiled with `options`, when the caller has them already. */
export function analysisParts(snapshot: Snapshot, options: AnalysisOptions, index: PolicyIndex = new PolicyIndex(snapshot, options)): AnalysisParts {
  return { coverage: computeCoverage(snapshot, index), findings: findFindings(snapshot, index).map(findingView) };
}

/**
 * The analysis of a snapshot from parts computed elsewhere: the compiled policies and the workload
 * groups, which only some screens read, are made the first time they are read.
 */
export function analysisFromParts(snapshot: Snapshot, options: AnalysisOptions, parts: AnalysisParts): AnalysisView {
  let index: PolicyIndex | undefined;
  let groups: ReadonlyMap<string, PodGroup> | undefined;
  return {
    snapshot,
    coverage: parts.coverage,
    findings: parts.findings,
    get index() {
      index ??= new PolicyIndex(snapshot, options);
      return index;
    },
    get groups() {
      groups ??= new Map(groupByWorkload(analysablePods(snapshot)).map((g) => [`${g.namespace}/${g.name}`, g]));
      return groups;
    },
  };
}
