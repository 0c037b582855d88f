// The `adminTiers` part of coverage: pods selected by Admin-tier and Baseline-tier policies.
import type { AdminCoverage, TierCounts } from '../engine/analysis/admin-coverage.js';

export interface AdminCoverageView {
  readonly pods: number;
  /** Pods some admin policy selects, in either direction. */
  readonly covered: number;
  readonly ingress: TierCounts;
  readonly egress: TierCounts;
  readonly workloads: {
    readonly namespace: string;
    readonly name: string;
    readonly pods: number;
    readonly ingress: TierCounts;
    readonly egress: TierCounts;
    /** `ClusterNetworkPolicy/name`, in evaluation order of each tier. */
    readonly policies: string[];
  }[];
}

export function adminCoverageView(coverage: AdminCoverage): AdminCoverageView {
  return {
    pods: coverage.pods,
    covered: coverage.covered,
    ingress: coverage.ingress,
    egress: coverage.egress,
    workloads: coverage.workloads
      .filter((w) => w.policies.length > 0)
      .map((w) => ({ namespace: w.namespace, name: w.name, pods: w.pods, ingress: w.ingress, egress: w.egress, policies: w.policies.map((p) => `${p.kind}/${p.name}`) })),
  };
}

/** One line for the text report. */
export function adminCoverageLine(view: AdminCoverageView): string {
  return (
    `Admin tiers: ${view.covered} of ${view.pods} pods selected by an admin policy ` +
    `(Admin tier: ingress ${view.ingress.admin}, egress ${view.egress.admin}; Baseline tier: ingress ${view.ingress.baseline}, egress ${view.egress.baseline})\n`
  );
}
