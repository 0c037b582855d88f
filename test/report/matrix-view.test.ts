// The matrix view model: labels, port lists, --port filtering, and namespace summaries.
import { describe, expect, it } from 'vitest';
import { matrixView, namespaceSummaryView } from '../../src/report/matrix-view.js';
import type { Matrix } from '../../src/engine/analysis/matrix.js';
import type { Pod } from '../../src/model/snapshot.js';
import { PortSet } from '../../src/engine/sets/port-set.js';

const pods = (n: number): Pod[] => Array.from({ length: n }, (_, i) => ({ namespace: 'x', name: `p${i}`, labels: {}, ips: [], phase: 'Running', hostNetwork: false, ports: [] }));
const group = (namespace: string, name: string, count: number) => ({ key: `${namespace}/${name}`, namespace, name, kind: 'Pod', pods: pods(count) });

const matrix: Matrix = {
  nodes: [group('a', 'deployment/api', 2), group('a', 'db', 1), group('b', 'batch', 3)],
  edges: [
    { from: 0, to: 1, ports: PortSet.range('TCP', 5432) },
    { from: 1, to: 0, ports: PortSet.all },
    { from: 2, to: 0, ports: PortSet.range('TCP', 8000, 8080).union(PortSet.range('UDP', 53)) },
    { from: 0, to: 2, ports: PortSet.all },
  ],
};

describe('matrixView', () => {
  it('labels are namespace/name, ports as JSON ranges, allPorts only for every port of every protocol', () => {
    expect(matrixView(matrix, null)).toEqual({
      grouping: 'workload',
      probe: null,
      nodes: [
        { label: 'a/deployment/api', namespace: 'a', pods: 2 },
        { label: 'a/db', namespace: 'a', pods: 1 },
        { label: 'b/batch', namespace: 'b', pods: 3 },
      ],
      edges: [
        { from: 0, to: 1, ports: { TCP: ['5432'] }, allPorts: false },
        { from: 1, to: 0, ports: { TCP: ['1-65535'], UDP: ['1-65535'], SCTP: ['1-65535'] }, allPorts: true },
        { from: 2, to: 0, ports: { TCP: ['8000-8080'], UDP: ['53'] }, allPorts: false },
        { from: 0, to: 2, ports: { TCP: ['1-65535'], UDP: ['1-65535'], SCTP: ['1-65535'] }, allPorts: true },
      ],
    });
  });

  it('a probe keeps only the edges allowing it, each showing just that port', () => {
    const v = matrixView(matrix, { protocol: 'UDP', port: 53 });
    expect(v.probe).toEqual({ protocol: 'UDP', port: 53 });
    expect(v.edges).toEqual([
      { from: 1, to: 0, ports: { UDP: ['53'] }, allPorts: true },
      { from: 2, to: 0, ports: { UDP: ['53'] }, allPorts: false },
      { from: 0, to: 2, ports: { UDP: ['53'] }, allPorts: true },
    ]);
    expect(matrixView(matrix, { protocol: 'SCTP', port: 5432 }).edges.map((e) => [e.from, e.to])).toEqual([
      [1, 0],
      [0, 2],
    ]);
  });
});

describe('namespaceSummaryView', () => {
  const summary = {
    namespaces: ['a', 'b'],
    pods: [3, 3],
    cells: [
      { from: 0, to: 1, paths: 2, allPorts: false },
      { from: 1, to: 0, paths: 1, allPorts: true },
    ],
  };

  it('one node per namespace with its pods; an edge per connecting namespace pair, counting workload pairs', () => {
    expect(namespaceSummaryView(summary, null)).toEqual({
      grouping: 'namespace',
      probe: null,
      nodes: [
        { label: 'a', namespace: 'a', pods: 3 },
        { label: 'b', namespace: 'b', pods: 3 },
      ],
      edges: [
        { from: 0, to: 1, paths: 2, allPorts: false, ports: {} },
        { from: 1, to: 0, paths: 1, allPorts: true, ports: {} },
      ],
    });
  });

  it('keeps the probe', () => {
    expect(namespaceSummaryView(summary, { protocol: 'TCP', port: 5432 }).probe).toEqual({ protocol: 'TCP', port: 5432 });
  });
});
