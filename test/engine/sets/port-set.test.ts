// PortSet: (protocol, port) sets with union/intersect/subtract, immutable, with stable text forms.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_PORT, MIN_PORT, PortSet } from '../../../src/engine/sets/port-set.js';
import { PROTOCOLS, type Protocol } from '../../../src/model/snapshot.js';

describe('PortSet construction', () => {
  it('empty has nothing, all has every port of every protocol', () => {
    expect(PortSet.empty.isEmpty()).toBe(true);
    expect(PortSet.empty.has('TCP', 80)).toBe(false);
    expect(PortSet.all.isAll()).toBe(true);
    for (const p of PROTOCOLS) {
      expect(PortSet.all.has(p, MIN_PORT)).toBe(true);
      expect(PortSet.all.has(p, MAX_PORT)).toBe(true);
      expect(PortSet.all.coversProtocol(p)).toBe(true);
    }
    expect(MIN_PORT).toBe(1);
    expect(MAX_PORT).toBe(65535);
  });

  it('all does not contain port 0 or 65536', () => {
    expect(PortSet.all.has('TCP', 0)).toBe(false);
    expect(PortSet.all.has('TCP', 65536)).toBe(false);
  });

  it('range is inclusive and single-protocol', () => {
    const s = PortSet.range('TCP', 8000, 8080);
    expect(s.has('TCP', 8000)).toBe(true);
    expect(s.has('TCP', 8080)).toBe(true);
    expect(s.has('TCP', 7999)).toBe(false);
    expect(s.has('TCP', 8081)).toBe(false);
    expect(s.has('UDP', 8000)).toBe(false);
    expect(s.protocols()).toEqual(['TCP']);
  });

  it('range with one bound is a single port; a reversed range is empty', () => {
    expect(PortSet.range('UDP', 53).ranges('UDP')).toEqual([[53, 53]]);
    expect(PortSet.range('TCP', 10, 9).isEmpty()).toBe(true);
  });

  it('protocol() is every port of one protocol only', () => {
    const s = PortSet.protocol('SCTP');
    expect(s.coversProtocol('SCTP')).toBe(true);
    expect(s.has('TCP', 80)).toBe(false);
    expect(s.isAll()).toBe(false);
  });
});

describe('PortSet algebra', () => {
  const web = PortSet.range('TCP', 80).union(PortSet.range('TCP', 443));
  const dns = PortSet.range('UDP', 53).union(PortSet.range('TCP', 53));

  it('union keeps each protocol separate', () => {
    const u = web.union(dns);
    expect(u.ranges('TCP')).toEqual([[53, 53], [80, 80], [443, 443]]);
    expect(u.ranges('UDP')).toEqual([[53, 53]]);
    expect(u.ranges('SCTP')).toEqual([]);
  });

  it('intersect is per protocol', () => {
    expect(web.intersect(dns).isEmpty()).toBe(true);
    expect(PortSet.range('TCP', 1, 100).intersect(web).ranges('TCP')).toEqual([[80, 80]]);
    expect(PortSet.all.intersect(dns).equals(dns)).toBe(true);
    expect(PortSet.protocol('UDP').intersect(PortSet.range('TCP', 53)).isEmpty()).toBe(true);
  });

  it('subtract is per protocol', () => {
    const s = PortSet.protocol('TCP').subtract(PortSet.range('TCP', 2, 65534));
    expect(s.ranges('TCP')).toEqual([[1, 1], [65535, 65535]]);
    expect(dns.subtract(PortSet.protocol('UDP')).equals(PortSet.range('TCP', 53))).toBe(true);
    expect(PortSet.all.subtract(PortSet.all).isEmpty()).toBe(true);
  });

  it('operations return new sets and leave their operands unchanged', () => {
    const a = PortSet.range('TCP', 80, 90);
    const b = PortSet.range('TCP', 85, 100);
    a.union(b);
    a.intersect(b);
    a.subtract(b);
    b.subtract(a);
    expect(a.ranges('TCP')).toEqual([[80, 90]]);
    expect(b.ranges('TCP')).toEqual([[85, 100]]);
  });

  it('isEmpty after intersecting to nothing; protocols lists only non-empty ones in TCP, UDP, SCTP order', () => {
    expect(PortSet.range('TCP', 1, 5).intersect(PortSet.range('TCP', 6, 9)).isEmpty()).toBe(true);
    const s = PortSet.range('SCTP', 1).union(PortSet.range('TCP', 2)).union(PortSet.range('UDP', 3));
    expect(s.protocols()).toEqual(['TCP', 'UDP', 'SCTP']);
  });

  it('equals compares content', () => {
    expect(PortSet.range('TCP', 1, 10).equals(PortSet.range('TCP', 1, 5).union(PortSet.range('TCP', 6, 10)))).toBe(true);
    expect(PortSet.range('TCP', 1, 10).equals(PortSet.range('UDP', 1, 10))).toBe(false);
    expect(PortSet.protocol('TCP').union(PortSet.protocol('UDP')).union(PortSet.protocol('SCTP')).equals(PortSet.all)).toBe(true);
  });
});

