// peerResults judges one peer per class and reuses the answer: it must equal judging every peer.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SnapshotBuilder } from '../../fixtures/builder.js';
import { peerResults, type ReachDirection } from '../../../src/engine/analysis/pod-reach.js';
import { analysablePods } from '../../../src/engine/analysis/isolation.js';
import { evaluate } from '../../../src/engine/evaluate.js';
import { podEndpoint } from '../../../src/engine/endpoint.js';
import type { Pod } from '../../../src/model/snapshot.js';

const podArb = fc.record({
  ns: fc.constantFrom('x', 'y'),
  app: fc.constantFrom('a', 'b'),
  ipLast: fc.integer({ min: 1, max: 6 }),
  node: fc.constantFrom('172.18.0.2', '172.18.0.3'),
  hostNetwork: fc.boolean(),
  portName: fc.constantFrom('http', 'web'),
  portNumber: fc.constantFrom(80, 8080),
});

const policyArb = fc.record({
  ns: fc.constantFrom('x', 'y'),
  app: fc.constantFrom('a', 'b'),
  direction: fc.constantFrom('ingress', 'egress'),
  // An ipBlock covering some pod IPs (10.0.0.0/30 = .0-.3), a label peer, or a node address.
  peer: fc.constantFrom('block', 'pods', 'node'),
  port: fc.constantFrom('http', 80, undefined),
});

describe('peerResults per peer class', () => {
  it('equals judging every peer on its own (random clusters with ipBlocks, named ports, hostNetwork pods)', () => {
    fc.assert(
      fc.property(fc.array(podArb, { minLength: 2, maxLength: 9 }), fc.array(policyArb, { maxLength: 4 }), fc.constantFrom<ReachDirection>('inbound', 'outbound'), fc.nat(), (pods, policies, direction, pick) => {
        const b = new SnapshotBuilder();
        pods.forEach((p, i) =>
          b.pod(p.ns, `p${i}`, {
            labels: { app: p.app },
            ip: p.hostNetwork ? p.node : `10.0.0.${p.ipLast}`,
            hostIP: p.node,
            hostNetwork: p.hostNetwork,
            ports: [{ name: p.portName, port: p.portNumber, protocol: 'TCP' }],
          }),
        );
        policies.forEach((p, i) => {
          const peer = p.peer === 'block' ? { ipBlock: { cidr: '10.0.0.0/30' } } : p.peer === 'node' ? { ipBlock: { cidr: '172.18.0.2/32' } } : { podSelector: { matchLabels: { app: 'a' } } };
          const rule = { [p.direction === 'ingress' ? 'from' : 'to']: [peer], ...(p.port !== undefined ? { ports: [{ port: p.port }] } : {}) };
          b.policy(p.ns, `np${i}`, { podSelector: { matchLabels: { app: p.app } }, policyTypes: [p.direction === 'ingress' ? 'Ingress' : 'Egress'], [p.direction]: [rule] });
        });
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
          expect(r.reachesAll).toBe(naive.length > 0 && naive.every((c) => !c.allowed.isEmpty()));
          // The reused answer names this peer, not the one it was computed for.
          for (const c of r.connections) {
            const end = direction === 'inbound' ? c.from : c.to;
            expect(end.kind === 'pod' && name(end.pod)).toBe(name(r.peer));
            const side = direction === 'inbound' ? c.egress : c.ingress;
            if (side.kind === 'policed') expect(name(side.pod)).toBe(name(r.peer));
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
