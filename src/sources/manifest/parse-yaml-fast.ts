// YAML manifests read fast: the block style that kubectl and most tools write (block mappings and
// sequences, plain and one-line quoted scalars, literal block scalars, `{}` and `[]`) is read line by
// line, document by document. Anything else in a document (flow collections, anchors, tags, folded or
// multi-line scalars, odd indentation, errors) sends that document to the YAML library, which decides
// exactly as it always did; a file with directives or `...` markers goes to it whole.
import type { RawObject } from '../assemble.js';
import { isRecord } from '../normalize/raw.js';
import { renumbered, type FallbackParse } from './parse-json.js';
import type { ManifestText } from './read-files.js';

/** Thrown inside the fast reader when a document needs the YAML library. */
class Bail {}
const BAIL = new Bail();
const bail = (): never => {
  throw BAIL;
};

// YAML 1.2 core schema (the YAML library's default): how a plain scalar resolves.
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT = /^[-+]?[0-9]+$/;
const INT_OCT = /^0o[0-7]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
/** Letters, `_` and `/` start strings only, except n/N, t/T, f/F ("null", "true", "false"). */
const isWordStart = (c: number): boolean =>
  ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x2f) && c !== 0x6e && c !== 0x4e && c !== 0x74 && c !== 0x54 && c !== 0x66 && c !== 0x46;

function resolvePlain(text: string): unknown {
  const c = text.charCodeAt(0);
  if (isWordStart(c) || ((c === 0x6e || c === 0x4e || c === 0x74 || c === 0x54 || c === 0x66 || c === 0x46) && text.length > 5)) return text;
  if (NULL.test(text)) return null;
  if (BOOL.test(text)) return text[0] === 't' || text[0] === 'T';
  if (INT.test(text)) return parseInt(text, 10);
  if (INT_OCT.test(text)) return parseInt(text.substring(2), 8);
  if (INT_HEX.test(text)) return parseInt(text.substring(2), 16);
  if (FLOAT_NAN.test(text)) return text.slice(-3).toLowerCase() === 'nan' ? NaN : text[0] === '-' ? -Infinity : Infinity;
  if (FLOAT_EXP.test(text) || FLOAT.test(text)) return parseFloat(text);
  return text;
}

/** Characters that may not start a plain scalar here (or that start what this reader leaves to the library). */
const INDICATOR = /^[-?:,[\]{}#&*!|>'"%@`]/;
const INDICATORS = new Set([...'-?:,[]{}#&*!|>\'"%@`'].map((ch) => ch.charCodeAt(0)));
/** Characters the reader refuses anywhere: tabs, controls, byte order marks, carriage returns alone. */
const REFUSED = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\t\ufeff]|\r(?!\n)/;

interface Doc {
  readonly lines: readonly string[];
  /** Indentation of each line, or -1 for a line that holds nothing (blank or a comment). */
  readonly indent: readonly number[];
  /** 1-based line in the file of lines[0]. */
  readonly firstLine: number;
}

/** Where the items of each sequence start (line index), to give List items their lines. */
type ItemLines = WeakMap<readonly unknown[], number[]>;

function indentOf(line: string): number {
  let i = 0;
  while (line.charCodeAt(i) === 0x20) i++;
  if (i === line.length || line.charCodeAt(i) === 0x23) return -1; // blank, or a comment line
  return i;
}

/** The value after a quoted or plain scalar: only a comment may follow. */
function restIsEmpty(line: string, from: number): boolean {
  let i = from;
  while (line.charCodeAt(i) === 0x20) i++;
  return i === line.length || (line.charCodeAt(i) === 0x23 && i > from);
}

/** A double-quoted scalar starting at `at`: its value and the index after its closing quote. */
function doubleQuoted(line: string, at: number): [string, number] {
  let j = at + 1;
  for (;;) {
    const k = line.indexOf('"', j);
    if (k < 0) return bail(); // continues on the next line
    let backslashes = 0;
    for (let b = k - 1; line.charCodeAt(b) === 0x5c; b--) backslashes++;
    if (backslashes % 2 === 0) {
      const body = line.slice(at + 1, k);
      if (!body.includes('\\')) return [body, k + 1];
      // JSON's escapes mean the same in YAML; YAML's own (\x, \e, \N, ...) go to the library.
      try {
        return [JSON.parse(`"${body}"`) as string, k + 1];
      } catch {
        return bail();
      }
    }
    j = k + 1;
  }
}

