// CEL text for admission checks: literals and the fragments every organisation rule reads the object with.
import type { Direction } from '../../../model/policy.js';

const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', "'": "\\'", '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** A CEL string literal: single quotes; quotes, backslashes and control characters escaped. */
export function celString(text: string): string {
  const body = [...text]
    .map((ch) => {
      if (ESCAPES[ch] !== undefined) return ESCAPES[ch];
      const code = ch.codePointAt(0)!;
      return code < 0x20 || code === 0x7f ? `\\x${code.toString(16).padStart(2, '0')}` : ch;
    })
    .join('');
  return `'${body}'`;
}

/** A CEL list of string literals. */
export const celStrings = (items: readonly string[]): string => `[${items.map(celString).join(', ')}]`;

/** The rules of a direction: an empty list when the field is absent. */
export const celRules = (direction: Direction): string => `(has(object.spec.${direction}) ? object.spec.${direction} : [])`;

/** The peers of rule `r` (`from` or `to`): an empty list when absent. */
export const celPeers = (direction: Direction, r = 'r'): string => {
  const list = peersField(direction);
  return `(has(${r}.${list}) ? ${r}.${list} : [])`;
};

/** True when rule `r` has no peers: the field is absent or empty, so it admits every peer. */
export const celNoPeers = (direction: Direction, r = 'r'): string => {
  const list = peersField(direction);
  return `(!has(${r}.${list}) || size(${r}.${list}) == 0)`;
};

/** True when the label selector at `path` is `{}`: no labels and no expressions. */
export const celEmptySelector = (path: string): string =>
  `((!has(${path}.matchLabels) || size(${path}.matchLabels) == 0) && (!has(${path}.matchExpressions) || size(${path}.matchExpressions) == 0))`;

export const peersField = (direction: Direction): 'from' | 'to' => (direction === 'ingress' ? 'from' : 'to');

/** The violations of a check on the whole object: none when `ok` holds, else one without detail. */
export const celWhole = (ok: string): string => `(${ok}) ? [] : [['']]`;
