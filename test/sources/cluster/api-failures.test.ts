// The live-cluster client against a stub API server (node:http on 127.0.0.1): failures a real
// kube-apiserver cannot produce (a proxy repeating a continue token, malformed list bodies, an HTML
// login page with 200), servers on ports browsers block, credentials in the server URL, and exec
// credential plugins that misbehave. Driven through the real CLI in process: exit code and the
// exact one-line stderr.
import { chmodSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { resolveKubeconfig } from '../../../src/sources/cluster/client-config.js';
import { followCluster } from '../../../src/sources/cluster/watch.js';
import { runCli, TempDir } from '../../fixtures/cli.js';

type Handler = (url: URL, req: IncomingMessage, res: ServerResponse) => void;

interface Stub {
  readonly server: Server;
  readonly port: number;
  /** Every request seen: path with query, and the Authorization header. */
  readonly seen: { path: string; authorization?: string }[];
}

const stubs: Stub[] = [];
let dir: TempDir;

beforeAll(() => {
  dir = new TempDir('netpol-stub-api-');
});
afterEach(async () => {
  for (const stub of stubs.splice(0)) {
    stub.server.closeAllConnections();
    await new Promise((done) => stub.server.close(done));
  }
});
afterAll(() => dir.cleanup());

const sendJson = (res: ServerResponse, body: unknown, status = 200) => {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
};

/** Any list the CLI asks for, empty; `override` answers the paths a test is about. */
const emptyLists =
  (override?: (url: URL, res: ServerResponse) => boolean): Handler =>
  (url, _req, res) => {
    if (override?.(url, res)) return;
    sendJson(res, { kind: 'List', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items: [] });
  };

const listen = (server: Server, port: number) =>
  new Promise<number>((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', fail);
      done((server.address() as AddressInfo).port);
    });
  });

async function startStub(handler: Handler, ports: readonly number[] = [0]): Promise<Stub> {
  const seen: Stub['seen'] = [];
  for (const candidate of ports) {
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://stub');
      seen.push({ path: `${url.pathname}${url.search}`, ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
      handler(url, req, res);
    });
    try {
      const port = await listen(server, candidate);
      const stub = { server, port, seen };
      stubs.push(stub);
      return stub;
    } catch {
      // In use: try the next one.
    }
  }
  throw new Error(`none of the ports ${ports.join(', ')} is free`);
}

interface KubeconfigOptions {
  readonly server: string;
  readonly user?: string;
}

let configs = 0;
function kubeconfig({ server, user = '    token: stub-token-0001' }: KubeconfigOptions): string {
  return dir.write(
    `kubeconfig-${++configs}`,
    `apiVersion: v1
kind: Config
clusters:
- name: stub
  cluster:
    server: ${server}
    insecure-skip-tls-verify: true
users:
- name: alice
  user:
${user}
contexts:
- name: stub
  context: {cluster: stub, user: alice, namespace: default}
current-context: stub
`,
  );
}

const coverage = (file: string, ...args: string[]) => runCli(['coverage', '-A', '-o', 'json', '--kubeconfig', file, ...args]);

/** Ports the fetch standard blocks ("bad port"); kubectl and node:http reach them. */
const BAD_PORTS = [6666, 6665, 6667, 6668, 6669, 6000, 6697, 10080, 4045, 6566, 5060, 5061, 4190, 6679, 3659, 2049, 1719, 1720];

describe('servers on ports browsers block', () => {
  it('a list on a fetch "bad port" reaches the server, with the kubeconfig token', async () => {
    const stub = await startStub(emptyLists(), BAD_PORTS);
    const r = await coverage(kubeconfig({ server: `http://127.0.0.1:${stub.port}` }));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(stub.seen.map((s) => s.path)).toContain('/api/v1/pods?limit=500');
    expect(stub.seen.every((s) => s.authorization === 'Bearer stub-token-0001')).toBe(true);
  });

  it('a watch on a fetch "bad port" reaches the server and reports the change', async () => {
    const stub = await startStub((url, _req, res) => {
      if (url.searchParams.get('watch') !== 'true') return sendJson(res, { items: [] });
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write(`${JSON.stringify({ type: 'ADDED', object: { kind: 'Pod', metadata: { name: 'x', namespace: 'default', resourceVersion: '7' } } })}\n`);
    }, BAD_PORTS);
    const kube = resolveKubeconfig({ kubeconfig: kubeconfig({ server: `http://127.0.0.1:${stub.port}` }) }, {});
    const failures: string[] = [];
    let stop = () => {};
    const snapshot = { namespaces: [], pods: [], services: [], workloads: [], policies: [], skipped: {}, unevaluated: [] };
    const pods = { kind: 'Pod', resource: 'pods', path: '/api/v1/namespaces/default/pods', namespace: 'default', resourceVersion: '5' } as const;
    await new Promise<void>((changed) => {
      stop = followCluster(kube, snapshot, [pods], { changed: () => changed(), problem: (message) => message && failures.push(message) }, { batchMs: 10, timeoutMs: 5000, defaultNamespace: 'default' });
    });
    stop();
    expect(failures).toEqual([]);
    expect(stub.seen.some((s) => s.path.includes('watch=true'))).toBe(true);
  });

  it('a refused connection on 127.0.0.1:1 reads "connection refused"', async () => {
    const r = await coverage(kubeconfig({ server: 'http://127.0.0.1:1' }));
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('error: cannot reach the cluster at http://127.0.0.1:1 (connection refused)\n');
  });
});

