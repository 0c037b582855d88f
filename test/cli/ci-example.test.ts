// The README's "Use it in CI" steps, run as written on a snapshot of the demo cluster.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, TempDir } from '../fixtures/cli.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const PROPOSAL = readFileSync(join(FIXTURES, 'whatif', 'demo-proposal.yaml'), 'utf8');
const EXPECTATIONS = readFileSync(join(FIXTURES, 'demo-expectations.yaml'), 'utf8');
/** The three documents of the demo proposal: api-from-frontend, fraud-check-egress, grafana-egress. */
const [API_FROM_FRONTEND, FRAUD_CHECK, GRAFANA] = PROPOSAL.split(/^---\n/m) as [string, string, string];

let repo: TempDir;
let snapshot: string;
let config: string;
let expectations: string;

beforeAll(async () => {
  repo = new TempDir('netpol-ci-');
  const r = await runCli(['snapshot', '--demo', '-A']);
  expect(r.code).toBe(0);
  snapshot = repo.write('cluster-snapshot.yaml', r.stdout);
  config = repo.write('netpol-lint.yaml', 'forbidCidrs:\n  - cidr: 0.0.0.0/0\n    namespaces: [shop]\nignoreNamespaces: [kube-system, ingress-nginx, monitoring]\n');
  expectations = repo.write('netpol-expectations.yaml', EXPECTATIONS);
});
afterAll(() => {
  repo.cleanup();
  for (const dir of dirs) dir.cleanup();
});

const dirs: TempDir[] = [];

/** A k8s/netpol directory holding these policy documents. */
function netpolDir(name: string, ...docs: string[]): string {
  const dir = new TempDir(`netpol-ci-${name}-`);
  dirs.push(dir);
  dir.write('policies.yaml', docs.join('---\n'));
  return dir.path;
}

const lintStep = (dir: string) => runCli(['lint', '-f', snapshot, '--policies-from', dir, '--config', config, '-o', 'sarif', '--fail-on', 'error']);
const diffStep = (dir: string) => runCli(['diff', '-f', snapshot, '--policies-from', dir, '--fail-on-opened=payments']);
const assertStep = (dir: string) => runCli(['assert', expectations, '-f', snapshot, '--policies-from', dir]);

/** A k8s/ directory as an application repository keeps it: its namespace, workload and policies, and no kube-system. */
const APP_MANIFESTS = `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: cart, namespace: shop}
spec:
  selector: {matchLabels: {app: cart}}
  template:
    metadata: {labels: {app: cart}}
    spec:
      containers: [{name: cart, image: cart:1, ports: [{name: http, containerPort: 8080}]}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-dns, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
  - to:
    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}
      podSelector: {matchLabels: {k8s-app: kube-dns}}
    ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]
`;

describe('the CI pipeline of the README', () => {
  it('without a snapshot, lint -f k8s/ -R lints the manifests alone: the standard DNS rule is no warning there', async () => {
    const dir = netpolDir('alone', APP_MANIFESTS);
    const r = await runCli(['lint', '-f', dir, '-R', '--fail-on', 'warning', '-o', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    type Finding = { code: string; severity: string; message: string };
    const dns = (JSON.parse(r.stdout) as { findings: Finding[] }).findings.filter((f) => f.code === 'namespace-selector-matches-nothing');
    // kube-system is not in the files: unknown, not empty.
    expect(dns).toEqual([expect.objectContaining({ severity: 'info', message: expect.stringContaining('kube-system is not in it') })]);
  });

  it('the snapshot replays the demo: every expectation holds without a change', async () => {
    const r = await runCli(['assert', expectations, '-f', snapshot]);
    expect(r.code).toBe(0);
  });

  it('a change that only tightens egress passes every step', async () => {
    const dir = netpolDir('ok', GRAFANA);
    const lint = await lintStep(dir);
    expect(lint.code, lint.stderr).toBe(0);
    expect((JSON.parse(lint.stdout) as { version: string }).version).toBe('2.1.0');
    const diff = await diffStep(dir);
    expect(diff.code, diff.stdout).toBe(0);
    expect(diff.stdout).toContain('Connections closed (3):');
    expect((await assertStep(dir)).code).toBe(0);
  });

  it('opening the internet to payments fails the diff step, and says why', async () => {
    const diff = await diffStep(netpolDir('open', FRAUD_CHECK));
    expect(diff.code).toBe(1);
    expect(diff.stderr).toBe('diff: the change opens 1 path to or from payments (--fail-on-opened)\n');
  });

  it('letting prometheus into the shop APIs breaks an expectation', async () => {
    const r = await assertStep(netpolDir('assert', API_FROM_FRONTEND));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/monitoring\/statefulset\/prometheus +shop\/deployment\/cart +7070\/TCP +deny +allow +FAIL/);
  });

  it('a forbidden 0.0.0.0/0 in shop fails the lint step; the SARIF still points at the file and line', async () => {
    const open = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: cart-egress, namespace: shop}
spec:
  podSelector: {matchLabels: {app: cart}}
  policyTypes: [Egress]
  egress:
  - to: [{ipBlock: {cidr: 0.0.0.0/0}}]
`;
    const dir = netpolDir('lint', GRAFANA, open);
    const r = await lintStep(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('lint: 1 finding at or above --fail-on error\n');
    type Result = { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] };
    const results = (JSON.parse(r.stdout) as { runs: { results: Result[] }[] }).runs[0]!.results;
    const forbidden = results.find((x) => x.ruleId === 'org-forbidden-cidr')!;
    expect(forbidden.level).toBe('error');
    expect(forbidden.locations[0]!.physicalLocation.artifactLocation.uri).toMatch(/\/policies\.yaml$/);
    // GRAFANA ends with a newline; `---` follows; the policy starts on the next line.
    expect(forbidden.locations[0]!.physicalLocation.region.startLine).toBe(GRAFANA.split('\n').length + 1);
  });
});
