// Address and CIDR parsing: strict, as Go's net package (and so the API server) parses them; CIDRs also
// in the legacy forms lenient API servers stored.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bitsOf, formatCidr, formatIp, parseCidr, parseIp } from '../../../src/engine/sets/ip.js';

const v4 = (a: number, b: number, c: number, d: number): bigint => (BigInt(a) << 24n) | (BigInt(b) << 16n) | (BigInt(c) << 8n) | BigInt(d);
const v6 = (...groups: number[]): bigint => groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);

describe('parseIp: IPv4', () => {
  it('parses dotted quads to their 32-bit value', () => {
    expect(parseIp('10.1.2.3')).toEqual({ family: 4, value: v4(10, 1, 2, 3) });
    expect(parseIp('0.0.0.0')).toEqual({ family: 4, value: 0n });
    expect(parseIp('255.255.255.255')).toEqual({ family: 4, value: (1n << 32n) - 1n });
    expect(parseIp('192.168.100.200')).toEqual({ family: 4, value: v4(192, 168, 100, 200) });
  });

  it('rejects leading zeros (ambiguous octal)', () => {
    for (const text of ['01.2.3.4', '1.2.3.04', '00.0.0.0', '10.010.0.1', '1.2.3.000']) expect(parseIp(text), text).toBeUndefined();
  });

  it('rejects octets above 255 and wrong octet counts', () => {
    for (const text of ['256.0.0.1', '1.2.3.256', '1.2.3', '1.2.3.4.5', '1.2.3.', '.1.2.3', '1..2.3', '1234.1.1.1']) {
      expect(parseIp(text), text).toBeUndefined();
    }
  });

  it('rejects signs, hex, whitespace, suffixes and empty text', () => {
    for (const text of ['', ' 1.2.3.4', '1.2.3.4 ', '+1.2.3.4', '1.2.3.-4', '0x1.2.3.4', '1.2.3.4/32', 'a.b.c.d', '1.2.3.4\n']) {
      expect(parseIp(text), JSON.stringify(text)).toBeUndefined();
    }
  });
});

describe('parseIp: IPv6', () => {
  it('parses :: as the zero address and ::1 as one', () => {
    expect(parseIp('::')).toEqual({ family: 6, value: 0n });
    expect(parseIp('::1')).toEqual({ family: 6, value: 1n });
  });

  it('expands :: at the start, middle and end', () => {
    expect(parseIp('1::')?.value).toBe(v6(1, 0, 0, 0, 0, 0, 0, 0));
    expect(parseIp('fe80::1')?.value).toBe(v6(0xfe80, 0, 0, 0, 0, 0, 0, 1));
    expect(parseIp('2001:db8::8:800:200c:417a')?.value).toBe(v6(0x2001, 0xdb8, 0, 0, 0x8, 0x800, 0x200c, 0x417a));
    expect(parseIp('1::2:3:4:5:6:7')?.value).toBe(v6(1, 0, 2, 3, 4, 5, 6, 7));
  });

  it('parses the full eight-group form, with leading zeros in groups and either case', () => {
    const expected = v6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1);
    expect(parseIp('2001:0db8:0000:0000:0000:0000:0000:0001')?.value).toBe(expected);
    expect(parseIp('2001:DB8:0:0:0:0:0:1')?.value).toBe(expected);
    expect(parseIp('2001:db8::1')).toEqual({ family: 6, value: expected });
  });

  it('parses an embedded IPv4 address in the last 32 bits', () => {
    expect(parseIp('::ffff:10.0.0.1')).toEqual({ family: 6, value: v6(0, 0, 0, 0, 0, 0xffff, 0x0a00, 0x0001) });
    expect(parseIp('64:ff9b::192.0.2.33')?.value).toBe(v6(0x64, 0xff9b, 0, 0, 0, 0, 0xc000, 0x0221));
    expect(parseIp('1:2:3:4:5:6:1.2.3.4')?.value).toBe(v6(1, 2, 3, 4, 5, 6, 0x0102, 0x0304));
    expect(parseIp('::1.2.3.4')?.value).toBe(v6(0, 0, 0, 0, 0, 0, 0x0102, 0x0304));
  });

  it('rejects an embedded IPv4 address that is invalid or not at the end', () => {
    for (const text of ['::1.2.3', '::1.2.3.4:5', '::01.2.3.4', '::256.1.1.1', '1:2:3:4:5:1.2.3.4', '1:2:3:4:5:6:7:1.2.3.4']) {
      expect(parseIp(text), text).toBeUndefined();
    }
  });

  it('rejects an embedded IPv4 address placed before :: (it may only end the address)', () => {
    for (const text of ['1.2.3.4::', '1.2.3.4::1', '1:1.2.3.4::', '1:2:1.2.3.4::3']) expect(parseIp(text), text).toBeUndefined();
  });

  it('rejects malformed forms', () => {
    for (const text of [
      ':',
      ':::',
      '1:::2',
      '1::2::3',
      ':1::',
      '1::2:',
      ':1:2:3:4:5:6:7',
      '1:2:3:4:5:6:7',
      '1:2:3:4:5:6:7:8:9',
      '1:2:3:4:5:6:7:8:',
      '1:2:3:4:5:6:7::8',
      '12345::',
      'g::1',
      '::-1',
      ' ::1',
    ]) {
      expect(parseIp(text), text).toBeUndefined();
    }
  });

  it('rejects zones', () => {
    expect(parseIp('fe80::1%eth0')).toBeUndefined();
  });
});

