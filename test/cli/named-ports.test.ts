// Named ports: who-can-reach, reachable-from and matrix take a container port name and resolve it on
// each destination pod (a pod without it is not reachable on it, and the output says so); a name
// that no destination declares is bad input (exit 2) naming the ports that exist, not a "denied".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, TempDir } from '../fixtures/cli.js';
import { documents, pod } from '../fixtures/reports/manifests.js';

const json = <T>(stdout: string): T => JSON.parse(stdout) as T;
type PeerList = {
  probe: { protocol: string; port: number | string } | null;
  pods: { namespace: string; peer: string; pods: number; ports: Record<string, string[]> }[];
  denied: { namespace: string; peer: string; pods: number; reason: string }[];
};

describe('can-reach: a port name nobody declares is bad input', () => {
  it('a misspelt name on a workload: exit 2, one line with the ports it has', async () => {
    const r = await runCli(['can-reach', '--demo', 'shop/deployment/frontend', 'shop/deployment/cart', '--port', 'grcp']);
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'error: --port: no port named "grcp" on shop/deployment/cart (ports: grpc 7070/TCP)\n' });
  });

  it('a name that exists only for another protocol says which protocol was asked', async () => {
    const r = await runCli(['can-reach', '--demo', 'shop/deployment/frontend', 'kube-system/deployment/coredns', '--port', 'dns']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: --port: no TCP port named "dns" on kube-system/deployment/coredns (ports: dns 53/UDP, dns-tcp 53/TCP, metrics 9153/TCP)\n');
    expect((await runCli(['can-reach', '--demo', 'shop/deployment/frontend', 'kube-system/deployment/coredns', '--port', 'dns', '--protocol', 'UDP'])).code).toBe(0);
  });

  it('a Service: its port names count; an address has no named ports', async () => {
    const svc = await runCli(['can-reach', '--demo', 'shop/deployment/frontend', 'svc/shop/cart', '--port', 'grcp']);
    expect(svc.stderr).toBe('error: --port: no port named "grcp" on svc/shop/cart (ports: grpc 7070/TCP)\n');
    expect(svc.code).toBe(2);
    expect((await runCli(['can-reach', '--demo', 'shop/deployment/frontend', 'svc/shop/cart', '--port', 'grpc'])).code).toBe(0);
    const address = await runCli(['can-reach', '--demo', 'payments/deployment/fraud-check', 'ip:93.184.216.34', '--port', 'https']);
    expect(address).toEqual({ code: 2, stdout: '', stderr: 'error: --port: ip:93.184.216.34 is an address, which has no named ports: give a number\n' });
  });

  it('a name the destination declares still answers as before', async () => {
    const r = await runCli(['can-reach', '--demo', 'shop/deployment/frontend', 'shop/deployment/cart', '--port', 'grpc']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ALLOWED: shop\/deployment\/frontend -> shop\/deployment\/cart on TCP grpc/);
  });
});

describe('who-can-reach --port NAME', () => {
  it('resolves the name on the target pods: the row shows the number it landed on', async () => {
    const r = await runCli(['who-can-reach', '--demo', 'shop/deployment/cart', '--port', 'grpc', '-o', 'json']);
    expect(r.code).toBe(0);
    const view = json<PeerList>(r.stdout);
    expect(view.probe).toEqual({ protocol: 'TCP', port: 'grpc' });
    expect(view.pods).toEqual([expect.objectContaining({ namespace: 'shop', peer: 'deployment/frontend', pods: 3, ports: { TCP: ['7070'] } })]);
    const text = await runCli(['who-can-reach', '--demo', 'shop/deployment/cart', '--port', 'grpc']);
    expect(text.stdout.split('\n')[0]).toBe('Who can reach shop/deployment/cart (2 pods) on TCP grpc [demo cluster]');
  });

  it('a misspelt name: exit 2 naming the target and its ports', async () => {
    const r = await runCli(['who-can-reach', '--demo', 'shop/deployment/cart', '--port', 'http']);
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'error: --port: no port named "http" on shop/deployment/cart (ports: grpc 7070/TCP)\n' });
  });

  describe('a workload whose replicas differ: one declares the name, one does not', () => {
    let dir: TempDir;
    let file: string;
    beforeAll(() => {
      dir = new TempDir('netpol-named-');
      const replica = (suffix: string, ip: string, ports: string[]) =>
        pod({ ns: 'app', name: `web-5d8f9-${suffix}`, labels: { app: 'web', 'pod-template-hash': '5d8f9' }, ip, ports, owner: { kind: 'ReplicaSet', name: 'web-5d8f9' } });
      file = dir.write('world.yaml', documents([replica('aaaaa', '10.1.0.1', ['http:8080']), replica('bbbbb', '10.1.0.2', ['admin:9000']), pod({ ns: 'app', name: 'client', labels: { app: 'client' }, ip: '10.1.0.9' })]));
    });
    afterAll(() => dir.cleanup());

    it('no policy isolates anything, yet the client cannot reach every replica on http: denied, and why', async () => {
      const r = await runCli(['who-can-reach', '-f', file, 'app/deployment/web', '--port', 'http', '--denied', '-o', 'json']);
      expect(r.code).toBe(0);
      const view = json<PeerList>(r.stdout);
      expect(view.pods).toEqual([]);
      expect(view.denied).toEqual([{ namespace: 'app', peer: 'client', pods: 1, reason: 'app/web-5d8f9-bbbbb declares no TCP port named "http"' }]);
    });

    it('can-reach: some replica declares it, so it is no usage error: partly allowed (exit 1), and why', async () => {
      const r = await runCli(['can-reach', '-f', file, 'app/client', 'app/deployment/web', '--port', 'http']);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/^PARTLY ALLOWED: app\/client -> app\/deployment\/web on TCP http\n/);
      expect(r.stdout).toContain('  app/web-5d8f9-bbbbb declares no TCP container port named "http"\n');
    });

    it('--explain shows the path to the replica without the port, and says so', async () => {
      const r = await runCli(['who-can-reach', '-f', file, 'app/deployment/web', '--port', 'http', '--denied', '--explain']);
      expect(r.stdout).toContain('app/client -> app/web-5d8f9-bbbbb: denied on TCP http\n  app/web-5d8f9-bbbbb declares no TCP container port named "http"\n');
      expect(r.stdout).toMatch(/app\/client -> app\/web-5d8f9-aaaaa: allowed on TCP 8080/);
    });
  });
});

