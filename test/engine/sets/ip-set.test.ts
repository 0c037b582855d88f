// IpSet: address sets of both families, with exact and minimal CIDR output.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { IpSet } from '../../../src/engine/sets/ip-set.js';
import { formatIp, parseCidr, parseIp } from '../../../src/engine/sets/ip.js';

const P = (cidr: string): IpSet => {
  const s = IpSet.parse(cidr);
  if (!s) throw new Error(`bad cidr in test: ${cidr}`);
  return s;
};
const ip = (text: string) => {
  const a = parseIp(text);
  if (!a) throw new Error(`bad ip in test: ${text}`);
  return a;
};

describe('IpSet construction and membership', () => {
  it('parse gives the block (host bits cleared), undefined for invalid text', () => {
    const s = P('10.1.2.3/16');
    expect(s.has(ip('10.1.0.0'))).toBe(true);
    expect(s.has(ip('10.1.255.255'))).toBe(true);
    expect(s.has(ip('10.2.0.0'))).toBe(false);
    expect(s.has(ip('10.0.255.255'))).toBe(false);
    expect(IpSet.parse('10.0.0.0/33')).toBeUndefined();
    expect(IpSet.parse('10.0.0.1')).toBeUndefined();
  });

  it('keeps the families apart: an IPv4 block holds no IPv6 address with the same low bits', () => {
    const s = P('0.0.0.0/0');
    expect(s.has(ip('::1'))).toBe(false);
    expect(s.has(ip('::ffff:10.0.0.1'))).toBe(false);
    expect(s.coversFamily(4)).toBe(true);
    expect(s.coversFamily(6)).toBe(false);
  });

  it('address() is a single-address set', () => {
    const s = IpSet.address(ip('fd00::5'));
    expect(s.has(ip('fd00::5'))).toBe(true);
    expect(s.has(ip('fd00::6'))).toBe(false);
    expect(s.toCidrs()).toEqual(['fd00::5/128']);
  });

  it('empty and all', () => {
    expect(IpSet.empty.isEmpty()).toBe(true);
    expect(IpSet.empty.has(ip('1.2.3.4'))).toBe(false);
    expect(IpSet.all.has(ip('1.2.3.4'))).toBe(true);
    expect(IpSet.all.has(ip('2001:db8::1'))).toBe(true);
    expect(IpSet.all.coversFamily(4) && IpSet.all.coversFamily(6)).toBe(true);
  });
});

describe('IpSet algebra', () => {
  it('subtract removes an inner block and keeps the rest', () => {
    const s = P('172.17.0.0/16').subtract(P('172.17.1.0/24'));
    expect(s.has(ip('172.17.0.255'))).toBe(true);
    expect(s.has(ip('172.17.1.0'))).toBe(false);
    expect(s.has(ip('172.17.1.255'))).toBe(false);
    expect(s.has(ip('172.17.2.0'))).toBe(true);
  });

  it('union and intersect across families', () => {
    const both = P('10.0.0.0/8').union(P('fd00::/8'));
    expect(both.has(ip('10.9.9.9'))).toBe(true);
    expect(both.has(ip('fd12::1'))).toBe(true);
    expect(both.intersect(P('::/0')).equals(P('fd00::/8'))).toBe(true);
    expect(both.intersect(P('0.0.0.0/0')).equals(P('10.0.0.0/8'))).toBe(true);
  });

  it('isSubsetOf and equals', () => {
    expect(P('10.1.0.0/16').isSubsetOf(P('10.0.0.0/8'))).toBe(true);
    expect(P('10.0.0.0/8').isSubsetOf(P('10.1.0.0/16'))).toBe(false);
    expect(P('10.0.0.0/25').union(P('10.0.0.128/25')).equals(P('10.0.0.0/24'))).toBe(true);
  });

  it('operations leave their operands unchanged', () => {
    const a = P('10.0.0.0/8');
    const b = P('10.1.0.0/16');
    a.subtract(b);
    a.intersect(b);
    b.union(P('192.168.0.0/16'));
    expect(a.toCidrs()).toEqual(['10.0.0.0/8']);
    expect(b.toCidrs()).toEqual(['10.1.0.0/16']);
  });
});

