// The `assert` file: a list of expected connections, parsed and checked at the boundary.
import { parse } from 'yaml';
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

export function parseExpectations(file: string, text: string): Expectation[] {
  let doc: unknown;
  try {
    doc = parse(text, { uniqueKeys: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new SourceError(`${file}: invalid YAML: ${message}`, { file, doc: 1 });
  }
  const list = isRecord(doc) ? doc['assertions'] : undefined;
  if (!Array.isArray(list)) throw new SourceError(`${file}: expected a top-level "assertions:" list`, { file, doc: 1 });
  return list.map((item, i): Expectation => {
    const at = `${file}: assertions[${i}]`;
    if (!isRecord(item)) throw new SourceError(`${at}: expected a mapping with from, to, expect`, { file, doc: 1 });
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
