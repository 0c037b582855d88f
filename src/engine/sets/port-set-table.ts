// Port sets interned as small numbers, so that tables of answers (the matrix's) hold integers and
// unions and intersections of the same two sets are computed once.
import { PortSet } from './port-set.js';

export const EMPTY = 0;
export const ALL = 1;

/** Port sets interned as small numbers, with memoized union and intersection. */
export class PortSetTable {
  private readonly sets: PortSet[] = [PortSet.empty, PortSet.all];
  private readonly ids = new Map<string, number>([
    [PortSet.empty.toString(), EMPTY],
    [PortSet.all.toString(), ALL],
  ]);
  // Memos keyed by the smaller id, then the larger (numbers stay small integers: no boxed keys).
  private readonly unions = new Map<number, Map<number, number>>();
  private readonly intersections = new Map<number, Map<number, number>>();
  private readonly ranges = new Map<string, number>();

  id(ports: PortSet): number {
    if (ports.isEmpty()) return EMPTY;
    const key = ports.toString();
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.sets.length;
      this.sets.push(ports);
      this.ids.set(key, id);
    }
    return id;
  }

  get(id: number): PortSet {
    return this.sets[id]!;
  }

  /** The id of one port of one protocol, without building a set each time. */
  port(protocol: 'TCP' | 'UDP' | 'SCTP', port: number): number {
    const key = `${protocol}:${port}`;
    let id = this.ranges.get(key);
    if (id === undefined) this.ranges.set(key, (id = this.id(PortSet.range(protocol, port))));
    return id;
  }

  /** The memoized id for (a, b) in a table, or undefined (no closure per call: this runs per pair). */
  private recall(table: Map<number, Map<number, number>>, a: number, b: number): number | undefined {
    return table.get(a < b ? a : b)?.get(a < b ? b : a);
  }

  private remember(table: Map<number, Map<number, number>>, a: number, b: number, ports: PortSet): number {
    const low = a < b ? a : b;
    let row = table.get(low);
    if (!row) table.set(low, (row = new Map()));
    const id = this.id(ports);
    row.set(a < b ? b : a, id);
    return id;
  }

  union(a: number, b: number): number {
    if (a === b || b === EMPTY || a === ALL) return a;
    if (a === EMPTY || b === ALL) return b;
    return this.recall(this.unions, a, b) ?? this.remember(this.unions, a, b, this.get(a).union(this.get(b)));
  }

  intersect(a: number, b: number): number {
    if (a === b || b === ALL) return a;
    if (a === ALL) return b;
    if (a === EMPTY || b === EMPTY) return EMPTY;
    return this.recall(this.intersections, a, b) ?? this.remember(this.intersections, a, b, this.get(a).intersect(this.get(b)));
  }
}
