// Requests to the API server over node:http(s), with the TLS material, proxy agent and credentials
// the kubeconfig gives (client-node's applyToHTTPSOptions). Unlike fetch, node:http has no browser
// "bad port" list, so a server on port 6000 or 6666 is reached as kubectl reaches it.
import http from 'node:http';
import https from 'node:https';
import { createInterface } from 'node:readline';
import type { ResolvedKubeconfig } from './client-config.js';
import { ClusterAccessError, HttpStatusError, ReadTimeout, ResponseProblem, describeCredentialError } from './cluster-error.js';
import type { Page, PageParams } from './list.js';
import { reducerFor, slimPod, type ItemReducer } from './list-items.js';
import { PROTOBUF } from './pod-protobuf.js';
import { readPage } from './read-page.js';

export type Query = Readonly<Record<string, string | number | boolean | undefined>>;

/** Credentials are produced again after this long (exec plugins and OIDC tokens expire). */
const CREDENTIALS_TTL_MS = 60_000;
/** A watch asks the server to end it after this long, and is resumed from its last version. */
const WATCH_SECONDS = 300;
/** A watch with no byte (not even a bookmark) for this long is taken as dead. */
const WATCH_IDLE_MS = (WATCH_SECONDS + 60) * 1000;
const WATCH_CONNECT_MS = 30_000;
/** Pages of up to this many items are parsed whole (a few MB); larger ones item by item as they arrive. */
const WHOLE_PAGE_LIMIT = 1000;

export type WatchCallback = (phase: string, object: { metadata?: { resourceVersion?: string } }) => void;

export class ApiClient {
  private credentials: { readonly options: Promise<https.RequestOptions>; readonly at: number } | undefined;

  constructor(private readonly kube: ResolvedKubeconfig) {}

  /** The request options of the kubeconfig's context, produced once and reused for a while. */
  private requestOptions(): Promise<https.RequestOptions> {
    const now = Date.now();
    if (this.credentials && now - this.credentials.at < CREDENTIALS_TTL_MS) return this.credentials.options;
    const cluster = this.kube.config.getCurrentCluster();
    if (cluster?.server.startsWith('http:') && !cluster.skipTLSVerify) {
      return Promise.reject(
        new ClusterAccessError('config', `the cluster at ${this.kube.server} is plain http: set insecure-skip-tls-verify: true for it in the kubeconfig to allow that`),
      );
    }
    const user = this.kube.config.getCurrentUser();
    const exec = (user?.exec ?? user?.authProvider?.config?.exec) as { command?: unknown } | undefined;
    const source = { user: this.kube.userName, ...(typeof exec?.command === 'string' ? { plugin: exec.command } : {}) };
    const opts: https.RequestOptions = {};
    const options = this.kube.config.applyToHTTPSOptions(opts).then(
      () => opts,
      (error: unknown) => {
        this.credentials = undefined;
        throw describeCredentialError(error, source);
      },
    );
    this.credentials = { options, at: now };
    return options;
  }

