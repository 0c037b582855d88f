// The admin policy tiers on a real kube-apiserver: the ClusterNetworkPolicy CRD of network-policy-api
// v0.3.1 as released (experimental channel, fetched through the Go module proxy), v1alpha1
// AdminNetworkPolicy / BaselineAdminNetworkPolicy resources beside it, Nodes for a nodes peer; every
// command answers with them live, snapshot replays them, and users without the rights to read them
// get a warning and the "not evaluated" marker.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse, stringify } from 'yaml';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'kubectl-netpol');
const plane = inject('controlPlane');
const missing = inject('controlPlaneMissing');

/** The release whose CRDs are installed. */
const NETWORK_POLICY_API = 'v0.3.1';
const GROUP = 'policy.networking.k8s.io';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Api = any;
let api: Api;
let work: string;
/** A kubeconfig with the admin's contexts plus two service accounts: the shipped role, and the shipped role without nodes. */
let saKubeconfig: string;
const crds: string[] = [];
const nodes: string[] = [];
const clusterRbac: string[] = [];

const SHOP = 'tiers-shop';
const BILLING = 'tiers-billing';
const MON = 'tiers-mon';
const SANDBOX = 'tiers-sandbox';
/** Every namespace of this test carries it; the admin policies' subjects select only these. */
const MARK = { 'e2e-tiers': 'yes' };

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

const json = (r: Result) => JSON.parse(r.stdout);

async function post(path: string, body: object): Promise<Record<string, unknown>> {
  const res = await api.kubeFetch(plane, 'POST', path, body);
  if (!res.ok) throw new Error(`POST ${path} -> ${res.status}: ${res.body?.message ?? ''}`);
  return res.body;
}

async function waitFor(check: () => Promise<boolean>, what: string, tries = 300): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const status = async (path: string, token?: string) => (await api.kubeFetch(plane, 'GET', path, undefined, token ? { token } : {})).status;

