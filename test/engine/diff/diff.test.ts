// diffPolicyStates and its parts: exact port and address differences, the skip of unchanged pairs, replicas.
import { describe, expect, it } from 'vitest';
import { PolicyIndex } from '../../../src/engine/compile.js';
import { grantsMinus } from '../../../src/engine/diff/addresses.js';
import { connectionChanges } from '../../../src/engine/diff/connections.js';
import { countOpened, diffPolicyStates } from '../../../src/engine/diff/diff.js';
import { applyOverlay } from '../../../src/engine/whatif/overlay.js';
import { analysablePods } from '../../../src/engine/analysis/isolation.js';
import { groupByWorkload } from '../../../src/engine/analysis/workload-groups.js';
import { IpSet } from '../../../src/engine/sets/ip-set.js';
import { PortSet } from '../../../src/engine/sets/port-set.js';
import type { Snapshot } from '../../../src/model/snapshot.js';
import { SnapshotBuilder } from '../../fixtures/builder.js';

const ip = (text: string) => IpSet.parse(text)!;
const tcp = (from: number, to = from) => PortSet.range('TCP', from, to);
const NO_RULES: never[] = [];

describe('grantsMinus', () => {
  it('keeps ports the other side lacks where they overlap, and everything where it does not', () => {
    const a = [{ addresses: ip('10.0.0.0/8'), ports: tcp(80, 90), rules: NO_RULES }];
    const b = [{ addresses: ip('10.1.0.0/16'), ports: tcp(85), rules: NO_RULES }];
    const out = grantsMinus(a, b).map((g) => [g.addresses.toString(), g.ports.toString()]);
    expect(out).toEqual(
      expect.arrayContaining([
        ['10.1.0.0/16', 'TCP 80-84,86-90'],
        ['10.0.0.0-10.0.255.255, 10.2.0.0-10.255.255.255', 'TCP 80-90'],
      ]),
    );
    expect(out).toHaveLength(2);
  });

  it('nothing is left when the other side allows at least as much', () => {
    const a = [{ addresses: ip('192.168.1.0/24'), ports: tcp(443), rules: NO_RULES }];
    const b = [{ addresses: ip('192.168.0.0/16'), ports: PortSet.all, rules: NO_RULES }];
    expect(grantsMinus(a, b)).toEqual([]);
  });

  it('minus nothing is the whole relation', () => {
    const a = [{ addresses: ip('0.0.0.0/0'), ports: tcp(53), rules: NO_RULES }];
    expect(grantsMinus(a, []).map((g) => [g.addresses.toString(), g.ports.toString()])).toEqual([['0.0.0.0/0', 'TCP 53']]);
  });
});

/** Namespaces x and y; x/web (2 replicas), x/api, y/client, y/job (bare pod). */
function world(): SnapshotBuilder {
  return new SnapshotBuilder()
    .namespace('x', { team: 'x' })
    .namespace('y', { team: 'y' })
    .pod('x', 'web-1', { labels: { app: 'web' }, ip: '10.0.0.1', owner: { kind: 'StatefulSet', name: 'web' } })
    .pod('x', 'web-2', { labels: { app: 'web' }, ip: '10.0.0.2', owner: { kind: 'StatefulSet', name: 'web' } })
    .pod('x', 'api', { labels: { app: 'api' }, ip: '10.0.0.3' })
    .pod('y', 'client', { labels: { app: 'client' }, ip: '10.0.1.1' })
    .pod('y', 'job', { labels: { app: 'job' }, ip: '10.0.1.2' })
    .policy('x', 'web', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'y' } } }], ports: [{ port: 80 }] }] })
    .policy('y', 'client-egress', { podSelector: { matchLabels: { app: 'client' } }, policyTypes: ['Egress'], egress: [{ ports: [{ port: 80 }, { port: 443 }] }] });
}

const proposed = (policies: SnapshotBuilder) => policies.build().policies;

function states(base: Snapshot, overlay: Parameters<typeof applyOverlay>[1]) {
  const after = applyOverlay(base, overlay).snapshot;
  return { before: { snapshot: base, index: new PolicyIndex(base) }, after: { snapshot: after, index: new PolicyIndex(after) } };
}

