// -o json and -o yaml: one stable document per command. Values are kept exactly, but no control
// character is ever written raw: JSON and YAML escape each one as \uXXXX (or YAML's own \e, \a...).
import { Document, visit } from 'yaml';
import { hasControl, replaceControls, sanitizeLine, unicodeEscape } from './sanitize.js';
import { renderJsonPath } from './jsonpath.js';

/** -o json, -o yaml, or -o jsonpath=TEMPLATE (kubectl's). */
export type StructuredFormat = 'json' | 'yaml' | `jsonpath=${string}`;

export const isStructured = (output: string | undefined): output is StructuredFormat =>
  output === 'json' || output === 'yaml' || (output !== undefined && output.startsWith('jsonpath='));

/**
 * Escapes what JSON.stringify leaves raw (DEL, C1 controls, bidi controls) in a JSON text; the C0
 * controls it already escapes. Only valid on JSON (or JSON-as-YAML) text, where they sit inside strings.
 */
export const escapeRaw = (json: string): string => replaceControls(json, unicodeEscape);

/** JSON text with no raw control character. */
export const renderJson = (value: unknown): string => `${escapeRaw(JSON.stringify(value, null, 2))}\n`;

/**
 * YAML of the same data as the JSON. Strings (keys too) holding control characters are written
 * double-quoted; the yaml library escapes C0 there but leaves DEL, C1 and bidi controls raw, so
 * those become \uXXXX as well. Plain and block scalars never hold one, so the replacement is safe.
 */
export function renderYaml(value: unknown): string {
  const doc = new Document(JSON.parse(JSON.stringify(value)) as unknown);
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && hasControl(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  return replaceControls(doc.toString({ lineWidth: 0 }), unicodeEscape);
}

export function renderStructured(value: unknown, format: StructuredFormat): string {
  if (format === 'json') return renderJson(value);
  if (format === 'yaml') return renderYaml(value);
  return renderJsonPath(JSON.parse(renderJson(value)), format.slice('jsonpath='.length), (v) => renderJson(v).trimEnd());
}

/** -o name: one sanitized name per line (names are cluster-derived). */
export const renderNames = (names: readonly string[]): string => names.map((n) => `${sanitizeLine(n)}\n`).join('');
