// --policies-from and --without-policy: reads the proposed policies and lays them over the loaded state.
import type { AdminPolicyRef } from '../model/admin-policy.js';
import type { NetworkPolicy, PolicyRef } from '../model/policy.js';
import type { Snapshot, UnevaluatedKind } from '../model/snapshot.js';
import { applyOverlay, describeOverlay, policyKey, type OverlayResult } from '../engine/whatif/overlay.js';
import { adminKey, applyAdminOverlay } from '../engine/whatif/admin-overlay.js';
import { assembleSnapshot, type RawObject } from '../sources/assemble.js';
import { parseManifest } from '../sources/manifest/parse.js';
import { readManifestTexts } from '../sources/manifest/read-files.js';
import { UserError } from './errors.js';
import type { InputFlags } from './flags.js';
import type { CommandIO } from './io.js';
import type { ScopeFor } from './load.js';

/** The overlay as read from the flags, before the namespace that names without one resolve in is known. */
export interface OverlayInput {
  readonly paths: readonly string[];
  readonly objects: readonly RawObject[];
  readonly remove: readonly PolicyRef[];
  /** `--without-policy ClusterNetworkPolicy/NAME` (or AdminNetworkPolicy/, BaselineAdminNetworkPolicy/). */
  readonly removeAdmin?: readonly AdminPolicyRef[];
}

export interface AppliedOverlay extends Pick<OverlayResult, 'snapshot' | 'replaced' | 'added' | 'removed'> {
  /** `with policies from a.yaml (1 replaced, 1 added), without x/old`, for headers. */
  readonly summary: string;
  readonly warnings: readonly string[];
  /** Admin policies replaced, added and removed. */
  readonly admin: { readonly replaced: readonly AdminPolicyRef[]; readonly added: readonly AdminPolicyRef[]; readonly removed: readonly AdminPolicyRef[] };
}

const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
// Admin policies are cluster-wide: KIND/NAME, with the kind as written (no namespace has capitals).
const ADMIN_REMOVAL = /^(ClusterNetworkPolicy|AdminNetworkPolicy|BaselineAdminNetworkPolicy)\/([a-z0-9]([-a-z0-9.]*[a-z0-9])?)$/;

function parseRemoval(text: string): PolicyRef {
  const [namespace, name, ...rest] = text.split('/');
  if (rest.length > 0 || !namespace || !name || !NAME.test(namespace) || !NAME.test(name)) {
    throw new UserError(`--without-policy: "${text}" is not NAMESPACE/NAME (or ClusterNetworkPolicy/NAME, AdminNetworkPolicy/NAME, BaselineAdminNetworkPolicy/default)`);
  }
  return { namespace, name };
}

/** Reads the --policies-from manifests through the manifest reader (errors name file and document). */
export async function readOverlayInput(flags: InputFlags, io: CommandIO): Promise<OverlayInput | undefined> {
  const paths = flags.policiesFrom ?? [];
  const removals = flags.withoutPolicy ?? [];
  const removeAdmin = removals.flatMap((text): AdminPolicyRef[] => {
    const m = ADMIN_REMOVAL.exec(text);
    return m ? [{ kind: m[1] as AdminPolicyRef['kind'], name: m[2]! }] : [];
  });
  const remove = removals.filter((text) => !ADMIN_REMOVAL.test(text)).map(parseRemoval);
  if (paths.length === 0 && remove.length === 0 && removeAdmin.length === 0) return undefined;
  if (paths.includes('-') && (flags.filename ?? []).includes('-')) throw new UserError('-f - and --policies-from - cannot both read stdin');
  const texts = await readManifestTexts(paths, { recursive: flags.recursive === true, stdin: io.stdin });
  return { paths, objects: texts.flatMap(parseManifest), remove, removeAdmin };
}

/** Policies of the overlay; only NetworkPolicies count, other objects in the files are ignored. */
const overlayPolicies = (input: OverlayInput, namespace: string): readonly NetworkPolicy[] =>
  assembleSnapshot(input.objects, { defaultNamespace: namespace }).policies;