describe('parseCidr', () => {
  it('parses an aligned IPv4 block', () => {
    expect(parseCidr('10.0.0.0/8')).toEqual({ family: 4, prefix: 8, first: v4(10, 0, 0, 0), last: v4(10, 255, 255, 255), address: v4(10, 0, 0, 0) });
  });

  it('clears host bits', () => {
    expect(parseCidr('10.1.2.3/8')).toEqual({ family: 4, prefix: 8, first: v4(10, 0, 0, 0), last: v4(10, 255, 255, 255), address: v4(10, 1, 2, 3) });
    expect(parseCidr('192.168.1.77/30')).toEqual({ family: 4, prefix: 30, first: v4(192, 168, 1, 76), last: v4(192, 168, 1, 79), address: v4(192, 168, 1, 77) });
    const c = parseCidr('2001:db8::1/64');
    expect(c?.first).toBe(v6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0));
    expect(c?.last).toBe(v6(0x2001, 0xdb8, 0, 0, 0xffff, 0xffff, 0xffff, 0xffff));
  });

  it('accepts prefixes 0 through the family width', () => {
    expect(parseCidr('0.0.0.0/0')).toEqual({ family: 4, prefix: 0, first: 0n, last: (1n << 32n) - 1n, address: 0n });
    expect(parseCidr('1.2.3.4/32')).toEqual({ family: 4, prefix: 32, first: v4(1, 2, 3, 4), last: v4(1, 2, 3, 4), address: v4(1, 2, 3, 4) });
    expect(parseCidr('::/0')).toEqual({ family: 6, prefix: 0, first: 0n, last: (1n << 128n) - 1n, address: 0n });
    expect(parseCidr('::1/128')).toEqual({ family: 6, prefix: 128, first: 1n, last: 1n, address: 1n });
  });

  it('rejects prefixes beyond the family width', () => {
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
    expect(parseCidr('::/129')).toBeUndefined();
  });

  it('rejects malformed prefixes and missing parts', () => {
    for (const text of ['10.0.0.0', '10.0.0.0/', '10.0.0.0/-1', '10.0.0.0/0x8', '10.0.0.0/8/8', '/8', '10.0.0.0/ 8', '10.0.0.0/1a', '10.0.0.0/+8', '10.0.0.0/1000']) {
      expect(parseCidr(text), text).toBeUndefined();
    }
  });

  it('rejects an invalid address part', () => {
    for (const text of ['10.0.0/8', '0x10.0.0.0/8', '1::2::3/64', 'fe80::1%eth0/64', '0256.0.0.0/8', '::0ffff1/64']) expect(parseCidr(text), text).toBeUndefined();
  });
});

