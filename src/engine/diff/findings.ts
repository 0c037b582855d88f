// Findings the proposed state has and the current one does not (new), and the reverse (resolved).
import type { Finding } from '../analysis/findings.js';
import type { Changes } from './connections.js';

const keyOf = (f: Finding): string => [f.code, f.object.kind, f.object.namespace, f.object.name, f.field ?? '', f.message].join('\u0000');

export function findingChanges(before: readonly Finding[], after: readonly Finding[]): Changes<Finding> {
  const was = new Set(before.map(keyOf));
  const now = new Set(after.map(keyOf));
  return { opened: after.filter((f) => !was.has(keyOf(f))), closed: before.filter((f) => !now.has(keyOf(f))) };
}
