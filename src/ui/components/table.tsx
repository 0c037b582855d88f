// A scrolling table with a highlighted cursor row; columns are data (header, width, cell).
import { Box, Text } from 'ink';
import { sanitizeLine } from '../../format/sanitize.js';

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

const fit = (text: string, width: number) => {
  const clean = sanitizeLine(text);
  return clean.length > width ? `${clean.slice(0, Math.max(0, width - 1))}…` : clean.padEnd(width);
};

export function Table<T>({ columns, rows, cursor, height, empty }: Props<T>) {
  const visible = Math.max(1, height);
  const start = Math.min(Math.max(0, cursor - visible + 1), Math.max(0, rows.length - visible));
  const slice = rows.slice(start, start + visible);
  return (
    <Box flexDirection="column">
      <Text bold>{columns.map((c) => fit(c.header.toUpperCase(), c.width)).join(' ')}</Text>
      {rows.length === 0 ? <Text dimColor>{empty}</Text> : null}
      {slice.map((row, i) => {
        const selected = start + i === cursor;
        return (
          <Text key={start + i} inverse={selected}>
            {columns.map((c, j) => (
              <Text key={j} color={selected ? undefined : c.color?.(row)}>
                {fit(c.cell(row), c.width)}
                {j < columns.length - 1 ? ' ' : ''}
              </Text>
            ))}
          </Text>
        );
      })}
      {rows.length > visible ? <Text dimColor>{`${start + 1}-${start + slice.length} of ${rows.length}`}</Text> : null}
    </Box>
  );
}
