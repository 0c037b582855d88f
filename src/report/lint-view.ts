// The `lint` report as data: the -o json/yaml schema, and the rule list SARIF needs.
import type { LintSeverity } from '../model/lint-config.js';
import { LINT_CODES, LINT_REPORT_CODES, type LintCode } from '../engine/lint/codes.js';
import type { LintFinding, LintObject } from '../engine/lint/finding.js';

export interface LintLocation {
  /** The file as given on the command line (`-` for stdin). */
  readonly file: string;
  readonly document: number;
  /** 1-based line where the object starts, when read from manifest text. */
  readonly line?: number;
}

export interface LintFindingView {
  readonly code: LintCode;
  readonly severity: LintSeverity;
  readonly object: LintObject;
  readonly field?: string;
  readonly message: string;
  readonly fix: string;
  readonly location?: LintLocation;
}

export interface LintView {
  readonly source: string;
  readonly scope: string;
  readonly policies: number;
  readonly findings: readonly LintFindingView[];
  readonly summary: { readonly error: number; readonly warning: number; readonly info: number };
}

export interface LintRule {
  readonly id: LintCode;
  readonly severity: LintSeverity;
  readonly summary: string;
  readonly fix: string;
}

function location(f: LintFinding): LintLocation | undefined {
  const o = f.origin;
  // Live objects have no file; the document number is 0 when not applicable.
  if (!o || o.file === 'cluster' || o.doc === 0) return undefined;
  return { file: o.file, document: o.doc, ...(o.line !== undefined ? { line: o.line } : {}) };
}

export function lintView(findings: readonly LintFinding[], source: string, scope: string, policies: number): LintView {
  const count = (s: LintSeverity) => findings.filter((f) => f.severity === s).length;
  return {
    source,
    scope,
    policies,
    findings: findings.map((f) => {
      const at = location(f);
      return {
        code: f.code,
        severity: f.severity,
        object: f.object,
        ...(f.field ? { field: f.field } : {}),
        message: f.message,
        fix: f.fix,
        ...(at ? { location: at } : {}),
      };
    }),
    summary: { error: count('error'), warning: count('warning'), info: count('info') },
  };
}

/** Every code lint can report (not the coverage-only ones), in catalog order (SARIF rule indexes follow it). */
export const lintRules = (): LintRule[] =>
  LINT_REPORT_CODES.map((id) => ({ id, severity: LINT_CODES[id].severity, summary: LINT_CODES[id].summary, fix: LINT_CODES[id].fix }));

/** `shop/allow-web` for a policy, `namespace shop` for a namespace. */
export const objectName = (o: LintObject): string =>
  o.kind === 'Namespace' ? `namespace ${o.name}` : o.kind === 'NetworkPolicy' ? `${o.namespace}/${o.name}` : o.namespace === '' ? `${o.kind} ${o.name}` : `${o.kind} ${o.namespace}/${o.name}`;
