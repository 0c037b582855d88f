// Sorted, disjoint, non-adjacent closed intervals: the shared algebra of port sets and address sets.
// Every operation returns a new array and never mutates its inputs.

export type Bound = number | bigint;
export type Interval<T extends Bound> = readonly [lo: T, hi: T];
export type Intervals<T extends Bound> = readonly Interval<T>[];

/** Whether `b` starts right after `a` ends (so the two merge). */
const touches = <T extends Bound>(aHi: T, bLo: T): boolean =>
  typeof aHi === 'bigint' ? (aHi as bigint) + 1n >= (bLo as bigint) : (aHi as number) + 1 >= (bLo as number);

const plusOne = <T extends Bound>(x: T): T =>
  (typeof x === 'bigint' ? (x as bigint) + 1n : (x as number) + 1) as T;
const minusOne = <T extends Bound>(x: T): T =>
  (typeof x === 'bigint' ? (x as bigint) - 1n : (x as number) - 1) as T;

/** Normalizes any list of intervals (unsorted, overlapping) into canonical form. */
export function normalize<T extends Bound>(list: Intervals<T>): Intervals<T> {
  const sorted = list.filter(([lo, hi]) => lo <= hi).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: [T, T][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && touches(last[1], lo)) {
      if (hi > last[1]) last[1] = hi;
    } else {
      out.push([lo, hi]);
    }
  }
  return out;
}

export function union<T extends Bound>(a: Intervals<T>, b: Intervals<T>): Intervals<T> {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  return normalize([...a, ...b]);
}

export function intersect<T extends Bound>(a: Intervals<T>, b: Intervals<T>): Intervals<T> {
  const out: Interval<T>[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [aLo, aHi] = a[i]!;
    const [bLo, bHi] = b[j]!;
    const lo = aLo > bLo ? aLo : bLo;
    const hi = aHi < bHi ? aHi : bHi;
    if (lo <= hi) out.push([lo, hi]);
    if (aHi < bHi) i++;
    else j++;
  }
  return out;
}

export function subtract<T extends Bound>(a: Intervals<T>, b: Intervals<T>): Intervals<T> {
  const out: Interval<T>[] = [];
  let j = 0;
  for (const [lo0, hi] of a) {
    let lo = lo0;
    while (j < b.length && b[j]![1] < lo) j++;
    let k = j;
    while (k < b.length && b[k]![0] <= hi) {
      const [bLo, bHi] = b[k]!;
      if (bLo > lo) out.push([lo, minusOne(bLo)]);
      if (bHi >= hi) {
        lo = plusOne(hi); // consumed
        break;
      }
      lo = plusOne(bHi);
      k++;
    }
    if (lo <= hi) out.push([lo, hi]);
  }
  return out;
}

export function contains<T extends Bound>(set: Intervals<T>, x: T): boolean {
  let lo = 0;
  let hi = set.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = set[mid]!;
    if (x < a) hi = mid - 1;
    else if (x > b) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Whether every element of `inner` is in `outer`. */
export const isSubset = <T extends Bound>(inner: Intervals<T>, outer: Intervals<T>): boolean =>
  subtract(inner, outer).length === 0;

export const equals = <T extends Bound>(a: Intervals<T>, b: Intervals<T>): boolean =>
  a.length === b.length && a.every(([lo, hi], i) => lo === b[i]![0] && hi === b[i]![1]);
