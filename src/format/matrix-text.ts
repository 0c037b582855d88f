// The matrix as a grid (numbered columns, so it fits 80 columns), CSV, Graphviz DOT and Mermaid.
import type { MatrixView } from '../report/matrix-view.js';
import type { Palette } from './color.js';
import { formatPorts } from './reach-text.js';
import { sanitizeLine } from './sanitize.js';
import { renderTable } from './table.js';

const ALL = 'A';
const SOME = 'P';
const NONE = '.';

export function renderMatrixGrid(view: MatrixView, palette: Palette): string {
  const n = view.nodes.length;
  if (n === 0) return 'No pods in scope.\n';
  const cell = new Map(view.edges.map((e) => [`${e.from},${e.to}`, e]));
  const mark = (i: number, j: number): string => {
    if (i === j) return ' ';
    const edge = cell.get(`${i},${j}`);
    if (!edge) return palette.dim(NONE);
    if (view.probe) return palette.good(ALL);
    return edge.allPorts ? palette.good(ALL) : palette.warn(SOME);
  };
  const header = ['#', view.grouping === 'namespace' ? 'namespace' : 'source \\ destination', ...view.nodes.map((_, j) => String(j + 1))];
  const rows = view.nodes.map((node, i) => [String(i + 1), node.label, ...view.nodes.map((_, j) => mark(i, j))]);
  const legend = view.probe
    ? `${ALL}: allowed on ${view.probe.protocol} ${view.probe.port}   ${NONE}: denied`
    : `${ALL}: all ports   ${SOME}: some ports (-o csv or -o json lists them)   ${NONE}: nothing`;
  return `${renderTable(header, rows, palette, 1)}\n${legend}\n`;
}

const csvField = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export function renderMatrixCsv(view: MatrixView): string {
  const lines = ['from,to,ports'];
  for (const e of view.edges) lines.push([view.nodes[e.from]!.label, view.nodes[e.to]!.label, formatPorts(e.ports)].map((s) => csvField(sanitizeLine(s))).join(','));
  return `${lines.join('\n')}\n`;
}

const quote = (s: string) => `"${sanitizeLine(s).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

export function renderMatrixDot(view: MatrixView): string {
  const lines = ['digraph netpol {', '  rankdir=LR;', '  node [shape=box];'];
  view.nodes.forEach((n, i) => lines.push(`  n${i} [label=${quote(n.label)}];`));
  for (const e of view.edges) lines.push(`  n${e.from} -> n${e.to} [label=${quote(formatPorts(e.ports))}];`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

export function renderMatrixMermaid(view: MatrixView): string {
  const text = (s: string) => sanitizeLine(s).replace(/"/g, '#quot;');
  const lines = ['flowchart LR'];
  view.nodes.forEach((n, i) => lines.push(`  n${i}["${text(n.label)}"]`));
  for (const e of view.edges) lines.push(`  n${e.from} -->|"${text(formatPorts(e.ports))}"| n${e.to}`);
  return `${lines.join('\n')}\n`;
}
