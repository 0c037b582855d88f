// Policy kinds found but not evaluated, as every command's `-o json` lists them under `ignored`.
import type { Snapshot } from '../model/snapshot.js';

export interface IgnoredKindView {
  readonly kind: string;
  readonly apiVersion?: string;
  /** null when the objects could not be counted (listing them was forbidden). */
  readonly count: number | null;
}

export function ignoredView(snapshot: Pick<Snapshot, 'unevaluated'>): IgnoredKindView[] {
  return snapshot.unevaluated.map((u) => ({
    kind: u.kind,
    ...(u.apiVersion !== undefined ? { apiVersion: u.apiVersion } : {}),
    count: u.count ?? null,
  }));
}