/** A single-quoted scalar starting at `at`: its value and the index after its closing quote. */
function singleQuoted(line: string, at: number): [string, number] {
  let j = at + 1;
  for (;;) {
    const k = line.indexOf("'", j);
    if (k < 0) return bail();
    if (line.charCodeAt(k + 1) === 0x27) {
      j = k + 2;
      continue;
    }
    return [line.slice(at + 1, k).replaceAll("''", "'"), k + 1];
  }
}

/** The end of a plain scalar that starts at `at` (before a comment or trailing spaces). */
function plainEnd(line: string, at: number): number {
  let end = line.length;
  const comment = line.indexOf(' #', at);
  if (comment >= 0) end = comment;
  while (end > at && line.charCodeAt(end - 1) === 0x20) end--;
  return end;
}

/** If the text at `at` is a mapping key, its key and the index just after the `:`; else undefined. */
function mappingKey(line: string, at: number): [string, number] | undefined {
  const c = line.charCodeAt(at);
  if (c === 0x22 || c === 0x27) {
    const [key, after] = c === 0x22 ? doubleQuoted(line, at) : singleQuoted(line, at);
    if (line.charCodeAt(after) !== 0x3a) return undefined;
    const next = line.charCodeAt(after + 1);
    if (after + 1 < line.length && next !== 0x20) return bail();
    return [key, after + 1];
  }
  let colon = line.indexOf(':', at);
  while (colon >= 0 && colon + 1 < line.length && line.charCodeAt(colon + 1) !== 0x20) colon = line.indexOf(':', colon + 1);
  if (colon < 0) return undefined;
  const comment = line.indexOf(' #', at);
  if (comment >= 0 && comment < colon) return undefined; // a plain scalar followed by a comment
  if (colon === at || line.charCodeAt(colon - 1) === 0x20 || colon - at > 1000 || INDICATORS.has(c)) return bail();
  const text = line.slice(at, colon);
  const key = isWordStart(c) ? text : resolvePlain(text);
  if (typeof key !== 'string') return bail(); // keys of other types stringify in ways best left to the library
  return [key, colon + 1];
}

class Reader {
  constructor(
    private readonly doc: Doc,
    private readonly items: ItemLines,
  ) {}

  /** The next line at or after `i` that holds something, or lines.length. */
  next(i: number): number {
    const { indent } = this.doc;
    while (i < indent.length && indent[i] === -1) i++;
    return i;
  }

  /** The node whose first content is at line `i`, column `col` (a mapping or a sequence). */
  block(i: number, col: number): [unknown, number] {
    const line = this.doc.lines[i]!;
    if (line.charCodeAt(col) === 0x2d && (col + 1 === line.length || line.charCodeAt(col + 1) === 0x20)) return this.sequence(i, col);
    const key = mappingKey(line, col);
    if (key) return this.mapping(i, col, key);
    return bail(); // a scalar on lines of its own (a multi-line plain scalar, or a scalar document)
  }

  /** A value that follows `key:` or `- ` at line i, from column `at`; `col` is the indentation of its parent. */
  value(i: number, at: number, col: number, inSequence: boolean): [unknown, number] {
    const line = this.doc.lines[i]!;
    let v = at;
    while (line.charCodeAt(v) === 0x20) v++;
    if (v === line.length || line.charCodeAt(v) === 0x23) {
      // The value is on the lines below: more indented, or a sequence at the key's own indentation.
      const j = this.next(i + 1);
      if (j >= this.doc.lines.length) return [null, j];
      const indent = this.doc.indent[j]!;
      if (indent > col) return this.block(j, indent);
      const next = this.doc.lines[j]!;
      if (!inSequence && indent === col && next.charCodeAt(col) === 0x2d && (col + 1 === next.length || next.charCodeAt(col + 1) === 0x20)) return this.sequence(j, col);
      return [null, j];
    }
    const c = line.charCodeAt(v);
    let value: unknown;
    let end: number;
    if (c === 0x22 || c === 0x27) {
      const key = mappingKey(line, v);
      if (key) return inSequence ? this.mapping(i, v, key) : bail();
      [value, end] = c === 0x22 ? doubleQuoted(line, v) : singleQuoted(line, v);
      if (!restIsEmpty(line, end)) return bail();
    } else if (c === 0x7c) {
      return this.literal(i, v, col);
    } else if (c === 0x7b || c === 0x5b) {
      const close = c === 0x7b ? 0x7d : 0x5d;
      if (line.charCodeAt(v + 1) !== close || !restIsEmpty(line, v + 2)) return bail();
      value = c === 0x7b ? {} : [];
    } else if (c === 0x2d && line.charCodeAt(v + 1) === 0x20) {
      return inSequence ? this.sequence(i, v) : bail(); // `- - a` nests; `key: - a` is an error
    } else {
      if (inSequence) {
        const key = mappingKey(line, v);
        if (key) return this.mapping(i, v, key);
      }
      if (INDICATORS.has(c) && !(c === 0x2d || c === 0x3f || c === 0x3a)) return bail();
      end = plainEnd(line, v);
      const text = line.slice(v, end);
      if (INDICATOR.test(text) && (text.length === 1 || text.charCodeAt(1) === 0x20)) return bail();
      if (text.includes(': ') || text.endsWith(':')) return bail();
      value = resolvePlain(text);
    }
    // A scalar ends its line; a more indented line below would continue it (or be an error).
    const j = this.next(i + 1);
    if (j < this.doc.lines.length && this.doc.indent[j]! > col) return bail();
    return [value, j];
  }

