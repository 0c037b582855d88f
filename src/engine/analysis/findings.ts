// The findings coverage, diff and the UI show: the coverage codes of the one findings engine
// (../lint/lint.ts; each code's meaning, severity and fix are in ../lint/codes.ts).
import type { Snapshot } from '../../model/snapshot.js';
import type { PolicyIndex } from '../compile.js';
import { COVERAGE_CODES } from '../lint/codes.js';
import type { LintFinding } from '../lint/finding.js';
import { computeFindings } from '../lint/lint.js';

export type Finding = LintFinding;

/** `within`: only the findings on objects of these namespaces (see FindingOptions). */
export function findFindings(snapshot: Snapshot, index: PolicyIndex, within?: ReadonlySet<string>): Finding[] {
  return computeFindings(snapshot, index, { issues: [], codes: COVERAGE_CODES, ...(within ? { within } : {}) });
}
