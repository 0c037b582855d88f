// -o json and -o yaml: one stable document per command. Control characters that JSON leaves raw
// (DEL, C1, bidi overrides) are escaped in JSON and removed in YAML, so no output can drive a terminal.
import { stringify } from 'yaml';
import { sanitize } from './sanitize.js';

export type StructuredFormat = 'json' | 'yaml';

// eslint-disable-next-line no-control-regex
const RAW_IN_JSON = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export const escapeRaw = (json: string): string => json.replace(RAW_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** Every string in a plain data value, sanitized (keys too). */
export function sanitizeDeep(value: unknown): unknown {
  if (typeof value === 'string') return sanitize(value);
  if (Array.isArray(value)) return value.map(sanitizeDeep);
  if (value !== null && typeof value === 'object') {
    const json = (value as { toJSON?: () => unknown }).toJSON;
    if (typeof json === 'function') return sanitizeDeep(json.call(value));
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [sanitize(k), sanitizeDeep(v)]));
  }
  return value;
}

export function renderStructured(value: unknown, format: StructuredFormat): string {
  return format === 'json' ? `${escapeRaw(JSON.stringify(value, null, 2))}\n` : stringify(sanitizeDeep(value), { lineWidth: 0 });
}
