// A reader that closes early (`kubectl netpol --help | head -3`) ends the output quietly: no EPIPE
// stack on stderr, and the exit status the command would have had; the UI with no terminal at all
// prints the coverage report. Real processes, real pipes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, runBuilt, type BuiltCli } from '../fixtures/built-cli.js';

let cli: BuiltCli;
beforeAll(() => {
  cli = buildCli();
}, 180_000);
afterAll(() => cli?.cleanup());

describe('stdout closed by the reader before the command writes', () => {
  const cases: [string, string[], number][] = [
    ['--help', ['--help'], 0],
    ['who-can-reach --explain --denied (long output)', ['who-can-reach', '--demo', 'shop/deployment/cart', '--explain', '--denied'], 0],
    ['coverage -o json', ['coverage', '--demo', '-o', 'json'], 0],
    ['can-reach that is denied keeps exit 1', ['can-reach', '--demo', 'shop/deployment/frontend', 'shop/statefulset/redis'], 1],
  ];
  for (const [name, argv, code] of cases) {
    it(`${name}: exit ${code}, nothing on stderr`, async () => {
      const r = await runBuilt(cli, argv, { closeStdout: true });
      expect(r.stderr).toBe('');
      expect(r.signal).toBeNull();
      expect(r.code).toBe(code);
    });
  }

  it('with stdout open the same command prints in full (the pipe is the only difference)', async () => {
    const r = await runBuilt(cli, ['can-reach', '--demo', 'shop/deployment/frontend', 'shop/statefulset/redis']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^DENIED: shop\/deployment\/frontend -> shop\/statefulset\/redis\n/);
  });

  it('errors still reach stderr when stdout is closed', async () => {
    const r = await runBuilt(cli, ['can-reach', '--demo', 'shop/nope', 'shop/statefulset/redis'], { closeStdout: true });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: FROM: pod shop/nope not found\n');
  });
});

describe('the UI without a terminal', () => {
  it('stdin from /dev/null and stdout a pipe: the coverage report, exit 0, nothing on stderr', async () => {
    const r = await runBuilt(cli, ['--demo'], { stdinFile: '/dev/null' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^demo cluster, all namespaces:\n17 pods: 70\.5% isolated for ingress \(12\), 58\.8% for egress \(10\)\n/);
  });
});
