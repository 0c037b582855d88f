// Text form of `audit`: the four reports, each a table or a sentence saying there is nothing to report.
import type { AuditView } from '../report/audit-view.js';
import type { Palette } from './color.js';
import { sanitizeLine } from './sanitize.js';
import { renderTable } from './table.js';
import { nearMissLine } from './why-not-text.js';

const MAX_ROWS = 30;

function section(title: string, count: number, empty: string, body: () => string, palette: Palette): string {
  return `${palette.bold(title)}${count > 0 ? ` (${count})` : ''}\n${count === 0 ? `${empty}\n` : body()}`;
}

function more<T>(rows: readonly T[]): { shown: readonly T[]; note: string } {
  return rows.length > MAX_ROWS ? { shown: rows.slice(0, MAX_ROWS), note: `... and ${rows.length - MAX_ROWS} more (-o json lists all)\n` } : { shown: rows, note: '' };
}

/** Under the divergence table: each side where the log names another deciding policy than the engine. */
function attributions(rows: AuditView['divergence']): string {
  const lines = rows.flatMap((r) =>
    (r.policies ?? []).map((a) => {
      const logged = a.logged.map((p) => sanitizeLine(p.kind !== undefined && p.kind !== 'NetworkPolicy' ? `${p.kind} ${p.policy}` : p.policy)).join(', ');
      const computed = a.computed.length > 0 ? a.computed.map(sanitizeLine).join(', ') : 'none';
      return `  ${sanitizeLine(r.source)} -> ${sanitizeLine(r.destination)} ${r.port}/${r.protocol} ${a.direction} ${a.effect} by: log ${logged}; computed ${computed}`;
    }),
  );
  return lines.length > 0 ? `Policies named:\n${lines.join('\n')}\n` : '';
}

/** The nearest miss of each row that has one, under the table. */
function nearest(rows: AuditView['wouldBreak']): string {
  const lines = rows.flatMap((r) => (r.nearestMiss ? [`  ${sanitizeLine(r.source)} -> ${sanitizeLine(r.destination)} ${r.port}/${r.protocol}: ${nearMissLine(r.nearestMiss)}`] : []));
  return lines.length > 0 ? `Nearest miss:\n${lines.join('\n')}\n` : '';
}

export function renderAudit(view: AuditView, palette: Palette): string {
  const f = view.flows;
  const window = view.window ? ` from ${sanitizeLine(view.window.from)} to ${sanitizeLine(view.window.to)}` : '';
  const skipped = [f.replies > 0 ? `${f.replies} replies` : '', f.notConnections > 0 ? `${f.notConnections} not L3/L4 connections` : '', f.otherVerdicts > 0 ? `${f.otherVerdicts} dropped for other reasons` : '']
    .filter(Boolean)
    .join(', ');
  const out = [`${f.read} flows${window}${skipped ? ` (skipped: ${skipped})` : ''}.\n`];
  if (f.malformed > 0) {
    const lines = view.problems.map((p) => `  ${sanitizeLine(p.file)}:${p.line}: ${sanitizeLine(p.message)}\n`).join('');
    out.push(`${palette.warn(`${f.malformed} malformed line${f.malformed > 1 ? 's' : ''}`)} (not counted):\n${lines}${f.malformed > view.problems.length ? `  ... and ${f.malformed - view.problems.length} more\n` : ''}`);
  }
  const wb = more(view.wouldBreak);
  out.push(
    section('Would break: observed connections the policies deny', view.wouldBreak.length, 'None: every observed connection is allowed.', () =>
      renderTable(['source', 'destination', 'port', 'flows', 'denied by', 'first seen'], wb.shown.map((r) => [r.source, r.destination, `${r.port}/${r.protocol}`, r.flows, { text: r.deniedBy.map((d) => `${d.direction}: ${d.policies.join(', ') || '-'}`).join('; '), style: 'bad' as const }, r.firstSeen]), palette) +
      nearest(wb.shown) +
      wb.note,
    palette),
  );
  const dv = more(view.divergence);
  out.push(
    section('Divergence: the log disagrees with the computed verdict or deciding policy', view.divergence.length, 'None: every logged verdict (and policy named) matches the policies.', () =>
      renderTable(['source', 'destination', 'port', 'flows', 'logged', 'computed', 'likely cause'], dv.shown.map((r) => [r.source, r.destination, `${r.port}/${r.protocol}`, r.flows, r.logged, r.computed, r.cause]), palette) + attributions(dv.shown) + dv.note,
    palette),
  );
  const u = view.unused;
  const unusedCount = u.policies.length + u.rules.length + u.neverObserved.length;
  const nv = more(u.neverObserved);
  out.push(
    section(`Unused${window ? ' in this window' : ''}`, unusedCount, 'None: every rule was used and every allowed workload pair was observed.', () =>
      (u.policies.length > 0 ? `Policies no observed connection used: ${u.policies.map(sanitizeLine).join(', ')}\n` : '') +
      (u.rules.length > 0 ? `Rules no observed connection used: ${u.rules.map(sanitizeLine).join(', ')}\n` : '') +
      (u.neverObserved.length > 0 ? `Allowed but never observed (${u.neverObserved.length}):\n` + renderTable(['source', 'destination', 'allowed ports'], nv.shown.map((r) => [r.source, r.destination, r.ports]), palette) + nv.note : ''),
    palette),
  );
  const eg = more(view.externalEgress);
  out.push(
    section('Egress to outside the cluster', view.externalEgress.length, 'None observed.', () =>
      renderTable(['source', 'destination range', 'addresses', 'port', 'flows', 'admitted by'], eg.shown.map((r) => [r.source, r.range, r.addresses, `${r.port}/${r.protocol}`, r.flows, r.admittedBy.join(', ')]), palette) + eg.note,
    palette),
  );
  if (view.unmatched.length > 0) {
    out.push(`${palette.warn('Endpoints not in the cluster state')} (${view.unmatched.length}):\n` + renderTable(['endpoint', 'flows', 'reason'], view.unmatched.map((r) => [r.name, r.flows, r.reason]), palette));
  }
  return out.join('\n');
}
