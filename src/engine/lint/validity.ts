// Policies the API server would reject, as error findings (the codes of validate.ts), and the
// objects the manifest reader accepted although the API server would refuse them (input notices).
import type { NetworkPolicy } from '../../model/policy.js';
import type { InputNotice } from '../../model/snapshot.js';
import type { ValidationIssue } from '../validate.js';
import { LINT_CODES } from './codes.js';
import type { LintFinding } from './finding.js';

export function validityFindings(issues: readonly ValidationIssue[], policies: readonly NetworkPolicy[]): LintFinding[] {
  const byKey = new Map(policies.map((p) => [`${p.namespace}/${p.name}`, p]));
  return issues.map((issue) => {
    const origin = issue.origin ?? byKey.get(`${issue.policy.namespace}/${issue.policy.name}`)?.origin;
    return {
      code: issue.code,
      severity: 'error',
      object: { kind: 'NetworkPolicy', ...issue.policy },
      field: issue.path,
      message: issue.message,
      fix: LINT_CODES[issue.code].fix,
      ...(origin ? { origin } : {}),
    };
  });
}

export function noticeFindings(notices: readonly InputNotice[]): LintFinding[] {
  return notices.map((n) => ({
    code: n.code,
    severity: 'error',
    object: { kind: n.kind, namespace: n.namespace, name: n.name },
    field: n.field,
    message: n.message,
    fix: LINT_CODES[n.code].fix,
    ...(n.origin ? { origin: n.origin } : {}),
  }));
}
