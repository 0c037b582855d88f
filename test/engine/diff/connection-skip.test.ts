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
import { addRandomPods, addRandomPolicies, randomPod, randomPolicy } from '../../fixtures/class-key-cluster.js';

const podArb = randomPod(['a', 'b', 'c']);
const policyArb = randomPolicy(['a', 'b', 'c'], ['block', 'pods', 'node', 'namespace']);

describe('connectionChanges skipping unchanged pairs', () => {
  it('equals judging every ordered pair of workloads in both states (ipBlocks, named ports, hostNetwork, dual-stack)', () => {
    fc.assert(
      fc.property(fc.array(podArb, { minLength: 2, maxLength: 10 }), fc.array(policyArb, { maxLength: 5 }), fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }), (pods, policies, kept) => {
        const build = (keep: (i: number) => boolean) => {
          const b = new SnapshotBuilder();
          addRandomPods(b, pods);
          addRandomPolicies(b, policies, keep);
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
