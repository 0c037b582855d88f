// Sets of (protocol, port) as merged port ranges per protocol. Immutable.
import { PROTOCOLS, type Protocol } from '../../model/snapshot.js';
import * as iv from './intervals.js';

export const MIN_PORT = 1;
export const MAX_PORT = 65535;
const ALL_PORTS: iv.Intervals<number> = [[MIN_PORT, MAX_PORT]];

export class PortSet {
  private constructor(private readonly byProtocol: ReadonlyMap<Protocol, iv.Intervals<number>>) {}

  static readonly empty = new PortSet(new Map());
  static readonly all = new PortSet(new Map(PROTOCOLS.map((p) => [p, ALL_PORTS])));

  /** Every port of one protocol. */
  static protocol(protocol: Protocol): PortSet {
    return new PortSet(new Map([[protocol, ALL_PORTS]]));
  }

  static range(protocol: Protocol, from: number, to: number = from): PortSet {
    return from > to ? PortSet.empty : new PortSet(new Map([[protocol, [[from, to]] as iv.Intervals<number>]]));
  }

  private static of(entries: Iterable<[Protocol, iv.Intervals<number>]>): PortSet {
    const map = new Map<Protocol, iv.Intervals<number>>();
    for (const [p, list] of entries) if (list.length > 0) map.set(p, list);
    return map.size === 0 ? PortSet.empty : new PortSet(map);
  }

  private combine(other: PortSet, op: (a: iv.Intervals<number>, b: iv.Intervals<number>) => iv.Intervals<number>): PortSet {
    return PortSet.of(PROTOCOLS.map((p) => [p, op(this.ranges(p), other.ranges(p))]));
  }

  union(other: PortSet): PortSet {
    if (other.isEmpty()) return this;
    if (this.isEmpty()) return other;
    return this.combine(other, iv.union);
  }

  intersect(other: PortSet): PortSet {
    return this.combine(other, iv.intersect);
  }

  subtract(other: PortSet): PortSet {
    return this.combine(other, iv.subtract);
  }

  has(protocol: Protocol, port: number): boolean {
    return iv.contains(this.ranges(protocol), port);
  }

  ranges(protocol: Protocol): iv.Intervals<number> {
    return this.byProtocol.get(protocol) ?? [];
  }

  protocols(): Protocol[] {
    return PROTOCOLS.filter((p) => this.byProtocol.has(p));
  }

  isEmpty(): boolean {
    return this.byProtocol.size === 0;
  }

  isAll(): boolean {
    return PROTOCOLS.every((p) => iv.equals(this.ranges(p), ALL_PORTS));
  }

  /** Whether every port of the protocol is in the set. */
  coversProtocol(protocol: Protocol): boolean {
    return iv.equals(this.ranges(protocol), ALL_PORTS);
  }

  equals(other: PortSet): boolean {
    return PROTOCOLS.every((p) => iv.equals(this.ranges(p), other.ranges(p)));
  }

  /** e.g. `TCP 80,443,8000-8080; UDP 53`, `all ports`, `none`. */
  toString(): string {
    if (this.isEmpty()) return 'none';
    if (this.isAll()) return 'all ports';
    return this.protocols()
      .map((p) =>
        this.coversProtocol(p)
          ? `${p} all`
          : `${p} ${this.ranges(p).map(([lo, hi]) => (lo === hi ? `${lo}` : `${lo}-${hi}`)).join(',')}`,
      )
      .join('; ');
  }

  /** Stable JSON form: `{"TCP": ["80", "8000-8080"]}`. */
  toJSON(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const p of this.protocols()) out[p] = this.ranges(p).map(([lo, hi]) => (lo === hi ? `${lo}` : `${lo}-${hi}`));
    return out;
  }
}
