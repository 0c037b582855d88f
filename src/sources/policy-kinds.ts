// Policy kinds other than networking.k8s.io NetworkPolicy that change which traffic is allowed.
// The admin policy tiers are evaluated (at the versions listed); the others are not, and every
// source reports the ones it meets, so no answer is printed as if they did not exist.

export interface PolicyKind {
  readonly group: string;
  readonly kind: string;
  /** The resource name in discovery (lower-case plural). */
  readonly resource: string;
  readonly namespaced: boolean;
}

export interface EvaluatedPolicyKind extends PolicyKind {
  /** The versions read and evaluated (objects served only at other versions are reported as not evaluated). */
  readonly versions: readonly string[];
}

/** sig-network's admin policies: v1alpha1, and their successor ClusterNetworkPolicy (v1alpha2, v1beta1). */
export const EVALUATED_POLICY_KINDS: readonly EvaluatedPolicyKind[] = [
  { group: 'policy.networking.k8s.io', kind: 'ClusterNetworkPolicy', resource: 'clusternetworkpolicies', namespaced: false, versions: ['v1beta1', 'v1alpha2'] },
  { group: 'policy.networking.k8s.io', kind: 'AdminNetworkPolicy', resource: 'adminnetworkpolicies', namespaced: false, versions: ['v1alpha1'] },
  { group: 'policy.networking.k8s.io', kind: 'BaselineAdminNetworkPolicy', resource: 'baselineadminnetworkpolicies', namespaced: false, versions: ['v1alpha1'] },
];

export const UNEVALUATED_POLICY_KINDS: readonly PolicyKind[] = [
  { group: 'cilium.io', kind: 'CiliumNetworkPolicy', resource: 'ciliumnetworkpolicies', namespaced: true },
  { group: 'cilium.io', kind: 'CiliumClusterwideNetworkPolicy', resource: 'ciliumclusterwidenetworkpolicies', namespaced: false },
  // Calico: the CRDs, and the same objects through Calico's API server.
  { group: 'projectcalico.org', kind: 'NetworkPolicy', resource: 'networkpolicies', namespaced: true },
  { group: 'projectcalico.org', kind: 'GlobalNetworkPolicy', resource: 'globalnetworkpolicies', namespaced: false },
  { group: 'crd.projectcalico.org', kind: 'NetworkPolicy', resource: 'networkpolicies', namespaced: true },
  { group: 'crd.projectcalico.org', kind: 'GlobalNetworkPolicy', resource: 'globalnetworkpolicies', namespaced: false },
  { group: 'crd.antrea.io', kind: 'NetworkPolicy', resource: 'networkpolicies', namespaced: true },
  { group: 'crd.antrea.io', kind: 'ClusterNetworkPolicy', resource: 'clusternetworkpolicies', namespaced: false },
  // Policies for pods' secondary networks (Multus).
  { group: 'k8s.cni.cncf.io', kind: 'MultiNetworkPolicy', resource: 'multi-networkpolicies', namespaced: true },
];

/** The group of an apiVersion: `cilium.io/v2` -> `cilium.io`, `v1` -> `` (core). */
export const groupOf = (apiVersion: string): string => (apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '');

/** A policy kind that is not evaluated; an admin policy kind at a version that is not read counts as one. */
export function unevaluatedPolicyKind(group: string, kind: string, apiVersion?: string): PolicyKind | undefined {
  const evaluated = EVALUATED_POLICY_KINDS.find((k) => k.group === group && k.kind === kind);
  if (evaluated) return apiVersion !== undefined && !evaluated.versions.includes(apiVersion.slice(apiVersion.indexOf('/') + 1)) ? evaluated : undefined;
  return UNEVALUATED_POLICY_KINDS.find((k) => k.group === group && k.kind === kind);
}

/** Calico serves the same objects under both groups: where both are found, count them once. */
export const SAME_OBJECTS_AS: Readonly<Record<string, string>> = { 'crd.projectcalico.org': 'projectcalico.org' };
