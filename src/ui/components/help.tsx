// The help overlay: every key of the current screen, from the same keymap that drives input. When
// the keys do not fit the height, they go in two columns, each line cut to its column.
import { Box } from 'ink';
import { safe, sanitizeLine } from '../../format/sanitize.js';
import { SafeText } from './safe-text.js';
import { DESCRIPTIONS, KEYMAPS, type ScreenKind } from '../keys.js';

const fit = (line: string, width: number): string => (line.length > width ? `${line.slice(0, width - 1)}…` : line);

/** `height`: rows the body may take; `width`: the terminal's columns. */
export function Help({ screen, height = 100, width = 80 }: { readonly screen: ScreenKind; readonly height?: number; readonly width?: number }) {
  const bindings = KEYMAPS[screen].map((b) => ({ keys: b.keys.join(', '), text: DESCRIPTIONS[b.command] }));
  // Border, title and closing hint take four rows.
  const room = Math.max(1, height - 2);
  const inner = Math.max(20, width - 5);
  let rows: string[];
  if (bindings.length <= room) rows = bindings.map((b) => fit(`${b.keys.padEnd(12)} ${b.text}`, inner));
  else {
    // Two columns: the left one as wide as its lines need (up to half), the right one takes the rest.
    const half = Math.ceil(bindings.length / 2);
    const column = (list: typeof bindings) => {
      const keys = Math.max(...list.map((b) => b.keys.length));
      return list.map((b) => `${b.keys.padEnd(keys)}  ${b.text}`);
    };
    const left = column(bindings.slice(0, half));
    const right = column(bindings.slice(half));
    const leftWidth = Math.min(Math.max(...left.map((l) => l.length)), Math.floor((inner - 2) / 2));
    rows = left.map((l, i) => `${fit(l, leftWidth).padEnd(leftWidth)}  ${right[i] === undefined ? '' : fit(right[i], inner - leftWidth - 2)}`.trimEnd());
  }
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <SafeText bold>{safe`Keys on this screen`}</SafeText>
      {rows.map((row, i) => (
        <SafeText key={i}>{sanitizeLine(row)}</SafeText>
      ))}
      <SafeText dimColor>{safe`esc or ? closes this help`}</SafeText>
    </Box>
  );
}
