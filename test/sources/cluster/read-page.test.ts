// List pages as they arrive: gzip asked for and decompressed as a stream, the next page asked for as
// soon as this page's head (its continue token) is in, managedFields cut before parsing. Against a
// stub API server (node:http): a real kube-apiserver cannot be made to hold a page half sent.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../src/sources/cluster/api-client.js';
import { resolveKubeconfig } from '../../../src/sources/cluster/client-config.js';
import { listAll } from '../../../src/sources/cluster/list.js';
import { ItemSplitter, cutManagedFields, listHead } from '../../../src/sources/cluster/read-page.js';
import { TempDir } from '../../fixtures/cli.js';

let dir: TempDir;
const servers: Server[] = [];
beforeAll(() => {
  dir = new TempDir('netpol-read-page-');
});
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  }
});
afterAll(() => dir.cleanup());

async function stubClient(handler: (url: URL, req: IncomingMessage, res: ServerResponse) => void): Promise<ApiClient> {
  const server = createServer((req, res) => handler(new URL(req.url ?? '/', 'http://stub'), req, res));
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  const file = dir.write(
    `kubeconfig-${port}`,
    `apiVersion: v1
kind: Config
clusters: [{name: stub, cluster: {server: "http://127.0.0.1:${port}", insecure-skip-tls-verify: true}}]
users: [{name: alice, user: {token: stub-token}}]
contexts: [{name: stub, context: {cluster: stub, user: alice}}]
current-context: stub
`,
  );
  return new ApiClient(resolveKubeconfig({ kubeconfig: file }, {}));
}

const request = { verb: 'list' as const, resource: 'pods', server: 'http://stub', user: 'alice', timeoutMs: 10_000 };

const managed = [{ manager: 'kubelet', operation: 'Update', fieldsType: 'FieldsV1', fieldsV1: { 'f:status': { 'k:{"type":"Ready"}': { '.': {} } } } }];
const pod = (name: string) => ({
  metadata: { name, namespace: 'shop', labels: { app: 'web' }, uid: `uid-${name}`, managedFields: managed, annotations: { note: 'a long one' } },
  spec: { nodeName: 'node-1', containers: [{ name: 'app', image: 'nginx', ports: [{ name: 'http', containerPort: 8080 }] }] },
  status: { phase: 'Running', podIP: '10.0.0.1', podIPs: [{ ip: '10.0.0.1' }], conditions: [{ type: 'Ready', status: 'True' }] },
});
const page = (items: object[], next?: string) => ({ kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '42', ...(next ? { continue: next } : {}) }, items });

describe('list pages', () => {
  it('asks for gzip and reads a gzipped page, each pod reduced to what the model reads', async () => {
    const seen: (string | undefined)[] = [];
    const api = await stubClient((_url, req, res) => {
      seen.push(req.headers['accept-encoding']);
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
      res.end(gzipSync(JSON.stringify(page([pod('a'), pod('b')]))));
    });
    const items = await listAll(api.lister('/api/v1/pods'), request);
    expect(seen).toEqual(['gzip']);
    expect(items).toEqual(
      ['a', 'b'].map((name) => ({
        metadata: { name, namespace: 'shop', labels: { app: 'web' } },
        spec: { nodeName: 'node-1', containers: [{ ports: [{ name: 'http', containerPort: 8080 }] }] },
        status: { phase: 'Running', podIP: '10.0.0.1', podIPs: [{ ip: '10.0.0.1' }] },
      })),
    );
  });

  it('pods are asked for in protobuf (JSON accepted too), every other list in JSON', async () => {
    const accepts: Record<string, string | undefined> = {};
    const api = await stubClient((url, req, res) => {
      accepts[url.pathname] = req.headers.accept;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(page([pod('a')])));
    });
    expect(await listAll(api.lister('/api/v1/namespaces/shop/pods'), request)).toHaveLength(1);
    await listAll(api.lister('/api/v1/services'), request);
    expect(accepts).toEqual({ '/api/v1/namespaces/shop/pods': 'application/vnd.kubernetes.protobuf, application/json', '/api/v1/services': 'application/json' });
  });

  it('a server that ignores Accept-Encoding is read as it sends', async () => {
    const api = await stubClient((_url, _req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(page([{ metadata: { name: 'ns1', managedFields: managed } }])));
    });
    expect(await listAll(api.lister('/api/v1/namespaces'), request)).toEqual([{ metadata: { name: 'ns1' } }]);
  });

  it('the next page is asked for as soon as this page has told its continue token, before its items have arrived', async () => {
    // The first page's head is sent, and the rest only once the second page has been asked for:
    // a reader that waits for a whole page before asking for the next would wait forever.
    let holdFirst: ServerResponse | undefined;
    const body = JSON.stringify(page([pod('a')], 'token-2'));
    const split = body.indexOf('"items":[') + '"items":['.length;
    const api = await stubClient((url, _req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      if (!url.searchParams.get('continue')) {
        res.write(body.slice(0, split));
        holdFirst = res;
        return;
      }
      res.end(JSON.stringify(page([pod('b')])));
      holdFirst?.end(body.slice(split));
    });
    const items = await listAll(api.lister('/api/v1/pods'), { ...request, timeoutMs: 3_000 });
    expect(items.map((item) => (item as { metadata: { name: string } }).metadata.name)).toEqual(['a', 'b']);
  });

  it('items of a large page (--chunk-size over 1000) are parsed as they arrive: counted before the page has ended', async () => {
    // 300 pods sent, then the page is held open until the reader has counted the first 250 of them.
    let release = () => {};
    const counted: number[] = [];
    const reported = new Promise<void>((done) => (release = done));
    const items = Array.from({ length: 400 }, (_, i) => pod(`p${i}`));
    const text = JSON.stringify(page(items));
    const cut = text.indexOf(JSON.stringify(items[300]));
    const api = await stubClient((_url, _req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write(text.slice(0, cut));
      void reported.then(() => res.end(text.slice(cut)));
    });
    const read = await listAll(
      api.lister('/api/v1/pods', undefined, (n) => {
        counted.push(n);
        release();
      }),
      { ...request, timeoutMs: 3_000 },
      5000,
    );
    expect(counted).toEqual([250, 150]);
    expect(read).toHaveLength(400);
    expect(read[399]).toEqual({ metadata: { name: 'p399', namespace: 'shop', labels: { app: 'web' } }, spec: expect.any(Object), status: expect.any(Object) });
  });

  it('what follows the items must close the list: a truncated page is malformed, large or small', async () => {
    const api = await stubClient((_url, _req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const text = JSON.stringify(page([pod('a'), pod('b')]));
      res.end(text.slice(0, -3));
    });
    for (const pageSize of [500, 5000]) {
      await expect(listAll(api.lister('/api/v1/pods'), request, pageSize)).rejects.toThrow('the server returned a malformed list for pods cluster-wide');
    }
  });

  it('a small page is counted once it has been read', async () => {
    const api = await stubClient((_url, _req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(page([pod('a'), pod('b'), pod('c')])));
    });
    const counted: number[] = [];
    expect(await listAll(api.lister('/api/v1/pods', undefined, (n) => counted.push(n)), request, 500)).toHaveLength(3);
    expect(counted).toEqual([3]);
  });

  it('a broken gzip stream is a malformed answer, in one line', async () => {
    const api = await stubClient((_url, _req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
      res.end(Buffer.from('not gzip at all'));
    });
    await expect(listAll(api.lister('/api/v1/pods'), request)).rejects.toThrow('the server returned a malformed list for pods cluster-wide: is http://stub a Kubernetes API server?');
  });
});

