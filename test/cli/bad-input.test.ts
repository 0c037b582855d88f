// Bad input ends with exit 2 and ONE line on stderr starting `error:` that says where the problem is;
// never a stack trace, never output on stdout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, TempDir, type CliResult } from '../fixtures/cli.js';
import { writeWorld } from '../fixtures/cli-world.js';

let dir: TempDir;
let world: ReturnType<typeof writeWorld>;

beforeAll(() => {
  dir = new TempDir('netpol-bad-input-');
  world = writeWorld(dir);
});
afterAll(() => dir.cleanup());

/** The shape every bad-input result must have; returns the one stderr line. */
function expectUsageError(r: CliResult): string {
  expect(r.code, `stderr: ${r.stderr}`).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.endsWith('\n')).toBe(true);
  const lines = r.stderr.split('\n').slice(0, -1);
  expect(lines, 'exactly one line on stderr').toHaveLength(1);
  const line = lines[0]!;
  expect(line.startsWith('error: ')).toBe(true);
  expect(line).not.toMatch(/\bat .*\.(ts|js):\d+/); // no stack frame
  expect(line).not.toMatch(/internal error|TypeError|undefined/);
  return line;
}

const policyFile = (name: string, spec: string, before = ''): string =>
  dir.write(
    name,
    `${before}apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: bad, namespace: x}
spec:
${spec}`,
  );

/** A valid first document, so the bad policy is document 2. */
const FIRST_DOC = `apiVersion: v1
kind: Namespace
metadata: {name: other}
---
`;