  /** A block mapping whose first key (`first`, already read) is at line i, column col. */
  mapping(i: number, col: number, first: [string, number]): [Record<string, unknown>, number] {
    const out: Record<string, unknown> = {};
    let line = i;
    let found: [string, number] | undefined = first;
    for (;;) {
      if (!found) return bail();
      const [key, after]: [string, number] = found;
      if (key === '__proto__' || key === '<<' || Object.hasOwn(out, key)) return bail();
      const [value, nextLine] = this.value(line, after, col, false);
      out[key] = value;
      if (nextLine >= this.doc.lines.length) return [out, nextLine];
      const indent = this.doc.indent[nextLine]!;
      if (indent < col) return [out, nextLine];
      if (indent > col) return bail();
      const next = this.doc.lines[nextLine]!;
      if (next.charCodeAt(col) === 0x2d && (col + 1 === next.length || next.charCodeAt(col + 1) === 0x20)) return [out, nextLine];
      line = nextLine;
      found = mappingKey(next, col);
    }
  }

  sequence(i: number, col: number): [unknown[], number] {
    const out: unknown[] = [];
    const starts: number[] = [];
    let line = i;
    for (;;) {
      const text = this.doc.lines[line]!;
      let at = col + 1;
      while (text.charCodeAt(at) === 0x20) at++;
      // The item starts here, or on the next line holding something when nothing follows the dash.
      starts.push(at < text.length && text.charCodeAt(at) !== 0x23 ? line : this.next(line + 1));
      const [value, nextLine] = this.value(line, at, col, true);
      out.push(value);
      if (nextLine >= this.doc.lines.length) break;
      const indent = this.doc.indent[nextLine]!;
      const next = this.doc.lines[nextLine]!;
      if (indent !== col || !(next.charCodeAt(col) === 0x2d && (col + 1 === next.length || next.charCodeAt(col + 1) === 0x20))) {
        if (indent > col) return bail();
        this.items.set(out, starts);
        return [out, nextLine];
      }
      line = nextLine;
    }
    this.items.set(out, starts);
    return [out, this.doc.lines.length];
  }

  /** A literal block scalar (`|` or `|-`) whose header is at line i, column at; `col` is its parent's indentation. */
  literal(i: number, at: number, col: number): [string, number] {
    const header = this.doc.lines[i]!;
    let h = at + 1;
    const chomp = header.charCodeAt(h) === 0x2d ? 'strip' : 'clip';
    if (chomp === 'strip') h++;
    if (!restIsEmpty(header, h) || (h < header.length && header.charCodeAt(h) !== 0x20)) return bail();
    const { lines } = this.doc;
    let contentIndent = -1;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const line = lines[j]!;
      let spaces = 0;
      while (line.charCodeAt(spaces) === 0x20) spaces++;
      if (spaces === line.length) {
        // An empty line: part of the scalar; more spaces than the indentation would be content.
        if (contentIndent >= 0 ? spaces > contentIndent : spaces > col + 1) return bail();
        body.push('');
        continue;
      }
      if (contentIndent < 0) {
        if (spaces <= col) break;
        contentIndent = spaces;
      }
      if (spaces < contentIndent) break;
      body.push(line.slice(contentIndent));
    }
    while (body.length > 0 && body[body.length - 1] === '') body.pop();
    if (contentIndent < 0 && body.length > 0) return bail();
    const value = body.length === 0 ? '' : body.join('\n') + (chomp === 'clip' ? '\n' : '');
    const next = this.next(j);
    // Lines between the scalar and the next content are blank: any indentation is fine for them.
    if (next < lines.length && this.doc.indent[next]! > col) return bail();
    return [value, next];
  }
}