async function installCrd(crd: { metadata: { name: string } }): Promise<void> {
  await post('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd);
  crds.push(crd.metadata.name);
  await waitFor(async () => {
    const res = await api.kubeFetch(plane, 'GET', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.metadata.name}`);
    return (res.body?.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'Established' && c.status === 'True');
  }, `${crd.metadata.name} to be Established`);
}

/**
 * network-policy-api v0.3.1 ships the Go types of v1alpha1 AdminNetworkPolicy and
 * BaselineAdminNetworkPolicy but no longer their CRDs (the last releases with them have a different
 * peer shape): they are served here without a schema, which is all the read path needs.
 */
const schemalessCrd = (kind: string, plural: string) => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  // The group is a protected one (*.k8s.io): the API server wants this annotation.
  metadata: { name: `${plural}.${GROUP}`, annotations: { 'api-approved.kubernetes.io': 'unapproved, an end-to-end test stand-in' } },
  spec: {
    group: GROUP,
    scope: 'Cluster',
    names: { plural, singular: kind.toLowerCase(), kind, listKind: `${kind}List` },
    versions: [{ name: 'v1alpha1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
  },
});

const cnp = (name: string, spec: object, version = 'v1beta1') => ({ apiVersion: `${GROUP}/${version}`, kind: 'ClusterNetworkPolicy', metadata: { name }, spec });
const tenants = { matchExpressions: [{ key: 'tenant', operator: 'Exists' }] };
const named = (ns: string) => ({ matchLabels: { 'kubernetes.io/metadata.name': ns } });

describe.runIf(plane)('admin policy tiers, live', () => {
  beforeAll(async () => {
    api = await import('../../scripts/test-cluster/control-plane.mjs');
    const npapi = await import('../../scripts/test-cluster/network-policy-api.mjs');
    work = mkdtempSync(join(tmpdir(), 'netpol-e2e-tiers-'));

    // The released CRD, as published: v1alpha2 and v1beta1 (storage) of ClusterNetworkPolicy.
    const files: string[] = npapi.networkPolicyApiCrdFiles({ version: NETWORK_POLICY_API, channel: 'experimental' });
    for (const file of files) {
      const crd = parse(readFileSync(file, 'utf8'));
      expect(crd.metadata.annotations).toMatchObject({ [`${GROUP}/bundle-version`]: NETWORK_POLICY_API, [`${GROUP}/channel`]: 'experimental' });
      await installCrd(crd);
    }
    expect(crds).toEqual([`clusternetworkpolicies.${GROUP}`]);
    await installCrd(schemalessCrd('AdminNetworkPolicy', 'adminnetworkpolicies'));
    await installCrd(schemalessCrd('BaselineAdminNetworkPolicy', 'baselineadminnetworkpolicies'));
    for (const path of [`/apis/${GROUP}/v1beta1/clusternetworkpolicies`, `/apis/${GROUP}/v1alpha2/clusternetworkpolicies`, `/apis/${GROUP}/v1alpha1/adminnetworkpolicies`]) {
      await waitFor(async () => (await status(path)) === 200, path);
    }

    // Tenants shop and billing, monitoring, and an untrusted sandbox.
    await api.createNamespace(plane, SHOP, { ...MARK, tenant: 'shop' });
    await api.createNamespace(plane, BILLING, { ...MARK, tenant: 'billing' });
    await api.createNamespace(plane, MON, MARK);
    await api.createNamespace(plane, SANDBOX, { ...MARK, trust: 'untrusted' });
    const http = { name: 'http', containerPort: 8080, protocol: 'TCP' };
    const metrics = { name: 'metrics', containerPort: 9090, protocol: 'TCP' };
    const pods: [string, string, object[], string][] = [
      [SHOP, 'web', [http, metrics], '10.252.0.10'],
      [SHOP, 'cart', [http, metrics], '10.252.0.11'],
      [BILLING, 'api', [{ name: 'https', containerPort: 8443, protocol: 'TCP' }, metrics], '10.252.0.20'],
      [MON, 'prometheus', [], '10.252.0.30'],
      [SANDBOX, 'scanner', [], '10.252.0.40'],
    ];
    for (const [namespace, name, ports, podIP] of pods) {
      await api.createRunningPod(plane, { metadata: { name, namespace, labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10', ports }] } }, { podIP });
    }
    // shop: a default deny, and web open to every namespace on http.
    await post(`/apis/networking.k8s.io/v1/namespaces/${SHOP}/networkpolicies`, { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'default-deny', namespace: SHOP }, spec: { podSelector: {}, policyTypes: ['Ingress'] } });
    await post(`/apis/networking.k8s.io/v1/namespaces/${SHOP}/networkpolicies`, {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'web-from-anywhere', namespace: SHOP },
      spec: { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ namespaceSelector: {} }], ports: [{ port: 'http' }] }] },
    });
    // The pods' node and a control-plane node (Nodes keep the status they are created with).
    for (const [name, address, role] of [['node-1', '192.0.2.10', 'worker'], ['tiers-control-plane', '192.0.2.20', 'control-plane']] as const) {
      await post('/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { role } }, status: { addresses: [{ type: 'InternalIP', address }] } });
      nodes.push(name);
    }

    const base = `/apis/${GROUP}/v1beta1/clusternetworkpolicies`;
    // Admin Accept over shop's default deny, on a named port (an experimental-channel field), written at v1alpha2.
    await post(
      `/apis/${GROUP}/v1alpha2/clusternetworkpolicies`,
      cnp(
        'allow-monitoring',
        { tier: 'Admin', priority: 10, subject: { namespaces: tenants }, ingress: [{ name: 'scrape-metrics', action: 'Accept', from: [{ namespaces: named(MON) }], protocols: [{ destinationNamedPort: 'metrics' }] }] },
        'v1alpha2',
      ),
    );
    // Admin Deny over shop's NetworkPolicy allow.
    await post(base, cnp('block-untrusted', { tier: 'Admin', priority: 20, subject: { namespaces: { matchLabels: MARK } }, ingress: [{ name: 'deny-untrusted', action: 'Deny', from: [{ namespaces: { matchLabels: { trust: 'untrusted' } } }] }] }));
    // Pass between tenants: their NetworkPolicies (or the Baseline tier) decide.
    await post(base, cnp('tenants-delegate', { tier: 'Admin', priority: 30, subject: { namespaces: tenants }, ingress: [{ name: 'pass-tenants', action: 'Pass', from: [{ namespaces: tenants }] }] }));
    await post(
      base,
      cnp('billing-egress', {
        tier: 'Admin',
        priority: 40,
        subject: { namespaces: { matchLabels: { tenant: 'billing' } } },
        egress: [
          { name: 'pass-pods', action: 'Pass', to: [{ namespaces: {} }] },
          { name: 'allow-stripe', action: 'Accept', to: [{ domainNames: ['api.stripe.com'] }], protocols: [{ tcp: { destinationPort: { number: 443 } } }] },
          { name: 'deny-internet', action: 'Deny', to: [{ networks: ['0.0.0.0/0', '::/0'] }] },
        ],
      }),
    );
    await post(base, cnp('sandbox-no-control-plane', { tier: 'Admin', priority: 5, subject: { namespaces: named(SANDBOX) }, egress: [{ name: 'deny-control-plane', action: 'Deny', to: [{ nodes: { matchLabels: { role: 'control-plane' } } }] }] }));
    // Baseline deny: billing accepts no other tenant unless a NetworkPolicy of billing says so (none does).
    await post(
      base,
      cnp('billing-baseline', {
        tier: 'Baseline',
        priority: 50,
        subject: { namespaces: { matchLabels: { tenant: 'billing' } } },
        ingress: [{ name: 'deny-other-tenants', action: 'Deny', from: [{ namespaces: { matchExpressions: [{ key: 'tenant', operator: 'Exists' }, { key: 'tenant', operator: 'NotIn', values: ['billing'] }] } }] }],
      }),
    );
    // The v1alpha1 generation beside it.
    await post(`/apis/${GROUP}/v1alpha1/adminnetworkpolicies`, {
      apiVersion: `${GROUP}/v1alpha1`,
      kind: 'AdminNetworkPolicy',
      metadata: { name: 'billing-not-to-sandbox' },
      spec: { priority: 1, subject: { namespaces: { matchLabels: { tenant: 'billing' } } }, egress: [{ name: 'no-sandbox', action: 'Deny', to: [{ namespaces: { matchLabels: { trust: 'untrusted' } } }] }] },
    });
    await post(`/apis/${GROUP}/v1alpha1/baselineadminnetworkpolicies`, {
      apiVersion: `${GROUP}/v1alpha1`,
      kind: 'BaselineAdminNetworkPolicy',
      metadata: { name: 'default' },
      spec: { subject: { namespaces: { matchLabels: { trust: 'untrusted' } } }, ingress: [{ name: 'not-from-monitoring', action: 'Deny', from: [{ namespaces: named(MON) }] }] },
    });

    // Two service accounts: the shipped read-only role, and the same role without nodes.
    const shipped = parse(readFileSync(join(ROOT, 'deploy', 'rbac.yaml'), 'utf8'));
    const roles = {
      'tiers-reader': { ...shipped, metadata: { name: 'tiers-e2e-reader' } },
      'tiers-no-nodes': {
        ...shipped,
        metadata: { name: 'tiers-e2e-no-nodes' },
        rules: shipped.rules.filter((r: { resources: string[] }) => !r.resources.includes('nodes')),
      },
    };
    const tokens: Record<string, string> = {};
    for (const [account, role] of Object.entries(roles)) {
      await post(`/api/v1/namespaces/${MON}/serviceaccounts`, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: account, namespace: MON } });
      await post('/apis/rbac.authorization.k8s.io/v1/clusterroles', role);
      await post('/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: role.metadata.name },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role.metadata.name },
        subjects: [{ kind: 'ServiceAccount', name: account, namespace: MON }],
      });
      clusterRbac.push(role.metadata.name);
      const request = await post(`/api/v1/namespaces/${MON}/serviceaccounts/${account}/token`, { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 3600 } });
      tokens[account] = (request['status'] as { token: string }).token;
      await waitFor(async () => (await status(`${base}?limit=1`, tokens[account])) === 200, `the ${account} binding`);
    }
    const config = parse(readFileSync(plane!.kubeconfigPath, 'utf8'));
    for (const [account, token] of Object.entries(tokens)) {
      config.users.push({ name: account, user: { token } });
      config.contexts.push({ name: account, context: { cluster: 'test-cluster', user: account, namespace: 'default' } });
    }
    saKubeconfig = join(work, 'kubeconfig');
    writeFileSync(saKubeconfig, stringify(config), { mode: 0o600 });
    // Preconditions of the forbidden cases: the viewer may read neither admin policies nor Nodes.
    expect(await status(base, plane!.tokens.viewer)).toBe(403);
    expect(await status(`/apis/${GROUP}/v1alpha1/adminnetworkpolicies`, plane!.tokens.viewer)).toBe(403);
    expect(await status('/api/v1/nodes', tokens['tiers-no-nodes'])).toBe(403);
  });

  afterAll(async () => {
    // Deleting a CRD deletes its objects; wait until it is gone, so that no other file sees them.
    for (const name of crds) await api?.kubeFetch(plane, 'DELETE', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`);
    for (const name of crds) await waitFor(async () => (await status(`/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`)) === 404, `${name} to be deleted`);
    for (const name of nodes) await api?.kubeFetch(plane, 'DELETE', `/api/v1/nodes/${name}`);
    for (const name of clusterRbac) {
      await api?.kubeFetch(plane, 'DELETE', `/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/${name}`);
      await api?.kubeFetch(plane, 'DELETE', `/apis/rbac.authorization.k8s.io/v1/clusterroles/${name}`);
    }
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('an Admin Deny overrides a NetworkPolicy allow', () => {
    const r = cli(['can-reach', `${SANDBOX}/scanner`, `${SHOP}/web`, '--port', '8080']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`  ingress of ${SHOP}/web: denied by ClusterNetworkPolicy block-untrusted (Admin, priority 20) ingress[0] "deny-untrusted"\n`);
    // The near miss: from another tenant the Admin tier passes, and the NetworkPolicy admits it.
    const passed = cli(['can-reach', `${BILLING}/api`, `${SHOP}/web`, '--port', '8080']);
    expect(passed.code).toBe(0);
    expect(passed.stdout).toContain(`  ingress of ${SHOP}/web: passed by ClusterNetworkPolicy tenants-delegate (Admin, priority 30) ingress[0] "pass-tenants" -> NetworkPolicies: isolated by ${SHOP}/default-deny, ${SHOP}/web-from-anywhere\n`);
  });

  it('an Admin Accept (written at v1alpha2, read at v1beta1) overrides a default deny, on its named port only', () => {
    const r = cli(['can-reach', `${MON}/prometheus`, `${SHOP}/cart`, '--port', 'metrics']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${MON}/prometheus -> ${SHOP}/cart: allowed on TCP 9090\n`);
    expect(r.stdout).toContain(`  ingress of ${SHOP}/cart: accepted by ClusterNetworkPolicy allow-monitoring (Admin, priority 10) ingress[0] "scrape-metrics"\n`);
    expect(cli(['can-reach', `${MON}/prometheus`, `${SHOP}/cart`, '--port', 'http']).code).toBe(1);
  });

  it('a Pass hands the connection to the NetworkPolicies, which deny it', () => {
    const r = cli(['can-reach', `${SHOP}/web`, `${SHOP}/cart`, '--port', '8080']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`  ingress of ${SHOP}/cart: passed by ClusterNetworkPolicy tenants-delegate (Admin, priority 30) ingress[0] "pass-tenants" -> NetworkPolicies: isolated by ${SHOP}/default-deny\n`);
  });

  it('a Baseline Deny replaces the default allow where no NetworkPolicy selects the pod', () => {
    const r = cli(['can-reach', `${SHOP}/cart`, `${BILLING}/api`, '--port', '8443', '-o', 'json']);
    expect(r.code).toBe(1);
    const tiers = json(r).paths[0].ingress.tiers;
    type Ref = { kind: string; name: string; action: string };
    const ref = (x: Ref) => `${x.kind}/${x.name} ${x.action}`;
    expect(tiers.map((t: { tier: string; rule: Ref; passedBy: Ref[] }) => [t.tier, ref(t.rule), t.passedBy.map(ref)])).toEqual([
      ['Baseline', 'ClusterNetworkPolicy/billing-baseline Deny', ['ClusterNetworkPolicy/tenants-delegate Pass']],
    ]);
    const text = cli(['can-reach', `${SHOP}/cart`, `${BILLING}/api`, '--port', '8443']);
    expect(text.stdout).toContain(
      `  ingress of ${BILLING}/api: passed by ClusterNetworkPolicy tenants-delegate (Admin, priority 30) ingress[0] "pass-tenants" -> no NetworkPolicy isolates it -> denied by ClusterNetworkPolicy billing-baseline (Baseline, priority 50) ingress[0] "deny-other-tenants"\n`,
    );
    // Monitoring is no tenant: nothing in either tier decides, the default allows.
    expect(cli(['can-reach', `${MON}/prometheus`, `${BILLING}/api`, '--port', '8443']).code).toBe(0);
  });

  it('AdminNetworkPolicy and BaselineAdminNetworkPolicy (v1alpha1) are read and decide in their tiers', () => {
    const anp = cli(['can-reach', `${BILLING}/api`, `${SANDBOX}/scanner`, '--port', '80']);
    expect(anp.code).toBe(1);
    expect(anp.stdout).toContain(`  egress of ${BILLING}/api: denied by AdminNetworkPolicy billing-not-to-sandbox (Admin, priority 1) egress[0] "no-sandbox"\n`);
    const banp = cli(['can-reach', `${MON}/prometheus`, `${SANDBOX}/scanner`, '--port', '80']);
    expect(banp.code).toBe(1);
    expect(banp.stdout).toContain(`  ingress of ${SANDBOX}/scanner: no NetworkPolicy isolates it -> denied by BaselineAdminNetworkPolicy default (Baseline) ingress[0] "not-from-monitoring"\n`);
  });

  it('a nodes peer matches the addresses of the Nodes it selects', () => {
    const r = cli(['can-reach', `${SANDBOX}/scanner`, 'ip:192.0.2.20', '--port', '6443']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`  egress of ${SANDBOX}/scanner: denied by ClusterNetworkPolicy sandbox-no-control-plane (Admin, priority 5) egress[0] "deny-control-plane"\n`);
    expect(cli(['can-reach', `${SANDBOX}/scanner`, 'ip:192.0.2.10', '--port', '6443']).code).toBe(0);
  });

  it('a domainNames peer makes the verdict unknown: exit 5, never a guess', () => {
    const r = cli(['can-reach', `${BILLING}/api`, 'ip:93.184.216.34', '--port', '443']);
    expect(r.code).toBe(5);
    expect(r.stdout).toContain(`UNKNOWN: ${BILLING}/api -> ip:93.184.216.34 on TCP 443\n`);
    expect(r.stdout).toContain('unknown, depends on DNS (a domainNames peer): ClusterNetworkPolicy billing-egress (Admin, priority 40) egress[1] "allow-stripe"');
    // Another port is no business of the domainNames rule: the Deny after it decides.
    expect(cli(['can-reach', `${BILLING}/api`, 'ip:93.184.216.34', '--port', '80']).code).toBe(1);
  });

  it('assert counts pass, failure and unknown with the live admin tiers', () => {
    const file = join(work, 'expect.yaml');
    writeFileSync(
      file,
      stringify({
        assertions: [
          { from: `${SANDBOX}/scanner`, to: `${SHOP}/web`, port: 8080, expect: 'deny' },
          { from: `${MON}/prometheus`, to: `${SHOP}/cart`, port: 'metrics', expect: 'allow' },
          { from: `${SHOP}/cart`, to: `${BILLING}/api`, port: 8443, expect: 'deny' },
          { from: `${BILLING}/api`, to: 'ip:93.184.216.34', port: 443, expect: 'allow' },
        ],
      }),
    );
    const r = cli(['assert', file, '-o', 'json']);
    expect(r.code).toBe(5);
    const doc = json(r);
    expect(doc.results.map((x: { actual: string }) => x.actual)).toEqual(['deny', 'allow', 'deny', 'unknown']);
    expect([doc.passed, doc.failed, doc.unknown]).toEqual([3, 0, 1]);
    expect(doc.results[0].reason).toBe(`ingress denied by ClusterNetworkPolicy block-untrusted (Admin, priority 20) ingress[0] "deny-untrusted"`);
  });

  it('who-can-reach, reachable-from and matrix use the same verdicts', () => {
    const who = json(cli(['who-can-reach', `${SHOP}/cart`, '-o', 'json']));
    // Only monitoring, only on the port the Admin Accept names; every tenant is passed to the default deny.
    expect(who.pods.map((p: { namespace: string; peer: string; ports: object; ingress: string[] }) => [`${p.namespace}/${p.peer}`, p.ports, p.ingress])).toEqual([
      [`${MON}/prometheus`, { TCP: ['9090'] }, ['ClusterNetworkPolicy allow-monitoring ingress[0]']],
    ]);
    const web = json(cli(['who-can-reach', `${SHOP}/web`, '-o', 'json'])).pods.map((p: { namespace: string; peer: string }) => `${p.namespace}/${p.peer}`);
    expect(web).toEqual(expect.arrayContaining([`${BILLING}/api`, `${MON}/prometheus`, `${SHOP}/cart`]));
    expect(web).not.toContain(`${SANDBOX}/scanner`);
    const from = json(cli(['reachable-from', `${BILLING}/api`, '-o', 'json'])).pods.map((p: { namespace: string; peer: string }) => `${p.namespace}/${p.peer}`);
    expect(from).toContain(`${SHOP}/web`);
    expect(from).not.toContain(`${SANDBOX}/scanner`);
    const matrix = cli(['matrix', '-n', SHOP, '-o', 'csv']);
    expect(matrix.code).toBe(0);
    const csv = matrix.stdout.split('\n');
    expect(csv).toContain(`${SHOP}/cart,${SHOP}/web,TCP 8080`);
    expect(csv.some((line) => line.startsWith(`${SHOP}/web,${SHOP}/cart,`))).toBe(false);
  });

  it('coverage -o json: which tiers select each pod, per direction, by which policies', () => {
    const r = cli(['coverage', '-A', '-o', 'json']);
    expect(r.code).toBe(0);
    const workloads = json(r).adminTiers.workloads.filter((w: { namespace: string }) => w.namespace.startsWith('tiers-'));
    const row = (w: { namespace: string; name: string; ingress: { admin: number; baseline: number }; egress: { admin: number; baseline: number }; policies: string[] }) =>
      `${w.namespace}/${w.name} in ${w.ingress.admin}/${w.ingress.baseline} out ${w.egress.admin}/${w.egress.baseline}: ${[...w.policies].sort().join(' ')}`;
    expect(workloads.map(row).sort()).toEqual([
      `${BILLING}/api in 1/1 out 1/0: AdminNetworkPolicy/billing-not-to-sandbox ClusterNetworkPolicy/allow-monitoring ClusterNetworkPolicy/billing-baseline ClusterNetworkPolicy/billing-egress ClusterNetworkPolicy/block-untrusted ClusterNetworkPolicy/tenants-delegate`,
      `${MON}/prometheus in 1/0 out 0/0: ClusterNetworkPolicy/block-untrusted`,
      `${SANDBOX}/scanner in 1/1 out 1/0: BaselineAdminNetworkPolicy/default ClusterNetworkPolicy/block-untrusted ClusterNetworkPolicy/sandbox-no-control-plane`,
      `${SHOP}/cart in 1/0 out 0/0: ClusterNetworkPolicy/allow-monitoring ClusterNetworkPolicy/block-untrusted ClusterNetworkPolicy/tenants-delegate`,
      `${SHOP}/web in 1/0 out 0/0: ClusterNetworkPolicy/allow-monitoring ClusterNetworkPolicy/block-untrusted ClusterNetworkPolicy/tenants-delegate`,
    ]);
  });

  it('lint reads the admin policies live: the named port is an experimental-channel field, a Pass hands over to nothing', () => {
    const r = cli(['lint', '-A', '-o', 'json']);
    const findings = json(r).findings.filter((f: { object: { kind: string } }) => f.object.kind === 'ClusterNetworkPolicy');
    const seen = findings.map((f: { code: string; object: { name: string }; field?: string }) => `${f.code} ${f.object.name} ${f.field}`);
    expect(seen).toContain('admin-experimental-field allow-monitoring spec.ingress[0].protocols[0]');
    // billing has no NetworkPolicy and no Baseline egress rule: its pod traffic passed on is allowed by default.
    expect(seen).toContain('admin-pass-to-nothing billing-egress spec.egress[0]');
    // shop's pods are isolated by NetworkPolicies: that Pass hands over to them.
    expect(seen.filter((f: string) => f.includes('tenants-delegate'))).toEqual([]);
  });

  it('snapshot writes the admin policies and Nodes; -f on it gives the same answers', () => {
    const snap = cli(['snapshot', '-A']);
    expect(snap.code).toBe(0);
    const kinds = snap.stdout.split('\n---\n').map((doc) => parse(doc)?.kind);
    expect(kinds).toEqual(expect.arrayContaining(['ClusterNetworkPolicy', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'Node']));
    const file = join(work, 'snapshot.yaml');
    writeFileSync(file, snap.stdout);
    // Every tier's verdict at once (one process each way): each question expects the live answer.
    const questions: [string, string, string | number, string][] = [
      [`${SANDBOX}/scanner`, `${SHOP}/web`, 8080, 'deny'],
      [`${MON}/prometheus`, `${SHOP}/cart`, 'metrics', 'allow'],
      [`${SHOP}/web`, `${SHOP}/cart`, 8080, 'deny'],
      [`${SHOP}/cart`, `${BILLING}/api`, 8443, 'deny'],
      [`${MON}/prometheus`, `${BILLING}/api`, 8443, 'allow'],
      [`${BILLING}/api`, `${SANDBOX}/scanner`, 80, 'deny'],
      [`${MON}/prometheus`, `${SANDBOX}/scanner`, 80, 'deny'],
      [`${SANDBOX}/scanner`, 'ip:192.0.2.20', 6443, 'deny'],
      [`${BILLING}/api`, 'ip:93.184.216.34', 443, 'allow'],
    ];
    const expectations = join(work, 'replay.yaml');
    writeFileSync(expectations, stringify({ assertions: questions.map(([from, to, port, expect]) => ({ from, to, port, expect })) }));
    const live = cli(['assert', expectations, '-o', 'json']);
    const offline = cli(['assert', expectations, '-o', 'json', '-f', file]);
    expect([live.code, offline.code]).toEqual([5, 5]);
    expect(json(live).results.map((x: { actual: string }) => x.actual)).toEqual([...questions.map((q) => q[3]).slice(0, -1), 'unknown']);
    const { ignored: _ignored, ...liveDoc } = json(live);
    expect({ ...json(offline), source: '' }).toEqual({ ...liveDoc, source: '' });
    // And one whole answer, every explanation included: the same, only the source (context or file) differs.
    const args = ['can-reach', `${SHOP}/cart`, `${BILLING}/api`, '--port', '8443', '-o', 'json'];
    const { ignored: _none, ...liveView } = json(cli(args));
    expect({ ...json(cli([...args, '-f', file])), source: '' }).toEqual({ ...liveView, source: '' });
  });

  it('the shipped read-only role reads every admin policy and Node without a warning', () => {
    const r = cli(['can-reach', `${SANDBOX}/scanner`, 'ip:192.0.2.20', '--port', '6443', '--context', 'tiers-reader'], saKubeconfig);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
  });

  it('a user who may not list Nodes: one warning line, and nodes peers are unknown (exit 5)', () => {
    const r = cli(['can-reach', `${SANDBOX}/scanner`, 'ip:192.0.2.20', '--port', '6443', '--context', 'tiers-no-nodes'], saKubeconfig);
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/^warning: user "tiers-no-nodes" may not list nodes cluster-wide \(403 Forbidden\): nodes peers of admin policies are judged unknown\n$/);
    expect(r.stdout).toContain('unknown, depends on Nodes that could not be read (a nodes peer)');
  });

  it('the viewer without rights on admin policies: a one-line warning per kind and the "not evaluated" marker', () => {
    const r = cli(['can-reach', `${SANDBOX}/scanner`, `${SHOP}/web`, '--port', '8080', '-o', 'json', '--context', 'viewer']);
    // Without the Admin tier, the NetworkPolicy's allow is all there is to see.
    expect(r.code).toBe(0);
    const warnings = r.stderr.split('\n').filter((l) => l !== '');
    for (const [kind, resource] of [
      ['ClusterNetworkPolicy', 'clusternetworkpolicies'],
      ['AdminNetworkPolicy', 'adminnetworkpolicies'],
      ['BaselineAdminNetworkPolicy', 'baselineadminnetworkpolicies'],
    ]) {
      expect(warnings.filter((l) => l.includes(` ${resource}.${GROUP} `))).toEqual([`warning: user "viewer" may not list ${resource}.${GROUP} cluster-wide (403 Forbidden): ${kind} policies are not evaluated`]);
    }
    expect(json(r).ignored).toEqual(
      expect.arrayContaining([
        { kind: 'ClusterNetworkPolicy', apiVersion: `${GROUP}/v1beta1`, count: null },
        { kind: 'AdminNetworkPolicy', apiVersion: `${GROUP}/v1alpha1`, count: null },
        { kind: 'BaselineAdminNetworkPolicy', apiVersion: `${GROUP}/v1alpha1`, count: null },
      ]),
    );
    // The text answer says it above the verdict.
    const text = cli(['can-reach', `${SANDBOX}/scanner`, `${SHOP}/web`, '--port', '8080', '--context', 'viewer']);
    expect(text.stdout.split('\n')[0]).toMatch(/^WARNING: verdicts do not account for .*ClusterNetworkPolicy/);
  });
});

describe.runIf(!plane)('admin policy tiers, live (skipped)', () => {
  it('reports why the end-to-end suite did not run', () => {
    expect(missing).not.toBe('');
  });
});