/** Proposed policies of kinds that are not evaluated count as found too (the answer cannot account for them). */
function withOverlayKinds(snapshot: Snapshot, input: OverlayInput, namespace: string): Snapshot {
  const proposed = assembleSnapshot(input.objects, { defaultNamespace: namespace }).unevaluated;
  if (proposed.length === 0) return snapshot;
  const merged = new Map<string, UnevaluatedKind>(snapshot.unevaluated.map((u) => [`${u.group}/${u.kind}`, u]));
  for (const u of proposed) {
    const known = merged.get(`${u.group}/${u.kind}`);
    const count = known ? (known.count === undefined || u.count === undefined ? undefined : known.count + u.count) : u.count;
    merged.set(`${u.group}/${u.kind}`, { ...(known ?? u), count });
  }
  return { ...snapshot, unevaluated: [...merged.values()] };
}

/** A live read must cover the namespaces the overlay touches. */
export function widenScope(scopeFor: ScopeFor, input: OverlayInput | undefined): ScopeFor {
  if (!input) return scopeFor;
  return (namespace) => {
    const scope = scopeFor(namespace);
    if (scope.namespaces === 'all') return scope;
    const touched = [...overlayPolicies(input, namespace), ...input.remove].map((p) => p.namespace);
    return { namespaces: [...new Set([...scope.namespaces, ...touched])] };
  };
}

export function applyOverlayInput(snapshot: Snapshot, input: OverlayInput, namespace: string, baseDescription: string): AppliedOverlay {
  const proposed = assembleSnapshot(input.objects, { defaultNamespace: namespace });
  const policies = proposed.policies;
  const result = applyOverlay(snapshot, { policies, remove: input.remove });
  const admin = applyAdminOverlay(snapshot.adminPolicies ?? [], { policies: proposed.adminPolicies ?? [], remove: input.removeAdmin ?? [] });
  const refs = (list: readonly PolicyRef[], adminList: readonly AdminPolicyRef[] = []) => [...list.map(policyKey), ...adminList.map(adminKey)].join(', ');
  if (result.conflicting.length > 0 || admin.conflicting.length > 0) {
    throw new UserError(`${refs(result.conflicting, admin.conflicting)}: both in --policies-from and --without-policy`);
  }
  if (result.notFound.length > 0) throw new UserError(`--without-policy ${refs(result.notFound)}: no such NetworkPolicy in ${baseDescription}`);
  if (admin.notFound.length > 0) throw new UserError(`--without-policy ${refs([], admin.notFound)}: no such ${admin.notFound[0]!.kind} in ${baseDescription}`);
  const found = policies.length + (proposed.adminPolicies?.length ?? 0);
  const warnings = input.paths.length > 0 && found === 0 ? [`--policies-from ${input.paths.join(', ')}: no NetworkPolicy found`] : [];
  const parts: string[] = [];
  const counts = { replaced: [...result.replaced, ...admin.replaced], added: [...result.added, ...admin.added], removed: [] };
  if (input.paths.length > 0) parts.push(`with policies from ${input.paths.join(', ')} (${describeOverlay(counts)})`);
  if (input.remove.length > 0 || (input.removeAdmin ?? []).length > 0) parts.push(`without ${refs(input.remove, input.removeAdmin)}`);
  const { adminPolicies: _previous, ...rest } = result.snapshot;
  const overlaid: Snapshot = { ...rest, ...(admin.adminPolicies.length > 0 ? { adminPolicies: admin.adminPolicies } : {}) };
  return {
    snapshot: withOverlayKinds(overlaid, input, namespace),
    replaced: result.replaced,
    added: result.added,
    removed: result.removed,
    summary: parts.join(', '),
    warnings,
    admin: { replaced: admin.replaced, added: admin.added, removed: admin.removed },
  };
}
