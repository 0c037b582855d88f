// The `assert` file: a list of expected connections, parsed and checked at the boundary.
import { LineCounter, parseDocument } from 'yaml';
import { clip, quote } from '../../model/quote.js';
import { checkAliases, reasonOf } from '../manifest/parse.js';
import { nearestField } from '../normalize/known-fields.js';
import { isRecord } from '../normalize/raw.js';
import { SourceError } from '../source-error.js';

export interface Expectation {
  readonly from: string;
  readonly to: string;
  /** Undefined: any port (allow = some port allowed; deny = none). */
  readonly port?: number | string;
  /** Undefined: TCP with a port; every protocol without one. */
  readonly protocol?: string;
  readonly expect: 'allow' | 'deny';
  readonly line?: number;
}

const TOP_LEVEL = ['assertions'];
const FIELDS = ['from', 'to', 'port', 'protocol', 'expect'];

/** `unknown field "prot" (did you mean "port"?)` */
function unknownField(key: string, known: readonly string[]): string {
  const nearest = nearestField(key, known);
  return `unknown field ${quote(key)}${nearest ? ` (did you mean "${nearest}"?)` : ` (${known.join(', ')})`}`;
}

function parseYaml(file: string, text: string): unknown {
  const lines = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, merge: true, lineCounter: lines });
  const fail = (offset: number | undefined, reason: string): never => {
    const where = offset === undefined ? '' : `line ${lines.linePos(offset).line}: `;
    throw new SourceError(`${file}: ${where}invalid YAML: ${reason}`, { file, doc: 1 });
  };
  const error = doc.errors[0];
  if (error) fail(error.pos[0], reasonOf(error.message));
  checkAliases(doc, fail);
  try {
    return doc.toJS({ maxAliasCount: -1 });
  } catch (error) {
    return fail(undefined, reasonOf(error instanceof Error ? error.message : String(error)));
  }
}

export function parseExpectations(file: string, text: string): Expectation[] {
  const doc = parseYaml(file, text);
  for (const key of isRecord(doc) ? Object.keys(doc) : []) {
    if (!TOP_LEVEL.includes(key)) throw new SourceError(`${file}: ${clip(key)}: ${unknownField(key, TOP_LEVEL)}`, { file, doc: 1 });
  }
  const list = isRecord(doc) ? doc['assertions'] : undefined;
  if (!Array.isArray(list)) throw new SourceError(`${file}: expected a top-level "assertions:" list`, { file, doc: 1 });
  return list.map((item, i): Expectation => {
    const at = `${file}: assertions[${i}]`;
    if (!isRecord(item)) throw new SourceError(`${at}: expected a mapping with from, to, expect`, { file, doc: 1 });
    // An unknown field (`prot: 80`) would otherwise be dropped and the assertion judge any port.
    for (const key of Object.keys(item)) {
      if (!FIELDS.includes(key)) throw new SourceError(`${at}.${clip(key)}: ${unknownField(key, FIELDS)}`, { file, doc: 1 });
    }
    const { from, to, port, protocol, expect } = item;
    if (typeof from !== 'string' || from === '') throw new SourceError(`${at}: "from" is required`, { file, doc: 1 });
    if (typeof to !== 'string' || to === '') throw new SourceError(`${at}: "to" is required`, { file, doc: 1 });
    if (expect !== 'allow' && expect !== 'deny') throw new SourceError(`${at}: "expect" must be allow or deny`, { file, doc: 1 });
    if (port !== undefined && typeof port !== 'number' && typeof port !== 'string') {
      throw new SourceError(`${at}: "port" must be a number or a port name`, { file, doc: 1 });
    }
    if (protocol !== undefined && typeof protocol !== 'string') throw new SourceError(`${at}: "protocol" must be TCP, UDP or SCTP`, { file, doc: 1 });
    return { from, to, ...(port !== undefined ? { port } : {}), ...(protocol !== undefined ? { protocol } : {}), expect };
  });
}
