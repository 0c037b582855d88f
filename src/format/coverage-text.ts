// Text form of `coverage`: namespaces, workloads (when few enough to read), findings by code.
import type { CoverageView, FindingView, IsolationState } from '../report/coverage-view.js';
import type { Palette } from './color.js';
import { sanitizeLine } from './sanitize.js';
import { renderTable, type Cell } from './table.js';
import { wrap } from './wrap.js';

export interface CoverageTextOptions {
  readonly wide: boolean;
  /** List every workload and every finding even when there are many. */
  readonly all: boolean;
  /** Wrap free text to this many columns (a terminal's width); undefined: never (a pipe gets whole lines). */
  readonly width?: number;
}

const MAX_WORKLOAD_ROWS = 60;
const MAX_FINDINGS_PER_CODE = 5;

const isolationCell = (s: IsolationState): Cell =>
  s === 'isolated' ? { text: 'isolated', style: 'good' } : s === 'open' ? { text: 'open', style: 'warn' } : { text: 'partial', style: 'warn' };

const pct = (n: number) => `${n}%`;
/** A namespace without pods has no isolation to speak of. */
const pctOf = (n: number | null, pods: number) => (n === null || pods === 0 ? '-' : pct(n));

/** Where the report looked, for the sentence that says it found no pods. */
const emptyScope = (scope: string) => (scope === 'all namespaces' ? 'the input' : scope);

function defaultDenyCell(d: { ingress: boolean; egress: boolean }): Cell {
  if (d.ingress && d.egress) return { text: 'ingress+egress', style: 'good' };
  if (d.ingress) return 'ingress';
  if (d.egress) return { text: 'egress only', style: 'warn' };
  return { text: 'none', style: 'warn' };
}

/**
 * A finding as one line naming what it is about: messages on namespaces and workloads name them
 * already; a policy's are about a part of it, so the policy comes first, and the field when it
 * points into a rule (which rule is not in the message).
 */
export function findingText(f: FindingView): string {
  if (f.message.startsWith(f.subject)) return sanitizeLine(f.message);
  const field = f.field?.includes('[') ? ` ${sanitizeLine(f.field)}` : '';
  return `${sanitizeLine(f.subject)}${field}: ${sanitizeLine(f.message)}`;
}

function findingsText(findings: readonly FindingView[], options: CoverageTextOptions, palette: Palette): string {
  if (findings.length === 0) return 'No findings.\n';
  const byCode = new Map<string, FindingView[]>();
  for (const f of findings) byCode.set(f.code, [...(byCode.get(f.code) ?? []), f]);
  const lines = [`Findings (${findings.length}):`];
  for (const [code, list] of byCode) {
    const severity = list[0]!.severity;
    const paint = severity === 'error' ? palette.bad : severity === 'warning' ? palette.warn : palette.dim;
    lines.push(`  ${paint(severity.toUpperCase())} ${code} (${list.length})`);
    const shown = options.all ? list : list.slice(0, MAX_FINDINGS_PER_CODE);
    for (const f of shown) {
      lines.push(wrap(`    ${sanitizeLine(f.namespace)}: ${findingText(f)}${f.location ? ` [${sanitizeLine(f.location)}]` : ''}`, options.width ?? Infinity, '      '));
    }
    if (shown.length < list.length) lines.push(`    ... and ${list.length - shown.length} more (-o wide or -o json lists all)`);
  }
  return `${lines.join('\n')}\n`;
}

export function renderCoverage(view: CoverageView, options: CoverageTextOptions, palette: Palette): string {
  const out: string[] = [];
  const t = view.totals;
  out.push(wrap(`${sanitizeLine(view.source)}, ${view.scope}:`, options.width ?? Infinity, '  '), '\n');
  if (t.pods === 0 || t.ingressPercent === null || t.egressPercent === null) {
    out.push(`No pods in ${sanitizeLine(emptyScope(view.scope))}.\n`);
    if (view.namespaces.length === 0) return out.join('');
    out.push('\n');
  } else {
    out.push(`${t.pods} pods: ${pct(t.ingressPercent)} isolated for ingress (${t.ingressIsolated}), ${pct(t.egressPercent)} for egress (${t.egressIsolated})\n\n`);
  }
  out.push(
    renderTable(
      ['namespace', 'pods', 'ingress', 'egress', 'default deny', 'policies'],
      view.namespaces.map((n) => [n.name, n.pods, pctOf(n.ingressPercent, n.pods), pctOf(n.egressPercent, n.pods), n.pods === 0 && n.policies === 0 ? '-' : defaultDenyCell(n.defaultDeny), n.policies]),
      palette,
    ),
  );
  out.push('\n');
  if (view.workloads.length > 0) {
    if (view.workloads.length <= MAX_WORKLOAD_ROWS || options.all || options.wide) {
      const headers = ['namespace', 'workload', 'pods', 'ingress', 'egress', 'ingress from', ...(options.wide ? ['policies'] : [])];
      const rows = view.workloads.map((w) => [
        w.namespace,
        w.name,
        w.pods,
        w.hostNetwork ? 'host' : isolationCell(w.ingress),
        w.hostNetwork ? 'host' : isolationCell(w.egress),
        w.ingressFrom,
        ...(options.wide ? [w.policies.join(',')] : []),
      ]);
      out.push(renderTable(headers, rows, palette), '\n');
    } else {
      out.push(`${view.workloads.length} workloads (use -n NAMESPACE, or -o wide to list them all)\n\n`);
    }
  }
  out.push(findingsText(view.findings, options, palette));
  return out.join('');
}
