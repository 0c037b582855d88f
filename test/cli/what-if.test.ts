// --policies-from / --without-policy on every command: each answers for the proposed state and says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, TempDir, type CliResult } from '../fixtures/cli.js';
import { writeWorld } from '../fixtures/cli-world.js';
import { widenScope, type OverlayInput } from '../../src/cli/what-if.js';

let dir: TempDir;
let world: ReturnType<typeof writeWorld>;
let proposal: string;
let expectations: string;

/** Proposed: x/b also admits x/c (same ports), and x/web pods become isolated for ingress. */
const PROPOSAL = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: b-ingress, namespace: x}
spec:
  podSelector: {matchLabels: {pod: b}}
  ingress:
  - from:
    - podSelector: {matchLabels: {pod: a}}
    - podSelector: {matchLabels: {pod: c}}
    ports:
    - port: 80
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-deny, namespace: x}
spec:
  podSelector: {matchLabels: {app: web}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: ignored, namespace: x}
`;

beforeAll(() => {
  dir = new TempDir('netpol-what-if-');
  world = writeWorld(dir);
  proposal = dir.write('proposal.yaml', PROPOSAL);
  expectations = dir.write('expect.yaml', 'assertions:\n  - {from: x/c, to: x/b, port: 80, expect: allow}\n');
});
afterAll(() => dir.cleanup());

const cli = (...args: string[]): Promise<CliResult> => runCli([...args, ...world.files]);
const whatIf = (...args: string[]): Promise<CliResult> => cli(...args, '--policies-from', proposal);
const HEADER = /^what-if: files: .*base\.yaml, .*policies\.yaml with policies from .*proposal\.yaml \(1 replaced, 1 added\)$/;

describe('what-if on every command', () => {
  it('can-reach: answers for the proposed policies, with a what-if line first', async () => {
    const current = await cli('can-reach', 'x/c', 'x/b', '--port', '80');
    expect(current.code).toBe(1);
    expect(current.stdout).not.toContain('what-if');
    const r = await whatIf('can-reach', 'x/c', 'x/b', '--port', '80');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(HEADER);
    expect(lines[1]).toBe('');
    expect(lines[2]).toBe('ALLOWED: x/c -> x/b on TCP 80');
    expect(r.stdout).toContain('admitted by x/b-ingress spec.ingress[0].from[1]');
    const json = await whatIf('can-reach', 'x/c', 'x/b', '--port', '80', '-o', 'json');
    expect((JSON.parse(json.stdout) as { verdict: string }).verdict).toBe('allowed');
  });

  it('who-can-reach: the proposed sources, the what-if in the header', async () => {
    const r = await whatIf('who-can-reach', 'x/b', '-o', 'json');
    const view = JSON.parse(r.stdout) as { source: string; pods: { peer: string; ports: unknown }[] };
    expect(view.source).toMatch(HEADER);
    expect(view.pods.map((p) => [p.peer, p.ports])).toEqual([
      ['a', { TCP: ['80'] }],
      ['c', { TCP: ['80'] }],
    ]);
    const text = await whatIf('who-can-reach', 'x/b');
    expect(text.stdout.split('\n')[0]).toMatch(/^Who can reach x\/b \[what-if: files: /);
  });

  it('reachable-from: x/c now reaches x/b, and no longer the isolated web pods', async () => {
    const r = await whatIf('reachable-from', 'x/c', '-o', 'json');
    const view = JSON.parse(r.stdout) as { source: string; pods: { peer: string }[] };
    expect(view.source).toMatch(HEADER);
    const peers = view.pods.map((p) => p.peer);
    expect(peers).toContain('b');
    expect(peers).not.toContain('web-1');
    const current = JSON.parse((await cli('reachable-from', 'x/c', '-o', 'json')).stdout) as { pods: { peer: string }[] };
    expect(current.pods.map((p) => p.peer)).toContain('web-1');
  });

  it('coverage: isolation of the proposed state, header first', async () => {
    const r = await whatIf('coverage', '-o', 'json');
    const view = JSON.parse(r.stdout) as { source: string; workloads: { name: string; ingress: string }[] };
    expect(view.source).toMatch(HEADER);
    expect(view.workloads.filter((w) => w.name.startsWith('web-')).map((w) => w.ingress)).toEqual(['isolated', 'isolated']);
    const text = await whatIf('coverage');
    // The header may wrap at 80 columns: compare it with the line breaks folded.
    expect(text.stdout.replace(/\s+/g, ' ')).toMatch(/^what-if: files: \S*base\.yaml, \S*policies\.yaml with policies from \S*proposal\.yaml \(1 replaced, 1 added\), all namespaces:/);
  });

  it('matrix: edges of the proposed state, the what-if line above the grid', async () => {
    type Matrix = { nodes: { label: string }[]; edges: { from: number; to: number }[] };
    const edges = (m: Matrix) => m.edges.map((e) => `${m.nodes[e.from]!.label} -> ${m.nodes[e.to]!.label}`);
    const proposed = edges(JSON.parse((await whatIf('matrix', '-o', 'json')).stdout) as Matrix);
    const current = edges(JSON.parse((await cli('matrix', '-o', 'json')).stdout) as Matrix);
    expect(proposed).toContain('x/c -> x/b');
    expect(current).not.toContain('x/c -> x/b');
    expect(current).toContain('x/a -> x/web-1');
    expect(proposed).not.toContain('x/a -> x/web-1');
    const text = await whatIf('matrix');
    expect(text.stdout.split('\n')[0]).toMatch(HEADER);
    expect((await cli('matrix')).stdout).not.toContain('what-if');
  });

  it('assert: expectations are checked against the proposed state', async () => {
    const current = await cli('assert', expectations);
    expect(current.code).toBe(1);
    const r = await whatIf('assert', expectations);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(HEADER);
    expect(r.stdout).toMatch(/\n1 passed, 0 failed\n$/);
  });

  it('snapshot: writes the proposed policies', async () => {
    const r = await whatIf('snapshot');
    expect(r.stdout).toContain('# kubectl-netpol snapshot of what-if: files:');
    expect(r.stdout).toContain('name: web-deny');
  });

  it('diff: compares current and proposed', async () => {
    const r = await whatIf('diff', '-o', 'json');
    const view = JSON.parse(r.stdout) as { source: string; connections: { opened: { from: string; to: string }[] } };
    expect(view.source).toMatch(HEADER);
    expect(view.connections.opened.map((c) => `${c.from} -> ${c.to}`)).toEqual(['x/c -> x/b']);
  });

  it('--without-policy alone removes a policy for every command', async () => {
    const r = await cli('can-reach', 'x/c', 'x/b', '--port', '80', '--without-policy', 'x/b-ingress');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^what-if: files: .* without x\/b-ingress$/);
  });
});

describe('--policies-from input', () => {
  it('reads a directory and stdin, like -f', async () => {
    const sub = new TempDir('netpol-what-if-dir-');
    try {
      sub.write('b.yaml', PROPOSAL);
      const fromDir = await cli('can-reach', 'x/c', 'x/b', '--port', '80', '--policies-from', sub.path);
      expect(fromDir.code).toBe(0);
    } finally {
      sub.cleanup();
    }
    const fromStdin = await runCli(['can-reach', 'x/c', 'x/b', '--port', '80', ...world.files, '--policies-from', '-'], { stdin: PROPOSAL });
    expect(fromStdin.code).toBe(0);
    expect(fromStdin.stdout.split('\n')[0]).toMatch(/with policies from - \(1 replaced, 1 added\)$/);
  });

  it('-f - and --policies-from - cannot both read stdin', async () => {
    const r = await runCli(['coverage', '-f', '-', '--policies-from', '-'], { stdin: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: -f - and --policies-from - cannot both read stdin\n');
  });

  it('a file without NetworkPolicies is a warning, not a silent no-op', async () => {
    const empty = dir.write('nothing.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n');
    const r = await cli('coverage', '--policies-from', empty);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`warning: --policies-from ${empty}: no NetworkPolicy found\n`);
  });

  it('a proposed policy without a namespace lands in -n, as kubectl apply would', async () => {
    const file = dir.write('nons.yaml', 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: c-deny}\nspec:\n  podSelector: {matchLabels: {pod: c}}\n');
    const r = await cli('diff', '-n', 'x', '--policies-from', file, '-o', 'json');
    expect((JSON.parse(r.stdout) as { policies: { added: string[] } }).policies.added).toEqual(['x/c-deny']);
  });
});

describe('widenScope (live cluster reads)', () => {
  const input: OverlayInput = {
    paths: ['p.yaml'],
    objects: [
      { object: { kind: 'NetworkPolicy', metadata: { name: 'a', namespace: 'prod' }, spec: {} }, origin: { file: 'p.yaml', doc: 1 } },
      { object: { kind: 'NetworkPolicy', metadata: { name: 'b' }, spec: {} }, origin: { file: 'p.yaml', doc: 2 } },
    ],
    remove: [{ namespace: 'legacy', name: 'old' }],
  };

  it('adds the namespaces of proposed and removed policies to a limited scope', () => {
    const scope = widenScope((ns) => ({ namespaces: [ns] }), input)('dev');
    expect(scope).toEqual({ namespaces: ['dev', 'prod', 'legacy'] });
  });

  it('leaves "all" alone, and without an overlay changes nothing', () => {
    expect(widenScope(() => ({ namespaces: 'all' }), input)('dev')).toEqual({ namespaces: 'all' });
    const scopeFor = (ns: string) => ({ namespaces: [ns] });
    expect(widenScope(scopeFor, undefined)).toBe(scopeFor);
  });
});
