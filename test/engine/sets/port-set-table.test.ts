// PortSetTable: equal sets share one id; unions and intersections by id equal those of the sets.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALL, EMPTY, PortSetTable } from '../../../src/engine/sets/port-set-table.js';
import { PortSet } from '../../../src/engine/sets/port-set.js';

const set = fc
  .array(fc.tuple(fc.constantFrom('TCP', 'UDP', 'SCTP' as const), fc.integer({ min: 1, max: 100 }), fc.integer({ min: 0, max: 20 })), { maxLength: 3 })
  .map((ranges) => ranges.reduce((acc, [p, from, length]) => acc.union(PortSet.range(p, from, from + length)), PortSet.empty));

describe('PortSetTable', () => {
  it('the empty set and every port are the fixed ids; equal sets get one id', () => {
    const table = new PortSetTable();
    expect(table.id(PortSet.empty)).toBe(EMPTY);
    expect(table.id(PortSet.range('TCP', 1, 65535).union(PortSet.protocol('UDP')).union(PortSet.protocol('SCTP')))).toBe(ALL);
    expect(table.id(PortSet.range('TCP', 80).union(PortSet.range('TCP', 81)))).toBe(table.id(PortSet.range('TCP', 80, 81)));
    expect(table.port('UDP', 53)).toBe(table.id(PortSet.range('UDP', 53)));
  });

  it('union and intersect by id are those of the sets, in either order', () => {
    fc.assert(
      fc.property(set, set, (a, b) => {
        const table = new PortSetTable();
        const [x, y] = [table.id(a), table.id(b)];
        expect(table.get(table.union(x, y)).equals(a.union(b))).toBe(true);
        expect(table.get(table.intersect(y, x)).equals(a.intersect(b))).toBe(true);
        expect(table.union(y, x)).toBe(table.union(x, y));
      }),
    );
  });
});
