// kubectl finds bin/kubectl-netpol on PATH and runs it as `kubectl netpol`, arguments and exit code intact.
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const hasKubectl = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;

describe.runIf(hasKubectl)('through kubectl plugin lookup', () => {
  // Node first on PATH as well, as it would be for a user whose node is new enough.
  const env = { ...process.env, PATH: `${join(ROOT, 'bin')}:${dirname(process.execPath)}:${process.env['PATH']}`, NO_COLOR: '1' };

  it('kubectl plugin list shows it', () => {
    const r = spawnSync('kubectl', ['plugin', 'list'], { env, encoding: 'utf8' });
    expect(r.stdout).toContain(join(ROOT, 'bin', 'kubectl-netpol'));
  });

  it('kubectl netpol passes arguments and the exit code through', () => {
    const allowed = spawnSync('kubectl', ['netpol', 'can-reach', '--demo', 'shop/deployment/frontend', 'shop/deployment/cart', '--port', '7070'], { env, encoding: 'utf8' });
    expect(allowed.status).toBe(0);
    expect(allowed.stdout).toMatch(/^ALLOWED: shop\/deployment\/frontend -> shop\/deployment\/cart on TCP 7070/);
    const denied = spawnSync('kubectl', ['netpol', 'can-reach', '--demo', 'shop/deployment/frontend', 'shop/statefulset/redis'], { env, encoding: 'utf8' });
    expect(denied.status).toBe(1);
    const bad = spawnSync('kubectl', ['netpol', 'can-reach', '--demo', 'shop/nope', 'shop/statefulset/redis'], { env, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('error: FROM: pod shop/nope not found\n');
  });

  it('kubectl completes commands, flags and targets through kubectl_complete-netpol', () => {
    const complete = (...words: string[]) =>
      spawnSync('kubectl', ['__complete', 'netpol', ...words], { env, encoding: 'utf8' }).stdout.split('\n').filter((l) => l !== '');
    expect(complete('who-')).toEqual(['who-can-reach', ':4']);
    expect(complete('coverage', '--fail-')).toEqual(['--fail-under', '--fail-on', ':4']);
    expect(complete('matrix', '-o', 'm')).toEqual(['mermaid', ':4']);
    expect(complete('can-reach', '--demo', 'sh')).toEqual(['shop/', ':4']);
    expect(complete('can-reach', '--demo', 'shop/deployment/ca')).toEqual(['shop/deployment/cart', 'shop/deployment/catalog', ':4']);
  });
});
