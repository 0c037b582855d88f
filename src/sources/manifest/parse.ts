// Multi-document YAML or JSON -> Kubernetes objects with their origin; Lists are flattened.
import { LineCounter, isAlias, isCollection, isPair, parseAllDocuments, type Document } from 'yaml';
import { clip } from '../../model/quote.js';
import type { RawObject } from '../assemble.js';
import { isRecord } from '../normalize/raw.js';
import { SourceError } from '../source-error.js';
import { jsonManifestObjects } from './parse-json.js';
import { fastYamlObjects } from './parse-yaml-fast.js';
import type { ManifestText } from './read-files.js';

type Locate = (path: readonly (string | number)[]) => number | undefined;

/**
 * Nodes that aliases may add to a document when expanded. An alias stands for its anchor's whole
 * subtree: a few hundred aliases of a large anchor would otherwise expand to gigabytes.
 */
export const MAX_ALIAS_EXPANSION = 100_000;

/** A piece of the text parsed on its own, and the 1-based line of the file it starts on. */
interface Chunk {
  readonly text: string;
  readonly line: number;
}

/** The 1-based line where the node at `path` starts (the document's content for an empty path). */
function lineOf(doc: Document.Parsed, path: readonly (string | number)[], lines: LineCounter): number | undefined {
  const node: unknown = path.length === 0 ? doc.contents : doc.getIn(path, true);
  const range = (node as { range?: readonly number[] } | null | undefined)?.range;
  return range && range[0] !== undefined ? lines.linePos(range[0]).line : undefined;
}

function flatten(object: unknown, origin: RawObject['origin'], at: Locate, path: readonly (string | number)[] = []): RawObject[] {
  if (isRecord(object) && typeof object['kind'] === 'string' && object['kind'].endsWith('List') && Array.isArray(object['items'])) {
    return object['items'].flatMap((item, i) => flatten(item, { ...origin, path: `items[${i}]` }, at, [...path, 'items', i]));
  }
  const line = at(path);
  return [{ object, origin: line === undefined ? origin : { ...origin, line }, strict: true }];
}

const isJsonSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/**
 * Concatenated JSON objects (`{...}{...}`, or one per line), which kubectl reads as a stream of
 * objects: the text of each, or undefined when the text is not two or more of them (then it is
 * read as YAML, which also covers a single JSON object).
 */
export function splitJsonStream(text: string): Chunk[] | undefined {
  const chunks: Chunk[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const skipSpace = () => {
    while (i < text.length && isJsonSpace(text[i])) if (text[i++] === '\n') line++;
  };
  skipSpace();
  while (i < text.length) {
    if (text[i] !== '{') return undefined;
    const start = i;
    const startLine = line;
    let depth = 0;
    let inString = false;
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === '\n') line++;
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '{' || c === '[') depth++;
      else if ((c === '}' || c === ']') && --depth === 0) break;
    }
    if (i >= text.length) return undefined; // unclosed: let the YAML parser say where
    i++;
    chunks.push({ text: text.slice(start, i), line: startLine });
    skipSpace();
  }
  return chunks.length >= 2 ? chunks : undefined;
}

/** What a YAML parser error says, in one short line. */
export function reasonOf(message: string): string {
  const first = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  // The parser reports its own stack overflow on deeply nested flow collections.
  return /Maximum call stack size exceeded/.test(first) ? 'collections nested too deeply' : clip(first);
}

/**
 * Refuses aliases that cannot be expanded (no anchor before them, or inside the node their anchor
 * names) and aliases that would expand the document past MAX_ALIAS_EXPANSION nodes.
 */
export function checkAliases(doc: Document.Parsed, fail: (offset: number | undefined, message: string) => never): void {
  const sizes = new Map<unknown, number>();
  const open = new Set<unknown>();
  let expansion = 0;
  const sizeOf = (node: unknown): number => {
    if (isAlias(node)) {
      const source = node.resolve(doc);
      if (!source) fail(node.range?.[0], `alias *${clip(node.source)} has no anchor &${clip(node.source)} before it`);
      if (open.has(source)) fail(node.range?.[0], `alias *${clip(node.source)} is inside the node its anchor names`);
      return sizeOf(source);
    }
    if (isPair(node)) return sizeOf(node.key) + sizeOf(node.value);
    if (!isCollection(node)) return node === null || node === undefined ? 0 : 1;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    open.add(node);
    let size = 1;
    for (const item of node.items) size += sizeOf(item);
    open.delete(node);
    sizes.set(node, size);
    return size;
  };
  // Every alias of the document as written, in order: each adds its anchor's expanded size.
  const walk = (node: unknown): void => {
    if (isAlias(node)) {
      expansion += sizeOf(node) - 1;
      if (expansion > MAX_ALIAS_EXPANSION) fail(node.range?.[0], `aliases expand to more than ${MAX_ALIAS_EXPANSION} nodes`);
    } else if (isPair(node)) {
      walk(node.key);
      walk(node.value);
    } else if (isCollection(node)) {
      for (const item of node.items) walk(item);
    }
  };
  walk(doc.contents);
}

/**
 * The objects of a manifest text, parsed one at a time as they are iterated: JSON by JSON.parse,
 * block-style YAML by the fast reader, anything else by the YAML library.
 */
export const manifestObjects = (input: ManifestText): Iterable<RawObject> =>
  jsonManifestObjects(input, parseYamlManifest) ?? fastYamlObjects(input, parseYamlManifest) ?? parseYamlManifest(input);

export const parseManifest = (input: ManifestText): RawObject[] => [...manifestObjects(input)];

/** YAML, and JSON that the fast path leaves to the YAML reader. */
export function parseYamlManifest({ file, text }: ManifestText): RawObject[] {
  const out: RawObject[] = [];
  let docNumber = 0;
  for (const chunk of splitJsonStream(text) ?? [{ text, line: 1 }]) {
    const lineCounter = new LineCounter();
    const lineAt = (offset: number) => lineCounter.linePos(offset).line + chunk.line - 1;
    // Merge keys (`<<: *defaults`) as kubectl's YAML reader applies them.
    const docs = parseAllDocuments(chunk.text, { prettyErrors: false, uniqueKeys: true, merge: true, lineCounter });
    // parseAllDocuments returns an empty-array-like EmptyStream for empty input.
    const list = Array.isArray(docs) ? docs : [];
    for (const doc of list) {
      const origin = { file, doc: ++docNumber };
      const fail = (offset: number | undefined, reason: string): never => {
        const where = offset === undefined ? `document ${origin.doc}` : `line ${lineAt(offset)}`;
        throw new SourceError(`${file}: ${where}: invalid YAML: ${reason}`, origin);
      };
      const error = doc.errors[0];
      if (error) fail(error.pos[0], reasonOf(error.message));
      // Only a document with a `*` can hold an alias: the others need no walk.
      if (chunk.text.slice(doc.range[0], doc.range[2]).includes('*')) checkAliases(doc, fail);
      let value: unknown;
      try {
        value = doc.toJS({ maxAliasCount: -1 });
      } catch (error) {
        fail(undefined, reasonOf(error instanceof Error ? error.message : String(error)));
      }
      if (value === null || value === undefined) continue; // an empty document, e.g. a trailing `---`
      out.push(...flatten(value, origin, (path) => {
        const line = lineOf(doc, path, lineCounter);
        return line === undefined ? undefined : line + chunk.line - 1;
      }));
    }
  }
  return out;
}
