// -o json and -o yaml: one stable document per command. Values are kept exactly, but no control
// character is ever written raw: JSON and YAML escape each one as \uXXXX (or YAML's own \e, \a...).
import { Document, visit } from 'yaml';
import { hasControl, replaceControls, unicodeEscape } from './sanitize.js';

export type StructuredFormat = 'json' | 'yaml';

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
  return format === 'json' ? renderJson(value) : renderYaml(value);
}
