// Text form of `diff`: what opens, what closes, isolation and findings, as a summary at 80 columns.
import type { AddressRow, ConnectionRow, DiffView, IsolationRow } from '../report/diff-view.js';
import type { FindingView } from '../report/coverage-view.js';
import { findingText } from './coverage-text.js';
import type { Palette } from './color.js';
import { formatPorts } from './reach-text.js';
import { sanitizeLine } from './sanitize.js';

const INDENT = '      ';

/** Breaks `text` at spaces so no line is longer than `width` (a longer word stays whole); keeps leading spaces. */
export function wrapLines(text: string, width: number, indent: string): string[] {
  const lead = /^ */.exec(text)![0];
  const lines: string[] = [];
  let line = '';
  for (const word of text.slice(lead.length).split(' ')) {
    const limit = lines.length === 0 ? width - lead.length : width - indent.length;
    const candidate = line === '' ? word : `${line} ${word}`;
    if (candidate.length <= limit || line === '') line = candidate;
    else {
      lines.push(line);
      line = word;
    }
  }
  lines.push(line);
  return lines.map((l, i) => (i === 0 ? lead : indent) + l);
}
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function connectionLine(mark: string, r: ConnectionRow): string {
  return `  ${mark} ${sanitizeLine(r.from)} -> ${sanitizeLine(r.to)}: ${formatPorts(r.ports)}`;
}

function addressLine(mark: string, r: AddressRow): string {
  const addresses = r.addresses.map(sanitizeLine).join(', ');
  const workload = sanitizeLine(r.workload);
  const path = r.direction === 'egress' ? `${workload} -> ${addresses}` : `${addresses} -> ${workload}`;
  return `  ${mark} ${path}: ${formatPorts(r.ports)} (${r.rules.map(sanitizeLine).join(', ')})`;
}

function isolationLine(r: IsolationRow): string {
  const parts = (['ingress', 'egress'] as const)
    .filter((d) => r[d].before !== r[d].after)
    .map((d) => `${d} ${r[d].before} -> ${r[d].after}`);
  const pods = r.pods > 1 ? ` (${r.pods} pods)` : '';
  return `  ~ ${sanitizeLine(r.workload)}${pods}: ${parts.join(', ')}`;
}

function findingLine(mark: string, f: FindingView, palette: Palette): string {
  const paint = f.severity === 'error' ? palette.bad : f.severity === 'warning' ? palette.warn : palette.dim;
  return `  ${mark} ${paint(f.severity.toUpperCase())} ${f.code}: ${sanitizeLine(f.namespace)}: ${findingText(f)}`;
}

function section<T>(title: string, rows: readonly T[], line: (row: T) => string, width: number): string[] {
  if (rows.length === 0) return [];
  return ['', `${title} (${rows.length}):`, ...rows.flatMap((r) => wrapLines(line(r), width, INDENT))];
}

function policyLine(view: DiffView): string {
  const parts = (['replaced', 'added', 'removed'] as const)
    .filter((k) => view.policies[k].length > 0)
    .map((k) => `${view.policies[k].length} ${k} (${view.policies[k].map(sanitizeLine).join(', ')})`);
  return `Policies: ${parts.length > 0 ? parts.join('; ') : 'no change'}`;
}

export function renderDiff(view: DiffView, palette: Palette, width = 80): string {
  const s = view.summary;
  const lines = [...wrapLines(`${sanitizeLine(view.source)}, ${view.scope}`, width, '  '), ...wrapLines(policyLine(view), width, '  ')];
  lines.push(
    ...section('Connections opened', view.connections.opened, (r) => connectionLine('+', r), width),
    ...section('Connections closed', view.connections.closed, (r) => connectionLine('-', r), width),
    ...section('Outside addresses opened', view.addresses.opened, (r) => addressLine('+', r), width),
    ...section('Outside addresses closed', view.addresses.closed, (r) => addressLine('-', r), width),
    ...section('Isolation changed', view.isolation, isolationLine, width),
    ...section('New findings', view.findings.new, (f) => findingLine('+', f, palette), width),
    ...section('Resolved findings', view.findings.resolved, (f) => findingLine('-', f, palette), width),
  );
  const nothing = Object.values(s).every((n) => n === 0);
  lines.push('');
  if (nothing) lines.push('No change: every connection, address range, isolation and finding stays as it is.');
  else {
    const summary =
      `Summary: ${plural(s.opened, 'connection')} opened, ${s.closed} closed; ` +
      `${plural(s.addressesOpened, 'address range')} opened, ${s.addressesClosed} closed; ` +
      `${plural(s.isolationChanged, 'isolation change')}; ${plural(s.newFindings, 'new finding')}, ${s.resolvedFindings} resolved.`;
    lines.push(...wrapLines(summary, width, '  '));
  }
  return `${lines.join('\n')}\n`;
}
