// connectionChanges judges a pair in full only where the changed side can answer differently, once
// per key of the other end: it must equal judging every ordered pair in both states, on random
// clusters with workloads of several pods, namespace labels, admin policies, and policies added,
// removed and replaced.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { connectionChanges } from '../../../src/engine/diff/connections.js';
import { analysablePods } from '../../../src/engine/analysis/isolation.js';
import { groupByWorkload, type PodGroup } from '../../../src/engine/analysis/workload-groups.js';
import { evaluate } from '../../../src/engine/evaluate.js';
import { podEndpoint } from '../../../src/engine/endpoint.js';
import { PolicyIndex } from '../../../src/engine/compile.js';
import { SnapshotBuilder } from '../../fixtures/builder.js';
import type { Snapshot } from '../../../src/model/snapshot.js';

const podArb = fc.record({
  ns: fc.constantFrom('x', 'y'),
  app: fc.constantFrom('a', 'b', 'c'),
  // Replicas of one workload may still differ (a StatefulSet's per-pod label).
  replica: fc.constantFrom('0', '1', undefined),
  owner: fc.constantFrom('w1', 'w2', undefined),
  ipLast: fc.integer({ min: 1, max: 6 }),
  node: fc.constantFrom('172.18.0.2', '172.18.0.3'),
  hostNetwork: fc.boolean(),
  dualStack: fc.boolean(),
  portName: fc.constantFrom('http', 'web'),
  portNumber: fc.constantFrom(80, 8080),
});

const peerArb = fc.constantFrom(
  { ipBlock: { cidr: '10.0.0.0/30' } },
  { ipBlock: { cidr: 'fd00::/126' } },
  { ipBlock: { cidr: '172.18.0.2/32' } },
  { podSelector: { matchLabels: { app: 'a' } } },
  { podSelector: { matchLabels: { replica: '1' } } },
  { namespaceSelector: { matchLabels: { team: 'blue' } } },
  { namespaceSelector: {}, podSelector: { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['b'] }] } },
);

const policyArb = fc.record({
  ns: fc.constantFrom('x', 'y'),
  selector: fc.constantFrom({}, { matchLabels: { app: 'a' } }, { matchLabels: { app: 'b' } }, { matchLabels: { replica: '1' } }),
  direction: fc.constantFrom('ingress', 'egress'),
  peers: fc.option(fc.array(peerArb, { minLength: 1, maxLength: 2 }), { nil: undefined }),
  port: fc.constantFrom('http', 'web', 80, undefined),
  /** In which states the policy exists, and whether the after state's has another port. */
  life: fc.constantFrom('both', 'before', 'after', 'changed'),
});

const adminArb = fc.option(fc.record({ action: fc.constantFrom('Deny', 'Allow', 'Pass'), app: fc.constantFrom('a', 'b'), direction: fc.constantFrom('ingress', 'egress') }), { nil: undefined });

type Policy = fc.TypeOf<typeof policyArb>;

function build(pods: fc.TypeOf<typeof podArb>[], policies: Policy[], blue: boolean, admin: fc.TypeOf<typeof adminArb>, state: 'before' | 'after'): Snapshot {
  const b = new SnapshotBuilder();
  b.namespace('x', blue ? { team: 'blue' } : {});
  b.namespace('y', {});
  pods.forEach((p, i) =>
    b.pod(p.ns, `p${i}`, {
      labels: { app: p.app, ...(p.replica ? { replica: p.replica } : {}) },
      ip: p.hostNetwork ? p.node : `10.0.0.${p.ipLast}`,
      ...(p.dualStack && !p.hostNetwork ? { ips: [`10.0.0.${p.ipLast}`, `fd00::${p.ipLast}`] } : {}),
      hostIP: p.node,
      hostNetwork: p.hostNetwork,
      ports: [{ name: p.portName, port: p.portNumber, protocol: 'TCP' }],
      ...(p.owner ? { owner: { kind: 'StatefulSet', name: p.owner } } : {}),
    }),
  );
  policies.forEach((p, i) => {
    if (p.life === (state === 'before' ? 'after' : 'before')) return;
    const port = p.life === 'changed' && state === 'after' ? 8080 : p.port;
    const rule = { ...(p.peers ? { [p.direction === 'ingress' ? 'from' : 'to']: p.peers } : {}), ...(port !== undefined ? { ports: [{ port }] } : {}) };
    b.policy(p.ns, `np${i}`, { podSelector: p.selector, policyTypes: [p.direction === 'ingress' ? 'Ingress' : 'Egress'], [p.direction]: [rule] });
  });
  if (admin) {
    const peer = { pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: 'c' } } } };
    b.object({
      apiVersion: 'policy.networking.k8s.io/v1alpha1',
      kind: 'AdminNetworkPolicy',
      metadata: { name: 'admin' },
      spec: {
        priority: 5,
        subject: { pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: admin.app } } } },
        [admin.direction]: [{ name: 'r', action: admin.action, [admin.direction === 'ingress' ? 'from' : 'to']: [peer] }],
      },
    });
  }
  return b.build();
}

