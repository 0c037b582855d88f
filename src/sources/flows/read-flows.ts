// Reads flow files line by line (a file, or - for stdin), detecting the format of each line:
// memory does not grow with the file. Malformed lines become problems with their line numbers.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { FlowRecord } from '../../model/flow.js';
import { SourceError } from '../source-error.js';
import { isCalico, readCalico } from './calico.js';
import { isObject } from './fields.js';
import { isHubble, readHubble } from './hubble.js';
import { csvRecord, isPlain, PLAIN_COLUMNS, readPlain } from './plain.js';

const CSV_HEADER = PLAIN_COLUMNS.join(',');

/** One line of a flow file, of any format. */
export function readFlowLine(text: string, file: string, line: number): FlowRecord | undefined {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return undefined;
  const problem = (message: string): FlowRecord => ({ kind: 'problem', problem: { file, line, message } });
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) {
    if (trimmed.replace(/\s/g, '') === CSV_HEADER) return undefined;
    const record = csvRecord(trimmed);
    return record ? readPlain(record, file, line) : problem(`not JSON, and not a CSV line of ${CSV_HEADER}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return problem('not valid JSON');
  }
  if (!isObject(value)) return problem('not a JSON object');
  if (isHubble(value)) return readHubble(value, file, line);
  if (isCalico(value)) return readCalico(value, file, line);
  if (isPlain(value)) return readPlain(value, file, line);
  return problem('not a Hubble flow, a Calico flow log or the plain flow schema');
}

/** Every record of the lines, in order. */
export async function* readFlowLines(lines: AsyncIterable<string> | Iterable<string>, file: string): AsyncGenerator<FlowRecord> {
  let n = 0;
  for await (const text of lines) {
    n++;
    const record = readFlowLine(text, file, n);
    if (record) yield record;
  }
}

/** Every record of a flow file (`-`: stdin), streamed. */
export async function* readFlowFile(file: string, stdin: NodeJS.ReadableStream): AsyncGenerator<FlowRecord> {
  if (file === '-') {
    yield* readFlowLines(createInterface({ input: stdin, crlfDelay: Infinity }), file);
    return;
  }
  const input = createReadStream(file);
  const opened = new Promise<void>((resolve, reject) => {
    input.once('open', () => resolve());
    input.once('error', (error: NodeJS.ErrnoException) =>
      reject(new SourceError(`${file}: ${error.code === 'ENOENT' ? 'no such file' : error.code === 'EISDIR' ? 'is a directory' : error.code === 'EACCES' ? 'permission denied' : 'cannot be read'}`)),
    );
  });
  await opened;
  // The loop is inlined rather than delegated: one async generator per line less, on files of millions of lines.
  let n = 0;
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    n++;
    const record = readFlowLine(text, file, n);
    if (record) yield record;
  }
}
