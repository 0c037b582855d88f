// -n NAMESPACE names a namespace of the input: one the input shows absent is a usage error, not an empty answer.
import type { Snapshot } from '../model/snapshot.js';
import { UserError } from './errors.js';
import type { InputFlags } from './flags.js';

/**
 * Throws `namespace "X" not found` when -n names a namespace the input provably lacks: files and the
 * demo hold no object in it; a live read listed the namespaces and it is not among them. A live read
 * that could not list namespaces (every namespace synthesized) cannot tell, so it passes.
 */
export function checkNamespaceFlag(flags: InputFlags, snapshot: Snapshot, live: boolean): void {
  const namespace = flags.namespace;
  if (namespace === undefined || flags.allNamespaces) return;
  if (snapshot.namespaces.some((n) => n.name === namespace)) return;
  if (live && !snapshot.namespaces.some((n) => !n.synthesized)) return;
  throw new UserError(`namespace "${namespace}" not found`);
}
