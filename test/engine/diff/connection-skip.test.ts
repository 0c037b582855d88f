// connectionChanges skips pairs whose deciding policies did not change: it must equal judging every
// ordered pair of workloads in both states.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { connectionChanges } from '../../../src/engine/diff/connections.js';
import { analysablePods } from '../../../src/engine/analysis/isolation.js';
import { groupByWorkload } from '../../../src/engine/analysis/workload-groups.js';
import { evaluate } from '../../../src/engine/evaluate.js';
import { podEndpoint } from '../../../src/engine/endpoint.js';
import { PolicyIndex } from '../../../src/engine/compile.js';
import { SnapshotBuilder } from '../../fixtures/builder.js';

const podArb = fc.record({
  ns: fc.constantFrom('x', 'y'),
  app: fc.constantFrom('a', 'b', 'c'),
  ipLast: fc.integer({ min: 1, max: 6 }),
  node: fc.constantFrom('172.18.0.2', '172.18.0.3'),
  hostNetwork: fc.boolean(),
  dualStack: fc.boolean(),
  portName: fc.constantFrom('http', 'web'),
  portNumber: fc.constantFrom(80, 8080),
});

const policyArb = fc.record({
  ns: fc.constantFrom('x', 'y'),
  app: fc.constantFrom('a', 'b', 'c'),
  direction: fc.constantFrom('ingress', 'egress'),
  peer: fc.constantFrom('block', 'pods', 'node', 'namespace'),
  port: fc.constantFrom('http', 80, undefined),
});

describe('connectionChanges skipping unchanged pairs', () => {
  it('equals judging every ordered pair of workloads in both states (ipBlocks, named ports, hostNetwork, dual-stack)', () => {
    fc.assert(
      fc.property(fc.array(podArb, { minLength: 2, maxLength: 10 }), fc.array(policyArb, { maxLength: 5 }), fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }), (pods, policies, kept) => {
        const build = (keep: (i: number) => boolean) => {
          const b = new SnapshotBuilder();
          pods.forEach((p, i) =>
            b.pod(p.ns, `p${i}`, {
              labels: { app: p.app },
              ip: p.hostNetwork ? p.node : `10.0.0.${p.ipLast}`,
              ...(p.dualStack && !p.hostNetwork ? { ips: [`10.0.0.${p.ipLast}`, `fd00::${p.ipLast}`] } : {}),
              hostIP: p.node,
              hostNetwork: p.hostNetwork,
              ports: [{ name: p.portName, port: p.portNumber, protocol: 'TCP' }],
            }),
          );
          policies.forEach((p, i) => {
            if (!keep(i)) return;
            const peer =
              p.peer === 'block'
                ? { ipBlock: { cidr: '10.0.0.0/30' } }
                : p.peer === 'node'
                  ? { ipBlock: { cidr: '172.18.0.2/32' } }
                  : p.peer === 'namespace'
                    ? { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'x' } } }
                    : { podSelector: { matchLabels: { app: 'a' } } };
            const rule = { [p.direction === 'ingress' ? 'from' : 'to']: [peer], ...(p.port !== undefined ? { ports: [{ port: p.port }] } : {}) };
            b.policy(p.ns, `np${i}`, { podSelector: { matchLabels: { app: p.app } }, policyTypes: [p.direction === 'ingress' ? 'Ingress' : 'Egress'], [p.direction]: [rule] });
          });
          return b.build();
        };
        const before = build(() => true);
        const after = build((i) => kept[i] !== false);
        const beforeIndex = new PolicyIndex(before);
        const afterIndex = new PolicyIndex(after);
        const groups = groupByWorkload(analysablePods(after));
        const fast = connectionChanges(groups, beforeIndex, afterIndex);
        const opened: string[] = [];
        const closed: string[] = [];
        groups.forEach((from, i) =>
          groups.forEach((to, j) => {
            const destination = i === j ? to.pods[1] : to.pods[0];
            if (!destination) return;
            const was = evaluate(podEndpoint(from.pods[0]!), podEndpoint(destination), beforeIndex).allowed;
            const now = evaluate(podEndpoint(from.pods[0]!), podEndpoint(destination), afterIndex).allowed;
            if (!now.subtract(was).isEmpty()) opened.push(`${from.key} -> ${to.key}: ${now.subtract(was).toString()}`);
            if (!was.subtract(now).isEmpty()) closed.push(`${from.key} -> ${to.key}: ${was.subtract(now).toString()}`);
          }),
        );
        const flat = (list: typeof fast.opened) => list.map((c) => `${c.from.key} -> ${c.to.key}: ${c.ports.toString()}`).sort();
        expect(flat(fast.opened)).toEqual(opened.sort());
        expect(flat(fast.closed)).toEqual(closed.sort());
      }),
      { numRuns: 300 },
    );
  });
});
