// The envelope of every -o json / -o yaml document: a versioned apiVersion and a kind, so scripts
// can tell what they read and the shape can evolve; `source` (where the state came from) and, for
// commands that report on namespaces, `scope`.

export const API_VERSION = 'netpol.kubectl.io/v1alpha1';

export type DocumentKind =
  | 'CanReach'
  | 'Assert'
  | 'Coverage'
  | 'WhoCanReach'
  | 'ReachableFrom'
  | 'Matrix'
  | 'Diff'
  | 'Lint'
  | 'Fix'
  | 'Audit'
  | 'Suggestion'
  | 'Version';

export interface DocumentMeta {
  readonly source: string;
  /** `all namespaces`, `namespace shop`; absent for commands whose arguments name their namespaces. */
  readonly scope?: string;
}

export type Document<T> = { readonly apiVersion: typeof API_VERSION; readonly kind: DocumentKind; readonly source: string; readonly scope?: string } & T;

/** The view under the envelope; the view's own fields come after it (a view's `source` is the same text). */
export function document<T extends object>(kind: DocumentKind, view: T, meta: DocumentMeta): Document<T> {
  return { apiVersion: API_VERSION, kind, source: meta.source, ...(meta.scope !== undefined ? { scope: meta.scope } : {}), ...view } as Document<T>;
}
