// A lint finding: a stable code, a severity, the object and field it points at, and a one-line fix.
import type { LintSeverity } from '../../model/lint-config.js';
import type { NetworkPolicy } from '../../model/policy.js';
import type { Namespace, Origin } from '../../model/snapshot.js';
import { LINT_CODES, type LintCode } from './codes.js';

export interface LintObject {
  /** NetworkPolicy or Namespace for most findings; any kind read for input notices (invalid names). */
  readonly kind: 'NetworkPolicy' | 'Namespace' | (string & {});
  readonly namespace: string;
  readonly name: string;
}

export interface LintFinding {
  readonly code: LintCode;
  readonly severity: LintSeverity;
  readonly object: LintObject;
  /** Field path inside the object, e.g. `spec.ingress[0].from[1]`. */
  readonly field?: string;
  readonly message: string;
  readonly fix: string;
  /** Where the object was read from (file, document and line for manifests). */
  readonly origin?: Origin;
}

/** A finding on a policy, with the code's default severity and fix unless given. */
export function onPolicy(
  policy: NetworkPolicy,
  code: LintCode,
  message: string,
  extra: { readonly field?: string; readonly fix?: string; readonly severity?: LintSeverity } = {},
): LintFinding {
  return {
    code,
    severity: extra.severity ?? LINT_CODES[code].severity,
    object: { kind: 'NetworkPolicy', namespace: policy.namespace, name: policy.name },
    ...(extra.field ? { field: extra.field } : {}),
    message,
    fix: extra.fix ?? LINT_CODES[code].fix,
    ...(policy.origin ? { origin: policy.origin } : {}),
  };
}

/** A finding on a namespace; `origin` falls back to a policy of the namespace so files can point somewhere. */
export function onNamespace(namespace: string, code: LintCode, message: string, origin: Origin | undefined): LintFinding {
  return {
    code,
    severity: LINT_CODES[code].severity,
    object: { kind: 'Namespace', namespace, name: namespace },
    message,
    fix: LINT_CODES[code].fix,
    ...(origin ? { origin } : {}),
  };
}

export const namespaceOrigin = (ns: Namespace | undefined, policies: readonly NetworkPolicy[]): Origin | undefined =>
  ns?.origin ?? policies.find((p) => p.origin)?.origin;