describe('parseCidr: legacy forms (k8s.io/utils/net ParseCIDRSloppy, Go net.ParseCIDR before 1.17)', () => {
  it('reads leading zeros in octets and the prefix as decimal, and marks them', () => {
    expect(parseCidr('010.0.0.0/8')).toEqual({ family: 4, prefix: 8, first: v4(10, 0, 0, 0), last: v4(10, 255, 255, 255), address: v4(10, 0, 0, 0), legacy: { form: 'leading-zeros', writtenPrefix: 8 } });
    expect(parseCidr('10.0.0.0/08')).toMatchObject({ prefix: 8, first: v4(10, 0, 0, 0), legacy: { form: 'leading-zeros' } });
    // Decimal, not octal: 010 is ten and 008 is eight (octal would have 8 as invalid).
    expect(parseCidr('192.168.008.000/24')).toMatchObject({ first: v4(192, 168, 8, 0), legacy: { form: 'leading-zeros' } });
    expect(parseCidr('0000000010.0.0.1/32')?.first).toBe(v4(10, 0, 0, 1));
  });

  it('reads IPv6 groups of more than four digits (leading zeros) and legacy octets inside IPv6', () => {
    expect(parseCidr('fd00:000000::/64')).toMatchObject({ family: 6, prefix: 64, first: v6(0xfd00, 0, 0, 0, 0, 0, 0, 0), legacy: { form: 'leading-zeros' } });
    expect(parseCidr('64:ff9b::010.0.0.0/104')).toMatchObject({ family: 6, first: v6(0x64, 0xff9b, 0, 0, 0, 0, 0x0a00, 0) });
  });

  it('reads an IPv4-mapped IPv6 block with a prefix of 96 or more as the IPv4 block it maps', () => {
    expect(parseCidr('::ffff:10.0.0.0/104')).toEqual({ family: 4, prefix: 8, first: v4(10, 0, 0, 0), last: v4(10, 255, 255, 255), address: v4(10, 0, 0, 0), legacy: { form: 'ipv4-mapped', writtenPrefix: 104 } });
    expect(parseCidr('::ffff:a00:1/128')).toMatchObject({ family: 4, prefix: 32, first: v4(10, 0, 0, 1) });
    expect(parseCidr('::ffff:0.0.0.0/96')).toMatchObject({ family: 4, prefix: 0, first: 0n, last: (1n << 32n) - 1n });
    expect(parseCidr('::ffff:010.1.2.3/120')).toMatchObject({ family: 4, prefix: 24, first: v4(10, 1, 2, 0), address: v4(10, 1, 2, 3), legacy: { form: 'ipv4-mapped' } });
  });

  it('reads an IPv4-mapped address with a shorter prefix as the IPv6 block it masks to', () => {
    expect(parseCidr('::ffff:10.0.0.0/80')).toMatchObject({ family: 6, prefix: 80, first: 0n, legacy: { form: 'ipv4-mapped', writtenPrefix: 80 } });
  });

  it('leaves strict forms unmarked, including IPv4-compatible and NAT64 addresses', () => {
    for (const text of ['10.0.0.0/8', '::10.0.0.0/104', '64:ff9b::/96', '2001:db8::/32', '0.0.0.0/0']) expect(parseCidr(text)?.legacy, text).toBeUndefined();
  });

  it('still rejects what the legacy parser rejected', () => {
    for (const text of ['256.0.0.0/8', '010.0.0.0/33', '::ffff:10.0.0.0/129', '10.0.0.0/-8', '1.2.3/8', '10.0.0.0/8 ', '10.0.0.00000000000000009999/8']) {
      expect(parseCidr(text), text).toBeUndefined();
    }
  });

  it('addresses (targets, pod IPs) stay strict', () => {
    expect(parseIp('010.0.0.1')).toBeUndefined();
  });
});