/** The objects of one document, with Lists flattened as the YAML library's reader flattens them. */
function readDocument(doc: Doc, file: string, docNumber: number): RawObject[] {
  const start = (() => {
    let i = 0;
    while (i < doc.indent.length && doc.indent[i] === -1) i++;
    return i;
  })();
  if (start >= doc.lines.length) return [];
  const items: ItemLines = new WeakMap();
  const reader = new Reader(doc, items);
  const [value, end] = reader.block(start, doc.indent[start]!);
  if (end < doc.lines.length) return bail(); // content left at an indentation nothing holds
  const out: RawObject[] = [];
  const flatten = (object: unknown, origin: RawObject['origin'], line: number) => {
    if (isRecord(object) && typeof object['kind'] === 'string' && object['kind'].endsWith('List') && Array.isArray(object['items'])) {
      const starts = items.get(object['items']) ?? [];
      object['items'].forEach((item, k) => flatten(item, { ...origin, path: `items[${k}]` }, starts[k] ?? line));
      return;
    }
    out.push({ object, origin: { ...origin, line: doc.firstLine + line }, strict: true });
  };
  flatten(value, { file, doc: docNumber }, start);
  return out;
}

const MARKER = /^---(?=[ \r]|$)/gm;
const PLAIN_MARKER = /^---[ ]*(?:#.*)?\r?$/;

/**
 * The objects of a YAML text, read document by document as they are iterated, or undefined when the
 * text has what this reader leaves to the library whole (directives, `...` markers, content on a
 * `---` line). A document it cannot read is parsed by `fallback` with its lines kept true to the file.
 */
export function fastYamlObjects({ file, text: input }: ManifestText, fallback: FallbackParse): Iterable<RawObject> | undefined {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (text.startsWith('%') || text.includes('\n%') || /^\.\.\.(?:[ \r]|$)/m.test(text)) return undefined;
  const markers: number[] = [];
  for (const m of text.matchAll(MARKER)) {
    const end = text.indexOf('\n', m.index);
    if (!PLAIN_MARKER.test(text.slice(m.index, end < 0 ? text.length : end))) return undefined;
    markers.push(m.index);
  }
  return (function* () {
    let docNumber = 0;
    // The text before the first marker is a document only when it holds something.
    const bounds: [number, number, boolean][] = [[0, markers[0] ?? text.length, false]];
    markers.forEach((m, k) => {
      const lineEnd = text.indexOf('\n', m);
      bounds.push([lineEnd < 0 ? text.length : lineEnd + 1, markers[k + 1] ?? text.length, true]);
    });
    // The line each piece starts on: the one after the previous piece and its marker line.
    let line = 1;
    for (const [start, end, marked] of bounds) {
      if (marked) line++;
      const body = text.slice(start, end);
      const lines = body.split('\n');
      const firstLine = line;
      line += lines.length - 1;
      if (lines[lines.length - 1] === '') lines.pop();
      if (body.includes('\r')) for (let k = 0; k < lines.length; k++) if (lines[k]!.endsWith('\r')) lines[k] = lines[k]!.slice(0, -1);
      const indent = lines.map(indentOf);
      if (!marked && indent.every((n) => n === -1)) continue;
      docNumber++;
      const doc = { lines, indent, firstLine };
      let objects: RawObject[] | undefined;
      if (!REFUSED.test(body)) {
        try {
          objects = readDocument(doc, file, docNumber);
        } catch (error) {
          // Nesting deeper than the stack: the library says so in one line.
          if (error !== BAIL && !(error instanceof RangeError)) throw error;
        }
      }
      if (!objects) {
        try {
          objects = fallback({ file, text: '\n'.repeat(firstLine - 1) + body }).map((raw) => ({ ...raw, origin: { ...raw.origin, doc: docNumber } }));
        } catch (error) {
          throw renumbered(error, file, docNumber, { file, doc: docNumber });
        }
      }
      yield* objects;
    }
  })();
}
