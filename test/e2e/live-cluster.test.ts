// The built CLI against a real kube-apiserver + etcd: every command on live objects, the read-only
// and forbidden users, bad credentials, an unreachable server, pagination and snapshot replay.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse, stringify } from 'yaml';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'kubectl-netpol');
const plane = inject('controlPlane');
const missing = inject('controlPlaneMissing');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Api = any;
let api: Api;
let work: string;

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], kubeconfig = plane!.kubeconfigPath): Result {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    env: { PATH: process.env['PATH'], HOME: work, KUBECONFIG: kubeconfig, NO_COLOR: '1' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const X = 'e2e-x';
const Y = 'e2e-y';

async function create(obj: object): Promise<void> {
  const res = await api.createObject(plane, obj);
  if (res && res.ok === false) throw new Error(`create failed: ${res.status}`);
}

describe.runIf(plane)('live cluster', () => {
  beforeAll(async () => {
    api = await import('../../scripts/test-cluster/control-plane.mjs');
    work = mkdtempSync(join(tmpdir(), 'netpol-e2e-'));
    await api.createNamespace(plane, X, { team: 'x' });
    await api.createNamespace(plane, Y, { team: 'y' });
    const ports = [{ name: 'http', containerPort: 8080, protocol: 'TCP' }, { name: 'dns', containerPort: 53, protocol: 'UDP' }];
    let ip = 10;
    for (const ns of [X, Y]) {
      for (const name of ['a', 'b', 'c']) {
        await api.createRunningPod(
          plane,
          { metadata: { name, namespace: ns, labels: { pod: name } }, spec: { containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10', ports }] } },
          { podIP: `10.250.0.${ip++}` },
        );
      }
    }
    await create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: Y }, spec: { selector: { pod: 'a' }, ports: [{ port: 80, targetPort: 'http' }] } });
    await create({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny-all', namespace: Y }, spec: { podSelector: {} } });
    await create({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'a-from-x', namespace: Y },
      spec: {
        podSelector: { matchLabels: { pod: 'a' } },
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'x' } }, podSelector: { matchLabels: { pod: 'a' } } }], ports: [{ port: 'http' }] }],
      },
    });
    // The shipped read-only role, bound to "nobody" in one namespace only.
    const role = parse(readFileSync(join(ROOT, 'deploy', 'rbac.yaml'), 'utf8'));
    await create(role);
    await create({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'nobody-reads-x', namespace: X },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role.metadata.name },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'nobody' }],
    });
    // RBAC is read through an informer: wait until the binding is seen.
    for (let i = 0; i < 100; i++) {
      const r = await api.kubeFetch(plane, 'GET', `/api/v1/namespaces/${X}/pods?limit=1`, undefined, { token: plane!.tokens.nobody });
      if (r.status === 200) break;
      await new Promise((done) => setTimeout(done, 100));
    }
  });

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('can-reach answers from live objects: allowed through the admitting rule', () => {
    const r = cli(['can-reach', `${X}/a`, `${Y}/a`, '--port', '8080']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`ALLOWED: ${X}/a -> ${Y}/a on TCP 8080`);
    expect(r.stdout).toContain(`admitted by ${Y}/a-from-x spec.ingress[0].from[0]`);
  });

  it('can-reach denies what no rule admits, exit 1, and names the isolating policies', () => {
    const r = cli(['can-reach', `${X}/b`, `${Y}/a`, '--port', '8080', '-o', 'json']);
    expect(r.code).toBe(1);
    const view = JSON.parse(r.stdout);
    expect(view.verdict).toBe('denied');
    expect(view.paths[0].ingress.isolatedBy.sort()).toEqual([`${Y}/a-from-x`, `${Y}/deny-all`]);
  });

  it('a Service is judged after DNAT: service port 80 -> named targetPort http (8080)', () => {
    const r = cli(['can-reach', `${X}/a`, `svc/${Y}/web`, '--port', '80', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).paths[0].port).toEqual({ protocol: 'TCP', number: 8080, servicePort: 80 });
  });

  it('assert checks a file of expectations against the cluster', () => {
    const file = join(work, 'expect.yaml');
    writeFileSync(
      file,
      `assertions:\n  - {from: ${X}/a, to: ${Y}/a, port: http, expect: allow}\n  - {from: ${X}/a, to: ${Y}/b, port: 8080, expect: deny}\n  - {from: ${Y}/b, to: ${X}/c, port: 53, protocol: UDP, expect: allow}\n`,
    );
    const r = cli(['assert', file, '-o', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ passed: 3, failed: 0 });
  });

  it('coverage, who-can-reach, reachable-from and matrix read the cluster', () => {
    const coverage = JSON.parse(cli(['coverage', '-n', Y, '-o', 'json']).stdout);
    expect(coverage.totals).toMatchObject({ pods: 3, ingressIsolated: 3, egressIsolated: 0 });
    const who = JSON.parse(cli(['who-can-reach', `${Y}/a`, '-o', 'json']).stdout);
    expect(who.pods.map((p: { namespace: string; peer: string }) => `${p.namespace}/${p.peer}`)).toEqual([`${X}/a`]);
    const from = JSON.parse(cli(['reachable-from', `${Y}/b`, '-o', 'json']).stdout);
    expect(from.pods.some((p: { namespace: string; peer: string }) => p.namespace === Y && p.peer === 'a')).toBe(false);
    const matrix = cli(['matrix', '-n', X, '-o', 'csv']);
    expect(matrix.code).toBe(0);
    expect(matrix.stdout.split('\n')[0]).toBe('from,to,ports');
  });

  it('snapshot then -f gives the same answers as the cluster', () => {
    const snap = cli(['snapshot', '-A']);
    expect(snap.code).toBe(0);
    const file = join(work, 'snapshot.yaml');
    writeFileSync(file, snap.stdout);
    for (const [from, to] of [[`${X}/a`, `${Y}/a`], [`${X}/b`, `${Y}/a`], [`${Y}/c`, `svc/${Y}/web`]] as const) {
      const live = cli(['can-reach', from, to, '-o', 'json']);
      const offline = cli(['can-reach', from, to, '-o', 'json', '-f', file]);
      expect(offline.code).toBe(live.code);
      // The same answer; only the source (context or file) differs.
      expect({ ...JSON.parse(offline.stdout), source: '' }).toEqual({ ...JSON.parse(live.stdout), source: '' });
    }
  });

  it('pagination: one object per page gives the same answer', () => {
    const paged = cli(['coverage', '-A', '--chunk-size', '1', '-o', 'json']);
    const whole = cli(['coverage', '-A', '-o', 'json']);
    expect(paged.code).toBe(0);
    expect(JSON.parse(paged.stdout)).toEqual(JSON.parse(whole.stdout));
  });

  it('the read-only viewer (get/list/watch only) gets the same answer', () => {
    const r = cli(['can-reach', `${X}/a`, `${Y}/a`, '--port', '8080', '--context', 'viewer']);
    expect(r.code).toBe(0);
  });

  it('a user with no rights gets one line naming the resource and verb, exit 3', () => {
    const r = cli(['coverage', '-n', Y, '--context', 'nobody']);
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^error: user "nobody" may not list \S+ in namespace e2e-y \(403 Forbidden\)/);
  });

  it('a user who may not list namespaces still gets an answer inside its namespace, with a warning', () => {
    const r = cli(['can-reach', `${X}/a`, `${X}/b`, '--context', 'nobody']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^warning: user "nobody" may not list namespaces cluster-wide \(403 Forbidden\)/);
  });

  it('expired credentials: 401 in one line, exit 3, the token never printed', () => {
    const config = readFileSync(plane!.kubeconfigPath, 'utf8').replaceAll(plane!.tokens.admin, 'not-a-valid-token');
    const file = join(work, 'bad-token');
    writeFileSync(file, config);
    const r = cli(['coverage', '-n', X], file);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/401 Unauthorized/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr + r.stdout).not.toContain('not-a-valid-token');
  });

  it('an unreachable server: one line naming it, exit 3', async () => {
    // A port that was free a moment ago: nothing listens there.
    const port = await new Promise<number>((done) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => done(port));
      });
    });
    const config = readFileSync(plane!.kubeconfigPath, 'utf8').replace(plane!.server, `https://127.0.0.1:${port}`);
    const file = join(work, 'unreachable');
    writeFileSync(file, config);
    const r = cli(['coverage', '-n', X, '--request-timeout', '5s'], file);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(`error: cannot reach the cluster at https://127.0.0.1:${port} (connection refused)\n`);
  });

  it('an unknown context is a usage error naming the known ones', () => {
    const r = cli(['coverage', '--context', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: context "nope" not found in the kubeconfig \(known: .*admin.*\)\n$/);
  });

  it('forbidden cluster-wide but allowed in the context namespace: -A answers for that namespace, with a warning', () => {
    const config = parse(readFileSync(plane!.kubeconfigPath, 'utf8'));
    for (const c of config.contexts) if (c.name === 'nobody') c.context.namespace = X;
    const file = join(work, 'nobody-in-x');
    writeFileSync(file, stringify(config));
    const r = cli(['coverage', '-A', '--context', 'nobody', '-o', 'json'], file);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`^warning: user "nobody" may not list \\S+ cluster-wide \\(403 Forbidden\\): showing namespace ${X} only`, 'm'));
    expect(JSON.parse(r.stdout).workloads.map((w: { namespace: string; name: string }) => `${w.namespace}/${w.name}`)).toEqual([`${X}/a`, `${X}/b`, `${X}/c`]);
  });

  it('shell completion reads contexts from the kubeconfig and targets from the cluster', () => {
    const complete = (...words: string[]) =>
      spawnSync(process.execPath, [join(ROOT, 'bin', 'kubectl_complete-netpol'), ...words], {
        env: { PATH: process.env['PATH'], HOME: work, KUBECONFIG: plane!.kubeconfigPath },
        encoding: 'utf8',
      }).stdout.split('\n').filter((l) => l !== '');
    expect(complete('coverage', '--context', '').slice(0, -1).sort()).toEqual(['admin', 'nobody', 'viewer']);
    expect(complete('can-reach', `${X.slice(0, -1)}`)).toContain(`${X}/`);
    expect(complete('can-reach', `${X}/`)).toEqual([`${X}/a`, `${X}/b`, `${X}/c`, ':4']);
    expect(complete('who-can-reach', `${Y}/`)).toEqual([`${Y}/a`, `${Y}/b`, `${Y}/c`, `${Y}/svc/web`, ':4']);
  });

  it('the context switch changes the identity used', () => {
    // The same question as viewer (allowed) and as nobody cluster-wide (forbidden).
    expect(cli(['coverage', '-A', '--context', 'viewer', '-o', 'json']).code).toBe(0);
    expect(cli(['coverage', '-A', '--context', 'nobody', '-o', 'json']).code).toBe(3);
  });
});

