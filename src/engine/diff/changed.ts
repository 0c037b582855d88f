// Which namespaces a policy change can touch: those whose NetworkPolicies are not the same objects
// in the same order in both states, or whose labels differ (every namespace, when the admin
// policies or the analysis options differ).
import type { PolicyIndex } from '../compile.js';

const sameObjects = (a: readonly unknown[], b: readonly unknown[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Whether the policies deciding pods of a namespace may differ between the states. False means
 * every pod there has the same NetworkPolicies and admin policies (the same objects) in both, so
 * every question about its own policies has the same answer.
 */
export function policiesChangedIn(before: PolicyIndex, after: PolicyIndex): (namespace: string) => boolean {
  const admin = (index: PolicyIndex) => [...index.adminTiers.admin, ...index.adminTiers.baseline].map((p) => p.policy);
  if (!sameObjects(admin(before), admin(after)) || JSON.stringify(before.options) !== JSON.stringify(after.options)) return () => true;
  const known = new Map<string, boolean>();
  return (namespace) => {
    let changed = known.get(namespace);
    if (changed === undefined) {
      const [was, now] = [before.namespaceLabels(namespace), after.namespaceLabels(namespace)];
      changed =
        !sameObjects(before.policiesIn(namespace).map((p) => p.policy), after.policiesIn(namespace).map((p) => p.policy)) ||
        // Admin policies select their subjects by namespace labels too.
        (was !== now && JSON.stringify(was) !== JSON.stringify(now));
      known.set(namespace, changed);
    }
    return changed;
  };
}
