// What-if: lays proposed NetworkPolicies over a snapshot (same namespace/name replaces, new ones are
// added, named ones removed). Pure: snapshot in, snapshot out; unchanged policies keep their identity.
import type { NetworkPolicy, PolicyRef } from '../../model/policy.js';
import type { Namespace, Snapshot } from '../../model/snapshot.js';
import { NAMESPACE_NAME_LABEL } from '../compile.js';

export interface PolicyOverlay {
  /** Proposed policies: each replaces the policy of the same namespace/name, or is added. */
  readonly policies: readonly NetworkPolicy[];
  /** Policies to take away. */
  readonly remove: readonly PolicyRef[];
}

export interface OverlayResult {
  readonly snapshot: Snapshot;
  readonly replaced: readonly PolicyRef[];
  readonly added: readonly PolicyRef[];
  readonly removed: readonly PolicyRef[];
  /** Removals naming a policy the snapshot does not have. */
  readonly notFound: readonly PolicyRef[];
  /** Policies both proposed and removed: the overlay contradicts itself. */
  readonly conflicting: readonly PolicyRef[];
}

export const policyKey = (ref: PolicyRef): string => `${ref.namespace}/${ref.name}`;
const refOf = (p: NetworkPolicy): PolicyRef => ({ namespace: p.namespace, name: p.name });

export function applyOverlay(snapshot: Snapshot, overlay: PolicyOverlay): OverlayResult {
  const proposed = new Map(overlay.policies.map((p) => [policyKey(p), p]));
  const removeKeys = new Map(overlay.remove.map((r) => [policyKey(r), r]));
  const existing = new Set(snapshot.policies.map(policyKey));

  const conflicting = [...removeKeys.values()].filter((r) => proposed.has(policyKey(r)));
  const notFound = [...removeKeys.values()].filter((r) => !existing.has(policyKey(r)) && !proposed.has(policyKey(r)));
  const replaced: PolicyRef[] = [];
  const removed: PolicyRef[] = [];
  const policies: NetworkPolicy[] = [];
  for (const policy of snapshot.policies) {
    const key = policyKey(policy);
    const replacement = proposed.get(key);
    if (replacement) {
      replaced.push(refOf(policy));
      policies.push(replacement);
    } else if (removeKeys.has(key)) removed.push(refOf(policy));
    else policies.push(policy);
  }
  const added = overlay.policies.filter((p) => !existing.has(policyKey(p)));
  policies.push(...added);

  // A proposed policy may live in a namespace nothing else mentions; every namespace carries its name label.
  const namespaces: Namespace[] = [...snapshot.namespaces];
  const known = new Set(namespaces.map((n) => n.name));
  for (const { namespace } of added) {
    if (known.has(namespace)) continue;
    known.add(namespace);
    namespaces.push({ name: namespace, labels: { [NAMESPACE_NAME_LABEL]: namespace }, synthesized: true });
  }
  return {
    snapshot: { ...snapshot, namespaces, policies },
    replaced,
    added: added.map(refOf),
    removed,
    notFound,
    conflicting,
  };
}

/** `1 replaced, 2 added, 1 removed` (only the non-zero parts; `no change` when all are zero). */
export function describeOverlay(result: { readonly replaced: readonly unknown[]; readonly added: readonly unknown[]; readonly removed: readonly unknown[] }): string {
  const parts = [
    [result.replaced.length, 'replaced'],
    [result.added.length, 'added'],
    [result.removed.length, 'removed'],
  ] as const;
  const text = parts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`);
  return text.length > 0 ? text.join(', ') : 'no change';
}
