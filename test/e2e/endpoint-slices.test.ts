// The built CLI against a real kube-apiserver: Services resolved through EndpointSlices written by
// hand (there is no controller-manager), the selector when listing them is forbidden, and a policy
// kind that is not evaluated (a minimal CiliumNetworkPolicy CRD) found through discovery.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'kubectl-netpol');
const plane = inject('controlPlane');
const missing = inject('controlPlaneMissing');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Api = any;
let api: Api;
let work: string;

const NS = 'e2e-slices';
const CRD = 'ciliumnetworkpolicies.cilium.io';

function cli(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    env: { PATH: process.env['PATH'], HOME: work, KUBECONFIG: plane!.kubeconfigPath, NO_COLOR: '1' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function post(path: string, body: object): Promise<void> {
  const res = await api.kubeFetch(plane, 'POST', path, body);
  if (!res.ok && res.status !== 409) throw new Error(`POST ${path} -> ${res.status}`);
}

const slice = (name: string, service: string, endpoints: object[]) => ({
  apiVersion: 'discovery.k8s.io/v1',
  kind: 'EndpointSlice',
  metadata: { name, namespace: NS, labels: { 'kubernetes.io/service-name': service } },
  addressType: 'IPv4',
  ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
  endpoints,
});

async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.runIf(plane)('EndpointSlices and policy kinds that are not evaluated, live', () => {
  beforeAll(async () => {
    api = await import('../../scripts/test-cluster/control-plane.mjs');
    work = mkdtempSync(join(tmpdir(), 'netpol-e2e-slices-'));
    await api.createNamespace(plane, NS);
    const ports = [{ name: 'http', containerPort: 8080, protocol: 'TCP' }];
    const pods: [string, string, string][] = [
      ['client', 'client', '10.251.0.10'],
      ['web-1', 'web', '10.251.0.11'],
      ['web-2', 'web', '10.251.0.12'],
      ['legacy', 'legacy', '10.251.0.13'],
    ];
    for (const [name, app, podIP] of pods) {
      await api.createRunningPod(plane, { metadata: { name, namespace: NS, labels: { app } }, spec: { containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10', ports }] } }, { podIP });
    }
    await post(`/api/v1/namespaces/${NS}/services`, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: NS }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } });
    await post(`/api/v1/namespaces/${NS}/services`, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'legacy', namespace: NS }, spec: { ports: [{ name: 'http', port: 80, targetPort: 8080 }] } });
    const slices = `/apis/discovery.k8s.io/v1/namespaces/${NS}/endpointslices`;
    await post(
      slices,
      slice('web-manual', 'web', [
        { addresses: ['10.251.0.11'], conditions: { ready: true }, targetRef: { kind: 'Pod', namespace: NS, name: 'web-1' } },
        { addresses: ['10.251.0.12'], conditions: { ready: false }, targetRef: { kind: 'Pod', namespace: NS, name: 'web-2' } },
      ]),
    );
    await post(slices, slice('legacy-manual', 'legacy', [{ addresses: ['10.251.0.13'] }]));

    // A user who may read pods, services and policies here, but not EndpointSlices or Cilium policies.
    await post(`/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/roles`, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'no-slices', namespace: NS },
      rules: [
        { apiGroups: [''], resources: ['pods', 'services'], verbs: ['get', 'list'] },
        { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: ['get', 'list'] },
      ],
    });
    await post(`/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/rolebindings`, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'nobody-no-slices', namespace: NS },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'no-slices' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'nobody' }],
    });
    await waitFor(async () => (await api.kubeFetch(plane, 'GET', `/api/v1/namespaces/${NS}/pods?limit=1`, undefined, { token: plane!.tokens.nobody })).status === 200, 'the RoleBinding');

    // A minimal CiliumNetworkPolicy CRD and one object of it.
    await post('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: CRD },
      spec: {
        group: 'cilium.io',
        scope: 'Namespaced',
        names: { plural: 'ciliumnetworkpolicies', singular: 'ciliumnetworkpolicy', kind: 'CiliumNetworkPolicy', listKind: 'CiliumNetworkPolicyList' },
        versions: [{ name: 'v2', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
      },
    });
    await waitFor(async () => (await api.kubeFetch(plane, 'GET', `/apis/cilium.io/v2/namespaces/${NS}/ciliumnetworkpolicies`)).status === 200, 'the CRD');
    await post(`/apis/cilium.io/v2/namespaces/${NS}/ciliumnetworkpolicies`, {
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumNetworkPolicy',
      metadata: { name: 'l7-web', namespace: NS },
      spec: { endpointSelector: { matchLabels: { app: 'web' } } },
    });
  });

  afterAll(async () => {
    await api?.kubeFetch(plane, 'DELETE', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${CRD}`);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('can-reach: only the ready endpoint of the slice is a path, and endpointsFrom says EndpointSlice', () => {
    const r = cli(['can-reach', `${NS}/client`, `svc/${NS}/web`, '--port', '80', '-o', 'json']);
    expect(r.code).toBe(0);
    const view = JSON.parse(r.stdout);
    expect(view.endpointsFrom).toBe('EndpointSlice');
    expect(view.paths.map((p: { to: string }) => p.to)).toEqual([`${NS}/web-1`]);
    expect(view.paths[0].port).toEqual({ protocol: 'TCP', number: 8080, servicePort: 80 });
  });

  it('a Service without a selector reaches its pod through a hand-written slice (by address)', () => {
    const r = cli(['who-can-reach', `svc/${NS}/legacy`, '-o', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ target: `svc/${NS}/legacy`, targetPods: 1, endpointsFrom: 'EndpointSlice' });
  });

  it('the CiliumNetworkPolicy is found through discovery: stderr, the text header and "ignored" in JSON', () => {
    const json = cli(['coverage', '-n', NS, '-o', 'json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).ignored).toEqual([{ kind: 'CiliumNetworkPolicy', apiVersion: 'cilium.io/v2', count: 1 }]);
    const sentence = 'verdicts do not account for 1 CiliumNetworkPolicy (cilium.io/v2): kubectl-netpol does not evaluate these policy kinds';
    expect(json.stderr).toContain(`warning: ${sentence}`);
    expect(cli(['coverage', '-n', NS]).stdout.split('\n')[0]).toBe(`WARNING: ${sentence}`);
  });

  it('snapshot writes the slices, and -f on it gives the same answer', () => {
    const snap = cli(['snapshot', '-n', NS]);
    expect(snap.code).toBe(0);
    const file = join(work, 'snapshot.yaml');
    writeFileSync(file, snap.stdout);
    const live = cli(['can-reach', `${NS}/client`, `svc/${NS}/web`, '--port', '80', '-o', 'json']);
    const offline = cli(['can-reach', `${NS}/client`, `svc/${NS}/web`, '--port', '80', '-o', 'json', '-f', file]);
    const { ignored: _ignored, ...liveView } = JSON.parse(live.stdout);
    // The same answer; only the source (context or file) differs.
    expect({ ...JSON.parse(offline.stdout), source: '' }).toEqual({ ...liveView, source: '' });
  });

  it('without the right to list EndpointSlices: a warning, the selector decides, and the Cilium count is unknown', () => {
    const r = spawnSync(process.execPath, [BIN, 'can-reach', `${NS}/client`, `svc/${NS}/web`, '--port', '80', '-o', 'json', '--context', 'nobody'], {
      env: { PATH: process.env['PATH'], HOME: work, KUBECONFIG: plane!.kubeconfigPath, NO_COLOR: '1' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`^warning: user "nobody" may not list endpointslices\\.discovery\\.k8s\\.io in namespace ${NS} \\(403 Forbidden\\): Services are resolved through their selectors$`, 'm'));
    const view = JSON.parse(r.stdout);
    expect(view.endpointsFrom).toBe('selector');
    expect(view.paths.map((p: { to: string }) => p.to).sort()).toEqual([`${NS}/web-1`, `${NS}/web-2`]);
    expect(view.ignored).toEqual([{ kind: 'CiliumNetworkPolicy', apiVersion: 'cilium.io/v2', count: null }]);
  });
});

describe.runIf(!plane)('EndpointSlices live (skipped)', () => {
  it('reports why the end-to-end suite did not run', () => {
    expect(missing).not.toBe('');
  });
});