  private url(path: string, query: Query): URL {
    const server = this.kube.config.getCurrentCluster()?.server ?? '';
    let url: URL;
    try {
      url = new URL(server);
    } catch {
      throw new ClusterAccessError('config', `the cluster's server "${this.kube.server}" is not a URL`);
    }
    url.pathname = url.pathname.replace(/\/+$/, '') + path;
    for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, String(value));
    return url;
  }

  /** Sends a GET and resolves with the response once its headers arrived (any status). */
  private async open(path: string, query: Query, signal?: AbortSignal, gzip = false, accept = 'application/json'): Promise<http.IncomingMessage> {
    const url = this.url(path, query);
    const base = await this.requestOptions();
    signal?.throwIfAborted();
    const transport = url.protocol === 'http:' ? http : https;
    return new Promise((resolve, reject) => {
      const request = transport.request(url, {
        ...base,
        method: 'GET',
        headers: { ...base.headers, Accept: accept, 'User-Agent': 'kubectl-netpol', ...(gzip ? { 'Accept-Encoding': 'gzip' } : {}) },
        ...(signal ? { signal } : {}),
      });
      request.once('response', (response: http.IncomingMessage) => {
        // Errors after the answer began (an abort, a reset) reach whoever reads it; never unhandled.
        response.on('error', () => undefined);
        resolve(response);
      });
      request.on('error', reject);
      request.end();
    });
  }

  /** GETs a path and parses the JSON answer; a non-2xx status throws HttpStatusError, the body unread. */
  async getJson(path: string, query: Query = {}, signal?: AbortSignal): Promise<unknown> {
    const response = await this.open(path, query, signal);
    const status = response.statusCode ?? 0;
    if (status < 200 || status > 299) {
      response.resume();
      throw new HttpStatusError(status);
    }
    const chunks: Buffer[] = [];
    for await (const chunk of response) chunks.push(chunk as Buffer);
    try {
      return JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      throw new ResponseProblem('malformed');
    }
  }

  /**
   * Fetches one page of a list (`path` is the collection, e.g. /api/v1/pods); listAll checks its
   * shape. Asked for gzip; the page resolves as soon as its head (kind, metadata: the continue token)
   * has arrived, so the next page is asked for while this one is still read, and its items follow,
   * each reduced to the fields the model reads (`reduce`, by default chosen by the path) and
   * counted to `onItems` as they are read.
   */
  lister(path: string, reduce: ItemReducer = reducerFor(path), onItems?: (count: number) => void): (params: PageParams) => Promise<Page<object>> {
    return async ({ limit, _continue, signal }) => {
      // Pods, by far the largest list, in protobuf where the server speaks it: less for it to encode
      // and for us to decode (unread fields are skipped by their length); JSON otherwise.
      const accept = reduce === slimPod ? `${PROTOBUF}, application/json` : 'application/json';
      const response = await this.open(path, { limit, continue: _continue }, signal, true, accept);
      const status = response.statusCode ?? 0;
      if (status < 200 || status > 299) {
        response.resume();
        throw new HttpStatusError(status);
      }
      return readPage(response, reduce, onItems, limit > WHOLE_PAGE_LIMIT);
    };
  }

  /**
   * Watches a collection: `callback` per event, `done` once when the stream ends (null: a normal
   * end, the server's timeout) or fails (an ERROR event, a status, a dead connection). Same shape
   * as client-node's Watch.watch; the returned controller stops it. `opened` once the server accepted it.
   */
  async watch(path: string, query: Query, callback: WatchCallback, done: (error: unknown) => void, opened?: () => void): Promise<AbortController> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    let finished = false;
    const finish = (error: unknown) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      controller.abort();
      done(error);
    };
    const arm = (ms: number) => {
      clearTimeout(timer);
      timer = setTimeout(() => finish(new ReadTimeout(0)), ms);
      timer.unref();
    };
    arm(WATCH_CONNECT_MS);
    this.open(path, { timeoutSeconds: WATCH_SECONDS, ...query, watch: true }, controller.signal).then((response) => {
      const status = response.statusCode ?? 0;
      if (status !== 200) {
        response.resume();
        finish(new HttpStatusError(status));
        return;
      }
      arm(WATCH_IDLE_MS);
      opened?.();
      response.on('data', () => arm(WATCH_IDLE_MS));
      response.on('error', finish);
      response.on('end', () => finish(null));
      response.on('close', () => finish(null));
      const lines = createInterface({ input: response, crlfDelay: Infinity });
      // readline re-emits the stream's errors (an abort, a reset) as its own.
      lines.on('error', finish);
      lines.on('line', (line) => {
        if (finished || line.trim() === '') return;
        let event: { type?: unknown; object?: { code?: unknown; metadata?: { resourceVersion?: string } } };
        try {
          event = JSON.parse(line);
        } catch {
          finish(new ResponseProblem('malformed'));
          return;
        }
        if (event?.type === 'ERROR') {
          // The server ends the watch with a Status (e.g. 410: the version is too old).
          finish(new HttpStatusError(typeof event.object?.code === 'number' ? event.object.code : 500));
          return;
        }
        if (typeof event?.type !== 'string' || event.object === null || typeof event.object !== 'object') {
          finish(new ResponseProblem('malformed'));
          return;
        }
        callback(event.type, event.object);
      });
    }, finish);
    return controller;
  }
}
