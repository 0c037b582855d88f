// ANSI colour for status words only; the caller decides whether colour is on (TTY, NO_COLOR, --no-color).

export interface Palette {
  good(text: string): string;
  bad(text: string): string;
  warn(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

export const colorPalette: Palette = {
  good: wrap(32, 39),
  bad: wrap(31, 39),
  warn: wrap(33, 39),
  dim: wrap(2, 22),
  bold: wrap(1, 22),
};

const identity = (text: string) => text;
export const plainPalette: Palette = { good: identity, bad: identity, warn: identity, dim: identity, bold: identity };

/** Colour on a TTY unless NO_COLOR is set (https://no-color.org) or --no-color was given. */
export function chooseColor(isTTY: boolean, env: Readonly<Record<string, string | undefined>>, noColorFlag: boolean): boolean {
  return isTTY && !noColorFlag && !(env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '');
}
