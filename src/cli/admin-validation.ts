// Admin policies the API server would reject stop every command but lint, with one line naming the
// file, document, object and field.
import type { Snapshot } from '../model/snapshot.js';
import { clip } from '../model/quote.js';
import { FATAL_ADMIN_CODES, validateAdminPolicies, type AdminValidationIssue } from '../engine/tiers/validate-admin.js';
import { describeOrigin } from '../sources/source-error.js';
import { UserError } from './errors.js';

export function describeAdminIssue(issue: AdminValidationIssue): string {
  const where = issue.origin ? `${describeOrigin({ file: issue.origin.file, doc: issue.origin.doc })}: ` : '';
  return `${where}${issue.policy.kind} ${clip(issue.policy.name)}: ${issue.path}: ${issue.message}`;
}

/** Throws a UserError for the first admin policy problem that leaves nothing to evaluate (lint reports the rest). */
export function rejectInvalidAdminPolicies(snapshot: Snapshot): void {
  const issues = validateAdminPolicies(snapshot.adminPolicies ?? []).filter((i) => FATAL_ADMIN_CODES.has(i.code));
  if (issues.length === 0) return;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  throw new UserError(`${describeAdminIssue(issues[0]!)}${more}`);
}
