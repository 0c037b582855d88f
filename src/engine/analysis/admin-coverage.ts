// Coverage by the admin tiers: which pods an Admin-tier or Baseline-tier policy (ClusterNetworkPolicy,
// AdminNetworkPolicy, BaselineAdminNetworkPolicy) selects, per direction, and by which policies.
import type { AdminPolicyRef, AdminTier } from '../../model/admin-policy.js';
import type { Direction } from '../../model/policy.js';
import type { Pod, Snapshot } from '../../model/snapshot.js';
import type { PolicyIndex } from '../compile.js';
import { analysablePods } from './isolation.js';
import { groupByWorkload } from './workload-groups.js';

export interface TierCounts {
  /** Pods an Admin-tier policy selects in this direction. */
  readonly admin: number;
  /** Pods a Baseline-tier policy selects in this direction. */
  readonly baseline: number;
}

export interface WorkloadAdminCoverage {
  readonly namespace: string;
  readonly name: string;
  readonly pods: number;
  readonly ingress: TierCounts;
  readonly egress: TierCounts;
  /** Every admin policy that selects one of its pods, in evaluation order of its tier. */
  readonly policies: readonly AdminPolicyRef[];
}

export interface AdminCoverage {
  readonly pods: number;
  readonly ingress: TierCounts;
  readonly egress: TierCounts;
  /** Pods some admin policy selects in either direction. */
  readonly covered: number;
  readonly workloads: readonly WorkloadAdminCoverage[];
}

/** The tiers that select a pod in one direction. */
export function adminTiersOf(pod: Pod, direction: Direction, index: PolicyIndex): readonly AdminTier[] {
  const { admin, baseline } = index.adminTiers.selecting(pod, direction, index.namespaceLabels(pod.namespace));
  return [...(admin.length > 0 ? (['Admin'] as const) : []), ...(baseline.length > 0 ? (['Baseline'] as const) : [])];
}

/** Undefined when the input has no admin policy. */
export function computeAdminCoverage(snapshot: Snapshot, index: PolicyIndex, namespaces?: ReadonlySet<string>): AdminCoverage | undefined {
  if (index.adminTiers.isEmpty) return undefined;
  const pods = analysablePods(snapshot).filter((p) => !namespaces || namespaces.has(p.namespace));
  const count = (list: readonly Pod[], direction: Direction, tier: AdminTier) => list.filter((p) => adminTiersOf(p, direction, index).includes(tier)).length;
  const counts = (list: readonly Pod[], direction: Direction): TierCounts => ({ admin: count(list, direction, 'Admin'), baseline: count(list, direction, 'Baseline') });
  const workloads = groupByWorkload(pods).map((group): WorkloadAdminCoverage => {
    const refs = new Map<string, AdminPolicyRef>();
    for (const pod of group.pods) {
      for (const direction of ['ingress', 'egress'] as const) {
        const { admin, baseline } = index.adminTiers.selecting(pod, direction, index.namespaceLabels(pod.namespace));
        for (const p of [...admin, ...baseline]) refs.set(`${p.ref.kind}/${p.ref.name}`, p.ref);
      }
    }
    return { namespace: group.namespace, name: group.name, pods: group.pods.length, ingress: counts(group.pods, 'ingress'), egress: counts(group.pods, 'egress'), policies: [...refs.values()] };
  });
  const covered = pods.filter((p) => adminTiersOf(p, 'ingress', index).length > 0 || adminTiersOf(p, 'egress', index).length > 0).length;
  return { pods: pods.length, ingress: counts(pods, 'ingress'), egress: counts(pods, 'egress'), covered, workloads };
}
