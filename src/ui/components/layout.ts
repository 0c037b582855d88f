// Column widths from the terminal width: columns share it by priority (names first).

export interface ColumnSpec {
  /** The width at 80 columns. */
  readonly width: number;
  /** Narrowest it may become when the terminal is narrower (default: its header's length, at least 3). */
  readonly min: number;
  /** Who gets spare width first (1 = first) and gives it back last; undefined keeps its width. */
  readonly priority?: number;
}

/**
 * Widths for `specs` in `total` columns (gaps of one between columns included). `natural` is the
 * width each column's content asks for: a wider terminal widens prioritized columns up to it, in
 * priority order; a narrower one shrinks columns towards their minimum, unprioritized ones first,
 * then prioritized ones from the last priority to the first.
 */
export function layoutColumns(specs: readonly ColumnSpec[], natural: readonly number[], total: number): number[] {
  const widths = specs.map((s) => s.width);
  const used = () => widths.reduce((a, b) => a + b, 0) + Math.max(0, specs.length - 1);
  const byPriority = specs
    .map((s, i) => ({ i, p: s.priority }))
    .filter((x): x is { i: number; p: number } => x.p !== undefined)
    .sort((a, b) => a.p - b.p || a.i - b.i);
  let spare = total - used();
  if (spare > 0) {
    for (const { i } of byPriority) {
      const grow = Math.min(spare, Math.max(0, (natural[i] ?? 0) - widths[i]!));
      widths[i]! += grow;
      spare -= grow;
    }
    return widths;
  }
  // Shrink: fixed columns first (right to left), then prioritized ones, the first priority last.
  const order = [
    ...specs.map((s, i) => ({ s, i })).filter((x) => x.s.priority === undefined).map((x) => x.i).reverse(),
    ...byPriority.map((x) => x.i).reverse(),
  ];
  let excess = -spare;
  for (const i of order) {
    if (excess <= 0) break;
    const cut = Math.min(excess, Math.max(0, widths[i]! - specs[i]!.min));
    widths[i]! -= cut;
    excess -= cut;
  }
  return widths;
}