describe('pagination that never ends', () => {
  it('a repeated continue token stops the read: one line, exit 3', async () => {
    const stub = await startStub(
      emptyLists((url, res) => {
        if (url.pathname !== '/api/v1/pods') return false;
        sendJson(res, { kind: 'PodList', metadata: { continue: 'same-token' }, items: [{ metadata: { name: 'p', namespace: 'default' } }] });
        return true;
      }),
    );
    const r = await coverage(kubeconfig({ server: `http://127.0.0.1:${stub.port}` }));
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      `error: the server at http://127.0.0.1:${stub.port} sent the same continue token twice while listing pods cluster-wide: stopped rather than read forever (a proxy may drop the continue parameter)\n`,
    );
    expect(stub.seen.filter((s) => s.path.startsWith('/api/v1/pods'))).toHaveLength(2);
  });

  it('tokens that never run out: --request-timeout bounds the whole read, not each page', async () => {
    let n = 0;
    const stub = await startStub(
      emptyLists((url, res) => {
        if (url.pathname !== '/api/v1/pods') return false;
        // Every page answers quickly; only the read as a whole is too long.
        setTimeout(() => sendJson(res, { kind: 'PodList', metadata: { continue: `token-${++n}` }, items: [] }), 20);
        return true;
      }),
    );
    const r = await coverage(kubeconfig({ server: `http://127.0.0.1:${stub.port}` }), '--request-timeout', '1s');
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^error: listing pods cluster-wide did not finish within 1s \(--request-timeout; \d+ pages read\)\n$/);
    expect(n).toBeGreaterThan(1);
  });
});

describe('malformed list bodies', () => {
  const malformed = async (answer: (res: ServerResponse) => void, secret?: string) => {
    const stub = await startStub(
      emptyLists((url, res) => {
        if (url.pathname !== '/api/v1/pods') return false;
        answer(res);
        return true;
      }),
    );
    const r = await coverage(kubeconfig({ server: `http://127.0.0.1:${stub.port}` }));
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(`error: the server returned a malformed list for pods cluster-wide: is http://127.0.0.1:${stub.port} a Kubernetes API server?\n`);
    if (secret) expect(r.stderr).not.toContain(secret);
  };

  it('items: null', () => malformed((res) => sendJson(res, { kind: 'PodList', metadata: {}, items: null })));

  it('items: "abc"', () => malformed((res) => sendJson(res, { kind: 'PodList', metadata: {}, items: 'abc' })));

  it('an HTML page with 200 (a login proxy): the body is never quoted', () =>
    malformed((res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<html><body>Sign in to Corp SSO, session 5f3e</body></html>');
    }, 'Sign in'));

  it('JSON that claims to be a list but sends text as the continue token', () =>
    malformed((res) => sendJson(res, { kind: 'PodList', metadata: { continue: 42 }, items: [] })));
});

describe('credentials never printed', () => {
  it('a password in the server URL is masked', async () => {
    const r = await coverage(kubeconfig({ server: 'http://alice:s3cret-pass@127.0.0.1:1' }));
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('error: cannot reach the cluster at http://alice:***@127.0.0.1:1 (connection refused)\n');
  });

  it('an access_token query parameter in the server URL is dropped', async () => {
    const stub = await startStub(
      emptyLists((url, res) => {
        if (url.pathname !== '/api/v1/pods') return false;
        sendJson(res, { items: null });
        return true;
      }),
    );
    const r = await coverage(kubeconfig({ server: `http://127.0.0.1:${stub.port}?access_token=tok-9f8e7d` }));
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(`error: the server returned a malformed list for pods cluster-wide: is http://127.0.0.1:${stub.port} a Kubernetes API server?\n`);
  });

  const plugin = (name: string, script: string) => {
    const file = dir.write(name, `#!/bin/sh\n${script}\n`);
    chmodSync(file, 0o755);
    return `    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: ${file}\n      interactiveMode: Never`;
  };

  it('an exec plugin that prints a bare token: its output is never quoted', async () => {
    const stub = await startStub(emptyLists());
    const user = plugin('get-token', 'echo sk-live-0123456789abcdef');
    const r = await coverage(kubeconfig({ server: `http://127.0.0.1:${stub.port}`, user }));
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('error: the credential plugin "get-token" of user "alice" did not print an ExecCredential (JSON); its output is not shown\n');
    expect(r.stderr).not.toContain('sk-live');
    expect(stub.seen).toEqual([]);
  });

  it('an exec plugin that fails: neither its output nor its directory is printed', async () => {
    const user = plugin('failing-plugin', 'echo sk-live-fedcba9876543210; echo "token sk-live-fedcba9876543210 expired" >&2; exit 1');
    const r = await coverage(kubeconfig({ server: 'http://127.0.0.1:1', user }));
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('error: the credential plugin "failing-plugin" of user "alice" failed: run it yourself to see why\n');
  });
});

describe('--request-timeout', () => {
  it.each([
    ['600h', '"600h" is too long (at most 596h31m23s; 0 means no limit)'],
    ['2147484s', '"2147484s" is too long (at most 596h31m23s; 0 means no limit)'],
    ['-1s', '"-1s" is not a duration (e.g. 10s, 1m)'],
    ['ten', '"ten" is not a duration (e.g. 10s, 1m)'],
  ])('%s is a usage error naming the limit, exit 2', async (value, message) => {
    const stub = await startStub(emptyLists());
    const r = await coverage(kubeconfig({ server: `http://127.0.0.1:${stub.port}` }), `--request-timeout=${value}`);
    expect(r.stderr).toBe(`error: --request-timeout: ${message}\n`);
    expect(r.code).toBe(2);
  });

  it('596h, just under the limit, is a working timeout', async () => {
    const stub = await startStub(emptyLists());
    const r = await coverage(kubeconfig({ server: `http://127.0.0.1:${stub.port}` }), '--request-timeout', '596h');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
