// How a value from the input is put into a message: cut short, so that a 2 MB label value makes a
// short error line rather than a 2 MB one.

/** Characters of a value kept in a message; the rest is replaced by a count. */
export const QUOTE_LIMIT = 100;

/** The first characters of a long text, with `...`: QUOTE_LIMIT characters in all. */
function cut(text: string): string | undefined {
  if (text.length <= QUOTE_LIMIT) return undefined;
  const keep = QUOTE_LIMIT - 3;
  // Do not split a surrogate pair.
  const code = text.charCodeAt(keep - 1);
  return `${text.slice(0, code >= 0xd800 && code <= 0xdbff ? keep - 1 : keep)}...`;
}

/** `"value"`, or `"its first 97 characters..." (N characters)` for a longer one. */
export function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  const head = cut(text);
  return head === undefined ? `"${text}"` : `"${head}" (${text.length} characters)`;
}

/** The value unquoted, or `its first 97 characters... (N characters)` for a longer one. */
export function clip(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  const head = cut(text);
  return head === undefined ? text : `${head} (${text.length} characters)`;
}

/**
 * An error message with every quoted value longer than QUOTE_LIMIT, and every other run of more than
 * three times as many non-blank characters, cut short: one line stays short whatever the input held.
 */
export function clipMessage(message: string): string {
  return message.replace(LONG_QUOTED, (_, value: string) => quote(value)).replace(LONG_RUN, (run) => clip(run));
}

const LONG_QUOTED = new RegExp(`"([^"\\n]{${QUOTE_LIMIT + 1},})"`, 'g');
const LONG_RUN = new RegExp(`\\S{${3 * QUOTE_LIMIT + 1},}`, 'g');
