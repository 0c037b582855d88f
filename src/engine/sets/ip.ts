// IPv4 and IPv6 addresses and CIDRs as bigints, parsed strictly the way Go's net package does; CIDRs
// also in the legacy forms older API servers stored (see parseCidr).

export type Family = 4 | 6;

export interface IpAddress {
  readonly family: Family;
  readonly value: bigint;
}

/**
 * A form that only the API server's lenient legacy parser (k8s.io/utils/net ParseCIDRSloppy, Go's
 * net.ParseCIDR before 1.17) accepts, and strict IP/CIDR validation rejects in new objects.
 */
export type LegacyCidrForm = 'leading-zeros' | 'ipv4-mapped';

export interface LegacyCidr {
  readonly form: LegacyCidrForm;
  /** The prefix length as written: an IPv4-mapped block's counts the 96 mapping bits. */
  readonly writtenPrefix: number;
}

export interface Cidr {
  readonly family: Family;
  readonly prefix: number;
  /** First address of the block (host bits cleared). */
  readonly first: bigint;
  readonly last: bigint;
  /** The address as written, host bits kept (host bits are set when it differs from `first`). */
  readonly address: bigint;
  /** Set when the text is in a legacy form; `family`, `prefix` and the bounds are what it meant. */
  readonly legacy?: LegacyCidr;
}

export const bitsOf = (family: Family): number => (family === 4 ? 32 : 128);

interface Parsed {
  readonly value: bigint;
  /** Only the legacy parser reads it: an IPv4 octet or an IPv6 group with extra leading zeros. */
  readonly sloppy: boolean;
}

// Go's dtoi/xtoi stop at this value; only leading zeros can make a legacy number longer than it.
const LEGACY_MAX = 0xffffff;

function legacyNumber(text: string, radix: 10 | 16): number | undefined {
  const digits = radix === 10 ? /^[0-9]+$/ : /^[0-9a-fA-F]+$/;
  if (!digits.test(text)) return undefined;
  const value = parseInt(text.replace(/^0+(?=.)/, ''), radix);
  return value < LEGACY_MAX ? value : undefined;
}

/**
 * The strict dotted-quad form read without splitting or regular expressions (every pod address of a
 * large cluster goes through here): undefined when the text is anything else.
 */
function strictIPv4(text: string): bigint | undefined {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      // No leading zeros: "0" alone is an octet, "01" is not strict.
      if (digits === 1 && octet === 0) return undefined;
      octet = octet * 10 + (c - 0x30);
      if (++digits > 3 || octet > 255) return undefined;
    } else if (c === 0x2e && digits > 0 && dots < 3) {
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else return undefined;
  }
  if (dots !== 3 || digits === 0) return undefined;
  return BigInt(value * 256 + octet);
}

function parseIPv4(text: string, lenient: boolean): Parsed | undefined {
  const fast = strictIPv4(text);
  if (fast !== undefined) return { value: fast, sloppy: false };
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  let sloppy = false;
  for (const part of parts) {
    // Go rejects leading zeros (ambiguous octal) since 1.17; the legacy parser read them as decimal.
    const strict = /^(0|[1-9][0-9]{0,2})$/.test(part);
    const octet = strict ? Number(part) : lenient ? legacyNumber(part, 10) : undefined;
    if (octet === undefined || octet > 255) return undefined;
    sloppy ||= !strict;
    value = (value << 8n) | BigInt(octet);
  }
  return { value, sloppy };
}

