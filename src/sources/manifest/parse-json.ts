// JSON manifests read fast: one pass finds where each object starts and ends (the items of a List,
// or concatenated objects), then each is parsed on its own with JSON.parse as it is needed, so the
// raw tree of a whole file never exists at once and the YAML composer never sees JSON.
import type { RawObject } from '../assemble.js';
import { isRecord } from '../normalize/raw.js';
import { SourceError } from '../source-error.js';
import type { ManifestText } from './read-files.js';

/** Parses a piece of text the slow way (YAML), with lines counted from the top of the piece. */
export type FallbackParse = (input: ManifestText) => readonly RawObject[];

/** One object to parse: its text span, the line it starts on, its origin. */
interface Piece {
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly doc: number;
  /** `items[i]` for an item of a List. */
  readonly item?: number;
  /** Object keys seen by the scan, to notice duplicate keys (which JSON.parse merges silently). */
  readonly keys: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const NEWLINE = 0x0a;
const isSpace = (c: number): boolean => c === 0x20 || c === NEWLINE || c === 0x0d || c === 0x09;

/** The index of the quote that closes the string opening at `open`, or -1. */
function stringEnd(text: string, open: number): number {
  let j = text.indexOf('"', open + 1);
  while (j > 0 && text.charCodeAt(j - 1) === BACKSLASH) {
    let backslashes = 0;
    for (let k = j - 1; text.charCodeAt(k) === BACKSLASH; k--) backslashes++;
    if (backslashes % 2 === 0) break;
    j = text.indexOf('"', j + 1);
  }
  return j;
}

/** The value of a JSON string token (with its quotes), or undefined when it is not valid JSON. */
function stringValue(token: string): string | undefined {
  if (!token.includes('\\')) return token.slice(1, -1);
  try {
    return JSON.parse(token) as string;
  } catch {
    return undefined;
  }
}

/**
 * Where the objects of a JSON text are: each top-level value (several when objects are concatenated,
 * as `kubectl get -o json` of several resources prints them), or the items of a top-level `*List`.
 * Undefined when the text does not start with `{` or `[` or its brackets and strings do not balance:
 * the YAML reader then takes the whole text and says what is wrong.
 */
export function scanJson(text: string): Piece[] | undefined {
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < n && isSpace(text.charCodeAt(i))) if (text.charCodeAt(i++) === NEWLINE) line++;
  const first = text.charCodeAt(i);
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) return undefined;

  const pieces: Piece[] = [];
  let doc = 0;
  let keys = 0;
  while (i < n) {
    // One top-level value, from i.
    doc++;
    const valueStart = i;
    const valueLine = line;
    const valueKeys = keys;
    let depth = 0;
    // State of a top-level object that may be a List.
    const topIsObject = text.charCodeAt(i) === OPEN_BRACE;
    let lastKey: string | undefined;
    const topKeys = new Set<string | undefined>();
    let topKeyRepeated = false;
    let kind: string | undefined;
    let itemsSeen = 0;
    let inItems = false;
    let itemsIsList = false;
    let simple = true;
    const items: Piece[] = [];
    let itemStart = -1;
    let itemLine = 0;
    let itemKeys = 0;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        const close = stringEnd(text, i);
        if (close < 0) return undefined;
        if (depth === 1 && topIsObject) {
          // Keys and the kind of the top-level object: is it a List, and where are its items?
          let after = close + 1;
          while (after < n && isSpace(text.charCodeAt(after))) after++;
          const token = stringValue(text.slice(i, close + 1));
          if (text.charCodeAt(after) === COLON) {
            lastKey = token;
            if (topKeys.has(lastKey)) topKeyRepeated = true;
            topKeys.add(lastKey);
            if (lastKey === 'items') itemsSeen++;
          } else if (lastKey === 'kind') kind = token;
        } else if (depth === 2 && inItems) simple = false; // a string as an item
        i = close;
      } else if (c === COLON) keys++; // outside strings, every colon follows a key
      else if (c === NEWLINE) line++;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (depth === 1 && topIsObject && lastKey === 'items' && c === OPEN_BRACKET) inItems = itemsIsList = true;
        else if (depth === 2 && inItems) {
          if (c === OPEN_BRACE) {
            itemStart = i;
            itemLine = line;
            itemKeys = keys;
          } else simple = false;
        }
        depth++;
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        depth--;
        if (depth < 0) return undefined;
        if (depth === 2 && inItems && itemStart >= 0) {
          items.push({ start: itemStart, end: i + 1, line: itemLine, doc, item: items.length, keys: keys - itemKeys });
          itemStart = -1;
        } else if (depth === 1 && inItems) inItems = false;
        else if (depth === 0) {
          i++;
          break;
        }
      } else if (depth === 2 && inItems && c !== COMMA && !isSpace(c)) simple = false; // a number or literal as an item
    }
    if (depth !== 0) return undefined;
    const isList = topIsObject && simple && !topKeyRepeated && itemsSeen === 1 && itemsIsList && kind !== undefined && kind.endsWith('List');
    if (isList) for (const item of items) pieces.push(item);
    else pieces.push({ start: valueStart, end: i, line: valueLine, doc, keys: keys - valueKeys });
    // Between top-level values: only white space.
    while (i < n && isSpace(text.charCodeAt(i))) if (text.charCodeAt(i++) === NEWLINE) line++;
    if (i < n && text.charCodeAt(i) !== OPEN_BRACE && text.charCodeAt(i) !== OPEN_BRACKET) return undefined;
  }
  return pieces;
}