/**
 * The after state holding the before state's objects for what did not change, as a policy overlay
 * does: the same policy objects mean the same answers, which is what lets pairs be skipped.
 */
function sharing(before: Snapshot, after: Snapshot, unchanged: (name: string) => boolean): Snapshot {
  const kept = new Map(before.policies.map((p) => [`${p.namespace}/${p.name}`, p]));
  return {
    ...after,
    policies: after.policies.map((p) => (unchanged(p.name) ? kept.get(`${p.namespace}/${p.name}`)! : p)),
    adminPolicies: before.adminPolicies,
  };
}

/** Every ordered pair (a workload with a second pod also with itself), judged in both states. */
function everyPair(groups: readonly PodGroup[], before: PolicyIndex, after: PolicyIndex) {
  const opened: string[] = [];
  const closed: string[] = [];
  groups.forEach((from, i) =>
    groups.forEach((to, j) => {
      const destination = i === j ? to.pods[1] : to.pods[0];
      if (!destination) return;
      const was = evaluate(podEndpoint(from.pods[0]!), podEndpoint(destination), before).allowed;
      const now = evaluate(podEndpoint(from.pods[0]!), podEndpoint(destination), after).allowed;
      if (!now.subtract(was).isEmpty()) opened.push(`${from.key} -> ${to.key}: ${now.subtract(was).toString()}`);
      if (!was.subtract(now).isEmpty()) closed.push(`${from.key} -> ${to.key}: ${was.subtract(now).toString()}`);
    }),
  );
  return { opened, closed };
}

const flat = (list: ReturnType<typeof connectionChanges>['opened']) => list.map((c) => `${c.from.key} -> ${c.to.key}: ${c.ports.toString()}`);

