// A scrolling table with a highlighted cursor row; columns are data (header, width, cell).
import { Box } from 'ink';
import { safe, sanitizeLine, type Sanitized } from '../../format/sanitize.js';
import { SafeText } from './safe-text.js';
import { layoutColumns } from './layout.js';

export interface Column<T> {
  readonly header: string;
  /** The width at 80 columns; with the table's `width` set, columns share that width (layout.ts). */
  readonly width: number;
  /** Who gets spare width first (1: names) and gives it back last; unset keeps `width` when there is room. */
  readonly priority?: number;
  /** Narrowest width when the terminal is narrow (default: the header's length, at least 3). */
  readonly min?: number;
  readonly cell: (row: T) => string;
  readonly color?: (row: T) => string | undefined;
}

interface Props<T> {
  readonly columns: readonly Column<T>[];
  readonly rows: readonly T[];
  readonly cursor: number;
  readonly height: number;
  readonly empty: string;
  /** The terminal's width; without it every column keeps its `width`. */
  readonly width?: number;
}

/** Rows measured for the width their cells ask for; beyond these a wide name is cut. */
const MEASURED_ROWS = 2000;

// Cut after escaping (the width counts what shows); sanitizing the cut text again is a no-op that keeps its type.
const fit = (text: string, width: number): Sanitized => {
  const clean = sanitizeLine(text);
  return sanitizeLine(clean.length > width ? `${clean.slice(0, Math.max(0, width - 1))}…` : clean.padEnd(width));
};

function widths<T>(columns: readonly Column<T>[], rows: readonly T[], total: number | undefined): number[] {
  if (!total) return columns.map((c) => c.width);
  const measured = rows.slice(0, MEASURED_ROWS);
  const natural = columns.map((c) => (c.priority === undefined ? c.width : Math.max(c.header.length, ...measured.map((r) => sanitizeLine(c.cell(r)).length))));
  const specs = columns.map((c) => ({ width: c.width, min: c.min ?? Math.max(3, c.header.length), ...(c.priority === undefined ? {} : { priority: c.priority }) }));
  // One column spare: a line exactly as wide as the terminal wraps on some terminals.
  return layoutColumns(specs, natural, total - 1);
}

export function Table<T>({ columns: given, rows, cursor, height, empty, width }: Props<T>) {
  const sized = widths(given, rows, width);
  const columns = given.map((c, i) => ({ ...c, width: sized[i]! }));
  const visible = Math.max(1, height);
  const start = Math.min(Math.max(0, cursor - visible + 1), Math.max(0, rows.length - visible));
  const slice = rows.slice(start, start + visible);
  return (
    <Box flexDirection="column">
      <SafeText bold>{sanitizeLine(columns.map((c) => fit(c.header.toUpperCase(), c.width)).join(' '))}</SafeText>
      {rows.length === 0 ? <SafeText dimColor>{sanitizeLine(empty)}</SafeText> : null}
      {slice.map((row, i) => {
        const selected = start + i === cursor;
        return (
          <SafeText key={start + i} inverse={selected}>
            {columns.map((c, j) => (
              <SafeText key={j} color={selected ? undefined : c.color?.(row)}>
                {fit(c.cell(row), c.width)}
                {j < columns.length - 1 ? safe` ` : null}
              </SafeText>
            ))}
          </SafeText>
        );
      })}
      {rows.length > visible ? <SafeText dimColor>{safe`${start + 1}-${start + slice.length} of ${rows.length}`}</SafeText> : null}
    </Box>
  );
}
