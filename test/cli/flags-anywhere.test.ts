// kubectl conventions for flags: anywhere on the line, only where they mean something, checked
// before anything is read.
import { describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { runCli } from '../fixtures/cli.js';
import { hoistCommand } from '../../src/cli/argv.js';

describe('flags before the command', () => {
  const program = new Command('p');
  program.command('coverage').option('-n, --namespace <ns>').option('--demo');
  program.command('can-reach').option('--port <port>');

  it.each([
    [['--demo', 'coverage'], ['coverage', '--demo']],
    [['-n', 'coverage', 'coverage'], ['coverage', '-n', 'coverage']],
    [['--namespace=x', 'coverage', '-o', 'json'], ['coverage', '--namespace=x', '-o', 'json']],
    [['coverage', '--demo'], ['coverage', '--demo']],
    [['--demo'], ['--demo']],
    [['--', 'coverage'], ['--', 'coverage']],
  ])('%j -> %j', (argv, expected) => {
    expect(hoistCommand(argv, program)).toEqual(expected);
  });

  it('kubectl netpol --demo coverage answers as kubectl netpol coverage --demo', async () => {
    const before = await runCli(['--demo', '-n', 'shop', 'coverage', '-o', 'json']);
    const after = await runCli(['coverage', '--demo', '-n', 'shop', '-o', 'json']);
    expect(before.code).toBe(0);
    expect(before.stdout).toBe(after.stdout);
    expect(JSON.parse(before.stdout).namespaces.map((n: { name: string }) => n.name)).toEqual(['shop']);
  });
});

describe('flags only where they mean something, checked first', () => {
  it('can-reach -A is a usage error: its targets name their namespaces', async () => {
    const r = await runCli(['can-reach', '-A', '--demo', 'shop/deployment/frontend', 'shop/deployment/cart']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: unknown option '-A'\n");
  });

  it('--demo with --context is one sentence naming both', async () => {
    const r = await runCli(['coverage', '--demo', '--context', 'prod']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: --context selects a cluster, but --demo reads no cluster\n');
  });

  it('--request-timeout is checked with -f too', async () => {
    const r = await runCli(['coverage', '--demo', '--request-timeout', 'soon']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: --request-timeout: "soon" is not a duration (e.g. 10s, 1m)\n');
  });
});