describe('IpSet text forms', () => {
  it('toCidrs of 10.0.0.0/8 minus 10.1.0.0/16 is the exact minimal list', () => {
    expect(P('10.0.0.0/8').subtract(P('10.1.0.0/16')).toCidrs()).toEqual([
      '10.0.0.0/16',
      '10.2.0.0/15',
      '10.4.0.0/14',
      '10.8.0.0/13',
      '10.16.0.0/12',
      '10.32.0.0/11',
      '10.64.0.0/10',
      '10.128.0.0/9',
    ]);
  });

  it('toCidrs of whole families and IPv4 before IPv6', () => {
    expect(P('0.0.0.0/0').toCidrs()).toEqual(['0.0.0.0/0']);
    expect(P('::/0').toCidrs()).toEqual(['::/0']);
    expect(IpSet.all.toCidrs()).toEqual(['0.0.0.0/0', '::/0']);
    expect(P('fd00::/64').union(P('10.0.0.0/8')).toCidrs()).toEqual(['10.0.0.0/8', 'fd00::/64']);
    expect(IpSet.empty.toCidrs()).toEqual([]);
  });

  it('toCidrs of an unaligned range', () => {
    const s = P('10.0.0.0/24').subtract(P('10.0.0.0/32')).subtract(P('10.0.0.7/32')).intersect(P('10.0.0.0/29'));
    expect(s.toCidrs()).toEqual(['10.0.0.1/32', '10.0.0.2/31', '10.0.0.4/31', '10.0.0.6/32']);
    expect(P('::/0').subtract(P('::/128')).toCidrs()[0]).toBe('::1/128');
  });

  it('toRangeStrings: ranges, single addresses, whole families as CIDRs', () => {
    const s = P('10.0.0.0/24').subtract(P('10.0.0.0/32')).intersect(P('10.0.0.0/29'));
    expect(s.toRangeStrings()).toEqual(['10.0.0.1-10.0.0.7']);
    expect(P('10.0.0.9/32').toRangeStrings()).toEqual(['10.0.0.9']);
    expect(IpSet.all.toRangeStrings()).toEqual(['0.0.0.0/0', '::/0']);
    expect(P('fd00::/127').toRangeStrings()).toEqual(['fd00::-fd00::1']);
  });

  it('toString: none, anywhere, CIDRs when not more numerous than ranges, else ranges', () => {
    expect(IpSet.empty.toString()).toBe('none');
    expect(IpSet.all.toString()).toBe('anywhere');
    expect(P('0.0.0.0/0').toString()).toBe('0.0.0.0/0');
    expect(P('10.0.0.0/24').toString()).toBe('10.0.0.0/24');
    expect(P('10.0.0.0/24').union(P('fd00::/64')).toString()).toBe('10.0.0.0/24, fd00::/64');
    const odd = P('10.0.0.0/24').subtract(P('10.0.0.0/32')).intersect(P('10.0.0.0/29'));
    expect(odd.toString()).toBe('10.0.0.1-10.0.0.7');
  });
});

