// `kubectl netpol --version` and `kubectl netpol version`: version, git commit and build date.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runCli } from '../fixtures/cli.js';
import { buildInfo, VERSION, versionLine } from '../../src/cli/version.js';

const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };

describe('version', () => {
  it('is the package version', () => {
    expect(VERSION).toBe(pkg.version);
  });

  it('--version says a tsc build is a development build', async () => {
    const r = await runCli(['--version']);
    expect(r).toEqual({ code: 0, stdout: `kubectl-netpol v${pkg.version} (development build)\n`, stderr: '' });
  });

  it('--version of a release build names the commit and the build date', () => {
    const line = versionLine({ version: '1.2.3', commit: '0123456789abcdef0123456789abcdef01234567', buildDate: '2026-01-02T03:04:05Z', runtime: 'bun 1.0.0' });
    expect(line).toBe('kubectl-netpol v1.2.3 (commit 0123456789abcdef0123456789abcdef01234567, built 2026-01-02T03:04:05Z)');
  });

  it('version -o json and -o yaml print version, commit, build date and runtime', async () => {
    const expected = { apiVersion: 'netpol.kubectl.io/v1alpha1', kind: 'Version', source: 'kubectl-netpol', version: pkg.version, commit: 'unknown', buildDate: 'unknown', runtime: `node ${process.version}` };
    const json = await runCli(['version', '-o', 'json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(expected);
    const yaml = await runCli(['version', '-o', 'yaml']);
    expect(yaml.code).toBe(0);
    expect(parseYaml(yaml.stdout)).toEqual(expected);
  });

  it('version prints one field a line', async () => {
    const r = await runCli(['version']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toEqual([`Version:    v${pkg.version}`, 'Commit:     unknown', 'Build date: unknown', `Runtime:    node ${process.version}`, '']);
  });

  it('names the runtime: bun for the standalone binaries, node otherwise', () => {
    expect(buildInfo({ ...process.versions, bun: '1.4.5' } as NodeJS.ProcessVersions).runtime).toBe('bun 1.4.5');
    expect(buildInfo({ ...process.versions, node: '24.1.0' }).runtime).toBe('node v24.1.0');
  });

  it('an unknown -o is a usage error', async () => {
    const r = await runCli(['version', '-o', 'xml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("argument 'xml' is invalid");
  });
});
