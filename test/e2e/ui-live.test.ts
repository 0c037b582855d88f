// The UI against the real control plane: a NetworkPolicy created while the UI is open changes the
// isolation it shows within seconds (watch -> held snapshot changed -> recompute); left open on a
// quiet cluster it resumes its watches without listing again, and it recovers when the server returns.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Terminal, tmuxAvailable } from '../tty/tmux.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const plane = inject('controlPlane');
const NS = 'e2e-ui';

describe.runIf(plane && tmuxAvailable())('the UI on a live cluster', () => {
  let terminal: Terminal | undefined;
  afterAll(() => terminal?.close());

  it('shows a policy created while it is open', async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const api: any = await import('../../scripts/test-cluster/control-plane.mjs');
    await api.createNamespace(plane, NS);
    await api.createRunningPod(plane, { metadata: { name: 'web', namespace: NS, labels: { app: 'web' } } }, { podIP: '10.251.0.2' });

    terminal = new Terminal(`cd '${ROOT}' && '${process.execPath}' bin/kubectl-netpol -n ${NS}; sleep 30`, {
      KUBECONFIG: plane!.kubeconfigPath,
      TERM: 'xterm-256color',
    });
    const before = await terminal.waitFor(new RegExp(`${NS}\\s+1\\s`));
    expect(before).toMatch(new RegExp(`${NS}\\s+1\\s+░░░░░░\\s+0%`));

    const started = Date.now();
    await api.createObject(plane, {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'deny-all', namespace: NS },
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
    });
    const after = await terminal.waitFor(new RegExp(`${NS}\\s+1\\s+██████ 100%`), 10_000);
    expect(after).toMatch(new RegExp(`${NS}\\s+1\\s+██████ 100%\\s+░░░░░░\\s+0%\\s+ingress`));
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

/**
 * A plain-http proxy in front of the API server that counts the requests the UI makes (lists and
 * watches, by path) and can go down (connections dropped, the port closed) and come back.
 */
class CountingProxy {
  readonly lists: string[] = [];
  readonly watches: string[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;
  port = 0;

  constructor(private readonly upstream: { server: string; ca: string }) {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://proxy');
      if (req.method === 'GET') (url.searchParams.get('watch') === 'true' ? this.watches : this.lists).push(url.pathname);
      const target = new URL(`${url.pathname}${url.search}`, upstream.server);
      const out = httpsRequest(target, { method: req.method, headers: { ...req.headers, host: target.host }, ca: upstream.ca }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      out.on('error', () => res.destroy());
      req.pipe(out);
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  async up(): Promise<void> {
    await new Promise<void>((done) => this.server.listen(this.port, '127.0.0.1', done));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** Drops every connection and stops listening: the API server is gone, as in a restart. */
  async down(): Promise<void> {
    const closed = new Promise((done) => this.server.close(done));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  kubeconfig(dir: string, token: string): string {
    const path = join(dir, 'kubeconfig-proxy');
    writeFileSync(
      path,
      `apiVersion: v1
kind: Config
clusters:
- name: proxy
  cluster: {server: 'http://127.0.0.1:${this.port}', insecure-skip-tls-verify: true}
users:
- name: admin
  user: {token: ${token}}
contexts:
- name: proxy
  context: {cluster: proxy, user: admin, namespace: default}
current-context: proxy
`,
      { mode: 0o600 },
    );
    return path;
  }
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const QUIET = 'e2e-ui-quiet';

describe.runIf(plane && tmuxAvailable())('the UI on a quiet live cluster', () => {
  let terminal: Terminal | undefined;
  let proxy: CountingProxy | undefined;
  let dir: string | undefined;
  afterAll(async () => {
    terminal?.close();
    await proxy?.down().catch(() => undefined);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('resumes its watches without a re-list and without a banner, recovers after the server is gone, and shows changes made back to back', async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const api: any = await import('../../scripts/test-cluster/control-plane.mjs');
    await api.createNamespace(plane, QUIET);
    await api.createRunningPod(plane, { metadata: { name: 'web', namespace: QUIET, labels: { app: 'web' } } }, { podIP: '10.251.1.2' });
    proxy = new CountingProxy(plane!);
    await proxy.up();
    dir = mkdtempSync(join(tmpdir(), 'netpol-ui-live-'));
    terminal = new Terminal(`cd '${ROOT}' && '${process.execPath}' bin/kubectl-netpol -n ${QUIET}; sleep 30`, {
      KUBECONFIG: proxy.kubeconfig(dir, plane!.tokens.admin),
      TERM: 'xterm-256color',
      // Each watch ends after 5 s (the server's timeoutSeconds), so 20 s holds several stream ends.
      KUBECTL_NETPOL_WATCH_TIMEOUT_SECONDS: '5',
    });
    await terminal.waitFor(new RegExp(`${QUIET}\\s+1\\s+░░░░░░\\s+0%`));
    await sleep(1000);
    const listed = [...proxy.lists];
    const watching = proxy.watches.length;
    expect(listed.some((p) => p.endsWith(`/namespaces/${QUIET}/pods`))).toBe(true);

    await sleep(20_000);
    // Every stream ended normally and was resumed: many watches, not one more list.
    expect(proxy.watches.length).toBeGreaterThanOrEqual(watching * 3);
    expect(proxy.lists).toEqual(listed);
    const quiet = terminal.screen();
    expect(quiet).not.toMatch(/^! /m);
    expect(quiet).not.toContain('loading');

    // The server goes away: one banner line naming the watch; it comes back: the banner goes, by itself.
    await proxy.down();
    // The cause first: at 80 columns the collection's name after it may be cut.
    const lost = await terminal.waitFor(/^! cannot reach the cluster at http:\/\/127\.0\.0\.1:\d+ \(connection (refused|reset)\)/m, 15_000);
    // One line, cut to the terminal's width.
    const banner = lost.split('\n').filter((l) => l.startsWith('! '));
    expect(banner).toHaveLength(1);
    expect(banner[0]!.trimEnd().length).toBeLessThanOrEqual(80);
    await proxy.up();
    const deadline = Date.now() + 40_000;
    while (/^! /m.test(terminal.screen()) && Date.now() < deadline) await sleep(250);
    expect(terminal.screen()).not.toMatch(/^! /m);

    // Two policies created back to back (the second while the first is being computed): both show.
    await api.createObject(plane, { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny-in', namespace: QUIET }, spec: { podSelector: {}, policyTypes: ['Ingress'] } });
    await api.createObject(plane, { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny-out', namespace: QUIET }, spec: { podSelector: {}, policyTypes: ['Egress'] } });
    const after = await terminal.waitFor(new RegExp(`${QUIET}\\s+1\\s+██████ 100%\\s+██████ 100%\\s+in\\+eg`), 15_000);
    expect(after).not.toMatch(/^! /m);
    expect(proxy.lists).toEqual(listed);
  });
});

const RESTART = 'e2e-ui-restart';

describe.runIf(plane && tmuxAvailable())('the UI across an API server restart', () => {
  // Its own control plane: this one's kube-apiserver is stopped and started again.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let own: any;
  let terminal: Terminal | undefined;
  beforeAll(async () => {
    const api = await import('../../scripts/test-cluster/control-plane.mjs');
    own = await api.startControlPlane({ log: () => undefined });
  });
  afterAll(async () => {
    terminal?.close();
    await own?.stop();
  });

  it('shows one banner line while the server is gone and recovers by itself, with changes made after it shown', async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const api: any = await import('../../scripts/test-cluster/control-plane.mjs');
    await api.createNamespace(own, RESTART);
    await api.createRunningPod(own, { metadata: { name: 'web', namespace: RESTART, labels: { app: 'web' } } }, { podIP: '10.251.2.2' });
    terminal = new Terminal(`cd '${ROOT}' && '${process.execPath}' bin/kubectl-netpol -n ${RESTART}; sleep 30`, { KUBECONFIG: own.kubeconfigPath, TERM: 'xterm-256color' });
    await terminal.waitFor(new RegExp(`${RESTART}\\s+1\\s+░░░░░░\\s+0%`));

    const restarted = own.restartApiserver();
    await terminal.waitFor(/^! cannot reach the cluster at https:\/\/127\.0\.0\.1:\d+ \(connection (refused|reset)\)/m, 30_000);
    await restarted;
    const deadline = Date.now() + 45_000;
    while (/^! /m.test(terminal.screen()) && Date.now() < deadline) await sleep(250);
    expect(terminal.screen()).not.toMatch(/^! /m);

    await api.createObject(own, { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny-in', namespace: RESTART }, spec: { podSelector: {}, policyTypes: ['Ingress'] } });
    const after = await terminal.waitFor(new RegExp(`${RESTART}\\s+1\\s+██████ 100%`), 15_000);
    expect(after).not.toMatch(/^! /m);
  }, 120_000);
});