describe('IpSet properties', () => {
  // A small window of the IPv4 space (10.0.0.0/26), so a naive membership model stays cheap.
  const BASE = ip('10.0.0.0').value;
  const SIZE = 64;
  const offsetRange = fc
    .tuple(fc.integer({ min: 0, max: SIZE - 1 }), fc.integer({ min: 0, max: SIZE - 1 }))
    .map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const);
  const model = fc.array(offsetRange, { maxLength: 4 });
  const toSet = (ranges: readonly (readonly [number, number])[]): IpSet =>
    ranges.reduce((acc, [lo, hi]) => {
      let s = acc;
      for (let x = lo; x <= hi; x++) s = s.union(IpSet.address({ family: 4, value: BASE + BigInt(x) }));
      return s;
    }, IpSet.empty);
  const toMembers = (ranges: readonly (readonly [number, number])[]): Set<number> => {
    const out = new Set<number>();
    for (const [lo, hi] of ranges) for (let x = lo; x <= hi; x++) out.add(x);
    return out;
  };
  const addr = (x: number) => ({ family: 4 as const, value: BASE + BigInt(x) });

  /** Naive minimal CIDR cover: the maximal aligned blocks wholly inside the set, by recursive halving. */
  function naiveCidrs(members: Set<number>, lo = 0, size = SIZE): string[] {
    let inside = 0;
    for (let x = lo; x < lo + size; x++) if (members.has(x)) inside++;
    if (inside === 0) return [];
    if (inside === size) return [`${formatIp(4, BASE + BigInt(lo))}/${32 - Math.log2(size)}`];
    return [...naiveCidrs(members, lo, size / 2), ...naiveCidrs(members, lo + size / 2, size / 2)];
  }

  it('set ops agree with membership', () => {
    fc.assert(
      fc.property(model, model, (ra, rb) => {
        const a = toSet(ra);
        const b = toSet(rb);
        const ma = toMembers(ra);
        const mb = toMembers(rb);
        for (let x = 0; x < SIZE; x++) {
          expect(a.union(b).has(addr(x))).toBe(ma.has(x) || mb.has(x));
          expect(a.intersect(b).has(addr(x))).toBe(ma.has(x) && mb.has(x));
          expect(a.subtract(b).has(addr(x))).toBe(ma.has(x) && !mb.has(x));
        }
      }),
    );
  });

  it('union and intersect commute; subtract then union restores', () => {
    fc.assert(
      fc.property(model, model, (ra, rb) => {
        const a = toSet(ra);
        const b = toSet(rb);
        expect(a.union(b).equals(b.union(a))).toBe(true);
        expect(a.intersect(b).equals(b.intersect(a))).toBe(true);
        expect(a.subtract(b).union(a.intersect(b)).equals(a)).toBe(true);
        expect(a.subtract(b).union(b).equals(a.union(b))).toBe(true);
      }),
    );
  });

  it('toCidrs round-trips and equals the naive minimal cover', () => {
    fc.assert(
      fc.property(model, (ranges) => {
        const s = toSet(ranges);
        const cidrs = s.toCidrs();
        const back = cidrs.reduce((acc, c) => acc.union(P(c)), IpSet.empty);
        expect(back.equals(s)).toBe(true);
        expect(cidrs).toEqual(naiveCidrs(toMembers(ranges)));
        for (const c of cidrs) {
          const parsed = parseCidr(c)!;
          // Printed in canonical form: the address is the first of its block.
          expect(formatIp(4, parsed.first)).toBe(c.split('/')[0]);
        }
      }),
    );
  });

  it('toCidrs round-trips random IPv6 blocks minus random inner blocks', () => {
    const block = fc.tuple(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), fc.integer({ min: 0, max: 128 }));
    fc.assert(
      fc.property(block, fc.array(block, { maxLength: 3 }), ([base, prefix], holes) => {
        let s = P(`${formatIp(6, base)}/${prefix}`);
        for (const [h, hp] of holes) s = s.subtract(P(`${formatIp(6, h)}/${hp}`));
        const back = s.toCidrs().reduce((acc, c) => acc.union(P(c)), IpSet.empty);
        expect(back.equals(s)).toBe(true);
      }),
    );
  });
});

describe('IpSet.describe: addresses as people write them', () => {
  const set = (cidr: string, ...except: string[]) => except.reduce((acc, e) => acc.subtract(IpSet.parse(e)!), IpSet.parse(cidr)!);
  it.each([
    [set('0.0.0.0/0', '10.0.0.0/8'), ['0.0.0.0/0 except 10.0.0.0/8']],
    [set('0.0.0.0/0', '10.0.0.0/8', '192.168.0.0/16', '172.16.0.0/12'), ['0.0.0.0/0 except 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16']],
    [set('2001:db8::/32', '2001:db8:1::/48'), ['2001:db8::/32 except 2001:db8:1::/48']],
    // Two blocks with a hole of the same size between them: the minimal CIDRs are as short.
    [IpSet.parse('10.0.0.0/24')!.union(IpSet.parse('10.0.2.0/24')!), ['10.0.0.0/24', '10.0.2.0/24']],
    [IpSet.parse('0.0.0.0/0')!, ['0.0.0.0/0']],
    [IpSet.all, ['anywhere']],
    [IpSet.empty, []],
  ])('%s', (value, expected) => {
    expect(value.describe()).toEqual(expected);
  });

  it('property: what it describes is exactly the set (parse each block, subtract its excepts)', () => {
    const parseDescribed = (text: string): IpSet => {
      const [block, rest] = text.split(' except ');
      return (rest ? rest.split(', ') : []).reduce((acc, e) => acc.subtract(IpSet.parse(e)!), IpSet.parse(block!)!);
    };
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 8, max: 24 })), { minLength: 1, maxLength: 4 }), fc.array(fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 16, max: 28 })), { maxLength: 3 }), (blocks, holes) => {
        const s = holes.reduce(
          (acc, [b, p]) => acc.subtract(IpSet.parse(`10.${b}.0.0/${p}`)!),
          blocks.reduce((acc, [b, p]) => acc.union(IpSet.parse(`10.${b}.0.0/${p}`)!), IpSet.empty),
        );
        const back = s.describe().reduce((acc, t) => acc.union(parseDescribed(t)), IpSet.empty);
        expect(back.equals(s)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
