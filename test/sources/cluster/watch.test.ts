// Following a live cluster, against a stub API server that scripts each watch stream exactly (a
// bookmark then the server's end, an ERROR 410, a reset connection): list-then-watch from the list's
// version, resume from the last version seen without a re-list, re-list only on 410 Gone.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { resolveKubeconfig } from '../../../src/sources/cluster/client-config.js';
import { followCluster, type FollowHandlers } from '../../../src/sources/cluster/watch.js';
import type { ListedCollection } from '../../../src/sources/cluster/cluster-source.js';
import type { Pod, Snapshot } from '../../../src/model/snapshot.js';
import type { SnapshotChange } from '../../../src/model/snapshot-change.js';
import { TempDir } from '../../fixtures/cli.js';

type Handler = (url: URL, req: IncomingMessage, res: ServerResponse, n: number) => void;

let dir: TempDir;
let server: Server | undefined;
let stop: (() => void) | undefined;
beforeAll(() => {
  dir = new TempDir('netpol-watch-');
});
afterEach(async () => {
  stop?.();
  stop = undefined;
  server?.closeAllConnections();
  await new Promise((done) => server?.close(done) ?? done(undefined));
  server = undefined;
});
afterAll(() => dir.cleanup());

/** Requests seen, by kind: `watch` (with their query) and `list`. */
interface Seen {
  readonly watches: URLSearchParams[];
  readonly lists: URLSearchParams[];
}

async function stub(watch: Handler, list: Handler = (_u, _r, res) => json(res, { metadata: { resourceVersion: '1' }, items: [] })) {
  const seen: Seen = { watches: [], lists: [] };
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stub');
    if (url.searchParams.get('watch') === 'true') {
      seen.watches.push(url.searchParams);
      watch(url, req, res, seen.watches.length);
    } else {
      seen.lists.push(url.searchParams);
      list(url, req, res, seen.lists.length);
    }
  });
  await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
  const port = (server!.address() as AddressInfo).port;
  const path = dir.write(
    `kubeconfig-${port}`,
    `apiVersion: v1
kind: Config
clusters:
- name: stub
  cluster: {server: 'http://127.0.0.1:${port}', insecure-skip-tls-verify: true}
users:
- name: alice
  user: {token: stub-token-0001}
contexts:
- name: stub
  context: {cluster: stub, user: alice, namespace: shop}
current-context: stub
`,
  );
  return { seen, kube: resolveKubeconfig({ kubeconfig: path }, {}), port };
}

const json = (res: ServerResponse, body: unknown) => {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
};
const open = (res: ServerResponse) => res.writeHead(200, { 'Content-Type': 'application/json' });
const event = (res: ServerResponse, type: string, object: object) => res.write(`${JSON.stringify({ type, object })}\n`);
const rawPod = (name: string, resourceVersion: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'shop', resourceVersion, labels: { app: name } },
  spec: { containers: [] },
  status: { phase: 'Running', podIP: '10.0.0.7' },
});
const modelPod = (name: string): Pod => ({ namespace: 'shop', name, labels: { app: name }, ips: ['10.0.0.1'], phase: 'Running', hostNetwork: false, ports: [] });
const snapshotWith = (pods: Pod[]): Snapshot => ({
  namespaces: [{ name: 'shop', labels: { 'kubernetes.io/metadata.name': 'shop' } }],
  pods,
  services: [],
  workloads: [],
  policies: [],
  skipped: {},
  unevaluated: [],
});
const PODS: ListedCollection = { kind: 'Pod', resource: 'pods', path: '/api/v1/namespaces/shop/pods', namespace: 'shop', resourceVersion: '100' };

/** Follows the stub; resolves each change and records every problem reported. */
function follow(kube: ReturnType<typeof resolveKubeconfig>, snapshot: Snapshot, timeoutSeconds = 7) {
  const changes: { changes: readonly SnapshotChange[]; snapshot: Snapshot }[] = [];
  const problems: (string | null)[] = [];
  const stats = { relists: 0, watches: 0 };
  const waiters: (() => void)[] = [];
  const handlers: FollowHandlers = {
    changed: (c, s) => {
      changes.push({ changes: c, snapshot: s });
      waiters.splice(0).forEach((w) => w());
    },
    problem: (message) => {
      problems.push(message);
      waiters.splice(0).forEach((w) => w());
    },
    stats,
  };
  stop = followCluster(kube, snapshot, [PODS], handlers, { timeoutSeconds, batchMs: 20, timeoutMs: 5000, defaultNamespace: 'shop' });
  const until = async (check: () => boolean) => {
    while (!check()) await new Promise<void>((done) => waiters.push(done));
  };
  return { changes, problems, stats, until };
}

