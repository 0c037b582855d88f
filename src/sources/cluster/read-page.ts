// One page of a list as it arrives: gunzipped as a stream; its head (kind, apiVersion, metadata with
// the continue token) read from the first bytes, so that the next page can be asked for at once; its
// items reduced at once to what the model reads. A small page is parsed whole (a few MB); a large one
// is split into items as it arrives and each parsed on its own, so that neither its bytes nor its raw
// tree are ever held whole.
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { isRecord, type Raw } from '../normalize/raw.js';
import { ResponseProblem } from './cluster-error.js';
import type { Page } from './list.js';
import type { ItemReducer } from './list-items.js';
import { PROTOBUF, ProtobufError, decodePodList, podListHead } from './pod-protobuf.js';

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
  return findHead(start)?.metadata;
}

interface Head {
  readonly metadata: Metadata;
  /** The text before the items key, with its comma: `{"kind":...,"metadata":{...},`. */
  readonly prefix: string;
  /** Where the items array's first byte after `[` is, when the array has begun; -1 otherwise. */
  readonly itemsAt: number;
}

function findHead(start: string): Head | undefined {
  const match = /"items"\s*:\s*/.exec(start);
  if (!match) return undefined;
  const prefix = start.slice(0, match.index);
  let head: unknown;
  try {
    head = JSON.parse(`${prefix.replace(/[\s,]+$/, '')}}`);
  } catch {
    return undefined;
  }
  if (!isRecord(head) || !isRecord(head['metadata'])) return undefined;
  const open = match.index + match[0].length;
  // Byte offsets: the text was decoded from the page's first bytes.
  const itemsAt = start[open] === '[' ? Buffer.byteLength(start.slice(0, open + 1)) : -1;
  return { metadata: pageMetadata(head['metadata']), prefix, itemsAt };
}

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/**
 * The items of a list's `items` array, each as its bytes, as they arrive: fed the bytes after the
 * array's `[`, chunk by chunk, so that a page is parsed as it comes and never held whole.
 */
export class ItemSplitter {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private pending: Buffer[] = [];
  /** The array's `]` was seen; what follows it is kept in `tail`. */
  ended = false;
  /** Something other than objects in the array. */
  malformed = false;
  readonly tail: Buffer[] = [];

  constructor(private readonly onItem: (bytes: Buffer) => void) {}

  push(chunk: Buffer): void {
    if (this.ended || this.malformed) {
      if (this.ended) this.tail.push(chunk);
      return;
    }
    let depth = this.depth;
    let inString = this.inString;
    let escaped = this.escaped;
    let start = depth > 0 ? 0 : -1;
    const n = chunk.length;
    for (let i = 0; i < n; i++) {
      const c = chunk[i]!;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) inString = false;
      } else if (depth === 0) {
        if (c === OPEN_BRACE) {
          depth = 1;
          start = i;
        } else if (c === CLOSE_BRACKET) {
          this.ended = true;
          this.tail.push(chunk.subarray(i + 1));
          break;
        } else if (c !== COMMA && !isSpace(c)) {
          this.malformed = true;
          break;
        }
      } else if (c === QUOTE) inString = true;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && --depth === 0) {
        const last = chunk.subarray(start, i + 1);
        this.onItem(this.pending.length > 0 ? Buffer.concat([...this.pending, last]) : last);
        this.pending = [];
        start = -1;
      }
    }
    if (depth > 0 && !this.ended && !this.malformed) this.pending.push(start > 0 ? chunk.subarray(start) : chunk);
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
  }

  /** Every item was whole and the array closed. */
  get complete(): boolean {
    return this.ended && !this.malformed && this.depth === 0;
  }
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

/** One item's bytes parsed (without managedFields) and reduced; undefined when they are not JSON. */
function parseItem(bytes: Buffer, reduce: ItemReducer): object | undefined {
  const cut = cutManagedFields(bytes);
  for (const text of cut === bytes ? [bytes] : [cut, bytes]) {
    try {
      const value: unknown = JSON.parse(text.toString('utf8'));
      return isRecord(value) ? reduce(value) : (value as object);
    } catch {
      // The bytes as sent are tried next; then the page is malformed.
    }
  }
  return undefined;
}

/** Items are counted to `onItems` in batches of this many. */
const REPORT_EVERY = 250;

/**
 * Reads a list page from a 2xx response (gzip or identity). When the page's head has arrived (its
 * metadata before its items, as the API server sends it) the page resolves at once. With `split`,
 * its items are then split out of the stream and parsed one by one as they arrive: memory holds the
 * items read, reduced, and never the page. Otherwise (a small page: one parse of its bytes costs less
 * than splitting them first) the page is read whole and parsed at its end.
 */
