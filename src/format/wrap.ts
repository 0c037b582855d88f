// Word-wrapping for free text in 80-column terminals: continuation lines keep an indent.

/**
 * Wraps `text` to `width` columns; its leading spaces are kept, continuation lines start with
 * `indent`. A word longer than a line stays whole.
 */
export function wrap(text: string, width = 80, indent = ''): string {
  const lead = /^ */.exec(text)![0];
  const words = text.slice(lead.length).split(' ');
  const lines: string[] = [];
  let line = lead;
  let empty = true;
  for (const word of words) {
    if (!empty && line.length + 1 + word.length > width) {
      lines.push(line);
      line = indent + word;
    } else {
      line = empty ? line + word : `${line} ${word}`;
    }
    empty = false;
  }
  lines.push(line);
  return lines.join('\n');
}
