// peerResults judges one peer per class and reuses the answer: it must equal judging every peer.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SnapshotBuilder } from '../../fixtures/builder.js';
import { addRandomPods, addRandomPolicies, randomPod, randomPolicy } from '../../fixtures/class-key-cluster.js';
import { peerResults, type ReachDirection } from '../../../src/engine/analysis/pod-reach.js';
import { analysablePods } from '../../../src/engine/analysis/isolation.js';
import { evaluate, type Connection } from '../../../src/engine/evaluate.js';
import { podEndpoint } from '../../../src/engine/endpoint.js';
import type { Pod } from '../../../src/model/snapshot.js';

const podArb = randomPod(['a', 'b']);
// An ipBlock covering some pod IPs, a label peer, or a node address.
const policyArb = randomPolicy(['a', 'b'], ['block', 'pods', 'node']);

/** A connection's answer without the pods it names: ports, per-family ports, and the deciding rules of each side. */
const verdict = (c: Connection) => ({
  allowed: c.allowed.toString(),
  families: c.families?.map((f) => `${f.family}:${f.allowed.toString()}`),
  sides: [c.egress, c.ingress].map((s) => (s.kind === 'policed' ? { isolatedBy: s.isolatedBy.map((p) => p.name), matches: s.matches.map((m) => `${m.policy.name}/${m.rule}/${m.peer}/${m.ports.toString()}`) } : s.kind)),
});

describe('peerResults per peer class', () => {
  it('equals judging every peer on its own (random clusters with ipBlocks, named ports, hostNetwork pods)', () => {
    fc.assert(
      fc.property(fc.array(podArb, { minLength: 2, maxLength: 9 }), fc.array(policyArb, { maxLength: 4 }), fc.constantFrom<ReachDirection>('inbound', 'outbound'), fc.nat(), (pods, policies, direction, pick) => {
        const b = new SnapshotBuilder();
        addRandomPods(b, pods);
        addRandomPolicies(b, policies);
        const snapshot = b.build();
        const index = b.index();
        const all = analysablePods(snapshot);
        const first = all[pick % all.length]!;
        const targetPods = all.filter((p) => p.namespace === first.namespace && p.labels['app'] === first.labels['app']);
        const results = peerResults(direction, { kind: 'pods', ref: { kind: 'pod', namespace: first.namespace, name: first.name }, pods: targetPods }, all, index);
        for (const r of results) {
          const naive = targetPods.map((t) =>
            direction === 'inbound' ? evaluate(podEndpoint(r.peer), podEndpoint(t), index) : evaluate(podEndpoint(t), podEndpoint(r.peer), index),
          );
          const name = (p: Pod) => `${p.namespace}/${p.name}`;
          expect(r.connections.map((c) => c.allowed.toString())).toEqual(naive.map((c) => c.allowed.toString()));
          // The verdicts shared between classes of peers and of target pods: the same ports, rules and families.
          expect(r.judged.map(verdict)).toEqual(naive.map(verdict));
          expect(r.connections.map(verdict)).toEqual(naive.map(verdict));
          expect(r.reachesAll).toBe(naive.length > 0 && naive.every((c) => !c.allowed.isEmpty()));
          // The reused answer names this peer, not the one it was computed for.
          for (const c of r.connections) {
            const end = direction === 'inbound' ? c.from : c.to;
            expect(end.kind === 'pod' && name(end.pod)).toBe(name(r.peer));
            const side = direction === 'inbound' ? c.egress : c.ingress;
            if (side.kind === 'policed') expect(name(side.pod)).toBe(name(r.peer));
          }
          // ... and each target pod, not the one of its class the verdict was computed for.
          r.connections.forEach((c, i) => {
            const end = direction === 'inbound' ? c.to : c.from;
            expect(end.kind === 'pod' && name(end.pod)).toBe(name(targetPods[i]!));
            const side = direction === 'inbound' ? c.ingress : c.egress;
            if (side.kind === 'policed') expect(name(side.pod)).toBe(name(targetPods[i]!));
          });
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('peerResults per target class', () => {
  // Two replicas alike in every label: only the peer's ipBlock tells them apart.
  const replicas = () => {
    const b = new SnapshotBuilder();
    b.pod('shop', 'web-1', { labels: { app: 'web' }, ip: '10.0.0.1', hostIP: '172.18.0.2' });
    b.pod('shop', 'web-2', { labels: { app: 'web' }, ip: '10.0.0.5', hostIP: '172.18.0.3' });
    b.pod('ops', 'probe', { labels: { app: 'probe' }, ip: '10.0.1.9', hostIP: '172.18.0.2' });
    return b;
  };
  const targetOf = (b: SnapshotBuilder) => {
    const pods = analysablePods(b.build()).filter((p) => p.namespace === 'shop');
    return { all: analysablePods(b.build()), target: { kind: 'pods' as const, ref: { kind: 'pod' as const, namespace: 'shop', name: 'web-1' }, pods } };
  };

  it("judges each target pod against the peer's ipBlock on its own address", () => {
    const b = replicas();
    b.policy('ops', 'egress-block', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/30' } }] }] });
    const { all, target } = targetOf(b);
    const [probe] = peerResults('inbound', target, all, b.index()).filter((r) => r.peer.name === 'probe');
    expect(probe!.connections.map((c) => !c.allowed.isEmpty())).toEqual([true, false]);
    expect(probe!.reachesAll).toBe(false);
  });

  it('lets a host-network peer reach only the target pods on its own node', () => {
    const b = replicas();
    b.pod('kube-system', 'node-agent', { labels: { app: 'agent' }, ip: '172.18.0.2', hostIP: '172.18.0.2', hostNetwork: true });
    b.policy('shop', 'deny-all', { podSelector: {}, policyTypes: ['Ingress'] });
    const { all, target } = targetOf(b);
    const [agent] = peerResults('inbound', target, all, b.index()).filter((r) => r.peer.name === 'node-agent');
    expect(agent!.connections.map((c) => !c.allowed.isEmpty())).toEqual([true, false]);
  });
});