/**
 * An error of the YAML reader on a piece read on its own, numbered as the document it is in the file
 * (the reader counted the piece as document 1).
 */
export function renumbered(error: unknown, file: string, doc: number, origin: RawObject['origin']): unknown {
  if (!(error instanceof SourceError)) return error;
  const message = error.message.startsWith(`${file}: document 1: `) ? `${file}: document ${doc}: ${error.message.slice(`${file}: document 1: `.length)}` : error.message;
  return new SourceError(message, { ...origin, ...(error.origin?.line ? { line: error.origin.line } : {}), ...(error.origin?.path ? { path: error.origin.path } : {}) });
}

/** How many object keys a parsed value holds, counted without recursion (values may nest deeply). */
function countKeys(value: unknown): number {
  let count = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null) continue;
    if (Array.isArray(v)) {
      for (const item of v) if (typeof item === 'object' && item !== null) stack.push(item);
    } else {
      for (const key in v) {
        count++;
        const item = (v as Record<string, unknown>)[key];
        if (typeof item === 'object' && item !== null) stack.push(item);
      }
    }
  }
  return count;
}

/** A List inside a List (`kind: PodList` as an item) is flattened as the YAML reader flattens it. */
function flattenNested(object: unknown, origin: RawObject['origin']): RawObject[] {
  if (isRecord(object) && typeof object['kind'] === 'string' && object['kind'].endsWith('List') && Array.isArray(object['items'])) {
    return object['items'].flatMap((item, i) => flattenNested(item, { ...origin, path: `items[${i}]` }));
  }
  return [{ object, origin, strict: true }];
}

/**
 * The objects of a JSON manifest, parsed one at a time as they are iterated, or undefined when the
 * text is not JSON (read it as YAML then). A piece that JSON.parse refuses, or whose keys repeat, is
 * read by `fallback` (the YAML reader: YAML flow style is a superset of JSON, and it names the line
 * of a syntax error or a duplicate key).
 */
export function jsonManifestObjects({ file, text }: ManifestText, fallback: FallbackParse): Iterable<RawObject> | undefined {
  const pieces = scanJson(text);
  if (!pieces) return undefined;
  return (function* () {
    for (const piece of pieces) {
      const origin = { file, doc: piece.doc, ...(piece.item === undefined ? {} : { path: `items[${piece.item}]` }), line: piece.line };
      const source = text.slice(piece.start, piece.end);
      let value: unknown;
      let parsed = false;
      try {
        value = JSON.parse(source);
        parsed = countKeys(value) === piece.keys;
      } catch {
        parsed = false;
      }
      if (parsed) {
        yield* flattenNested(value, origin);
        continue;
      }
      // Blank lines before the piece keep the YAML reader's line numbers true to the file.
      let objects: readonly RawObject[];
      try {
        objects = fallback({ file, text: '\n'.repeat(piece.line - 1) + source });
      } catch (error) {
        throw renumbered(error, file, piece.doc, origin);
      }
      for (const raw of objects) {
        yield { ...raw, origin: { ...raw.origin, doc: piece.doc, ...(piece.item === undefined ? {} : { path: raw.origin.path ?? `items[${piece.item}]` }) } };
      }
    }
  })();
}
