// samePodClass must agree with comparing class keys, which it avoids building.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { podClassKey, samePodClass } from '../../../src/engine/analysis/pod-class.js';
import type { Pod } from '../../../src/model/snapshot.js';

const pod = fc
  .record({
    namespace: fc.constantFrom('a', 'b'),
    labels: fc.array(fc.tuple(fc.constantFrom('app', 'tier', '1', 'x'), fc.constantFrom('p', 'q')), { maxLength: 3 }),
    hostNetwork: fc.boolean(),
    ips: fc.constantFrom([], ['10.0.0.1'], ['fd00::1'], ['10.0.0.2', 'fd00::2']),
  })
  .map(({ labels, ...rest }): Pod => ({ ...rest, name: 'p', labels: Object.fromEntries(labels), phase: 'Running', ports: [] }));

describe('samePodClass', () => {
  it('is true exactly when the class keys are equal (label order included)', () => {
    fc.assert(
      fc.property(pod, pod, (a, b) => {
        expect(samePodClass(a, b)).toBe(podClassKey(a) === podClassKey(b));
      }),
      { numRuns: 2000 },
    );
  });

  it('the same labels written in another order are another class, as their keys are', () => {
    const a: Pod = { namespace: 'a', name: 'x', labels: { app: 'web', tier: 'f' }, ips: [], phase: 'Running', hostNetwork: false, ports: [] };
    const b: Pod = { ...a, name: 'y', labels: { tier: 'f', app: 'web' } };
    expect(samePodClass(a, b)).toBe(false);
    expect(samePodClass(a, { ...a, name: 'z' })).toBe(true);
  });
});
