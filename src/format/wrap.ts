// Word-wraps one line of text to a width, continuing on indented lines (for 80-column summaries).

/** Breaks `text` at spaces so no line is longer than `width` (a single longer word stays whole); keeps leading spaces. */
export function wrap(text: string, width: number, indent: string): string[] {
  const lead = /^ */.exec(text)![0];
  const words = text.slice(lead.length).split(' ');
  const lines: string[] = [];
  let line = lead;
  for (const word of words) {
    const empty = line === '' || (lines.length === 0 && line === lead);
    const candidate = empty ? `${line}${word}` : `${line} ${word}`;
    const limit = lines.length === 0 ? width : width - indent.length;
    if (candidate.length <= limit || empty) line = candidate;
    else {
      lines.push(line);
      line = word;
    }
  }
  lines.push(line);
  return lines.map((l, i) => (i === 0 ? l : `${indent}${l}`));
}
