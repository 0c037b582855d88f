// The matrix as a grid, CSV, DOT and Mermaid, from hand-built views.
import { describe, expect, it } from 'vitest';
import { jsonAroundEdges, renderMatrixCsv, renderMatrixDot, renderMatrixGrid, renderMatrixMermaid } from '../../src/format/matrix-text.js';
import { renderJson } from '../../src/format/structured.js';
import { colorPalette, plainPalette } from '../../src/format/color.js';
import type { MatrixView } from '../../src/report/matrix-view.js';

const ALL = { TCP: ['1-65535'], UDP: ['1-65535'], SCTP: ['1-65535'] };
const view: MatrixView = {
  grouping: 'workload',
  probe: null,
  nodes: [
    { label: 'a/x', namespace: 'a', pods: 1 },
    { label: 'a/yy', namespace: 'a', pods: 2 },
    { label: 'b/z', namespace: 'b', pods: 1 },
  ],
  edges: [
    { from: 0, to: 1, ports: ALL, allPorts: true },
    { from: 1, to: 2, ports: { TCP: ['80', '443'], UDP: ['53'] }, allPorts: false },
  ],
};

describe('renderMatrixGrid', () => {
  it('numbered columns, A/P/. marks, blank diagonal, legend', () => {
    expect(renderMatrixGrid(view, plainPalette)).toBe(
      [
        '# SOURCE \\ DESTINATION 1 2 3',
        '1 a/x                    A .',
        '2 a/yy                 .   P',
        '3 b/z                  . .',
        '',
        'A: all ports   P: some ports (-o csv or -o json lists them)   .: nothing',
        '',
      ].join('\n'),
    );
  });

  it('with a probe every edge is an A and the legend names the probe', () => {
    const out = renderMatrixGrid({ ...view, probe: { protocol: 'UDP', port: 53 }, edges: [view.edges[1]!] }, plainPalette);
    expect(out.split('\n').slice(1, 4)).toEqual(['1 a/x                    . .', '2 a/yy                 .   A', '3 b/z                  . .']);
    expect(out.endsWith('\nA: allowed on UDP 53   .: denied\n')).toBe(true);
  });

  it('namespace grouping titles the label column NAMESPACE', () => {
    const ns: MatrixView = { grouping: 'namespace', probe: null, nodes: [{ label: 'a', namespace: 'a', pods: 3 }], edges: [] };
    expect(renderMatrixGrid(ns, plainPalette).split('\n')[0]).toBe('# NAMESPACE 1');
  });

  it('labels are full names: 30 namespaces that share a long suffix stay apart (no row is shortened)', () => {
    const nodes = Array.from({ length: 30 }, (_, i) => `team-${String(i).padStart(2, '0')}-payments-production-eu-west`).map((ns) => ({ label: ns, namespace: ns, pods: 1 }));
    const grid = renderMatrixGrid({ grouping: 'namespace', probe: null, nodes, edges: [{ from: 0, to: 1, paths: 2, allPorts: true, ports: {} }] }, plainPalette).split('\n');
    nodes.forEach((n, i) => expect(grid[i + 1]!.startsWith(`${String(i + 1).padEnd(2)} ${n.label} `)).toBe(true));
    expect(grid[1]!.slice(3 + nodes[0]!.label.length)).toBe(`   A${' .'.repeat(8)}${'  .'.repeat(20)}`);
  });

  it('a grid of 120 nodes: columns as wide as their numbers, marks under their first digit', () => {
    const nodes = Array.from({ length: 120 }, (_, i) => ({ label: `ns${i}`, namespace: `ns${i}`, pods: 1 }));
    const grid = renderMatrixGrid({ grouping: 'namespace', probe: null, nodes, edges: [{ from: 0, to: 119, paths: 1, allPorts: false, ports: {} }] }, plainPalette).split('\n');
    const header = grid[0]!;
    const row = grid[1]!;
    expect(header.startsWith('#   NAMESPACE 1 2')).toBe(true);
    expect(row.indexOf('P')).toBe(header.indexOf('120'));
    expect(row.charAt(header.indexOf(' 10 ') + 1)).toBe('.');
    expect(grid[120]!.endsWith('.')).toBe(true);
  });

  it('no nodes: a sentence, not an empty grid', () => {
    expect(renderMatrixGrid({ ...view, nodes: [], edges: [] }, plainPalette)).toBe('No pods in scope.\n');
  });

  it('colours marks only', () => {
    const out = renderMatrixGrid(view, colorPalette);
    expect(out).toContain('\u001b[32mA\u001b[39m');
    expect(out).toContain('\u001b[33mP\u001b[39m');
    expect(out).toContain('\u001b[2m.\u001b[22m');
    // Without the escapes, exactly the plain grid: colour must not shift the columns.
    // eslint-disable-next-line no-control-regex
    expect(out.replace(/\u001b\[[0-9;]*m/g, '')).toBe(renderMatrixGrid(view, plainPalette));
  });
});

describe('renderMatrixCsv', () => {
  it('one line per edge; fields with commas or quotes are quoted, quotes doubled', () => {
    const tricky: MatrixView = {
      ...view,
      nodes: [
        { label: 'a/we,ird', namespace: 'a', pods: 1 },
        { label: 'a/"q"', namespace: 'a', pods: 1 },
        { label: 'b/new\nline', namespace: 'b', pods: 1 },
      ],
    };
    expect(renderMatrixCsv(tricky)).toBe(['from,to,ports', '"a/we,ird","a/""q""",all ports', '"a/""q""",b/new line,"TCP 80,443, UDP 53"', ''].join('\n'));
  });

  it('no edges: just the header', () => {
    expect(renderMatrixCsv({ ...view, edges: [] })).toBe('from,to,ports\n');
  });
});

describe('renderMatrixDot', () => {
  it('quotes and backslashes in labels are escaped; control characters shown escaped', () => {
    const tricky: MatrixView = {
      ...view,
      nodes: [
        { label: 'a/"x"', namespace: 'a', pods: 1 },
        { label: 'a\\y', namespace: 'a', pods: 1 },
        { label: 'b/\u001b[31mz', namespace: 'b', pods: 1 },
      ],
    };
    expect(renderMatrixDot(tricky)).toBe(
      [
        'digraph netpol {',
        '  rankdir=LR;',
        '  node [shape=box];',
        '  n0 [label="a/\\"x\\""];',
        '  n1 [label="a\\\\y"];',
        '  n2 [label="b/\\\\x1b[31mz"];',
        '  n0 -> n1 [label="all ports"];',
        '  n1 -> n2 [label="TCP 80,443, UDP 53"];',
        '}',
        '',
      ].join('\n'),
    );
  });
});

describe('renderMatrixMermaid', () => {
  it('double quotes become #quot;', () => {
    const tricky: MatrixView = { ...view, nodes: [{ label: 'a/"x"', namespace: 'a', pods: 1 }, ...view.nodes.slice(1)] };
    expect(renderMatrixMermaid(tricky)).toBe(
      ['flowchart LR', '  n0["a/#quot;x#quot;"]', '  n1["a/yy"]', '  n2["b/z"]', '  n0 -->|"all ports"| n1', '  n1 -->|"TCP 80,443, UDP 53"| n2', ''].join('\n'),
    );
  });
});

describe('jsonAroundEdges', () => {
  const document = { apiVersion: 'v1', kind: 'Matrix', grouping: 'workload', probe: null, nodes: view.nodes, edges: view.edges, ignored: [{ kind: 'X', count: 1 }] };

  it('head, the edges one by one, and the close are exactly the JSON of the whole document', () => {
    const json = jsonAroundEdges({ ...document, edges: [] });
    const text = json.head + view.edges.map((e, i) => json.element(e, i === 0)).join('') + json.close(true);
    expect(text).toBe(renderJson(document));
  });

  it('no edges: an empty array, as JSON.stringify writes it', () => {
    const json = jsonAroundEdges({ ...document, edges: [] });
    expect(json.head + json.close(false)).toBe(renderJson({ ...document, edges: [] }));
  });
});