describe('following a live cluster', () => {
  it("watches from the list's version, with bookmarks and the server-side timeout; a stream the server ends resumes from the last version seen", async () => {
    const { seen, kube } = await stub((_url, _req, res, n) => {
      open(res);
      if (n === 1) {
        // A quiet collection: only a bookmark, then the server's timeout ends the stream.
        event(res, 'BOOKMARK', { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: '150' } });
        res.end();
      } else event(res, 'ADDED', rawPod('api', '160'));
    });
    const f = follow(kube, snapshotWith([modelPod('web')]));
    await f.until(() => f.changes.length > 0);
    expect(seen.watches[0]!.get('resourceVersion')).toBe('100');
    expect(seen.watches[0]!.get('allowWatchBookmarks')).toBe('true');
    expect(seen.watches[0]!.get('timeoutSeconds')).toBe('7');
    expect(seen.watches[1]!.get('resourceVersion')).toBe('150');
    expect(seen.lists).toHaveLength(0);
    expect(f.stats.relists).toBe(0);
    expect(f.changes[0]!.snapshot.pods.map((p) => p.name)).toEqual(['web', 'api']);
    expect(f.changes[0]!.snapshot.pods[1]!.ips).toEqual(['10.0.0.7']);
    expect(f.problems.filter(Boolean)).toEqual([]);
  });

  it('a 410 Gone (an ERROR event) lists that collection again, replaces what was held, and watches from the new list', async () => {
    const { seen, kube } = await stub(
      (_url, _req, res, n) => {
        open(res);
        if (n === 1) {
          event(res, 'ERROR', { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Expired', code: 410 });
          res.end();
        }
      },
      (_url, _req, res) => json(res, { kind: 'PodList', metadata: { resourceVersion: '200' }, items: [rawPod('fresh', '190')] }),
    );
    const f = follow(kube, snapshotWith([modelPod('stale')]));
    await f.until(() => f.changes.length > 0 && seen.watches.length >= 2);
    expect(f.stats.relists).toBe(1);
    expect(seen.lists).toHaveLength(1);
    expect(f.changes[0]!.changes).toMatchObject([{ op: 'replace', kind: 'Pod', namespace: 'shop' }]);
    expect(f.changes[0]!.snapshot.pods.map((p) => p.name)).toEqual(['fresh']);
    expect(seen.watches[1]!.get('resourceVersion')).toBe('200');
  });

  it('a re-list whose answer has no resourceVersion is a problem retried later, not a loop of lists', async () => {
    const { seen, kube } = await stub(
      (_url, _req, res) => {
        open(res);
        event(res, 'ERROR', { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Expired', code: 410 });
        res.end();
      },
      (_url, _req, res) => json(res, { kind: 'PodList', metadata: {}, items: [] }),
    );
    const f = follow(kube, snapshotWith([modelPod('web')]));
    await f.until(() => f.problems.some(Boolean));
    expect(seen.lists).toHaveLength(1);
    expect(f.problems.filter(Boolean)[0]).toMatch(/^the server returned a malformed list for pods in namespace shop: .*; retrying$/);
  });

  it('a lost connection is one line naming the watch and the cause; the watch resumes from its version and the line clears', async () => {
    const { seen, kube, port } = await stub((_url, req, res, n) => {
      if (n === 1) req.socket.destroy();
      else {
        open(res);
        event(res, 'DELETED', rawPod('web', '170'));
      }
    });
    const f = follow(kube, snapshotWith([modelPod('web'), modelPod('db')]));
    await f.until(() => f.changes.length > 0 && f.problems.at(-1) === null);
    const [message] = f.problems;
    expect(message).toMatch(/^cannot reach the cluster at .* \(connection reset\): watching pods in namespace shop; retrying$/);
    expect(message).toContain(`127.0.0.1:${port}`);
    expect(message).not.toMatch(/HTTP \d|\n/);
    expect(seen.watches[1]!.get('resourceVersion')).toBe('100');
    expect(seen.lists).toHaveLength(0);
    expect(f.changes[0]!.snapshot.pods.map((p) => p.name)).toEqual(['db']);
  });
});
