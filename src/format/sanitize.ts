// Makes text that came from the cluster or from files safe for a terminal: every control character
// is shown as an escape (`\x1b`, `\u202e`), so a name can neither move the cursor, retitle the
// window nor reorder what follows it, and two names that differ only in such characters still differ.

declare const SANITIZED: unique symbol;

/** A string that holds no terminal control character; only the functions below produce one. */
export type Sanitized = string & { readonly [SANITIZED]: true };

/**
 * C0 controls except tab and newline, DEL, C1 controls (U+0080-U+009F), and the bidi controls that
 * can disguise text: ALM, LRM, RLM, the embeddings and overrides (U+202A-U+202E) and isolates (U+2066-U+2069).
 */
const CLASS = '[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]';
const CONTROL = new RegExp(CLASS, 'g');
const ONE_CONTROL = new RegExp(CLASS);

export const hasControl = (text: string): boolean => ONE_CONTROL.test(text);

/** Every control character of `text` (see CLASS; tab and newline are not among them) through `escape`. */
export const replaceControls = (text: string, escape: (c: string) => string): string => text.replace(CONTROL, escape);

const hex = (c: string, digits: number) => c.charCodeAt(0).toString(16).padStart(digits, '0');

/** `\uHHHH`, as JSON and YAML write it. */
export const unicodeEscape = (c: string): string => `\\u${hex(c, 4)}`;

/** `\xHH` below U+0100, `\uHHHH` above. */
const escapeControl = (c: string): string => (c.charCodeAt(0) < 0x100 ? `\\x${hex(c, 2)}` : unicodeEscape(c));

/** Keeps tabs and newlines (a CRLF becomes a newline); every other control character is escaped. */
export const sanitize = (text: string): Sanitized => replaceControls(text.replace(/\r\n/g, '\n'), escapeControl) as Sanitized;

/** For one-line cells: newlines and tabs become spaces as well. */
export const sanitizeLine = (text: string): Sanitized => sanitize(text.replace(/\r\n|[\t\n]/g, ' '));

/**
 * A template whose interpolations are sanitized as one line each, e.g. safe`policy ${namespace}/${name}`;
 * the literal parts are program text and kept as written.
 */
export function safe(literals: TemplateStringsArray, ...values: readonly (string | number)[]): Sanitized {
  return literals.reduce((out, literal, i) => out + sanitize(literal) + (i < values.length ? sanitizeLine(String(values[i])) : ''), '') as Sanitized;
}
