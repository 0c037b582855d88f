// -o jsonpath=TEMPLATE, as kubectl reads it: literal text with {expressions} over the -o json
// document; several results are joined by spaces, objects printed as JSON. jsonpath-plus evaluates
// the expressions (a kept library rather than a hand-written JSONPath).
import { JSONPath } from 'jsonpath-plus';

export class JsonPathError extends Error {
  override readonly name = 'JsonPathError';
}

type Part = { readonly text: string } | { readonly path: string };

/** Splits a kubectl template into literal text and `{...}` expressions (`{{` is not special). */
function parts(template: string): Part[] {
  const out: Part[] = [];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open < 0) {
      out.push({ text: template.slice(i) });
      break;
    }
    if (open > i) out.push({ text: template.slice(i, open) });
    const close = template.indexOf('}', open);
    if (close < 0) throw new JsonPathError(`unclosed "{" in the template`);
    const expression = template.slice(open + 1, close).trim();
    if (/^(range|end)\b/.test(expression)) throw new JsonPathError(`{${expression}} is not supported: use a path such as {.pods[*].peer}`);
    out.push({ path: expression });
    i = close + 1;
  }
  return out;
}

/** kubectl's escapes in literal text: \n and \t. */
const unescape = (text: string): string => text.replace(/\\n/g, '\n').replace(/\\t/g, '\t');

/** Throws a JsonPathError when the template cannot be read (checked before anything is loaded). */
export function checkJsonPathTemplate(template: string): void {
  parts(template);
}

/**
 * `document` is the -o json document (control characters already escaped); `showObject` prints an
 * object or list result the way -o json does.
 */
export function renderJsonPath(document: unknown, template: string, showObject: (value: unknown) => string): string {
  const show = (value: unknown): string => (typeof value === 'object' && value !== null ? showObject(value) : String(value));
  const pieces = parts(template).map((part) => {
    if ('text' in part) return unescape(part.text);
    // {"\n"} and {'text'}: a quoted literal, as kubectl allows.
    const quoted = /^(["'])(.*)\1$/s.exec(part.path);
    if (quoted) return unescape(quoted[2]!);
    const path = part.path === '' || part.path === '.' ? '$' : part.path.startsWith('$') ? part.path : `$${part.path}`;
    let results: unknown[];
    try {
      results = JSONPath({ path, json: document as object, wrap: true }) as unknown[];
    } catch {
      throw new JsonPathError(`{${part.path}} is not a JSONPath expression`);
    }
    return results.map(show).join(' ');
  });
  const out = pieces.join('');
  return out.endsWith('\n') ? out : `${out}\n`;
}
