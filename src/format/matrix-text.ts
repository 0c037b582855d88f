// The matrix as a grid (numbered columns, so it fits 80 columns), CSV, Graphviz DOT and Mermaid.
import type { MatrixView } from '../report/matrix-view.js';
import type { Palette } from './color.js';
import { formatPorts } from './reach-text.js';
import { sanitizeLine } from './sanitize.js';
import { escapeRaw, renderJson } from './structured.js';

const ALL = 'A';
const SOME = 'P';
const NONE = '.';

/**
 * The grid, laid out as renderTable would (left-aligned columns one space apart, no trailing
 * spaces) but in one pass per row: a summary of 2,000 namespaces has 4,000,000 marks.
 */
export function renderMatrixGrid(view: MatrixView, palette: Palette): string {
  const n = view.nodes.length;
  if (n === 0) return 'No pods in scope.\n';
  const rowsOut: { to: number; mark: string; style: 'good' | 'warn' }[][] = view.nodes.map(() => []);
  for (const e of view.edges) rowsOut[e.from]!.push({ to: e.to, mark: view.probe || e.allPorts ? ALL : SOME, style: view.probe || e.allPorts ? 'good' : 'warn' });
  const title = view.grouping === 'namespace' ? 'NAMESPACE' : 'SOURCE \\ DESTINATION';
  const labels = view.nodes.map((node) => sanitizeLine(node.label));
  const numberWidth = Math.max(1, String(n).length);
  const labelWidth = labels.reduce((w, l) => Math.max(w, l.length), title.length);
  // Each mark column is as wide as its number; marks are one character, padded after.
  const pads = view.nodes.map((_, j) => ' '.repeat(String(j + 1).length));
  const header = ['#'.padEnd(numberWidth), title.padEnd(labelWidth), ...view.nodes.map((_, j) => String(j + 1))].join(' ');
  const dim = palette.dim(NONE);
  const lines = [header.trimEnd()];
  for (let i = 0; i < n; i++) {
    const marks = new Array<string>(n);
    const plain = new Array<string>(n);
    for (let j = 0; j < n; j++) {
      marks[j] = dim;
      plain[j] = NONE;
    }
    marks[i] = ' ';
    plain[i] = ' ';
    for (const m of rowsOut[i]!) {
      if (m.to === i) continue;
      marks[m.to] = palette[m.style](m.mark);
      plain[m.to] = m.mark;
    }
    // Trailing blanks are dropped, as kubectl leaves none: the last non-blank mark ends the line.
    let last = n - 1;
    while (last >= 0 && plain[last] === ' ') last--;
    let line = `${String(i + 1).padEnd(numberWidth)} ${last < 0 ? labels[i]! : labels[i]!.padEnd(labelWidth)}`;
    for (let j = 0; j <= last; j++) line += ` ${marks[j]}${j === last ? '' : pads[j]!.slice(1)}`;
    lines.push(line.trimEnd());
  }
  const legend = view.probe
    ? `${ALL}: allowed on ${view.probe.protocol} ${sanitizeLine(String(view.probe.port))}   ${NONE}: denied`
    : `${ALL}: all ports   ${SOME}: some ports (-o csv or -o json lists them)   ${NONE}: nothing`;
  // A named port: the destinations that declare none cannot be reached on it.
  const without = view.nodes.flatMap((node, j) => (node.port === null ? [String(j + 1)] : []));
  const missing = view.probe && without.length > 0 ? `No ${view.probe.protocol} port named "${sanitizeLine(String(view.probe.port))}" on ${without.join(', ')}\n` : '';
  return `${lines.join('\n')}\n\n${legend}\n${missing}`;
}

/** What an edge allows: its ports, or for a namespace summary how many workload pairs connect. */
function edgeLabel(edge: MatrixView['edges'][number]): string {
  if (edge.paths !== undefined) return `${edge.paths} workload pair${edge.paths === 1 ? '' : 's'}${edge.allPorts ? ', all ports' : ''}`;
  return formatPorts(edge.ports);
}

const csvField = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

type Nodes = MatrixView['nodes'];
type Edge = MatrixView['edges'][number];

/**
 * CSV, DOT and Mermaid in three parts (what comes before the edges, one line per edge, what comes
 * after), so that a large grid can be written row by row; the whole-view renderers join them.
 */
export interface LinePrinter {
  readonly head: (nodes: Nodes) => string[];
  readonly edge: (nodes: Nodes, edge: Edge) => string;
  readonly tail: string[];
}

export const matrixCsv: LinePrinter = {
  head: () => ['from,to,ports'],
  edge: (nodes, e) => [nodes[e.from]!.label, nodes[e.to]!.label, edgeLabel(e)].map((s) => csvField(sanitizeLine(s))).join(','),
  tail: [],
};

const quote = (s: string) => `"${sanitizeLine(s).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

export const matrixDot: LinePrinter = {
  head: (nodes) => ['digraph netpol {', '  rankdir=LR;', '  node [shape=box];', ...nodes.map((n, i) => `  n${i} [label=${quote(n.label)}];`)],
  edge: (_, e) => `  n${e.from} -> n${e.to} [label=${quote(edgeLabel(e))}];`,
  tail: ['}'],
};

const mermaidText = (s: string) => sanitizeLine(s).replace(/"/g, '#quot;');

export const matrixMermaid: LinePrinter = {
  head: (nodes) => ['flowchart LR', ...nodes.map((n, i) => `  n${i}["${mermaidText(n.label)}"]`)],
  edge: (_, e) => `  n${e.from} -->|"${mermaidText(edgeLabel(e))}"| n${e.to}`,
  tail: [],
};

const renderLines = (printer: LinePrinter, view: MatrixView): string =>
  `${[...printer.head(view.nodes), ...view.edges.map((e) => printer.edge(view.nodes, e)), ...printer.tail].join('\n')}\n`;

export const renderMatrixCsv = (view: MatrixView): string => renderLines(matrixCsv, view);
export const renderMatrixDot = (view: MatrixView): string => renderLines(matrixDot, view);
export const renderMatrixMermaid = (view: MatrixView): string => renderLines(matrixMermaid, view);

/**
 * -o json of a document whose edges come later, row by row: the text before the edges and after,
 * and each edge as an array element, so that head + edges + tail is exactly renderJson(document).
 */
export function jsonAroundEdges(document: { readonly edges: readonly unknown[] }): { head: string; element: (edge: Edge, first: boolean) => string; close: (any: boolean) => string } {
  const mark = '\u0000edges\u0000';
  const text = renderJson({ ...document, edges: mark });
  const at = text.indexOf(JSON.stringify(mark));
  const head = text.slice(0, at);
  const tail = text.slice(at + JSON.stringify(mark).length);
  return {
    head,
    // Elements of a top-level array are indented by four spaces, as JSON.stringify(value, null, 2) does.
    element: (edge, first) => `${first ? '[' : ','}\n${escapeRaw(JSON.stringify(edge, null, 2)).replace(/^/gm, '    ')}`,
    close: (any) => `${any ? '\n  ]' : '[]'}${tail}`,
  };
}