describe('broken manifests', () => {
  it('broken YAML names the file and the line (duplicate key on line 4)', async () => {
    const file = dir.write('dup.yaml', 'kind: Pod\nmetadata:\n  name: a\n  name: b\n');
    const line = expectUsageError(await runCli(['can-reach', 'x/a', 'x/b', '-f', file]));
    expect(line).toMatch(/dup\.yaml: line 4: invalid YAML/);
  });

  it('broken YAML in the second document names the line in the file (line 8)', async () => {
    const file = dir.write('dup2.yaml', `${FIRST_DOC}kind: Pod\nmetadata:\n  name: a\n  name: b\n`);
    const line = expectUsageError(await runCli(['can-reach', 'x/a', 'x/b', '-f', file]));
    expect(line).toMatch(/dup2\.yaml: line 8: invalid YAML/);
  });

  it('an unclosed flow mapping names the file and a line', async () => {
    const file = dir.write('flow.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  labels: {pod: a\nspec: {}\n');
    const line = expectUsageError(await runCli(['can-reach', 'x/a', 'x/b', '-f', file]));
    expect(line).toMatch(/flow\.yaml: line [56]: invalid YAML/);
  });

  it('an invalid CIDR names the file, the document and the field path', async () => {
    const file = policyFile(
      'cidr.yaml',
      `  podSelector: {}
  ingress:
  - from:
    - podSelector: {}
    - ipBlock: {cidr: 10.0.0.0/33}
`,
      FIRST_DOC,
    );
    const line = expectUsageError(await runCli(['can-reach', 'x/a', 'x/b', ...world.files, '-f', file]));
    expect(line).toBe(`error: ${file}: document 2: NetworkPolicy x/bad: spec.ingress[0].from[1].ipBlock.cidr: "10.0.0.0/33" is not a valid CIDR`);
  });

  it('an except outside the cidr names the except entry', async () => {
    const file = policyFile(
      'except.yaml',
      `  podSelector: {}
  egress:
  - to:
    - ipBlock: {cidr: 10.0.0.0/16, except: [10.0.1.0/24, 10.1.0.0/24]}
`,
    );
    const line = expectUsageError(await runCli(['can-reach', 'x/a', 'x/b', ...world.files, '-f', file]));
    expect(line).toContain(`${file}: document 1: NetworkPolicy x/bad: spec.egress[0].to[0].ipBlock.except[1]:`);
    expect(line).toContain('10.1.0.0/24');
  });

  it('an unknown selector operator', async () => {
    const file = policyFile(
      'operator.yaml',
      `  podSelector: {}
  ingress:
  - from:
    - namespaceSelector:
        matchExpressions: [{key: ns, operator: Equals, values: [y]}]
`,
    );
    const line = expectUsageError(await runCli(['can-reach', 'x/a', 'x/b', ...world.files, '-f', file]));
    expect(line).toContain('spec.ingress[0].from[0].namespaceSelector.matchExpressions[0].operator');
    expect(line).toContain('"Equals"');
  });

  it('endPort without port', async () => {
    const file = policyFile(
      'endport.yaml',
      `  podSelector: {}
  ingress:
  - ports: [{protocol: TCP, endPort: 90}]
`,
    );
    const line = expectUsageError(await runCli(['can-reach', 'x/a', 'x/b', ...world.files, '-f', file]));
    expect(line).toContain(`${file}: document 1: NetworkPolicy x/bad: spec.ingress[0].ports[0].endPort:`);
  });

  it('endPort below port', async () => {
    const file = policyFile('endport-below.yaml', `  podSelector: {}\n  ingress:\n  - ports: [{port: 90, endPort: 80}]\n`);
    const line = expectUsageError(await runCli(['can-reach', 'x/a', 'x/b', ...world.files, '-f', file]));
    expect(line).toContain('spec.ingress[0].ports[0].endPort');
  });

  it('ipBlock together with a podSelector in one peer', async () => {
    const file = policyFile('mixed-peer.yaml', `  podSelector: {}\n  ingress:\n  - from:\n    - {ipBlock: {cidr: 10.0.0.0/8}, podSelector: {}}\n`);
    const line = expectUsageError(await runCli(['can-reach', 'x/a', 'x/b', ...world.files, '-f', file]));
    expect(line).toContain('spec.ingress[0].from[0]');
  });

  it('an unquoted non-string label value', async () => {
    const file = dir.write('label.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: x\n  labels: {enabled: true}\n');
    const line = expectUsageError(await runCli(['can-reach', 'x/a', 'x/b', ...world.files, '-f', file]));
    expect(line).toContain('metadata.labels.enabled');
  });

  it('several problems: the first one, and how many more', async () => {
    const file = policyFile('many.yaml', `  podSelector: {}\n  ingress:\n  - ports: [{port: 0}, {port: 70000}, {protocol: ICMP}]\n`);
    const line = expectUsageError(await runCli(['can-reach', 'x/a', 'x/b', ...world.files, '-f', file]));
    expect(line).toContain('spec.ingress[0].ports[0].port');
    expect(line).toMatch(/\(and 2 more problems\)$/);
  });
});

describe('bad targets', () => {
  it.each([
    [['x/a', 'x/nope'], 'error: TO: pod x/nope not found'],
    [['x/nope', 'x/a'], 'error: FROM: pod x/nope not found'],
    [['nons/a', 'x/a'], 'error: FROM: pod nons/a not found'],
    [['x/a', 'svc/x/missing'], 'error: TO: service x/missing not found'],
    [['x/deployment/missing', 'x/a'], 'error: FROM: deployment x/missing not found (no running pod and no manifest of it)'],
    [['x/a', 'ip:300.1.1.1'], 'error: TO: "300.1.1.1" is not an IP address'],
  ])('%j', async (args, expected) => {
    const line = expectUsageError(await runCli(['can-reach', ...args, '--port', '80', ...world.files]));
    expect(line).toBe(expected);
  });

  it('an unknown kind', async () => {
    const line = expectUsageError(await runCli(['can-reach', 'x/widget/a', 'x/b', ...world.files]));
    expect(line).toMatch(/^error: FROM: "widget" in "x\/widget\/a" is not a workload kind/);
  });

  it.each(['x/a/b/c', 'x//a', '/a'])('malformed target %s', async (target) => {
    const line = expectUsageError(await runCli(['can-reach', 'x/a', target, ...world.files]));
    expect(line).toContain(`TO: "${target}" is not a target`);
  });
});

