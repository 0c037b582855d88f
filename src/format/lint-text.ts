// Text form of `lint`: one table row per finding (kubectl's look; -o wide adds fix and location), then a summary.
import type { LintView } from '../report/lint-view.js';
import { objectName } from '../report/lint-view.js';
import type { Palette } from './color.js';
import { sanitizeLine } from './sanitize.js';
import { renderTable, type Cell } from './table.js';

const severityCell = (s: string): Cell => ({ text: s, style: s === 'error' ? 'bad' : s === 'warning' ? 'warn' : 'dim' });

export function renderLint(view: LintView, options: { readonly wide: boolean }, palette: Palette): string {
  const s = view.summary;
  const checked = `${view.policies} ${view.policies === 1 ? 'policy' : 'policies'} in ${sanitizeLine(view.source)}, ${view.scope}`;
  if (view.findings.length === 0) return `No findings: ${checked}.\n`;
  const headers = ['severity', 'code', 'object', 'field', 'message', ...(options.wide ? ['fix', 'location'] : [])];
  const rows = view.findings.map((f) => [
    severityCell(f.severity),
    f.code,
    objectName(f.object),
    f.field,
    f.message,
    ...(options.wide ? [f.fix, f.location ? `${f.location.file}:${f.location.line ?? `document ${f.location.document}`}` : undefined] : []),
  ]);
  return `${renderTable(headers, rows, palette)}\n${s.error} error${s.error === 1 ? '' : 's'}, ${s.warning} warning${s.warning === 1 ? '' : 's'}, ${s.info} info: ${checked}\n`;
}
