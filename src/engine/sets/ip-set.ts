// Sets of IPv4 and IPv6 addresses as merged bigint ranges. Immutable.
import { bitsOf, formatCidr, formatIp, parseCidr, type Cidr, type Family, type IpAddress } from './ip.js';
import * as iv from './intervals.js';

const FULL: Record<Family, iv.Intervals<bigint>> = {
  4: [[0n, (1n << 32n) - 1n]],
  6: [[0n, (1n << 128n) - 1n]],
};

export class IpSet {
  private constructor(
    private readonly v4: iv.Intervals<bigint>,
    private readonly v6: iv.Intervals<bigint>,
  ) {}

  static readonly empty = new IpSet([], []);
  static readonly all = new IpSet(FULL[4], FULL[6]);

  static fromCidr(cidr: Cidr): IpSet {
    const list: iv.Intervals<bigint> = [[cidr.first, cidr.last]];
    return cidr.family === 4 ? new IpSet(list, []) : new IpSet([], list);
  }

  /** The addresses from `first` to `last`, inclusive. */
  static fromRange(family: Family, first: bigint, last: bigint): IpSet {
    const list: iv.Intervals<bigint> = first <= last ? [[first, last]] : [];
    return family === 4 ? new IpSet(list, []) : new IpSet([], list);
  }

  /** Parses a CIDR; undefined when invalid (validate() reports it). */
  static parse(text: string): IpSet | undefined {
    const cidr = parseCidr(text);
    return cidr && IpSet.fromCidr(cidr);
  }

  /** Every address of one family. */
  static family(family: Family): IpSet {
    return family === 4 ? new IpSet(FULL[4], []) : new IpSet([], FULL[6]);
  }

  static address(ip: IpAddress): IpSet {
    const list: iv.Intervals<bigint> = [[ip.value, ip.value]];
    return ip.family === 4 ? new IpSet(list, []) : new IpSet([], list);
  }

  union(other: IpSet): IpSet {
    return new IpSet(iv.union(this.v4, other.v4), iv.union(this.v6, other.v6));
  }

  intersect(other: IpSet): IpSet {
    return new IpSet(iv.intersect(this.v4, other.v4), iv.intersect(this.v6, other.v6));
  }

  subtract(other: IpSet): IpSet {
    return new IpSet(iv.subtract(this.v4, other.v4), iv.subtract(this.v6, other.v6));
  }

  has(ip: IpAddress): boolean {
    return iv.contains(ip.family === 4 ? this.v4 : this.v6, ip.value);
  }

  isEmpty(): boolean {
    return this.v4.length === 0 && this.v6.length === 0;
  }

  isSubsetOf(other: IpSet): boolean {
    return iv.isSubset(this.v4, other.v4) && iv.isSubset(this.v6, other.v6);
  }

  equals(other: IpSet): boolean {
    return iv.equals(this.v4, other.v4) && iv.equals(this.v6, other.v6);
  }

  /** Whether the set is every address of a family (0.0.0.0/0 or ::/0). */
  coversFamily(family: Family): boolean {
    return iv.equals(family === 4 ? this.v4 : this.v6, FULL[family]);
  }

  ranges(family: Family): iv.Intervals<bigint> {
    return family === 4 ? this.v4 : this.v6;
  }

  /** The minimal list of CIDRs covering exactly this set, IPv4 first. */
  toCidrs(): string[] {
    return ([4, 6] as const).flatMap((family) => this.cidrsOf(family));
  }

  /** The minimal CIDRs of one family's part of the set. */
  private cidrsOf(family: Family): string[] {
    const out: string[] = [];
    const bits = bitsOf(family);
    for (const [lo0, hi] of this.ranges(family)) {
      let lo = lo0;
      while (lo <= hi) {
        // The largest aligned block starting at lo that stays within hi.
        let size = 0;
        while (size < bits && (lo & ((1n << BigInt(size + 1)) - 1n)) === 0n && lo + (1n << BigInt(size + 1)) - 1n <= hi) size++;
        out.push(formatCidr(family, lo, bits - size));
        lo += 1n << BigInt(size);
      }
    }
    return out;
  }

  /**
   * The set as people write it: per family, one CIDR, or the smallest CIDR around the set with the
   * holes in it (`0.0.0.0/0 except 10.0.0.0/8`) when that is shorter than the minimal CIDR list,
   * else the minimal CIDRs. `anywhere` for every address of both families. Exact either way.
   */
  describe(): string[] {
    if (this.coversFamily(4) && this.coversFamily(6)) return ['anywhere'];
    return ([4, 6] as const).flatMap((family) => {
      const list = this.ranges(family);
      if (list.length === 0) return [];
      const cidrs = this.cidrsOf(family);
      if (cidrs.length === 1) return cidrs;
      const bits = bitsOf(family);
      const first = list[0]![0];
      const last = list[list.length - 1]![1];
      // The smallest aligned block holding both ends.
      let prefix = bits;
      while (prefix > 0 && first >> BigInt(bits - prefix) !== last >> BigInt(bits - prefix)) prefix--;
      const base = (first >> BigInt(bits - prefix)) << BigInt(bits - prefix);
      const hull = IpSet.fromRange(family, base, base + (1n << BigInt(bits - prefix)) - 1n);
      const holes = hull.subtract(this).cidrsOf(family);
      return holes.length < cidrs.length ? [`${formatCidr(family, base, prefix)} except ${holes.join(', ')}`] : cidrs;
    });
  }

  /** Ranges as `a-b` (or one address), IPv4 first; `0.0.0.0/0` and `::/0` kept as CIDRs. */
  toRangeStrings(): string[] {
    const out: string[] = [];
    for (const family of [4, 6] as const) {
      if (this.coversFamily(family)) {
        out.push(family === 4 ? '0.0.0.0/0' : '::/0');
        continue;
      }
      for (const [lo, hi] of this.ranges(family)) {
        out.push(lo === hi ? formatIp(family, lo) : `${formatIp(family, lo)}-${formatIp(family, hi)}`);
      }
    }
    return out;
  }

  /** CIDRs when they are few, else ranges: the most readable exact form. */
  toString(): string {
    if (this.isEmpty()) return 'none';
    if (this.coversFamily(4) && this.coversFamily(6)) return 'anywhere';
    const cidrs = this.toCidrs();
    const ranges = this.toRangeStrings();
    return (cidrs.length <= ranges.length ? cidrs : ranges).join(', ');
  }
}