describe('bad flags', () => {
  it.each([
    ['0', 'error: --port: 0 is not between 1 and 65535'],
    ['70000', 'error: --port: 70000 is not between 1 and 65535'],
    ['Web_Port', 'error: --port: "Web_Port" is not a port number or name'],
  ])('--port %s', async (port, expected) => {
    expect(expectUsageError(await runCli(['can-reach', 'x/a', 'x/b', '--port', port, ...world.files]))).toBe(expected);
  });

  it('--protocol ICMP', async () => {
    const line = expectUsageError(await runCli(['can-reach', 'x/a', 'x/b', '--port', '80', '--protocol', 'ICMP', ...world.files]));
    expect(line).toBe('error: --protocol: "ICMP" is not TCP, UDP or SCTP');
  });

  it('--protocol without --port', async () => {
    expectUsageError(await runCli(['can-reach', 'x/a', 'x/b', '--protocol', 'UDP', ...world.files]));
  });

  it('a missing -f file names it', async () => {
    const missing = dir.file('missing.yaml');
    const line = expectUsageError(await runCli(['can-reach', 'x/a', 'x/b', '-f', missing]));
    expect(line).toBe(`error: ${missing}: no such file or directory`);
  });

  it('no -f at all (live clusters are not read yet)', async () => {
    const line = expectUsageError(await runCli(['can-reach', 'x/a', 'x/b']));
    expect(line).toContain('-f');
  });

  it('an unknown output format', async () => {
    const line = expectUsageError(await runCli(['can-reach', 'x/a', 'x/b', '-o', 'xml', ...world.files]));
    expect(line).toContain('xml');
  });

  it('an unknown option', async () => {
    const line = expectUsageError(await runCli(['can-reach', 'x/a', 'x/b', '--bogus', ...world.files]));
    expect(line).toContain('--bogus');
  });

  it('a missing argument', async () => {
    expectUsageError(await runCli(['can-reach', 'x/a', ...world.files]));
  });
});

describe('bad expectation files', () => {
  const expectations = (name: string, text: string) => dir.write(name, text);

  it('an expect that is neither allow nor deny', async () => {
    const file = expectations('bad-expect.yaml', 'assertions:\n  - {from: x/a, to: x/b, port: 80, expect: allow}\n  - {from: x/c, to: x/b, port: 80, expect: maybe}\n');
    const line = expectUsageError(await runCli(['assert', file, ...world.files]));
    expect(line).toBe(`error: ${file}: assertions[1]: "expect" must be allow or deny`);
  });

  it('no assertions list', async () => {
    const file = expectations('no-list.yaml', 'checks: []\n');
    const line = expectUsageError(await runCli(['assert', file, ...world.files]));
    expect(line).toContain(file);
    expect(line).toContain('assertions');
  });

  it('broken YAML', async () => {
    const file = expectations('broken-expect.yaml', 'assertions:\n  - {from: x/a, to: x/b\n');
    const line = expectUsageError(await runCli(['assert', file, ...world.files]));
    expect(line).toContain(file);
  });

  it('a missing expectations file', async () => {
    const missing = dir.file('no-such-expectations.yaml');
    const line = expectUsageError(await runCli(['assert', missing, ...world.files]));
    expect(line).toContain(missing);
  });

  it('an unknown pod in an assertion', async () => {
    const file = expectations('unknown-pod.yaml', 'assertions:\n  - {from: x/a, to: x/nope, port: 80, expect: deny}\n');
    const line = expectUsageError(await runCli(['assert', file, ...world.files]));
    expect(line).toContain('pod x/nope not found');
    expect(line).toContain(file);
  });

  it('a bad port in an assertion', async () => {
    const file = expectations('bad-port.yaml', 'assertions:\n  - {from: x/a, to: x/b, port: 99999, expect: deny}\n');
    const line = expectUsageError(await runCli(['assert', file, ...world.files]));
    expect(line).toContain('99999');
  });

  it('a bad protocol in an assertion', async () => {
    const file = expectations('bad-protocol.yaml', 'assertions:\n  - {from: x/a, to: x/b, port: 80, protocol: ICMP, expect: deny}\n');
    const line = expectUsageError(await runCli(['assert', file, ...world.files]));
    expect(line).toContain('ICMP');
  });
});