function parseIPv6(text: string, lenient: boolean): Parsed | undefined {
  if (text.includes('%')) return undefined; // zones are not addresses a policy can name
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  let sloppy = false;
  // An embedded IPv4 address may only end the address.
  const groupsOf = (part: string, last: boolean): bigint[] | undefined => {
    if (part === '') return [];
    const out: bigint[] = [];
    const pieces = part.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i]!;
      if (last && i === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIPv4(piece, lenient);
        if (v4 === undefined) return undefined;
        sloppy ||= v4.sloppy;
        out.push(v4.value >> 16n, v4.value & 0xffffn);
      } else {
        const strict = /^[0-9a-fA-F]{1,4}$/.test(piece);
        const group = strict ? parseInt(piece, 16) : lenient ? legacyNumber(piece, 16) : undefined;
        if (group === undefined || group > 0xffff) return undefined;
        sloppy ||= !strict;
        out.push(BigInt(group));
      }
    }
    return out;
  };
  const head = groupsOf(halves[0]!, halves.length === 1);
  const tail = halves.length === 2 ? groupsOf(halves[1]!, true) : [];
  if (!head || !tail) return undefined;
  const count = head.length + tail.length;
  if (halves.length === 1 ? count !== 8 : count > 7) return undefined;
  const groups = [...head, ...Array<bigint>(8 - count).fill(0n), ...tail];
  return { value: groups.reduce((acc, g) => (acc << 16n) | g, 0n), sloppy };
}

/** Parses an IPv4 or IPv6 address (strictly); undefined when it is not one. */
export function parseIp(text: string): IpAddress | undefined {
  if (text.includes(':')) {
    const parsed = parseIPv6(text, false);
    return parsed === undefined ? undefined : { family: 6, value: parsed.value };
  }
  const parsed = parseIPv4(text, false);
  return parsed === undefined ? undefined : { family: 4, value: parsed.value };
}

const IPV4_MAPPED = 0xffffn << 32n;
const isIPv4Mapped = (value: bigint): boolean => value >> 32n === 0xffffn;

/**
 * Parses `addr/prefix`. Host bits may be set (the API accepts them); they are cleared.
 *
 * Legacy forms are read as the API server's lenient parser read them, and marked `legacy`:
 * leading zeros in IPv4 octets, IPv6 groups or the prefix are decimal (`010.0.0.0/08` is
 * 10.0.0.0/8); an IPv4-mapped IPv6 address (`::ffff:10.0.0.0/104`) with a prefix of 96 or more is
 * the IPv4 block it maps (10.0.0.0/8), and with a shorter prefix the IPv6 block it masks to.
 */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const addrText = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  const v6 = addrText.includes(':');
  const addr = v6 ? parseIPv6(addrText, true) : parseIPv4(addrText, true);
  const strictPrefix = /^(0|[1-9][0-9]{0,2})$/.test(prefixText);
  const writtenPrefix = strictPrefix ? Number(prefixText) : legacyNumber(prefixText, 10);
  if (!addr || writtenPrefix === undefined) return undefined;
  const family: Family = v6 ? 6 : 4;
  const bits = bitsOf(family);
  if (writtenPrefix > bits) return undefined;
  const mapped = v6 && isIPv4Mapped(addr.value);
  const form: LegacyCidrForm | undefined = mapped ? 'ipv4-mapped' : addr.sloppy || !strictPrefix ? 'leading-zeros' : undefined;
  const legacy = form ? { legacy: { form, writtenPrefix } } : {};
  if (mapped && writtenPrefix >= 96) return block(4, writtenPrefix - 96, addr.value - IPV4_MAPPED, legacy);
  return block(family, writtenPrefix, addr.value, legacy);
}

function block(family: Family, prefix: number, address: bigint, legacy: { legacy?: LegacyCidr }): Cidr {
  const hostBits = BigInt(bitsOf(family) - prefix);
  const first = (address >> hostBits) << hostBits;
  const last = first + (1n << hostBits) - 1n;
  return { family, prefix, first, last, address, ...legacy };
}

export function formatIp(family: Family, value: bigint): string {
  if (family === 4) {
    return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
  }
  const groups: number[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(Number((value >> shift) & 0xffffn));
  // RFC 5952: compress the longest run (length >= 2) of zero groups, the first one on ties.
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

export const formatCidr = (family: Family, first: bigint, prefix: number): string =>
  `${formatIp(family, first)}/${prefix}`;