describe('formatIp and formatCidr', () => {
  it('formats IPv4 as a dotted quad', () => {
    expect(formatIp(4, v4(10, 0, 255, 1))).toBe('10.0.255.1');
    expect(formatIp(4, 0n)).toBe('0.0.0.0');
  });

  it('formats IPv6 per RFC 5952: lowercase, longest zero run compressed, first on ties, single zero group kept', () => {
    expect(formatIp(6, 0n)).toBe('::');
    expect(formatIp(6, 1n)).toBe('::1');
    expect(formatIp(6, v6(0xfe80, 0, 0, 0, 0, 0, 0, 0))).toBe('fe80::');
    expect(formatIp(6, v6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0xab))).toBe('2001:db8::ab');
    expect(formatIp(6, v6(1, 0, 0, 1, 0, 0, 0, 1))).toBe('1:0:0:1::1');
    expect(formatIp(6, v6(1, 0, 0, 2, 0, 0, 3, 4))).toBe('1::2:0:0:3:4');
    expect(formatIp(6, v6(1, 0, 2, 3, 4, 5, 6, 7))).toBe('1:0:2:3:4:5:6:7');
  });

  it('formats a CIDR as address/prefix', () => {
    expect(formatCidr(4, v4(10, 0, 0, 0), 8)).toBe('10.0.0.0/8');
    expect(formatCidr(6, v6(0xfd00, 0, 0, 0, 0, 0, 0, 0), 64)).toBe('fd00::/64');
  });

  it('bitsOf gives the family width', () => {
    expect(bitsOf(4)).toBe(32);
    expect(bitsOf(6)).toBe(128);
  });

  it('property: formatIp then parseIp is the identity (both families)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 32n) - 1n }), (value) => {
        expect(parseIp(formatIp(4, value))).toEqual({ family: 4, value });
      }),
    );
    // Bias towards zero groups so that compression is exercised.
    const group = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff }));
    fc.assert(
      fc.property(fc.array(group, { minLength: 8, maxLength: 8 }), (groups) => {
        const value = v6(...groups);
        const text = formatIp(6, value);
        expect(parseIp(text)).toEqual({ family: 6, value });
        expect(text).toBe(text.toLowerCase());
        expect(text.split('::').length).toBeLessThanOrEqual(2);
      }),
    );
  });

  it('property: parseCidr of an address and prefix covers exactly the aligned block containing it', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 32n) - 1n }), fc.integer({ min: 0, max: 32 }), (value, prefix) => {
        const c = parseCidr(`${formatIp(4, value)}/${prefix}`)!;
        const size = 1n << BigInt(32 - prefix);
        expect(c.prefix).toBe(prefix);
        expect(c.first % size).toBe(0n);
        expect(c.last - c.first + 1n).toBe(size);
        expect(value >= c.first && value <= c.last).toBe(true);
      }),
    );
  });
});

describe('parseIp: IPv4 read character by character', () => {
  // The oracle: Go's strict rule spelt the plain way (four parts, each 0 or 1-3 digits without a leading zero, at most 255).
  const strict = (text: string): bigint | undefined => {
    const parts = text.split('.');
    if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255)) return undefined;
    return parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n);
  };
  it('agrees with the plain reading on any text of digits and dots', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('0', '1', '2', '5', '9', '.', '00', '25', '255', '256', '1000'), { maxLength: 9 }), (pieces) => {
        const text = pieces.join('');
        const expected = strict(text);
        const parsed = parseIp(text);
        if (expected !== undefined) expect(parsed).toEqual({ family: 4, value: expected });
        else expect(parsed?.family === 4 ? parsed.value : undefined).toBeUndefined();
      }),
      { numRuns: 2000 },
    );
  });
});
