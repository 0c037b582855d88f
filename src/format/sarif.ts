// SARIF 2.1.0 for `lint -o sarif`: code-scanning UIs show each finding on the line of its policy document.
import type { LintFindingView, LintRule, LintView } from '../report/lint-view.js';
import { objectName } from '../report/lint-view.js';
import { renderJson } from './structured.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

/** A URI reference for a path as given: relative paths stay relative (to the repository root in CI). */
export function fileUri(path: string): string {
  const slashes = path.replace(/\\/g, '/');
  const encoded = slashes.split('/').map(encodeURIComponent).join('/');
  return slashes.startsWith('/') ? `file://${encoded}` : encoded;
}

function locations(f: LintFindingView) {
  const logical = [{ name: objectName(f.object), fullyQualifiedName: `${f.object.kind}/${f.object.namespace === '' ? '' : `${f.object.namespace}/`}${f.object.name}${f.field ? `/${f.field}` : ''}`, kind: 'object' }];
  // Only objects read from a file have a place in one; stdin has no name to point at.
  const where = f.location && f.location.line !== undefined && f.location.file !== '-' ? f.location : undefined;
  if (!where) return [{ logicalLocations: logical }];
  return [{ physicalLocation: { artifactLocation: { uri: fileUri(where.file) }, region: { startLine: where.line } }, logicalLocations: logical }];
}

export function renderSarif(view: LintView, rules: readonly LintRule[], version: string): string {
  const indexOf = new Map(rules.map((r, i) => [r.id, i]));
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'kubectl-netpol',
            version,
            rules: rules.map((r) => ({
              id: r.id,
              shortDescription: { text: r.summary },
              help: { text: `Fix: ${r.fix}.` },
              defaultConfiguration: { level: LEVEL[r.severity] },
            })),
          },
        },
        results: view.findings.map((f) => ({
          ruleId: f.code,
          ruleIndex: indexOf.get(f.code) ?? -1,
          level: LEVEL[f.severity],
          message: { text: `${objectName(f.object)}${f.field ? ` ${f.field}` : ''}: ${f.message}. Fix: ${f.fix}.` },
          locations: locations(f),
        })),
      },
    ],
  };
  // Names and messages keep their exact text, with every control character escaped as in -o json.
  return renderJson(log);
}
