// Multi-document YAML or JSON -> Kubernetes objects with their origin; Lists are flattened.
import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import type { RawObject } from '../assemble.js';
import { isRecord } from '../normalize/raw.js';
import { SourceError } from '../source-error.js';
import type { ManifestText } from './read-files.js';

type Locate = (path: readonly (string | number)[]) => number | undefined;

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
  return [{ object, origin: line === undefined ? origin : { ...origin, line } }];
}

export function parseManifest({ file, text }: ManifestText): RawObject[] {
  const out: RawObject[] = [];
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: true, lineCounter });
  // parseAllDocuments returns an empty-array-like EmptyStream for empty input.
  const list = Array.isArray(docs) ? docs : [];
  list.forEach((doc, i) => {
    const origin = { file, doc: i + 1 };
    const error = doc.errors[0];
    if (error) {
      const line = lineCounter.linePos(error.pos[0]).line;
      const where = line ? `line ${line}` : `document ${i + 1}`;
      const reason = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      throw new SourceError(`${file}: ${where}: invalid YAML: ${reason}`, origin);
    }
    const value: unknown = doc.toJS({ maxAliasCount: 1000 });
    if (value === null || value === undefined) return; // an empty document, e.g. a trailing `---`
    out.push(...flatten(value, origin, (path) => lineOf(doc, path, lineCounter)));
  });
  return out;
}