describe('listHead', () => {
  it('reads the metadata once everything before the top-level items key is in', () => {
    expect(listHead('{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"7","continue":"abc"},"items":[{"meta')).toEqual({
      _continue: 'abc',
      resourceVersion: '7',
    });
    expect(listHead('{"kind":"PodList","metadata":{"resourceVersion":"7"}, "items" : [')).toEqual({ resourceVersion: '7' });
  });

  it('nothing yet when the items key has not arrived, is nested, or comes first', () => {
    expect(listHead('{"kind":"PodList","metadata":{"resourceVersion":"7","contin')).toBeUndefined();
    expect(listHead('{"kind":"PodList","metadata":{"x":{"items":[')).toBeUndefined();
    expect(listHead('{"items":[{"metadata":{}}],"metadata":{"continue":"abc"}}')).toBeUndefined();
  });
});

describe('cutManagedFields', () => {
  it('the page parses to the same objects, managedFields aside', () => {
    const sent = page([pod('a'), pod('b'), { metadata: { managedFields: managed, name: 'c' } }]);
    const expected = JSON.parse(JSON.stringify(sent)) as { items: { metadata: Record<string, unknown> }[] };
    for (const item of expected.items) delete item.metadata['managedFields'];
    expect(JSON.parse(cutManagedFields(Buffer.from(JSON.stringify(sent))).toString())).toEqual(expected);
  });

  it('leaves the text inside strings, keys that are not object members, and non-arrays alone', () => {
    for (const text of ['{"a":"\\"managedFields\\":[1]"}', '{"a":"x,\\"managedFields\\":[1]"}', '{"managedFields":{"a":1}}', '{"k\\"managedFields":[1]}']) {
      expect(cutManagedFields(Buffer.from(text)).toString()).toBe(text);
    }
    expect(cutManagedFields(Buffer.from('{"b":1,"managedFields":[{"k:{\\"a\\"}":"]"}]}')).toString()).toBe('{"b":1}');
  });
});

describe('ItemSplitter', () => {
  const split = (text: string, at: readonly number[]) => {
    const items: string[] = [];
    const splitter = new ItemSplitter((bytes) => items.push(bytes.toString()));
    const bytes = Buffer.from(text);
    let from = 0;
    for (const cut of [...at, bytes.length]) {
      splitter.push(bytes.subarray(from, cut));
      from = cut;
    }
    return { items, splitter };
  };
  const objects = ['{"a":"}{\\"","b":[1,{"c":"]"}]}', '{"x":{"y":{}}}', '{}'];
  const text = ` ${objects.join(' ,\n')} ],"metadata":{}}`;

  it('each object whole, wherever the chunks are cut (inside strings, after a backslash, between items)', () => {
    for (let cut = 0; cut <= text.length; cut++) {
      for (const second of [cut, Math.min(text.length, cut + 3)]) {
        const { items, splitter } = split(text, [cut, second]);
        expect(items).toEqual(objects);
        expect(splitter.complete).toBe(true);
        expect(Buffer.concat(splitter.tail).toString()).toBe(',"metadata":{}}');
      }
    }
  });

  it('anything but objects in the array, or an array that never closes, is not complete', () => {
    expect(split('{"a":1}, "text"]}', []).splitter.complete).toBe(false);
    expect(split('{"a":1}, null]}', []).splitter.complete).toBe(false);
    expect(split('{"a":1}, {"b":', []).splitter.complete).toBe(false);
    expect(split('{"a":1}', []).splitter.complete).toBe(false);
    expect(split(']}', []).splitter.complete).toBe(true);
  });
});