describe('control characters never reach the terminal', () => {
  const ESC = '\u001b';
  // Object names cannot carry control characters (the API server rejects such names, and so does -f),
  // but the API server does not check the names in owner references: a ReplicaSet named
  // "evil<ESC>[2J-abc12" makes a Deployment "evil<ESC>[2J". A label value carries them too (YAML "\e" is ESC).
  const EVIL = `apiVersion: v1
kind: Pod
metadata:
  name: evil-abc12-xyz
  namespace: x
  labels: {pod: "b\\e[31m", pod-template-hash: abc12}
  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: "evil\\e[2J-abc12", controller: true, uid: u1}]
status: {phase: Running, podIP: 10.0.1.99}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: x}
spec:
  podSelector: {}
`;
  let evil: string;
  beforeAll(() => {
    evil = dir.write('evil.yaml', EVIL);
  });
  const evilPod = `x/deployment/evil${ESC}[2J`;

  it.each([[[]], [['--port', '80']], [['-o', 'json']], [['-o', 'yaml']]])('can-reach %j', async (extra) => {
    const r = await runCli(['can-reach', evilPod, 'x/a', ...extra, '-f', world.base, '-f', evil]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('evil');
    expect(r.stdout).not.toContain(ESC);
    expect(r.stderr).toBe('');
  });

  it('text output shows the name with its control characters escaped', async () => {
    const r = await runCli(['can-reach', evilPod, 'x/a', '--port', '80', '-f', world.base, '-f', evil]);
    expect(r.stdout.split('\n')[0]).toBe('DENIED: x/deployment/evil\\x1b[2J -> x/a on TCP 80');
  });

  it('on a terminal, the only escape sequences are the verdict colours', async () => {
    const r = await runCli(['can-reach', evilPod, 'x/a', '--port', '80', '-f', world.base, '-f', evil], { isTTY: true });
    const sequences = r.stdout.match(/\u001b\[[0-9;]*m/g) ?? [];
    expect(sequences.length).toBeGreaterThan(0);
    expect(r.stdout.replace(/\u001b\[(31|32|33|39)m/g, '')).not.toContain(ESC);
  });

  it('assert tables', async () => {
    const file = dir.write('evil-expect.yaml', `assertions:\n  - {from: "x/deployment/evil\\e[2J", to: x/a, port: 80, expect: allow}\n`);
    const r = await runCli(['assert', file, '-f', world.base, '-f', evil]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('x/deployment/evil\\x1b[2J');
    expect(r.stdout).not.toContain(ESC);
  });

  it('error messages', async () => {
    const line = expectUsageError(await runCli(['can-reach', `x/no${ESC}[2Jpe`, 'x/a', '-f', world.base]));
    expect(line).not.toContain(ESC);
    expect(line).toContain('x/no\\x1b[2Jpe');
  });

  it('a name with control characters is warned about, and the warning shows them escaped', async () => {
    const file = dir.write('evil-name.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: "evil\\e[2Jpod", namespace: x}\n');
    const r = await runCli(['can-reach', 'x/a', 'x/b', '-f', world.base, '-f', file]);
    const line = r.stderr;
    expect(line).not.toContain(ESC);
    expect(line).toMatch(/evil-name\.yaml: document 1: Pod x\/evil\\x1b\[2Jpod: metadata\.name: "evil\\x1b\[2Jpod" is not a valid Pod name \(a DNS-1123 subdomain/);
  });
});
