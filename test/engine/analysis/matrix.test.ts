// computeMatrix and workload grouping: nodes per workload, edges per allowed ordered pair.
import { describe, expect, it } from 'vitest';
import { SnapshotBuilder } from '../../fixtures/builder.js';
import { computeMatrix } from '../../../src/engine/analysis/matrix.js';
import { groupByWorkload, groupKeyOf } from '../../../src/engine/analysis/workload-groups.js';

const world = () =>
  new SnapshotBuilder()
    .pod('b', 'zeta', { labels: { app: 'zeta' }, ip: '10.0.1.1' })
    .pod('a', 'web-1', { labels: { app: 'web' }, ip: '10.0.0.1', owner: { kind: 'Deployment', name: 'web' } })
    .pod('a', 'web-2', { labels: { app: 'web' }, ip: '10.0.0.2', owner: { kind: 'Deployment', name: 'web' } })
    .pod('a', 'db-0', { labels: { app: 'db' }, ip: '10.0.0.3', owner: { kind: 'StatefulSet', name: 'db' } })
    .pod('a', 'done', { labels: { app: 'done' }, ip: '10.0.0.4', phase: 'Failed' })
    // db accepts web on TCP 5432 only; zeta accepts nobody.
    .policy('a', 'db', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 5432 }] }] })
    .policy('b', 'deny', { podSelector: {}, policyTypes: ['Ingress'] });

describe('groupKeyOf / groupByWorkload', () => {
  it('a pod with an owner is keyed by the owner, a bare pod by its name', () => {
    const s = world().build();
    expect(groupKeyOf(s.pods[1]!)).toEqual({ key: 'a/deployment/web', name: 'deployment/web', kind: 'Deployment' });
    expect(groupKeyOf(s.pods[0]!)).toEqual({ key: 'b/zeta', name: 'zeta', kind: 'Pod' });
  });

  it('groups keep first-seen order and the pods in input order', () => {
    const groups = groupByWorkload(world().build().pods);
    expect(groups.map((g) => [g.key, g.pods.map((p) => p.name)])).toEqual([
      ['b/zeta', ['zeta']],
      ['a/deployment/web', ['web-1', 'web-2']],
      ['a/statefulset/db', ['db-0']],
      ['a/done', ['done']],
    ]);
  });
});

describe('computeMatrix', () => {
  it('nodes sorted by namespace then name (finished pods left out); one edge per allowed ordered pair', () => {
    const b = world();
    const m = computeMatrix(b.build(), b.index());
    expect(m.nodes.map((n) => `${n.namespace}/${n.name}`)).toEqual(['a/deployment/web', 'a/statefulset/db', 'b/zeta']);
    expect(m.edges.map((e) => ({ from: e.from, to: e.to, ports: e.ports.toString() }))).toEqual([
      { from: 0, to: 1, ports: 'TCP 5432' },
      { from: 1, to: 0, ports: 'all ports' },
      // Nothing isolates web, so zeta (another namespace) reaches it; zeta itself accepts nobody.
      { from: 2, to: 0, ports: 'all ports' },
    ]);
  });

  it('scope: only pods of the given namespaces', () => {
    const b = world();
    const m = computeMatrix(b.build(), b.index(), new Set(['b']));
    expect(m.nodes.map((n) => n.name)).toEqual(['zeta']);
    expect(m.edges).toEqual([]);
  });
});
