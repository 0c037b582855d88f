// A scrolling table with a highlighted cursor row; columns are data (header, width, cell).
import { Box } from 'ink';
import { safe, sanitizeLine, type Sanitized } from '../../format/sanitize.js';
import { SafeText } from './safe-text.js';

export interface Column<T> {
  readonly header: string;
  readonly width: number;
  readonly cell: (row: T) => string;
  readonly color?: (row: T) => string | undefined;
}

interface Props<T> {
  readonly columns: readonly Column<T>[];
  readonly rows: readonly T[];
  readonly cursor: number;
  readonly height: number;
  readonly empty: string;
}

// Cut after escaping (the width counts what shows); sanitizing the cut text again is a no-op that keeps its type.
const fit = (text: string, width: number): Sanitized => {
  const clean = sanitizeLine(text);
  return sanitizeLine(clean.length > width ? `${clean.slice(0, Math.max(0, width - 1))}…` : clean.padEnd(width));
};

export function Table<T>({ columns, rows, cursor, height, empty }: Props<T>) {
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