describe.runIf(!plane)('live cluster (skipped)', () => {
  it('reports why the end-to-end suite did not run', () => {
    expect(missing).not.toBe('');
  });
});

describe.runIf(plane)('connection problems', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'netpol-e2e-net-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = (args: string[], kubeconfig: string) =>
    spawnSync(process.execPath, [BIN, ...args], { env: { PATH: process.env['PATH'], HOME: dir, KUBECONFIG: kubeconfig, NO_COLOR: '1' }, encoding: 'utf8', timeout: 60_000 });

  it('a server whose certificate the kubeconfig does not trust: one TLS line, exit 3', () => {
    const config = parse(readFileSync(plane!.kubeconfigPath, 'utf8'));
    for (const c of config.clusters) delete c.cluster['certificate-authority-data'];
    const file = join(dir, 'untrusted');
    writeFileSync(file, stringify(config));
    const r = run(['coverage', '-n', 'default'], file);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/^error: TLS handshake with https:\/\/127\.0\.0\.1:\d+ failed \([A-Z_]+\): the server certificate is not trusted by the kubeconfig's CA\n$/);
  });

  it('a server that never answers: the request timeout ends it with one line, exit 3', async () => {
    // Accepts connections and says nothing, like a dead load balancer.
    const sockets: import('node:net').Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    const port = await new Promise<number>((done) => silent.listen(0, '127.0.0.1', () => done((silent.address() as AddressInfo).port)));
    try {
      const config = readFileSync(plane!.kubeconfigPath, 'utf8').replace(plane!.server, `https://127.0.0.1:${port}`);
      const file = join(dir, 'silent');
      writeFileSync(file, config);
      const started = Date.now();
      const r = await new Promise<{ status: number | null; stderr: string }>((done) => {
        const child = spawn(process.execPath, [BIN, 'coverage', '-n', 'default', '--request-timeout', '2s'], {
          env: { PATH: process.env['PATH'], HOME: dir, KUBECONFIG: file, NO_COLOR: '1' },
        });
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('close', (status) => done({ status, stderr }));
      });
      expect(r.status).toBe(3);
      expect(r.stderr).toBe(`error: no answer from https://127.0.0.1:${port} within 2s (--request-timeout)\n`);
      expect(Date.now() - started).toBeLessThan(20_000);
    } finally {
      for (const s of sockets) s.destroy();
      silent.close();
    }
  });
});

describe.runIf(plane)('a cluster without the NetworkPolicy API', () => {
  let other: { kubeconfigPath: string; stop(): Promise<void> } | undefined;
  beforeAll(async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const cp: any = await import('../../scripts/test-cluster/control-plane.mjs');
    other = await cp.startControlPlane({ log: () => {}, extraApiserverArgs: ['--runtime-config=networking.k8s.io/v1/networkpolicies=false'] });
  }, 120_000);
  afterAll(async () => {
    await other?.stop();
  });

  it('says the API is not served, in one line, exit 3', () => {
    const r = spawnSync(process.execPath, [BIN, 'coverage', '-n', 'default'], {
      env: { PATH: process.env['PATH'], KUBECONFIG: other!.kubeconfigPath, NO_COLOR: '1' },
      encoding: 'utf8',
    });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/^error: the cluster at https:\/\/127\.0\.0\.1:\d+ does not serve networkpolicies\.networking\.k8s\.io \(404\)/);
    expect(r.stderr.split('\n')).toHaveLength(2);
  });
});