describe('reachable-from --port NAME', () => {
  it('resolves the name on each destination: three grpc ports, and the pods without one denied for that reason', async () => {
    const r = await runCli(['reachable-from', '--demo', 'shop/deployment/frontend', '--port', 'grpc', '--denied', '-o', 'json']);
    expect(r.code).toBe(0);
    const view = json<PeerList>(r.stdout);
    expect(view.pods.map((p) => [p.peer, p.ports])).toEqual([
      ['deployment/cart', { TCP: ['7070'] }],
      ['deployment/catalog', { TCP: ['3550'] }],
      ['deployment/checkout', { TCP: ['5050'] }],
    ]);
    expect(view.denied).toContainEqual({ namespace: 'shop', peer: 'statefulset/redis', pods: 1, reason: 'declares no TCP port named "grpc"' });
    expect(view.denied).toContainEqual({ namespace: 'kube-system', peer: 'deployment/coredns', pods: 2, reason: 'declares no TCP port named "grpc"' });
  });

  it('a name no pod declares: exit 2', async () => {
    const r = await runCli(['reachable-from', '--demo', 'shop/deployment/frontend', '--port', 'grcp']);
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'error: --port: no port named "grcp" on any pod in the input\n' });
  });
});

describe('matrix --port NAME', () => {
  type Matrix = { probe: unknown; nodes: { label: string; port?: number | null }[]; edges: { from: number; to: number; ports: Record<string, string[]> }[] };

  it('-o json: each workload with the number the name has there (null: none), edges on those numbers', async () => {
    const r = await runCli(['matrix', '--demo', '-n', 'shop', '--port', 'grpc', '-o', 'json']);
    expect(r.code).toBe(0);
    const view = json<Matrix>(r.stdout);
    expect(view.nodes.map((n) => [n.label, n.port])).toEqual([
      ['shop/deployment/cart', 7070],
      ['shop/deployment/catalog', 3550],
      ['shop/deployment/checkout', 5050],
      ['shop/deployment/frontend', null],
      ['shop/statefulset/redis', null],
    ]);
    expect(view.edges).toEqual([
      { from: 3, to: 0, ports: { TCP: ['7070'] }, allPorts: true },
      { from: 3, to: 1, ports: { TCP: ['3550'] }, allPorts: true },
      { from: 3, to: 2, ports: { TCP: ['5050'] }, allPorts: true },
    ]);
  });

  it('text: the legend names the port, and a line lists the columns without it', async () => {
    const r = await runCli(['matrix', '--demo', '-n', 'shop', '--port', 'grpc']);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.slice(-2)).toEqual(['A: allowed on TCP grpc   .: denied', 'No TCP port named "grpc" on 4, 5']);
    expect(lines[4]).toMatch(/^4 shop\/deployment\/frontend A A A {3}\.$/);
  });

  it('a name no workload in scope declares: exit 2', async () => {
    const r = await runCli(['matrix', '--demo', '-n', 'shop', '--port', 'grcp']);
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'error: --port: no port named "grcp" on any pod in namespace shop\n' });
  });

  it('numbers work as before', async () => {
    const r = await runCli(['matrix', '--demo', '-n', 'shop', '--port', '6379', '-o', 'json']);
    const view = json<Matrix>(r.stdout);
    expect(view.nodes.every((n) => n.port === undefined)).toBe(true);
    expect(view.edges.map((e) => [e.from, e.to])).toEqual([[0, 4], [2, 4], [3, 0], [3, 1], [3, 2]]);
  });
});