describe('connectionChanges', () => {
  it('skipping pairs whose deciding policies did not change gives the same answer as judging every pair', () => {
    const base = world().build();
    const overlay = {
      policies: proposed(new SnapshotBuilder().policy('x', 'web', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ ports: [{ port: 80 }, { port: 8080 }] }] })),
      remove: [{ namespace: 'y', name: 'client-egress' }],
    };
    const { before, after } = states(base, overlay);
    const groups = groupByWorkload(analysablePods(after.snapshot));
    const fast = connectionChanges(groups, before.index, after.index);
    // A copy of the current policies compiles to new objects: nothing can be skipped.
    const copy = new PolicyIndex({ namespaces: base.namespaces, policies: structuredClone(base.policies) });
    const full = connectionChanges(groups, copy, after.index);
    const flat = (list: typeof fast.opened) => list.map((c) => `${c.from.key} -> ${c.to.key}: ${c.ports.toString()}`).sort();
    expect(flat(fast.opened)).toEqual(flat(full.opened));
    expect(flat(fast.closed)).toEqual(flat(full.closed));
    expect(flat(fast.opened)).toContain('y/job -> x/statefulset/web: TCP 8080');
    expect(flat(fast.opened)).toContain('y/client -> x/api: TCP 1-79,81-442,444-65535; UDP all; SCTP all');
  });

  it('a workload with replicas is compared with itself (one replica to another)', () => {
    const base = world().build();
    const { before, after } = states(base, {
      policies: proposed(new SnapshotBuilder().policy('x', 'web', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }] })),
      remove: [],
    });
    const diff = diffPolicyStates(before, after);
    // Before, web admitted only namespace y on TCP 80: replica to replica was denied.
    expect(diff.connections.opened.map((c) => `${c.from.key} -> ${c.to.key}: ${c.ports.toString()}`)).toEqual(['x/statefulset/web -> x/statefulset/web: all ports']);
    // y's pods lose TCP 80 to web.
    expect(diff.connections.closed.map((c) => `${c.from.key} -> ${c.to.key}: ${c.ports.toString()}`)).toEqual(['y/client -> x/statefulset/web: TCP 80', 'y/job -> x/statefulset/web: TCP 80']);
  });
});

describe('diffPolicyStates', () => {
  it('isolation changes are counted per pod: replicas with different labels are reported apart', () => {
    const base = new SnapshotBuilder()
      .pod('x', 'w-1', { labels: { app: 'w', canary: 'yes' }, owner: { kind: 'Deployment', name: 'w' } })
      .pod('x', 'w-2', { labels: { app: 'w' }, owner: { kind: 'Deployment', name: 'w' } })
      .pod('x', 'w-3', { labels: { app: 'w' }, owner: { kind: 'Deployment', name: 'w' } })
      .build();
    const { before, after } = states(base, {
      policies: proposed(new SnapshotBuilder().policy('x', 'canary', { podSelector: { matchLabels: { canary: 'yes' } }, policyTypes: ['Egress'] })),
      remove: [],
    });
    const diff = diffPolicyStates(before, after);
    expect(diff.isolation.map((i) => [i.group.key, i.pods, i.ingress, i.egress])).toEqual([
      ['x/deployment/w', 1, { before: false, after: false }, { before: false, after: true }],
    ]);
  });

  it('namespaces limit what is reported, and countOpened counts connections and address ranges', () => {
    const base = world().build();
    const { before, after } = states(base, { policies: [], remove: [{ namespace: 'x', name: 'web' }] });
    const all = diffPolicyStates(before, after);
    expect(all.addresses.opened.map((a) => [a.group.key, a.direction, a.addresses.toString()])).toEqual([['x/statefulset/web', 'ingress', '0.0.0.0/0']]);
    expect(countOpened(all)).toBe(all.connections.opened.length + 1);
    expect(countOpened(all, new Set(['nowhere']))).toBe(0);
    const onlyY = diffPolicyStates(before, after, new Set(['y']));
    // Paths from y to x still touch y; x's own address range does not.
    expect(onlyY.connections.opened.every((c) => c.from.namespace === 'y' || c.to.namespace === 'y')).toBe(true);
    expect(onlyY.connections.opened.length).toBeGreaterThan(0);
    expect(onlyY.addresses.opened).toEqual([]);
  });
});
