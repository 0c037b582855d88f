// One page of a list as it arrives: gunzipped as a stream; its head (kind, apiVersion, metadata with
// the continue token) read from the first bytes, so that the next page can be asked for at once; its
// items parsed when the whole page is there and reduced to what the model reads, so the page's raw
// tree is garbage as soon as it has been read.
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { isRecord, type Raw } from '../normalize/raw.js';
import { ResponseProblem } from './cluster-error.js';
import type { Page } from './list.js';
import type { ItemReducer } from './list-items.js';

/** The head is looked for in this many bytes at most; a server that puts items first is read whole. */
const HEAD_LIMIT = 64 * 1024;

/** Decompressed in pieces of this size: the default 16 KB means a callback on the main thread per 16 KB. */
const GUNZIP_CHUNK = 256 * 1024;

type Metadata = NonNullable<Page<object>['metadata']>;

/** The page's metadata as the lister reports it: the continue token and resourceVersion, when strings. */
function pageMetadata(metadata: Raw): Metadata {
  const token = metadata['continue'];
  const resourceVersion = metadata['resourceVersion'];
  return {
    // A token of another type is passed on for listAll to refuse.
    ...(token !== undefined && token !== null ? { _continue: token as string } : {}),
    ...(typeof resourceVersion === 'string' ? { resourceVersion } : {}),
  };
}

/**
 * The metadata of a list from the start of its text, when everything before the top-level `items`
 * key has arrived: that prefix, closed with `}`, is then a JSON object. Undefined when it is not (yet).
 */
export function listHead(start: string): Metadata | undefined {
  const match = /"items"\s*:/.exec(start);
  if (!match) return undefined;
  const prefix = start.slice(0, match.index).replace(/[\s,]+$/, '');
  let head: unknown;
  try {
    head = JSON.parse(`${prefix}}`);
  } catch {
    return undefined;
  }
  return isRecord(head) && isRecord(head['metadata']) ? pageMetadata(head['metadata']) : undefined;
}

const MANAGED_FIELDS = Buffer.from('"managedFields":');
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const isSpace = (c: number | undefined): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/**
 * The page's bytes without the `managedFields` arrays of its items (half of a live pod's JSON, and
 * many small objects for JSON.parse to build and the collector to sweep). Only a key that follows
 * `{` or `,` and holds an array is cut, strings respected; if the result is not JSON after all, the
 * caller parses the original.
 */
export function cutManagedFields(page: Buffer): Buffer {
  const kept: Buffer[] = [];
  let from = 0;
  for (let at = page.indexOf(MANAGED_FIELDS); at >= 0; at = page.indexOf(MANAGED_FIELDS, at + 1)) {
    let before = at - 1;
    while (isSpace(page[before])) before--;
    if (page[before] !== 0x7b && page[before] !== COMMA) continue;
    let i = at + MANAGED_FIELDS.length;
    while (isSpace(page[i])) i++;
    if (page[i] !== 0x5b) continue;
    let depth = 0;
    for (; i < page.length; i++) {
      const c = page[i];
      if (c === QUOTE) {
        for (i++; i < page.length && page[i] !== QUOTE; i++) if (page[i] === BACKSLASH) i++;
      } else if (c === 0x5b || c === 0x7b) depth++;
      else if ((c === 0x5d || c === 0x7d) && --depth === 0) break;
    }
    if (i >= page.length) break;
    // The member and one comma beside it: the one after it, else the one before it.
    let end = i + 1;
    while (isSpace(page[end])) end++;
    let start = at;
    if (page[end] === COMMA) end++;
    else if (page[before] === COMMA) start = before;
    kept.push(page.subarray(from, start));
    from = end;
    at = end - 1;
  }
  if (kept.length === 0) return page;
  kept.push(page.subarray(from));
  return Buffer.concat(kept);
}

/** The parsed page: without managedFields when that cut leaves valid JSON, else as sent. */
function parsePage(page: Buffer): unknown {
  const cut = cutManagedFields(page);
  if (cut !== page) {
    try {
      return JSON.parse(cut.toString('utf8'));
    } catch {
      // Parsed as sent below: what is wrong is then said of the page itself.
    }
  }
  return JSON.parse(page.toString('utf8'));
}

/** Items reduced as they are taken from the parsed page; anything but an object is left for listAll to refuse. */
function reducedItems(items: unknown, reduce: ItemReducer): object[] {
  if (!Array.isArray(items)) return items as object[];
  const out = new Array<object>(items.length);
  for (let i = 0; i < items.length; i++) {
    const item: unknown = items[i];
    out[i] = isRecord(item) ? reduce(item) : (item as object);
  }
  return out;
}

/** Reads a list page from a 2xx response (gzip or identity). */
export function readPage(response: IncomingMessage, reduce: ItemReducer): Promise<Page<object>> {
  const encoding = String(response.headers['content-encoding'] ?? '').toLowerCase();
  const body: Readable = encoding === 'gzip' ? response.pipe(createGunzip({ chunkSize: GUNZIP_CHUNK })) : response;
  return new Promise((resolvePage, rejectPage) => {
    const chunks: Buffer[] = [];
    let length = 0;
    let early: { resolve: (items: object[]) => void; reject: (error: unknown) => void } | undefined;
    let looking = true;
    const fail = (error: unknown) => {
      if (early) early.reject(error);
      else rejectPage(error);
    };
    body.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      length += chunk.length;
      if (!looking) return;
      const start = (chunks.length === 1 ? chunk : Buffer.concat(chunks, length)).toString('utf8', 0, Math.min(length, HEAD_LIMIT));
      const metadata = listHead(start);
      if (metadata) {
        looking = false;
        const items = new Promise<object[]>((resolve, reject) => (early = { resolve, reject }));
        // Observed by listAll once it reads the items; never an unhandled rejection before that.
        items.catch(() => undefined);
        resolvePage({ items, metadata });
      } else if (length >= HEAD_LIMIT) looking = false;
    });
    // A broken gzip stream is a malformed answer; a reset or an abort is passed on as it is.
    if (body !== response) body.on('error', () => fail(new ResponseProblem('malformed')));
    response.on('error', fail);
    body.on('end', () => {
      let page: unknown;
      try {
        page = parsePage(Buffer.concat(chunks, length));
      } catch {
        fail(new ResponseProblem('malformed'));
        return;
      }
      if (!isRecord(page)) {
        fail(new ResponseProblem('malformed'));
        return;
      }
      const items = reducedItems(page['items'], reduce);
      if (early) early.resolve(items);
      else resolvePage({ items, metadata: isRecord(page['metadata']) ? pageMetadata(page['metadata']) : {} });
    });
  });
}
