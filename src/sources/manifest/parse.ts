// Multi-document YAML or JSON -> Kubernetes objects with their origin; Lists are flattened.
import { LineCounter, parseAllDocuments } from 'yaml';
import type { RawObject } from '../assemble.js';
import { isRecord } from '../normalize/raw.js';
import { SourceError } from '../source-error.js';
import type { ManifestText } from './read-files.js';

function flatten(object: unknown, origin: RawObject['origin']): RawObject[] {
  if (isRecord(object) && typeof object['kind'] === 'string' && object['kind'].endsWith('List') && Array.isArray(object['items'])) {
    return object['items'].flatMap((item, i) => flatten(item, { ...origin, path: `items[${i}]` }));
  }
  return [{ object, origin }];
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
    out.push(...flatten(value, origin));
  });
  return out;
}