describe('PortSet text forms', () => {
  it('toString: none, all ports, per-protocol lists and ranges, protocol all', () => {
    expect(PortSet.empty.toString()).toBe('none');
    expect(PortSet.all.toString()).toBe('all ports');
    const s = PortSet.range('TCP', 80)
      .union(PortSet.range('TCP', 443))
      .union(PortSet.range('TCP', 8000, 8080))
      .union(PortSet.range('UDP', 53));
    expect(s.toString()).toBe('TCP 80,443,8000-8080; UDP 53');
    expect(PortSet.protocol('UDP').union(PortSet.range('SCTP', 9)).toString()).toBe('UDP all; SCTP 9');
  });

  it('toJSON keeps only non-empty protocols', () => {
    const s = PortSet.range('TCP', 80).union(PortSet.range('TCP', 8000, 8080));
    expect(s.toJSON()).toEqual({ TCP: ['80', '8000-8080'] });
    expect(PortSet.empty.toJSON()).toEqual({});
  });
});

describe('PortSet properties', () => {
  const protocol = fc.constantFrom<Protocol>(...PROTOCOLS);
  // Small windows at both ends of the port space so edges get exercised.
  const port = fc.oneof(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 65510, max: 65535 }));
  const range = fc.tuple(protocol, port, port).map(([p, a, b]) => PortSet.range(p, Math.min(a, b), Math.max(a, b)));
  const set = fc.array(range, { maxLength: 4 }).map((list) => list.reduce((acc, r) => acc.union(r), PortSet.empty));
  const probes: [Protocol, number][] = PROTOCOLS.flatMap((p) => [0, 1, 2, 15, 29, 30, 31, 65509, 65510, 65520, 65535].map((n): [Protocol, number] => [p, n]));

  it('set ops agree with membership', () => {
    fc.assert(
      fc.property(set, set, (a, b) => {
        for (const [p, n] of probes) {
          expect(a.union(b).has(p, n)).toBe(a.has(p, n) || b.has(p, n));
          expect(a.intersect(b).has(p, n)).toBe(a.has(p, n) && b.has(p, n));
          expect(a.subtract(b).has(p, n)).toBe(a.has(p, n) && !b.has(p, n));
        }
      }),
    );
  });

  it('union and intersect commute; subtract then union restores', () => {
    fc.assert(
      fc.property(set, set, (a, b) => {
        expect(a.union(b).equals(b.union(a))).toBe(true);
        expect(a.intersect(b).equals(b.intersect(a))).toBe(true);
        expect(a.subtract(b).union(a.intersect(b)).equals(a)).toBe(true);
        expect(a.subtract(b).union(b).equals(a.union(b))).toBe(true);
      }),
    );
  });
});
