// The matrix as a grid (numbered columns, so it fits 80 columns), CSV, Graphviz DOT and Mermaid.
import type { MatrixView } from '../report/matrix-view.js';
import type { Palette } from './color.js';
import { formatPorts } from './reach-text.js';
import { sanitizeLine } from './sanitize.js';
import { renderTable, type Cell } from './table.js';

const ALL = 'A';
const SOME = 'P';
const NONE = '.';

export function renderMatrixGrid(view: MatrixView, palette: Palette): string {
  const n = view.nodes.length;
  if (n === 0) return 'No pods in scope.\n';
  const cell = new Map(view.edges.map((e) => [`${e.from},${e.to}`, e]));
  // Marks are styled cells: the table sanitizes text first and colours after, so columns stay aligned.
  const mark = (i: number, j: number): Cell => {
    if (i === j) return ' ';
    const edge = cell.get(`${i},${j}`);
    if (!edge) return { text: NONE, style: 'dim' };
    if (view.probe || edge.allPorts) return { text: ALL, style: 'good' };
    return { text: SOME, style: 'warn' };
  };
  const header = ['#', view.grouping === 'namespace' ? 'namespace' : 'source \\ destination', ...view.nodes.map((_, j) => String(j + 1))];
  // Labels give way so the grid fits 80 columns: each mark column is its number's width plus a space.
  const gridWidth = view.nodes.reduce((w, _, j) => w + String(j + 1).length + 1, 0) + String(n).length + 1;
  const labelWidth = Math.max(12, 80 - gridWidth);
  const fit = (label: string) => (label.length > labelWidth ? `…${label.slice(label.length - labelWidth + 1)}` : label);
  const rows = view.nodes.map((node, i): Cell[] => [String(i + 1), fit(node.label), ...view.nodes.map((_, j) => mark(i, j))]);
  const legend = view.probe
    ? `${ALL}: allowed on ${view.probe.protocol} ${sanitizeLine(String(view.probe.port))}   ${NONE}: denied`
    : `${ALL}: all ports   ${SOME}: some ports (-o csv or -o json lists them)   ${NONE}: nothing`;
  // A named port: the destinations that declare none cannot be reached on it.
  const without = view.nodes.flatMap((node, j) => (node.port === null ? [String(j + 1)] : []));
  const missing = view.probe && without.length > 0 ? `No ${view.probe.protocol} port named "${sanitizeLine(String(view.probe.port))}" on ${without.join(', ')}\n` : '';
  return `${renderTable(header, rows, palette, 1)}\n${legend}\n${missing}`;
}

/** What an edge allows: its ports, or for a namespace summary how many workload pairs connect. */
function edgeLabel(edge: MatrixView['edges'][number]): string {
  if (edge.paths !== undefined) return `${edge.paths} workload pair${edge.paths === 1 ? '' : 's'}${edge.allPorts ? ', all ports' : ''}`;
  return formatPorts(edge.ports);
}

const csvField = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export function renderMatrixCsv(view: MatrixView): string {
  const lines = ['from,to,ports'];
  for (const e of view.edges) lines.push([view.nodes[e.from]!.label, view.nodes[e.to]!.label, edgeLabel(e)].map((s) => csvField(sanitizeLine(s))).join(','));
  return `${lines.join('\n')}\n`;
}

const quote = (s: string) => `"${sanitizeLine(s).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

export function renderMatrixDot(view: MatrixView): string {
  const lines = ['digraph netpol {', '  rankdir=LR;', '  node [shape=box];'];
  view.nodes.forEach((n, i) => lines.push(`  n${i} [label=${quote(n.label)}];`));
  for (const e of view.edges) lines.push(`  n${e.from} -> n${e.to} [label=${quote(edgeLabel(e))}];`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

export function renderMatrixMermaid(view: MatrixView): string {
  const text = (s: string) => sanitizeLine(s).replace(/"/g, '#quot;');
  const lines = ['flowchart LR'];
  view.nodes.forEach((n, i) => lines.push(`  n${i}["${text(n.label)}"]`));
  for (const e of view.edges) lines.push(`  n${e.from} -->|"${text(edgeLabel(e))}"| n${e.to}`);
  return `${lines.join('\n')}\n`;
}