export function readPage(response: IncomingMessage, reduce: ItemReducer, onItems?: (count: number) => void, split = true): Promise<Page<object>> {
  const encoding = String(response.headers['content-encoding'] ?? '').toLowerCase();
  const body: Readable = encoding === 'gzip' ? response.pipe(createGunzip({ chunkSize: GUNZIP_CHUNK })) : response;
  if (String(response.headers['content-type'] ?? '').startsWith(PROTOBUF)) return readProtobufPage(response, body, onItems);
  return new Promise((resolvePage, rejectPage) => {
    const chunks: Buffer[] = [];
    let length = 0;
    let early: { resolve: (items: object[]) => void; reject: (error: unknown) => void } | undefined;
    let looking = true;
    let splitter: ItemSplitter | undefined;
    let prefix = '';
    const items: object[] = [];
    let unreported = 0;
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      if (early) early.reject(error);
      else rejectPage(error);
    };
    const take = (bytes: Buffer) => {
      const item = parseItem(bytes, reduce);
      if (item === undefined) {
        fail(new ResponseProblem('malformed'));
        return;
      }
      items.push(item);
      if (onItems && ++unreported >= REPORT_EVERY) {
        onItems(unreported);
        unreported = 0;
      }
    };
    body.on('data', (chunk: Buffer) => {
      if (failed) return;
      if (splitter) {
        splitter.push(chunk);
        return;
      }
      chunks.push(chunk);
      length += chunk.length;
      if (!looking) return;
      const whole = chunks.length === 1 ? chunk : Buffer.concat(chunks, length);
      const head = findHead(whole.toString('utf8', 0, Math.min(length, HEAD_LIMIT)));
      if (head) {
        looking = false;
        const pageItems = new Promise<object[]>((resolve, reject) => (early = { resolve, reject }));
        // Observed by listAll once it reads the items; never an unhandled rejection before that.
        pageItems.catch(() => undefined);
        resolvePage({ items: pageItems, metadata: head.metadata });
        if (split && head.itemsAt >= 0) {
          // From here on the page is split into items as it arrives; nothing more is held whole.
          prefix = head.prefix;
          splitter = new ItemSplitter(take);
          splitter.push(whole.subarray(head.itemsAt));
          chunks.length = 0;
          length = 0;
        }
      } else if (length >= HEAD_LIMIT) looking = false;
    });
    // A broken gzip stream is a malformed answer; a reset or an abort is passed on as it is.
    if (body !== response) body.on('error', () => fail(new ResponseProblem('malformed')));
    response.on('error', fail);
    body.on('end', () => {
      if (failed) return;
      if (splitter) {
        // What follows the items must close the list the head opened.
        let rest: unknown;
        try {
          rest = splitter.complete ? JSON.parse(`${prefix}"items":[]${Buffer.concat(splitter.tail).toString('utf8')}`) : undefined;
        } catch {
          rest = undefined;
        }
        if (!isRecord(rest)) {
          fail(new ResponseProblem('malformed'));
          return;
        }
        if (onItems && unreported > 0) onItems(unreported);
        early!.resolve(items);
        return;
      }
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
      const whole = reducedItems(page['items'], reduce);
      if (onItems && Array.isArray(whole)) onItems(whole.length);
      if (early) early.resolve(whole);
      else resolvePage({ items: whole, metadata: isRecord(page['metadata']) ? pageMetadata(page['metadata']) : {} });
    });
  });
}

/** A pod list page in protobuf: resolved once its ListMeta is in, its pods decoded when all of it is. */
function readProtobufPage(response: IncomingMessage, body: Readable, onItems?: (count: number) => void): Promise<Page<object>> {
  return new Promise((resolvePage, rejectPage) => {
    const chunks: Buffer[] = [];
    let length = 0;
    let early: { resolve: (items: object[]) => void; reject: (error: unknown) => void } | undefined;
    let looking = true;
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      if (early) early.reject(error);
      else rejectPage(error);
    };
    body.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      length += chunk.length;
      if (!looking) return;
      const metadata = podListHead(chunks.length === 1 ? chunk : Buffer.concat(chunks, length));
      if (metadata) {
        looking = false;
        const items = new Promise<object[]>((resolve, reject) => (early = { resolve, reject }));
        items.catch(() => undefined);
        resolvePage({ items, metadata });
      } else if (length >= HEAD_LIMIT) looking = false;
    });
    if (body !== response) body.on('error', () => fail(new ResponseProblem('malformed')));
    response.on('error', fail);
    body.on('end', () => {
      if (failed) return;
      let page;
      try {
        page = decodePodList(Buffer.concat(chunks, length));
      } catch (error) {
        if (!(error instanceof ProtobufError)) throw error;
        fail(new ResponseProblem('malformed'));
        return;
      }
      onItems?.(page.items.length);
      if (early) early.resolve(page.items);
      else resolvePage(page);
    });
  });
}
