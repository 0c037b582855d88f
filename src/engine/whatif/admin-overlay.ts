// What-if for admin policies: proposed ClusterNetworkPolicies, AdminNetworkPolicies and the
// BaselineAdminNetworkPolicy replace the object of the same kind and name or are added; named ones
// are removed. Pure, like the NetworkPolicy overlay.
import type { AdminPolicy, AdminPolicyRef } from '../../model/admin-policy.js';

export interface AdminOverlay {
  readonly policies: readonly AdminPolicy[];
  readonly remove: readonly AdminPolicyRef[];
}

export interface AdminOverlayResult {
  readonly adminPolicies: readonly AdminPolicy[];
  readonly replaced: readonly AdminPolicyRef[];
  readonly added: readonly AdminPolicyRef[];
  readonly removed: readonly AdminPolicyRef[];
  readonly notFound: readonly AdminPolicyRef[];
  readonly conflicting: readonly AdminPolicyRef[];
}

/** `ClusterNetworkPolicy/name`: how admin policies are named in --without-policy and in reports. */
export const adminKey = (ref: AdminPolicyRef): string => `${ref.kind}/${ref.name}`;
const refOf = (p: AdminPolicy): AdminPolicyRef => ({ kind: p.kind, name: p.name });

export function applyAdminOverlay(current: readonly AdminPolicy[], overlay: AdminOverlay): AdminOverlayResult {
  const proposed = new Map(overlay.policies.map((p) => [adminKey(p), p]));
  const removeKeys = new Map(overlay.remove.map((r) => [adminKey(r), r]));
  const existing = new Set(current.map(adminKey));
  const conflicting = [...removeKeys.values()].filter((r) => proposed.has(adminKey(r)));
  const notFound = [...removeKeys.values()].filter((r) => !existing.has(adminKey(r)) && !proposed.has(adminKey(r)));
  const replaced: AdminPolicyRef[] = [];
  const removed: AdminPolicyRef[] = [];
  const adminPolicies: AdminPolicy[] = [];
  for (const policy of current) {
    const key = adminKey(policy);
    const replacement = proposed.get(key);
    if (replacement) {
      replaced.push(refOf(policy));
      adminPolicies.push(replacement);
    } else if (removeKeys.has(key)) removed.push(refOf(policy));
    else adminPolicies.push(policy);
  }
  const added = overlay.policies.filter((p) => !existing.has(adminKey(p)));
  adminPolicies.push(...added);
  return { adminPolicies, replaced, added: added.map(refOf), removed, notFound, conflicting };
}
