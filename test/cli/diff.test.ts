// `kubectl netpol diff`: opened and closed connections, outside ranges, isolation, findings, exit codes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, TempDir, type CliResult } from '../fixtures/cli.js';
import { POLICIES, writeWorld } from '../fixtures/cli-world.js';
import type { DiffView } from '../../src/report/diff-view.js';

let dir: TempDir;
let world: ReturnType<typeof writeWorld>;

beforeAll(() => {
  dir = new TempDir('netpol-diff-');
  world = writeWorld(dir);
});
afterAll(() => dir.cleanup());

const policy = (name: string, spec: string): string => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: x}
spec:
${spec}`;

/** x/b-ingress as in the world, with a different peer and port list. */
const bIngress = (peers: string, ports: string) =>
  policy('b-ingress', `  podSelector: {matchLabels: {pod: b}}\n  ingress:\n  - from:\n${peers}    ports:\n${ports}`);
const A_PEER = '    - podSelector: {matchLabels: {pod: a}}\n';
const C_PEER = '    - podSelector: {matchLabels: {pod: c}}\n';
const B_PORTS = '    - port: 80\n    - {port: 8000, endPort: 8080}\n    - {protocol: UDP, port: 53}\n';

const diff = (...args: string[]): Promise<CliResult> => runCli(['diff', ...world.files, ...args]);
const proposal = (name: string, text: string) => ['--policies-from', dir.write(name, text)];
const view = (r: CliResult): DiffView => JSON.parse(r.stdout) as DiffView;

const NO_ADDRESSES = { opened: [], closed: [] };

describe('diff -o json', () => {
  it('a rule admitting one more peer opens exactly that connection, with its ports', async () => {
    const r = await diff(...proposal('open.yaml', bIngress(A_PEER + C_PEER, B_PORTS)), '-o', 'json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const v = view(r);
    expect(v.policies).toEqual({ replaced: ['x/b-ingress'], added: [], removed: [] });
    expect(v.connections).toEqual({
      opened: [{ from: 'x/c', fromPods: 1, to: 'x/b', toPods: 1, ports: { TCP: ['80', '8000-8080'], UDP: ['53'] } }],
      closed: [],
    });
    expect(v.addresses).toEqual(NO_ADDRESSES);
    expect(v.isolation).toEqual([]);
    expect(v.findings).toEqual({ new: [], resolved: [] });
    expect(v.summary).toEqual({ opened: 1, closed: 0, addressesOpened: 0, addressesClosed: 0, isolationChanged: 0, newFindings: 0, resolvedFindings: 0 });
    expect(v.source).toMatch(/^what-if: files: .* with policies from .*open\.yaml \(1 replaced\)$/);
  });

  it('dropping ports closes exactly those ports (current minus proposed)', async () => {
    const r = await diff(...proposal('close.yaml', bIngress(A_PEER, '    - {port: 8000, endPort: 8080}\n')), '-o', 'json');
    const v = view(r);
    expect(v.connections).toEqual({ opened: [], closed: [{ from: 'x/a', fromPods: 1, to: 'x/b', toPods: 1, ports: { TCP: ['80'], UDP: ['53'] } }] });
    expect(v.isolation).toEqual([]);
  });

  it('a new policy selecting a pod isolates it: every path to it closes, its open address range too', async () => {
    const r = await diff(...proposal('isolate.yaml', policy('c-deny', '  podSelector: {matchLabels: {pod: c}}\n')), '-o', 'json');
    const v = view(r);
    expect(v.policies.added).toEqual(['x/c-deny']);
    expect(v.isolation).toEqual([{ workload: 'x/c', pods: 1, ingress: { before: 'open', after: 'isolated' }, egress: { before: 'open', after: 'open' } }]);
    // x/d sends only UDP 53 outside 10.0.0.0/8, so it never reached x/c; everyone else loses all ports.
    const ALL = { TCP: ['1-65535'], UDP: ['1-65535'], SCTP: ['1-65535'] };
    expect(v.connections.closed.map((c) => [c.from, c.to, c.ports])).toEqual(
      ['x/a', 'x/b', 'x/db', 'x/deployment/api', 'x/web-1', 'x/web-2'].map((from) => [from, 'x/c', ALL]),
    );
    expect(v.connections.opened).toEqual([]);
    // x/c has an IPv4 address only: every IPv4 address could reach it.
    expect(v.addresses.closed).toEqual([{ workload: 'x/c', pods: 1, direction: 'ingress', addresses: ['0.0.0.0/0'], ports: ALL, rules: ['not isolated'] }]);
    expect(v.findings.resolved.map((f) => [f.code, f.subject])).toEqual([['pod-not-selected', 'c']]);
    expect(v.findings.new).toEqual([]);
  });

  it('outside address ranges: ports added open, excepts added close, with the deciding rule', async () => {
    const dEgress = policy(
      'd-egress',
      '  podSelector: {matchLabels: {pod: d}}\n  policyTypes: [Egress]\n  egress:\n  - to:\n    - ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8, 192.168.0.0/16]}\n    ports:\n    - {protocol: UDP, port: 53}\n    - {protocol: TCP, port: 443}\n',
    );
    const v = view(await diff(...proposal('addr.yaml', dEgress), '-o', 'json'));
    expect(v.addresses.opened).toEqual([
      {
        workload: 'x/d',
        pods: 1,
        direction: 'egress',
        addresses: ['0.0.0.0/0 except 10.0.0.0/8, 192.168.0.0/16'],
        ports: { TCP: ['443'] },
        rules: ['x/d-egress egress[0]'],
      },
    ]);
    expect(v.addresses.closed).toEqual([
      { workload: 'x/d', pods: 1, direction: 'egress', addresses: ['192.168.0.0/16'], ports: { UDP: ['53'] }, rules: ['x/d-egress egress[0]'] },
    ]);
    // Every pod is inside 10.0.0.0/8: no connection between workloads changes.
    expect(v.connections).toEqual({ opened: [], closed: [] });
  });

  it('--without-policy: the pod becomes open; what it did not allow before opens; a finding appears', async () => {
    const v = view(await diff('--without-policy', 'x/b-ingress', '-o', 'json'));
    expect(v.policies).toEqual({ replaced: [], added: [], removed: ['x/b-ingress'] });
    expect(v.connections.opened[0]).toEqual({
      from: 'x/a',
      fromPods: 1,
      to: 'x/b',
      toPods: 1,
      ports: { TCP: ['1-79', '81-7999', '8081-65535'], UDP: ['1-52', '54-65535'], SCTP: ['1-65535'] },
    });
    expect(v.connections.opened.map((c) => c.from)).toEqual(['x/a', 'x/c', 'x/db', 'x/deployment/api', 'x/web-1', 'x/web-2']);
    expect(v.isolation).toEqual([{ workload: 'x/b', pods: 1, ingress: { before: 'isolated', after: 'open' }, egress: { before: 'open', after: 'open' } }]);
    expect(v.addresses.opened.map((a) => [a.workload, a.direction, a.addresses])).toEqual([['x/b', 'ingress', ['0.0.0.0/0']]]);
    expect(v.findings.new.map((f) => [f.code, f.subject])).toEqual([['pod-not-selected', 'b']]);
    expect(v.source).toMatch(/ without x\/b-ingress$/);
  });

  it('a rule allowing everyone is a new finding; replicas of one workload are compared with each other', async () => {
    const open = policy('api-open', '  podSelector: {matchLabels: {app: api}}\n  ingress:\n  - {}\n');
    const v = view(await diff(...proposal('finding.yaml', open), '-o', 'json'));
    expect(v.findings.new.map((f) => [f.code, f.subject, f.field])).toEqual([['rule-allows-everyone', 'policy api-open', 'spec.ingress[0]']]);
    // The api replicas were open to each other and stay so: no change for that pair.
    expect(v.connections.opened.filter((c) => c.from === c.to)).toEqual([]);
  });

  it('proposing the current policies again changes nothing', async () => {
    const r = await diff(...proposal('same.yaml', POLICIES), '-o', 'json');
    const v = view(r);
    expect(v.policies.replaced).toHaveLength(3);
    expect(Object.values(v.summary).every((n) => n === 0)).toBe(true);
  });

  it('-n keeps the changes to or from that namespace', async () => {
    const other = dir.write('other-ns.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata: {name: other}\n');
    const v = view(await diff('-f', other, ...proposal('open2.yaml', bIngress(A_PEER + C_PEER, B_PORTS)), '-n', 'other', '-o', 'json'));
    expect(v.scope).toBe('namespace other');
    expect(v.connections.opened).toEqual([]);
    // A namespace the input does not hold at all is bad input, not an empty diff.
    const missing = await diff(...proposal('open3.yaml', bIngress(A_PEER + C_PEER, B_PORTS)), '-n', 'nowhere', '-o', 'json');
    expect(missing).toEqual({ code: 2, stdout: '', stderr: 'error: namespace "nowhere" not found\n' });
  });
});

describe('diff text', () => {
  it('says it is a what-if, lists each section, and fits 80 columns (on an 80-column terminal)', async () => {
    const r = await runCli(['diff', ...world.files, ...proposal('c-deny.yaml', policy('c-deny', '  podSelector: {matchLabels: {pod: c}}\n')), '--without-policy', 'x/b-ingress'], {
      isTTY: true,
      columns: 80,
      env: { NO_COLOR: '1' },
    });
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^what-if: files: /);
    expect(r.stdout).toContain('Policies: 1 added (x/c-deny); 1 removed (x/b-ingress)\n');
    expect(r.stdout).toContain('\nConnections opened (6):\n  + x/a -> x/b: TCP 1-79,81-7999,8081-65535, UDP 1-52,54-65535, SCTP (all ports)\n');
    expect(r.stdout).toContain('\nConnections closed (6):\n  - x/a -> x/c: all ports\n');
    expect(r.stdout).toContain('\nOutside addresses opened (1):\n  + 0.0.0.0/0 -> x/b: all ports (not isolated)\n');
    expect(r.stdout).toContain('\nIsolation changed (2):\n  ~ x/b: ingress isolated -> open\n  ~ x/c: ingress open -> isolated\n');
    expect(r.stdout).toContain('\nNew findings (1):\n  + WARNING pod-not-selected: x: b is selected by no NetworkPolicy: all traffic\n      to and from it is allowed\n');
    expect(r.stdout).toMatch(/\nSummary: 6 connections opened, 6 closed; 1 address range opened, 1 closed; 2\n {2}isolation changes; 1 new finding, 1 resolved\.\n$/);
    // Only the temp-dir paths in the header may be longer than 80 columns (a path is never broken).
    for (const line of lines.slice(2)) expect(line.length, line).toBeLessThanOrEqual(80);
  });

  it('a change that changes nothing says so', async () => {
    const r = await diff(...proposal('same2.yaml', POLICIES));
    expect(r.stdout).toMatch(/\nNo change: every connection, address range, isolation and finding stays as it is\.\n$/);
  });
});

describe('diff --fail-on-opened', () => {
  const opens = () => proposal('opens.yaml', bIngress(A_PEER + C_PEER, B_PORTS));
  const closesOnly = () => proposal('closes.yaml', bIngress(A_PEER, '    - port: 80\n'));

  it('exit 1 when the change opens a path, with one line on stderr', async () => {
    const r = await diff(...opens(), '--fail-on-opened');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('diff: the change opens 1 path (--fail-on-opened)\n');
  });

  it('exit 0 when the change only closes paths', async () => {
    const r = await diff(...closesOnly(), '--fail-on-opened', '-o', 'json');
    expect(view(r).summary.closed).toBe(1);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });

  it('with namespaces: only paths to or from them count', async () => {
    expect((await diff(...opens(), '--fail-on-opened=other,prod')).code).toBe(0);
    const r = await diff(...opens(), '--fail-on-opened=prod,x');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('diff: the change opens 1 path to or from prod, x (--fail-on-opened)\n');
  });

  it('an opened outside address range counts as an opened path', async () => {
    const r = await diff('--without-policy', 'x/d-egress', '--fail-on-opened', '-o', 'json');
    const v = view(r);
    expect(v.addresses.opened.length).toBeGreaterThan(0);
    expect(r.code).toBe(1);
  });

  it('without the flag, an opening change still exits 0', async () => {
    expect((await diff(...opens())).code).toBe(0);
  });
});

describe('diff bad input', () => {
  it('needs a proposed change', async () => {
    const r = await diff();
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: diff needs the proposed change: --policies-from PATH and/or --without-policy NS/NAME\n');
  });

  it('--without-policy of a policy that does not exist', async () => {
    const r = await diff('--without-policy', 'x/nope');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --without-policy x\/nope: no such NetworkPolicy in files: /);
  });

  it('--without-policy that is not NAMESPACE/NAME', async () => {
    const r = await diff('--without-policy', 'nope');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: --without-policy: "nope" is not NAMESPACE/NAME (or ClusterNetworkPolicy/NAME, AdminNetworkPolicy/NAME, BaselineAdminNetworkPolicy/default)\n');
  });

  it('a proposed policy the API would reject names the file and the document', async () => {
    const bad = `${policy('fine', '  podSelector: {}\n')}---\n${policy('bad', '  podSelector: {}\n  ingress:\n  - from:\n    - ipBlock: {cidr: 10.0.0.0/33}\n')}`;
    const file = dir.write('bad.yaml', bad);
    const r = await diff('--policies-from', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: ${file}: document 2: NetworkPolicy x/bad: spec.ingress[0].from[0].ipBlock.cidr: "10.0.0.0/33" is not a valid CIDR\n`);
  });

  it('a policy both proposed and removed is a contradiction', async () => {
    const r = await diff(...proposal('both.yaml', bIngress(A_PEER, B_PORTS)), '--without-policy', 'x/b-ingress');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: x/b-ingress: both in --policies-from and --without-policy\n');
  });

  it('--policies-from a missing file', async () => {
    const r = await diff('--policies-from', dir.file('missing.yaml'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing\.yaml: no such file or directory\n$/);
  });
});
