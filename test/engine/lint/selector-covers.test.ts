// selectorCovers: requirement by requirement, as apimachinery matches labels (NotIn accepts a
// missing key); and, on random selectors, never a claim the matcher contradicts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LabelSelector, SelectorRequirement } from '../../../src/model/policy.js';
import { selectorCovers } from '../../../src/engine/lint/selector-covers.js';
import { compileSelector } from '../../../src/engine/selector.js';

const sel = (matchLabels: Record<string, string> = {}, ...matchExpressions: SelectorRequirement[]): LabelSelector => ({ matchLabels, matchExpressions });
const req = (key: string, operator: string, ...values: string[]): SelectorRequirement => ({ key, operator, values });

describe('selectorCovers', () => {
  it('{} covers everything; nothing but {} is proved to cover {}', () => {
    expect(selectorCovers(sel(), sel({ a: '1' }))).toBe(true);
    expect(selectorCovers(sel({ a: '1' }), sel())).toBe(false);
  });

  it('matchLabels: a subset of the labels covers', () => {
    expect(selectorCovers(sel({ a: '1' }), sel({ a: '1', b: '2' }))).toBe(true);
    expect(selectorCovers(sel({ a: '1', b: '2' }), sel({ a: '1' }))).toBe(false);
  });

  it('In covers In of a subset of its values, and matchLabels of one of them', () => {
    expect(selectorCovers(sel({}, req('a', 'In', '1', '2')), sel({}, req('a', 'In', '2')))).toBe(true);
    expect(selectorCovers(sel({}, req('a', 'In', '1', '2')), sel({ a: '1' }))).toBe(true);
    expect(selectorCovers(sel({}, req('a', 'In', '1')), sel({}, req('a', 'In', '1', '2')))).toBe(false);
  });

  it('Exists is implied by In and Exists, not by NotIn (a missing key satisfies NotIn)', () => {
    expect(selectorCovers(sel({}, req('a', 'Exists')), sel({ a: 'x' }))).toBe(true);
    expect(selectorCovers(sel({}, req('a', 'Exists')), sel({}, req('a', 'NotIn', 'x')))).toBe(false);
  });

  it('NotIn is implied by In of other values, by DoesNotExist, and by NotIn of more values', () => {
    expect(selectorCovers(sel({}, req('a', 'NotIn', 'x')), sel({ a: 'y' }))).toBe(true);
    expect(selectorCovers(sel({}, req('a', 'NotIn', 'x')), sel({}, req('a', 'DoesNotExist')))).toBe(true);
    expect(selectorCovers(sel({}, req('a', 'NotIn', 'x')), sel({}, req('a', 'NotIn', 'x', 'y')))).toBe(true);
    expect(selectorCovers(sel({}, req('a', 'NotIn', 'x')), sel({}, req('a', 'In', 'x', 'y')))).toBe(false);
  });

  it('DoesNotExist is implied only by DoesNotExist', () => {
    expect(selectorCovers(sel({}, req('a', 'DoesNotExist')), sel({}, req('a', 'DoesNotExist'), req('b', 'Exists')))).toBe(true);
    expect(selectorCovers(sel({}, req('a', 'DoesNotExist')), sel({}, req('a', 'NotIn', 'x')))).toBe(false);
  });

  it('on random selectors and label sets, a covered selector never matches what the covering one does not', () => {
    const key = fc.constantFrom('a', 'b');
    const value = fc.constantFrom('1', '2', '3');
    const requirement = fc.record({ key, operator: fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist'), values: fc.uniqueArray(value, { minLength: 1, maxLength: 2 }) }).map((r) =>
      r.operator === 'Exists' || r.operator === 'DoesNotExist' ? { ...r, values: [] } : r,
    );
    const selector = fc.record({ matchLabels: fc.dictionary(key, value, { maxKeys: 1 }), matchExpressions: fc.array(requirement, { maxLength: 2 }) });
    const labels = fc.dictionary(key, value, { maxKeys: 2 });
    let proved = 0;
    fc.assert(
      fc.property(selector, selector, fc.array(labels, { minLength: 1, maxLength: 20 }), (wide, narrow, sets) => {
        if (!selectorCovers(wide, narrow)) return;
        proved++;
        const [w, n] = [compileSelector(wide), compileSelector(narrow)];
        for (const l of sets) if (n(l)) expect(w(l)).toBe(true);
      }),
      { numRuns: 2000, seed: 7 },
    );
    expect(proved).toBeGreaterThan(100);
  });
});
