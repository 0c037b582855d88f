// The interval algebra under PortSet and IpSet, checked by example and against a naive membership model.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as iv from '../../../src/engine/sets/intervals.js';

type N = iv.Intervals<number>;

const deepFreeze = <T extends readonly (readonly unknown[])[]>(list: T): T => {
  for (const item of list) Object.freeze(item);
  return Object.freeze(list);
};

/** Every member of a list of intervals, as a plain Set. */
const members = (list: N): Set<number> => {
  const out = new Set<number>();
  for (const [lo, hi] of list) for (let x = lo; x <= hi; x++) out.add(x);
  return out;
};

/** Sorted, disjoint, non-adjacent, lo <= hi. */
const isCanonical = (list: N): boolean =>
  list.every(([lo, hi], i) => lo <= hi && (i === 0 || list[i - 1]![1] + 1 < lo));

describe('normalize', () => {
  it('sorts, merges overlapping and adjacent intervals, and drops empty ones', () => {
    expect(iv.normalize<number>([[10, 12], [1, 3], [4, 5], [11, 20], [30, 29]])).toEqual([[1, 5], [10, 20]]);
  });

  it('keeps intervals separated by a gap of one apart', () => {
    expect(iv.normalize<number>([[1, 2], [4, 5]])).toEqual([[1, 2], [4, 5]]);
  });

  it('works with bigint bounds', () => {
    expect(iv.normalize<bigint>([[5n, 9n], [0n, 4n], [20n, 21n]])).toEqual([[0n, 9n], [20n, 21n]]);
  });

  it('does not mutate its input', () => {
    const input = deepFreeze([[10, 12], [1, 3], [2, 11]] as [number, number][]);
    expect(() => iv.normalize(input)).not.toThrow();
    expect(input).toEqual([[10, 12], [1, 3], [2, 11]]);
  });
});

describe('union, intersect, subtract, contains', () => {
  const a: N = [[1, 5], [10, 20]];
  const b: N = [[4, 11], [30, 31]];

  it('union merges', () => {
    expect(iv.union(a, b)).toEqual([[1, 20], [30, 31]]);
    expect(iv.union(a, [])).toEqual(a);
    expect(iv.union([], b)).toEqual(b);
    expect(iv.union<number>([[1, 2]], [[3, 4]])).toEqual([[1, 4]]);
  });

  it('intersect keeps common parts', () => {
    expect(iv.intersect(a, b)).toEqual([[4, 5], [10, 11]]);
    expect(iv.intersect(a, [])).toEqual([]);
    expect(iv.intersect<number>([[1, 10]], [[2, 3], [5, 5], [9, 12]])).toEqual([[2, 3], [5, 5], [9, 10]]);
  });

  it('subtract removes, splitting intervals where needed', () => {
    expect(iv.subtract(a, b)).toEqual([[1, 3], [12, 20]]);
    expect(iv.subtract<number>([[1, 10]], [[3, 4], [6, 6]])).toEqual([[1, 2], [5, 5], [7, 10]]);
    expect(iv.subtract<number>([[1, 10]], [[0, 11]])).toEqual([]);
    expect(iv.subtract(a, [])).toEqual(a);
    expect(iv.subtract<number>([], a)).toEqual([]);
  });

  it('subtract of a bigint range at the edges', () => {
    expect(iv.subtract<bigint>([[0n, 255n]], [[0n, 0n], [255n, 255n]])).toEqual([[1n, 254n]]);
  });

  it('contains finds members at bounds and rejects gaps', () => {
    const set: N = [[1, 5], [10, 20], [40, 40]];
    for (const x of [1, 5, 10, 15, 20, 40]) expect(iv.contains(set, x), String(x)).toBe(true);
    for (const x of [0, 6, 9, 21, 39, 41]) expect(iv.contains(set, x), String(x)).toBe(false);
    expect(iv.contains([], 1)).toBe(false);
  });

  it('isSubset and equals', () => {
    expect(iv.isSubset<number>([[2, 3], [11, 12]], a)).toBe(true);
    expect(iv.isSubset<number>([[5, 6]], a)).toBe(false);
    expect(iv.isSubset<number>([], [])).toBe(true);
    expect(iv.equals(a, [[1, 5], [10, 20]])).toBe(true);
    expect(iv.equals(a, [[1, 5], [10, 21]])).toBe(false);
    expect(iv.equals(a, [[1, 5]])).toBe(false);
  });

  it('no operation mutates its inputs', () => {
    const x = deepFreeze([[1, 5], [10, 20]] as [number, number][]);
    const y = deepFreeze([[4, 11], [30, 31]] as [number, number][]);
    expect(() => {
      iv.union(x, y);
      iv.intersect(x, y);
      iv.subtract(x, y);
      iv.subtract(y, x);
      iv.isSubset(x, y);
    }).not.toThrow();
    expect(x).toEqual([[1, 5], [10, 20]]);
    expect(y).toEqual([[4, 11], [30, 31]]);
  });
});

describe('properties against a naive membership model', () => {
  const MAX = 40;
  const interval = fc.tuple(fc.integer({ min: 0, max: MAX }), fc.integer({ min: 0, max: MAX })).map(([x, y]): [number, number] => (x <= y ? [x, y] : [y, x]));
  const set = fc.array(interval, { maxLength: 5 }).map((list) => iv.normalize(list));

  it('normalize keeps exactly the members of the raw list, in canonical form', () => {
    fc.assert(
      fc.property(fc.array(interval, { maxLength: 6 }), (raw) => {
        const n = iv.normalize(raw);
        expect(isCanonical(n)).toBe(true);
        expect(members(n)).toEqual(members(raw));
      }),
    );
  });

  it('union, intersect and subtract agree with set membership and stay canonical', () => {
    fc.assert(
      fc.property(set, set, (a, b) => {
        const ma = members(a);
        const mb = members(b);
        const u = iv.union(a, b);
        const i = iv.intersect(a, b);
        const s = iv.subtract(a, b);
        for (const r of [u, i, s]) expect(isCanonical(r)).toBe(true);
        for (let x = -1; x <= MAX + 1; x++) {
          expect(iv.contains(u, x)).toBe(ma.has(x) || mb.has(x));
          expect(iv.contains(i, x)).toBe(ma.has(x) && mb.has(x));
          expect(iv.contains(s, x)).toBe(ma.has(x) && !mb.has(x));
          expect(iv.contains(a, x)).toBe(ma.has(x));
        }
      }),
    );
  });

  it('union and intersect are commutative', () => {
    fc.assert(
      fc.property(set, set, (a, b) => {
        expect(iv.union(a, b)).toEqual(iv.union(b, a));
        expect(iv.intersect(a, b)).toEqual(iv.intersect(b, a));
      }),
    );
  });

  it('(a - b) ∪ (a ∩ b) = a, and (a - b) ∪ b = a ∪ b', () => {
    fc.assert(
      fc.property(set, set, (a, b) => {
        expect(iv.union(iv.subtract(a, b), iv.intersect(a, b))).toEqual(a);
        expect(iv.union(iv.subtract(a, b), b)).toEqual(iv.union(a, b));
      }),
    );
  });

  it('isSubset agrees with the model', () => {
    fc.assert(
      fc.property(set, set, (a, b) => {
        const mb = members(b);
        expect(iv.isSubset(a, b)).toBe([...members(a)].every((x) => mb.has(x)));
      }),
    );
  });
});
