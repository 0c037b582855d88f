// kubectl's table look with cli-table3: UPPERCASE headers, no borders, columns separated by 3 spaces.
import Table from 'cli-table3';
import { plainPalette, type Palette } from './color.js';
import { sanitizeLine } from './sanitize.js';

const NO_BORDER = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '',
  right: '', 'right-mid': '', middle: '   ',
};

export type Style = keyof Palette;
/** A cell: plain text, or text with a status style (coloured only when the palette says so). */
export type Cell = string | number | undefined | { readonly text: string; readonly style: Style };

function renderCell(cell: Cell, palette: Palette): string {
  if (cell === undefined || cell === '') return '-';
  if (typeof cell === 'object') return palette[cell.style](sanitizeLine(cell.text));
  return sanitizeLine(String(cell));
}

/** Renders rows under headers; empty cells print as `-`. Cell text is sanitized before styling. */
export function renderTable(
  headers: readonly string[],
  rows: readonly (readonly Cell[])[],
  palette: Palette = plainPalette,
  /** Space between columns: kubectl uses 3; dense grids use 1. */
  gap = 3,
): string {
  const table = new Table({
    head: headers.map((h) => h.toUpperCase()),
    chars: { ...NO_BORDER, middle: ' '.repeat(gap) },
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true },
  });
  for (const row of rows) table.push(row.map((cell) => renderCell(cell, palette)));
  // cli-table3 pads every line to the full width; kubectl leaves no trailing spaces.
  return `${table.toString().split('\n').map((line) => line.trimEnd()).join('\n')}\n`;
}