describe('connectionChanges judged per key of the other end', () => {
  it('equals judging every ordered pair in both states, in the same order', () => {
    fc.assert(
      fc.property(
        fc.array(podArb, { minLength: 2, maxLength: 10 }),
        fc.array(policyArb, { maxLength: 6 }),
        fc.boolean(),
        adminArb,
        fc.boolean(),
        (pods, policies, blue, admin, ipBlockMatchesPods) => {
          const before = build(pods, policies, blue, admin, 'before');
          const after = sharing(before, build(pods, policies, blue, admin, 'after'), (name) => policies[Number(name.slice(2))]!.life === 'both');
          const options = { ipBlockMatchesPods };
          const beforeIndex = new PolicyIndex(before, options);
          const afterIndex = new PolicyIndex(after, options);
          const groups = groupByWorkload(analysablePods(after));
          const fast = connectionChanges(groups, beforeIndex, afterIndex);
          const all = everyPair(groups, beforeIndex, afterIndex);
          expect(flat(fast.opened)).toEqual(all.opened);
          expect(flat(fast.closed)).toEqual(all.closed);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("pairs a workload with itself when only its second pod's ingress changed", () => {
    const build2 = (withPolicy: boolean) => {
      const b = new SnapshotBuilder()
        .pod('x', 'db-0', { labels: { app: 'db', replica: '0' }, ip: '10.0.0.1', owner: { kind: 'StatefulSet', name: 'db' } })
        .pod('x', 'db-1', { labels: { app: 'db', replica: '1' }, ip: '10.0.0.2', owner: { kind: 'StatefulSet', name: 'db' } });
      if (withPolicy) b.policy('x', 'only-db-1', { podSelector: { matchLabels: { replica: '1' } }, policyTypes: ['Ingress'] });
      return b.build();
    };
    const before = build2(false);
    const after = build2(true);
    const groups = groupByWorkload(analysablePods(after));
    const changes = connectionChanges(groups, new PolicyIndex(before), new PolicyIndex(after));
    expect(flat(changes.closed)).toEqual(['x/statefulset/db -> x/statefulset/db: all ports']);
  });

  // Two destinations the changed egress side cannot tell apart by its peers; the first answers alike
  // in both states, the second does not: the key must hold what tells them apart.
  const judgedLikeEveryPair = (before: Snapshot, changed: Snapshot, changedPolicy = 'out') => {
    const after = sharing(before, changed, (name) => name !== changedPolicy);
    const groups = groupByWorkload(analysablePods(after));
    const [b, a] = [new PolicyIndex(before), new PolicyIndex(after)];
    const fast = connectionChanges(groups, b, a);
    const all = everyPair(groups, b, a);
    expect(all.opened.length + all.closed.length).toBeGreaterThan(0);
    expect({ opened: flat(fast.opened), closed: flat(fast.closed) }).toEqual(all);
    return all;
  };

  it('tells destinations apart by what a named port resolves to on them', () => {
    const state = (port: number | string) =>
      new SnapshotBuilder()
        .pod('x', 's', { labels: { app: 's' }, ip: '10.0.0.9' })
        .pod('x', 'd1', { labels: { app: 'd' }, ip: '10.0.0.1', ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] })
        .pod('x', 'd2', { labels: { app: 'd' }, ip: '10.0.0.2', ports: [{ name: 'web', port: 80, protocol: 'TCP' }] })
        .policy('x', 'out', { podSelector: { matchLabels: { app: 's' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { app: 'd' } } }], ports: [{ port }] }] })
        .build();
    // d1 is reached on 8080 either way; d2 declares no http, so only the number opens it.
    expect(judgedLikeEveryPair(state('http'), state(8080)).opened).toEqual(['x/s -> x/d2: TCP 8080']);
  });

  it("tells destinations apart by their address families (a connection uses one family end to end)", () => {
    const state = (port: number) =>
      new SnapshotBuilder()
        .pod('x', 's', { labels: { app: 's' }, ips: ['10.0.0.9', 'fd00::1'] })
        .pod('x', 'd1', { labels: { app: 'd' }, ip: '10.0.0.1' })
        .pod('x', 'd2', { labels: { app: 'd' }, ips: ['10.0.0.2', 'fd00::99'] })
        // The destinations admit IPv6 sources only.
        .policy('x', 'in', { podSelector: { matchLabels: { app: 'd' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ ipBlock: { cidr: 'fd00::/126' } }] }] })
        .policy('x', 'out', {
          podSelector: { matchLabels: { app: 's' } },
          policyTypes: ['Egress'],
          egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/30' } }] }, { to: [{ podSelector: { matchLabels: { app: 'd' } } }], ports: [{ port }] }],
        })
        .build();
    const all = judgedLikeEveryPair(state(80), state(443));
    expect([all.opened, all.closed]).toEqual([['x/s -> x/d2: TCP 443'], ['x/s -> x/d2: TCP 80']]);
  });

  it('tells destinations apart by whether their addresses are in an ipBlock of the changed side', () => {
    const state = (withBlock: boolean) =>
      new SnapshotBuilder()
        .pod('x', 's', { labels: { app: 's' }, ip: '10.0.1.1' })
        .pod('x', 'd1', { labels: { app: 'd' }, ip: '10.0.0.9' })
        .pod('x', 'd2', { labels: { app: 'd' }, ip: '10.0.0.1' })
        .policy('x', 'out', {
          podSelector: { matchLabels: { app: 's' } },
          policyTypes: ['Egress'],
          egress: [...(withBlock ? [{ to: [{ ipBlock: { cidr: '10.0.0.0/30' } }] }] : []), { to: [{ podSelector: { matchLabels: { app: 'd' } } }], ports: [{ port: 80 }] }],
        })
        .build();
    const all = judgedLikeEveryPair(state(true), state(false));
    expect([all.opened, all.closed.map((c) => c.slice(0, c.indexOf(':')))]).toEqual([[], ['x/s -> x/d2']]);
  });

  it('tells sources apart by their address families when a destination\'s ingress changed', () => {
    const state = (port: number) =>
      new SnapshotBuilder()
        .pod('x', 'd', { labels: { app: 'd' }, ips: ['10.0.1.1', 'fd00::1'] })
        .pod('x', 's1', { labels: { app: 's' }, ip: '10.0.0.1' })
        .pod('x', 's2', { labels: { app: 's' }, ips: ['10.0.0.2', 'fd00::99'] })
        // The sources send to IPv6 addresses only.
        .policy('x', 'out', { podSelector: { matchLabels: { app: 's' } }, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: 'fd00::/126' } }] }] })
        .policy('x', 'in', {
          podSelector: { matchLabels: { app: 'd' } },
          policyTypes: ['Ingress'],
          ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/30' } }] }, { from: [{ podSelector: { matchLabels: { app: 's' } } }], ports: [{ port }] }],
        })
        .build();
    const all = judgedLikeEveryPair(state(80), state(443), 'in');
    expect([all.opened, all.closed]).toEqual([['x/s2 -> x/d: TCP 443'], ['x/s2 -> x/d: TCP 80']]);
  });

  // Destinations whose own (unchanged) side differs only in what their rules' named ports resolve
  // to on them: a pair's answer may not be reused between them.
  const towards = (out: Record<string, unknown>, extra: (b: SnapshotBuilder) => SnapshotBuilder) =>
    extra(
      new SnapshotBuilder()
        .pod('x', 's', { labels: { app: 's' }, ip: '10.0.1.1' })
        .pod('x', 'd1', { labels: { app: 'd' }, ip: '10.0.0.1', ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] })
        .pod('x', 'd2', { labels: { app: 'd' }, ip: '10.0.0.2', ports: [{ name: 'http', port: 80, protocol: 'TCP' }] })
        .policy('x', 'out', { podSelector: { matchLabels: { app: 's' } }, policyTypes: ['Egress'], ...out }),
    ).build();
  const to8080 = { egress: [{ to: [{ podSelector: { matchLabels: { app: 'd' } } }], ports: [{ port: 8080 }] }] };
  const toAll = { egress: [{ to: [{ podSelector: { matchLabels: { app: 'd' } } }] }] };

  it("reuses a pair's answer only for destinations whose ingress rules' named ports resolve alike", () => {
    const inbound = (b: SnapshotBuilder) => b.policy('x', 'in', { podSelector: { matchLabels: { app: 'd' } }, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 'http' }] }] });
    const all = judgedLikeEveryPair(towards(toAll, inbound), towards(to8080, inbound));
    expect(all).toEqual({ opened: [], closed: ['x/s -> x/d2: TCP 80'] });
  });

  it("reuses a pair's answer only for destinations alike in ports when an admin policy's named port applies to them", () => {
    const admin = (b: SnapshotBuilder) =>
      b.object({
        apiVersion: 'policy.networking.k8s.io/v1alpha1',
        kind: 'AdminNetworkPolicy',
        metadata: { name: 'no-http' },
        spec: {
          priority: 5,
          subject: { pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: 'd' } } } },
          ingress: [{ name: 'deny-http', action: 'Deny', from: [{ pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: 's' } } } }], ports: [{ namedPort: 'http' }] }],
        },
      });
    const all = judgedLikeEveryPair(towards(toAll, admin), towards(to8080, admin));
    // Each loses every port but its own http, which the admin policy denied before and after.
    expect(all.closed).toEqual(['x/s -> x/d1: TCP 1-8079,8081-65535; UDP all; SCTP all', 'x/s -> x/d2: TCP 1-79,81-8079,8081-65535; UDP all; SCTP all']);
  });
});
