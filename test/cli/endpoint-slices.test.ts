// can-reach and who-can-reach on Services backed by EndpointSlices: which endpoints were used is
// said in text and JSON, and snapshot writes the slices so -f replays the same answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, TempDir } from '../fixtures/cli.js';

const pod = (name: string, app: string, ip: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: shop, labels: {app: ${app}}}
spec: {containers: [{name: main, ports: [{name: http, containerPort: 8080}]}]}
status: {phase: Running, podIP: ${ip}}
`;

const WORLD = [
  pod('client', 'client', '10.0.0.50'),
  pod('web-1', 'web', '10.0.0.1'),
  pod('web-2', 'web', '10.0.0.2'),
  pod('legacy', 'legacy', '10.0.0.9'),
  // web-2 is selected but not ready: its slice endpoint says so.
  `apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {selector: {app: web}, ports: [{name: http, port: 80, targetPort: http}]}
`,
  `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: web-x1, namespace: shop, labels: {kubernetes.io/service-name: web}}
addressType: IPv4
ports: [{name: http, port: 8080, protocol: TCP}]
endpoints:
  - {addresses: [10.0.0.1], conditions: {ready: true}, targetRef: {kind: Pod, namespace: shop, name: web-1}}
  - {addresses: [10.0.0.2], conditions: {ready: false}, targetRef: {kind: Pod, namespace: shop, name: web-2}}
`,
  // No selector: a hand-written slice names a pod and an address outside the cluster.
  `apiVersion: v1
kind: Service
metadata: {name: legacy, namespace: shop}
spec: {ports: [{name: http, port: 80, targetPort: 8080}]}
`,
  `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: legacy-manual, namespace: shop, labels: {kubernetes.io/service-name: legacy}}
addressType: IPv4
ports: [{name: http, port: 8080, protocol: TCP}]
endpoints:
  - {addresses: [10.0.0.9]}
  - {addresses: [192.0.2.7]}
`,
  `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: client-egress, namespace: shop}
spec:
  podSelector: {matchLabels: {app: client}}
  policyTypes: [Egress]
  egress: [{to: [{podSelector: {}}]}]
`,
].join('---\n');

let dir: TempDir;
let files: string[];
beforeAll(() => {
  dir = new TempDir('netpol-slices-');
  files = ['-f', dir.write('world.yaml', WORLD)];
});
afterAll(() => dir.cleanup());

describe('can-reach to a Service with EndpointSlices', () => {
  it('-o json: only the ready endpoint is a path, and endpointsFrom says EndpointSlice', async () => {
    const r = await runCli(['can-reach', 'shop/client', 'svc/shop/web', '--port', '80', ...files, '-o', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const view = JSON.parse(r.stdout);
    expect(view.endpointsFrom).toBe('EndpointSlice');
    expect(view.paths.map((p: { to: string; port: object }) => [p.to, p.port])).toEqual([['shop/web-1', { protocol: 'TCP', number: 8080, servicePort: 80 }]]);
  });

  it('text: a line says where the endpoints came from', async () => {
    const r = await runCli(['can-reach', 'shop/client', 'svc/shop/web', '--port', '80', ...files]);
    expect(r.stdout.split('\n').slice(0, 3)).toEqual([
      'ALLOWED: shop/client -> svc/shop/web on TCP 80',
      "endpoints: the ready endpoints of the Service's EndpointSlices",
      'shop/client -> shop/web-1: allowed on TCP 8080 (service port 80)',
    ]);
  });

  it('a Service without selector: the pod by address, and the outside address judged as an address', async () => {
    const r = await runCli(['can-reach', 'shop/client', 'svc/shop/legacy', '--port', '80', ...files, '-o', 'json']);
    const view = JSON.parse(r.stdout);
    expect(view.endpointsFrom).toBe('EndpointSlice');
    expect(view.paths.map((p: { to: string; allowed: boolean }) => [p.to, p.allowed])).toEqual([
      ['shop/legacy', true],
      // client's egress admits pods only: the outside backend is denied, so only some paths are allowed.
      ['192.0.2.7', false],
    ]);
    expect(view.verdict).toBe('partial');
    expect(r.code).toBe(1);
  });
});

describe('an FQDN EndpointSlice', () => {
  it('its names are judged nowhere, and can-reach says so', async () => {
    const fqdn = dir.write(
      'fqdn.yaml',
      `apiVersion: v1
kind: Service
metadata: {name: db, namespace: shop}
spec: {ports: [{name: pg, port: 5432}]}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: db-fqdn, namespace: shop, labels: {kubernetes.io/service-name: db}}
addressType: FQDN
ports: [{name: pg, port: 5432, protocol: TCP}]
endpoints: [{addresses: [db.example.com]}]
`,
    );
    const r = await runCli(['can-reach', 'shop/client', 'svc/shop/db', '--port', '5432', ...files, '-f', fqdn, '-o', 'json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ verdict: 'no-endpoints', endpointsFrom: 'EndpointSlice', notJudged: ['db.example.com'] });
    const text = await runCli(['can-reach', 'shop/client', 'svc/shop/db', '--port', '5432', ...files, '-f', fqdn]);
    expect(text.stdout).toContain('  not judged: db.example.com: no verdict here covers this endpoint');
  });
});

describe('who-can-reach a Service with EndpointSlices', () => {
  it('-o json: endpointsFrom, the one ready target pod, and the outside address named as not judged', async () => {
    const web = JSON.parse((await runCli(['who-can-reach', 'svc/shop/web', ...files, '-o', 'json'])).stdout);
    expect(web).toMatchObject({ target: 'svc/shop/web', targetPods: 1, endpointsFrom: 'EndpointSlice' });
    expect(web).not.toHaveProperty('notJudged');
    const legacy = JSON.parse((await runCli(['who-can-reach', 'svc/shop/legacy', ...files, '-o', 'json'])).stdout);
    expect(legacy).toMatchObject({ targetPods: 1, endpointsFrom: 'EndpointSlice', notJudged: ['192.0.2.7'] });
  });

  it('text: the endpoints line under the title, and what no verdict covers', async () => {
    const r = await runCli(['who-can-reach', 'svc/shop/legacy', ...files]);
    expect(r.stdout.split('\n').slice(1, 3)).toEqual([
      "endpoints: the ready endpoints of the Service's EndpointSlices",
      '  not judged: 192.0.2.7: no verdict here covers this endpoint',
    ]);
  });
});

describe('snapshot', () => {
  it('writes the EndpointSlices, and -f on the snapshot gives the same answers', async () => {
    const snap = await runCli(['snapshot', ...files]);
    expect(snap.code).toBe(0);
    expect(snap.stdout).toContain('kind: EndpointSlice');
    const replay = ['-f', dir.write('snapshot.yaml', snap.stdout)];
    for (const target of ['svc/shop/web', 'svc/shop/legacy']) {
      const original = await runCli(['can-reach', 'shop/client', target, '--port', '80', ...files, '-o', 'json']);
      const replayed = await runCli(['can-reach', 'shop/client', target, '--port', '80', ...replay, '-o', 'json']);
      expect(replayed.code).toBe(original.code);
      // The same answer; only the source (which files) differs.
      expect({ ...JSON.parse(replayed.stdout), source: '' }).toEqual({ ...JSON.parse(original.stdout), source: '' });
    }
  });
});
