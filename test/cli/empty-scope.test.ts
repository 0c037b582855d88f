// Never confidently wrong about an empty scope: no pods is a sentence (not "100% isolated"), a -n
// namespace the input does not hold is exit 2 with one line, and --fail-under never passes on nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, TempDir } from '../fixtures/cli.js';
import { checkNamespaceFlag } from '../../src/cli/namespace-flag.js';
import { UserError } from '../../src/cli/errors.js';
import { assembleSnapshot } from '../../src/sources/assemble.js';
import { documents, namespace, pod } from '../fixtures/reports/manifests.js';

let dir: TempDir;
let empty: string;
let world: string;
beforeAll(() => {
  dir = new TempDir('netpol-empty-');
  empty = dir.write('empty.yaml', '');
  world = dir.write(
    'world.yaml',
    documents([
      namespace('web'),
      namespace('idle'),
      pod({ ns: 'web', name: 'a', labels: { app: 'a' }, ip: '10.0.0.1' }),
      `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: idle}
spec:
  podSelector: {}
  policyTypes: [Ingress]
`,
    ]),
  );
});
afterAll(() => dir.cleanup());

type Totals = { pods: number; ingressPercent: number | null; egressPercent: number | null };

describe('coverage with no pods in scope', () => {
  it('an empty input is "No pods in the input", never 100% isolated', async () => {
    const r = await runCli(['coverage', '-f', empty]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`files: ${empty}, all namespaces:\nNo pods in the input.\n`);
    expect(r.stdout).not.toContain('%');
  });

  it('a namespace without pods says so, and still lists its namespace row and findings', async () => {
    const r = await runCli(['coverage', '-f', world, '-n', 'idle']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[1]).toBe('No pods in namespace idle.');
    expect(r.stdout).toMatch(/^idle\s+0\s+-\s+-\s+ingress\s+1$/m);
    expect(r.stdout).not.toContain('100%');
  });

  it('-o json has null percentages for no pods, in the totals and in the namespace', async () => {
    const whole = JSON.parse((await runCli(['coverage', '-f', empty, '-o', 'json'])).stdout) as { totals: Totals };
    expect(whole.totals).toEqual({ pods: 0, ingressIsolated: 0, egressIsolated: 0, ingressPercent: null, egressPercent: null });
    const idle = JSON.parse((await runCli(['coverage', '-f', world, '-n', 'idle', '-o', 'json'])).stdout) as { totals: Totals; namespaces: { name: string; ingressPercent: number | null }[] };
    expect(idle.totals.ingressPercent).toBeNull();
    expect(idle.namespaces).toEqual([expect.objectContaining({ name: 'idle', pods: 0, ingressPercent: null, egressPercent: null })]);
  });

  it('--fail-under never passes on zero pods, not even --fail-under 0: exit 1 with a sentence', async () => {
    for (const args of [['-f', empty], ['-f', world, '-n', 'idle']]) {
      const r = await runCli(['coverage', ...args, '--fail-under', '0']);
      expect(r.code).toBe(1);
    }
    const r = await runCli(['coverage', '-f', world, '-n', 'idle', '--fail-under', '90']);
    expect(r.stderr).toBe('coverage: no pods in namespace idle, so none is isolated: --fail-under 90% is not met\n');
    const all = await runCli(['coverage', '-f', empty, '--fail-under', '50']);
    expect(all.stderr).toBe('coverage: no pods in the input, so none is isolated: --fail-under 50% is not met\n');
  });

  it('with pods, --fail-under still passes and fails on the percentage', async () => {
    expect((await runCli(['coverage', '-f', world, '-n', 'web', '--fail-under', '0'])).code).toBe(0);
    expect((await runCli(['coverage', '-f', world, '-n', 'web', '--fail-under', '1'])).code).toBe(1);
  });
});

describe('-n of a namespace the input does not hold', () => {
  const NOT_FOUND = 'error: namespace "nope" not found\n';
  const commands: [string, string[]][] = [
    ['coverage', ['coverage', '--fail-under', '90']],
    ['who-can-reach', ['who-can-reach', 'shop/deployment/cart']],
    ['reachable-from', ['reachable-from', 'shop/deployment/cart']],
    ['matrix', ['matrix']],
    ['lint', ['lint']],
    ['can-reach', ['can-reach', 'shop/deployment/frontend', 'shop/deployment/cart']],
  ];
  for (const [name, argv] of commands) {
    it(`${name} --demo -n nope: exit 2, one line, nothing on stdout`, async () => {
      const r = await runCli([...argv, '--demo', '-n', 'nope']);
      expect(r).toEqual({ code: 2, stdout: '', stderr: NOT_FOUND });
    });
  }

  it('files: a namespace no object is in is not found; one that objects are in is', async () => {
    expect(await runCli(['coverage', '-f', world, '-n', 'nope'])).toEqual({ code: 2, stdout: '', stderr: NOT_FOUND });
    expect((await runCli(['coverage', '-f', empty, '-n', 'nope'])).code).toBe(2);
    // Declared with no pods: found, and empty.
    expect((await runCli(['matrix', '-f', world, '-n', 'idle'])).code).toBe(0);
  });

  it('files: objects that name no namespace land in -n, so it exists', async () => {
    const bare = dir.write('bare.yaml', pod({ ns: 'x', name: 'b', ip: '10.0.0.9' }).replace(/\n  namespace: "x"/, ''));
    const r = await runCli(['coverage', '-f', bare, '-n', 'team']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 pods: 0% isolated for ingress');
  });

  it('a live read that listed the namespaces proves absence; one that could not list them does not', () => {
    const origin = { file: 'cluster kind', doc: 0 };
    const listed = assembleSnapshot([{ object: { kind: 'Namespace', metadata: { name: 'default' } }, origin }], { defaultNamespace: 'default' });
    expect(() => checkNamespaceFlag({ namespace: 'nope' }, listed, true)).toThrow(new UserError('namespace "nope" not found'));
    expect(() => checkNamespaceFlag({ namespace: 'default' }, listed, true)).not.toThrow();
    // Namespaces forbidden: only pods were read, every namespace is synthesized from them.
    const unlisted = assembleSnapshot([{ object: { kind: 'Pod', metadata: { name: 'p', namespace: 'team' }, spec: { containers: [] }, status: { phase: 'Running' } }, origin }], { defaultNamespace: 'team' });
    expect(() => checkNamespaceFlag({ namespace: 'nope' }, unlisted, true)).not.toThrow();
    // The same input from files is proof: the files hold nothing in it.
    expect(() => checkNamespaceFlag({ namespace: 'nope' }, unlisted, false)).toThrow(UserError);
    expect(() => checkNamespaceFlag({ namespace: 'nope', allNamespaces: true }, listed, true)).not.toThrow();
  });
});
