// Every command that meets a policy kind it does not evaluate says so: a warning on stderr, a header
// line in text, `ignored` in -o json, the UI's banner text, and a comment in snapshot output.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ignoredBanner, ignoredSentence } from '../../src/format/notes-text.js';
import { runCli, TempDir } from '../fixtures/cli.js';

const WORLD = `apiVersion: v1
kind: Pod
metadata: {name: a, namespace: prod, labels: {app: a}}
spec: {containers: [{name: main, ports: [{containerPort: 80}]}]}
status: {phase: Running, podIP: 10.0.0.1}
---
apiVersion: v1
kind: Pod
metadata: {name: b, namespace: prod, labels: {app: b}}
spec: {containers: [{name: main, ports: [{containerPort: 80}]}]}
status: {phase: Running, podIP: 10.0.0.2}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: b-from-a, namespace: prod}
spec:
  podSelector: {matchLabels: {app: b}}
  ingress: [{from: [{podSelector: {matchLabels: {app: a}}}]}]
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: l7-only, namespace: prod}
spec: {endpointSelector: {matchLabels: {app: b}}}
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: other, namespace: prod}
spec: {endpointSelector: {}}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: pass-monitoring}
spec: {order: 5, selector: all()}
`;

const IGNORED = [
  { kind: 'CiliumNetworkPolicy', apiVersion: 'cilium.io/v2', count: 2 },
  { kind: 'GlobalNetworkPolicy', apiVersion: 'projectcalico.org/v3', count: 1 },
];
const SENTENCE =
  'verdicts do not account for 2 CiliumNetworkPolicy (cilium.io/v2), 1 GlobalNetworkPolicy (projectcalico.org/v3): kubectl-netpol does not evaluate these policy kinds';

let dir: TempDir;
let files: string[];
let expectations: string;
let proposed: string;

beforeAll(() => {
  dir = new TempDir('netpol-ignored-');
  files = ['-f', dir.write('world.yaml', WORLD)];
  expectations = dir.write('expect.yaml', 'assertions:\n  - {from: prod/a, to: prod/b, port: 80, expect: allow}\n');
  proposed = dir.write(
    'proposed.yaml',
    'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: b-from-a, namespace: prod}\nspec: {podSelector: {matchLabels: {app: b}}}\n',
  );
});
afterAll(() => dir.cleanup());

const COMMANDS: Record<string, () => string[]> = {
  'can-reach': () => ['can-reach', 'prod/a', 'prod/b', '--port', '80'],
  'who-can-reach': () => ['who-can-reach', 'prod/b'],
  'reachable-from': () => ['reachable-from', 'prod/a'],
  coverage: () => ['coverage'],
  matrix: () => ['matrix'],
  assert: () => ['assert', expectations],
  lint: () => ['lint'],
  diff: () => ['diff', '--policies-from', proposed],
};

describe.each(Object.entries(COMMANDS))('%s', (_name, args) => {
  it('text: a warning on stderr and the same sentence as the first line of stdout', async () => {
    const r = await runCli([...args(), ...files]);
    expect(r.code).toBeLessThan(2);
    expect(r.stderr.split('\n')).toContain(`warning: ${SENTENCE}`);
    expect(r.stdout.split('\n')[0]).toBe(`WARNING: ${SENTENCE}`);
  });

  it('-o json: "ignored" lists each kind with its apiVersion and count', async () => {
    const r = await runCli([...args(), ...files, '-o', 'json']);
    expect(r.code).toBeLessThan(2);
    expect(JSON.parse(r.stdout).ignored).toEqual(IGNORED);
    expect(r.stderr).toContain(`warning: ${SENTENCE}`);
  });
});

describe('without such kinds', () => {
  it('nothing is said and -o json has no "ignored"', async () => {
    const plain = dir.write('plain.yaml', WORLD.split('---\napiVersion: cilium.io')[0]!);
    const r = await runCli(['can-reach', 'prod/a', 'prod/b', '-f', plain, '-o', 'json']);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).not.toHaveProperty('ignored');
  });
});

describe('snapshot', () => {
  it('says in its header which kinds it does not include', async () => {
    const r = await runCli(['snapshot', ...files]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toContain(`# Not included: ${SENTENCE}`);
    expect(r.stderr).toContain(`warning: ${SENTENCE}`);
  });
});

describe('--policies-from', () => {
  it('a proposed kind that is not evaluated counts too', async () => {
    const cilium = dir.write('cilium.yaml', 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: new, namespace: prod}\nspec: {endpointSelector: {}}\n');
    const r = await runCli(['can-reach', 'prod/a', 'prod/b', ...files, '--policies-from', cilium, '-o', 'json']);
    expect(JSON.parse(r.stdout).ignored).toEqual([{ ...IGNORED[0], count: 3 }, IGNORED[1]]);
  });
});

describe('the sentence', () => {
  it('says "count unknown" when the objects could not be listed', () => {
    expect(ignoredSentence([{ kind: 'CiliumNetworkPolicy', apiVersion: 'cilium.io/v2', count: null }])).toBe(
      'verdicts do not account for CiliumNetworkPolicy (cilium.io/v2, count unknown: listing them is forbidden): kubectl-netpol does not evaluate these policy kinds',
    );
  });

  it('the UI banner is one short line', () => {
    expect(ignoredBanner(IGNORED)).toBe('not evaluated: 2 CiliumNetworkPolicy, 1 GlobalNetworkPolicy: verdicts ignore them');
    expect(ignoredBanner([])).toBe('');
  });
});
