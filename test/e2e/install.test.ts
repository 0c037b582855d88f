// Installing the way kubectl users do: the linux/amd64 krew archive through real krew
// (`kubectl krew install --manifest --archive`) with no Node on PATH, and the npm package through
// `npm install -g` into a temporary prefix. Both built by `npm run release`, twice, to the same bytes.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../fixtures/cli.js';
import { Terminal, tmuxAvailable } from '../tty/tmux.js';
// @ts-expect-error: a plain ESM script without type declarations
import { readTarGz } from '../../scripts/release/archive.mjs';
// @ts-expect-error: a plain ESM script without type declarations
import { pluginManifest } from '../../scripts/release/manifest.mjs';
// @ts-expect-error: a plain ESM script without type declarations
import { archiveName, PLATFORMS } from '../../scripts/release/platforms.mjs';

const ROOT = resolve(import.meta.dirname, '..', '..');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
/** Only this version of krew is on the Go module proxy this project can reach. */
const KREW_VERSION = 'v0.4.3';
const KREW_BIN = join(ROOT, '.cache', 'krew', KREW_VERSION);
/** Node >= 22 for the release script, npm and the npm package: the project's pinned devDependency, else this one. */
const NODE_DIR = existsSync(join(ROOT, 'node_modules', 'node', 'bin', 'node')) ? join(ROOT, 'node_modules', 'node', 'bin') : dirname(process.execPath);

const has = (command: string, ...args: string[]) => spawnSync(command, args, { stdio: 'ignore' }).status === 0;
const linuxAmd64 = process.platform === 'linux' && process.arch === 'x64';
const hasKubectl = has('kubectl', 'version', '--client');
const hasGo = has('go', 'version');
/** A Node older than 22 on the usual PATH (Debian's, here), to try the npm package's launcher with. */
const OLD_NODE = (() => {
  const r = spawnSync('/bin/sh', ['-c', 'command -v node && node -p process.versions.node'], { encoding: 'utf8', env: { PATH: '/usr/local/bin:/usr/bin:/bin' } });
  const [path, version] = String(r.stdout ?? '').split('\n');
  return r.status === 0 && path && version && Number(version.split('.')[0]) < 22 ? { path, version } : undefined;
})();
if (process.env['CI'] === 'true' && !(linuxAmd64 && hasKubectl && hasGo)) throw new Error('install test: CI needs linux/amd64 with kubectl and Go');

function run(command: string, args: readonly string[], options: SpawnSyncOptions = {}) {
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, ...options });
  return { status: r.status, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), error: r.error };
}

function mustRun(what: string, command: string, args: readonly string[], options: SpawnSyncOptions = {}) {
  const r = run(command, args, options);
  if (r.status !== 0) throw new Error(`${what} failed (${r.status ?? r.error?.message}):\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** krew and its manifest validator, built once from the Go module proxy and kept under .cache/krew. */
function buildKrew(): void {
  if (existsSync(join(KREW_BIN, 'krew')) && existsSync(join(KREW_BIN, 'validate-krew-manifest'))) return;
  const gobin = `${KREW_BIN}.tmp-${process.pid}`;
  mustRun('go install krew', 'go', ['install', `sigs.k8s.io/krew/cmd/krew@${KREW_VERSION}`, `sigs.k8s.io/krew/cmd/validate-krew-manifest@${KREW_VERSION}`], {
    env: { ...process.env, GOBIN: gobin, GOFLAGS: '-mod=mod', CGO_ENABLED: '0' },
  });
  rmSync(KREW_BIN, { recursive: true, force: true });
  renameSync(gobin, KREW_BIN);
}

function release(out: string): string {
  return mustRun('npm run release', join(NODE_DIR, 'node'), [join(ROOT, 'scripts', 'release', 'release.mjs'), '--platform', 'linux/amd64', '--out', out], {
    cwd: ROOT,
    env: { ...process.env, PATH: `${NODE_DIR}:${process.env['PATH']}` },
  });
}

describe.runIf(linuxAmd64)('release artifacts, installed', () => {
  let tmp: string;
  let out: string;
  let expectedCoverage: string;
  const timings: string[] = [];
  const timed = <T>(label: string, f: () => T): T => {
    const start = performance.now();
    const result = f();
    timings.push(`${label} ${((performance.now() - start) / 1000).toFixed(1)}s`);
    return result;
  };

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'netpol-install-'));
    out = join(tmp, 'release');
    timed('release', () => release(out));
    expectedCoverage = (await runCli(['coverage', '--demo'])).stdout;
  });
  afterAll(() => {
    process.stderr.write(`install test: ${timings.join(', ')}\n`);
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('writes the archive, plugin.yaml, the npm package and their checksums', () => {
    const archive = `kubectl-netpol_v${VERSION}_linux_amd64.tar.gz`;
    expect(readdirSync(out).sort()).toEqual(['SHA256SUMS', `kubectl-netpol-${VERSION}.tgz`, archive, 'plugin.yaml']);
    const files = readTarGz(readFileSync(join(out, archive))) as Map<string, { mode: number }>;
    expect([...files.keys()]).toEqual(['LICENSE', 'THIRD_PARTY_NOTICES', 'kubectl-netpol', 'kubectl_complete-netpol']);
    expect(files.get('kubectl-netpol')?.mode).toBe(0o755);
    expect(files.get('kubectl_complete-netpol')?.mode).toBe(0o755);
    const sums = readFileSync(join(out, 'SHA256SUMS'), 'utf8');
    expect(mustRun('sha256sum', 'sha256sum', ['--check', '--strict', 'SHA256SUMS'], { cwd: out })).toContain(`${archive}: OK`);
    expect(sums.trim().split('\n')).toHaveLength(3);
  });

  it('builds the same bytes twice from the same commit', () => {
    // From a copy of HEAD, so that edits made meanwhile in this working tree cannot change the input.
    const snapshot = join(tmp, 'snapshot');
    mkdirSync(join(snapshot, '.cache', 'release'), { recursive: true });
    const tarball = spawnSync('git', ['archive', '--format=tar', 'HEAD'], { cwd: ROOT, maxBuffer: 1024 * 1024 * 1024 });
    expect(tarball.status).toBe(0);
    expect(spawnSync('tar', ['-x', '-C', snapshot], { input: tarball.stdout }).status).toBe(0);
    symlinkSync(join(ROOT, 'node_modules'), join(snapshot, 'node_modules'));
    if (existsSync(join(ROOT, '.cache', 'release', 'runtimes'))) symlinkSync(join(ROOT, '.cache', 'release', 'runtimes'), join(snapshot, '.cache', 'release', 'runtimes'));
    const env = { ...process.env, PATH: `${NODE_DIR}:${process.env['PATH']}`, SOURCE_DATE_EPOCH: mustRun('git log', 'git', ['log', '-1', '--format=%ct', 'HEAD'], { cwd: ROOT }).trim() };
    const build = (dir: string) => {
      mustRun('npm run release (snapshot)', join(NODE_DIR, 'node'), [join(snapshot, 'scripts', 'release', 'release.mjs'), '--platform', 'linux/amd64', '--out', dir], { cwd: snapshot, env });
      return readFileSync(join(dir, 'SHA256SUMS'), 'utf8');
    };
    const first = timed('release from HEAD', () => build(join(tmp, 'head-1')));
    const second = timed('release from HEAD again', () => build(join(tmp, 'head-2')));
    expect(first.split('\n')).toHaveLength(4);
    expect(second).toBe(first);
  }, 600_000);

  describe('the npm package', () => {
    let prefix: string;
    const tgz = () => join(out, `kubectl-netpol-${VERSION}.tgz`);
    beforeAll(() => {
      prefix = join(tmp, 'npm-prefix');
      timed('npm install -g', () =>
        mustRun('npm install -g', 'npm', ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', '--ignore-scripts', tgz()], {
          env: { ...process.env, PATH: `${NODE_DIR}:${process.env['PATH']}` },
        }),
      );
    });

    it('holds the bundle, launchers, license and notices: no sources, tests or fixtures', () => {
      const names = [...(readTarGz(readFileSync(tgz())) as Map<string, unknown>).keys()].sort();
      expect(names.filter((n) => !/^package\/lib\/chunks\/[\w-]+\.mjs$/.test(n))).toEqual([
        'package/LICENSE',
        'package/README.md',
        'package/THIRD_PARTY_NOTICES',
        'package/bin/kubectl-netpol.mjs',
        'package/bin/kubectl_complete-netpol.mjs',
        'package/lib/entry.mjs',
        'package/package.json',
      ]);
      // Installed without dependencies: everything is in the bundle.
      expect(readdirSync(join(prefix, 'lib', 'node_modules'))).toEqual(['kubectl-netpol']);
      expect(existsSync(join(prefix, 'lib', 'node_modules', 'kubectl-netpol', 'node_modules'))).toBe(false);
    });

    it('runs kubectl-netpol coverage --demo from PATH', () => {
      const r = run('kubectl-netpol', ['coverage', '--demo'], { env: { ...process.env, PATH: `${join(prefix, 'bin')}:${NODE_DIR}:/usr/bin:/bin` } });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(expectedCoverage);
    });

    it.runIf(hasKubectl)('kubectl completes through the kubectl_complete-netpol npm linked', () => {
      const r = run('kubectl', ['__complete', 'netpol', 'coverage', '--fail-'], { env: { ...process.env, PATH: `${join(prefix, 'bin')}:${NODE_DIR}:${process.env['PATH']}` } });
      expect(r.stdout.split('\n').filter((l) => l !== '')).toEqual(['--fail-under', '--fail-on', ':4']);
    });

    it.runIf(OLD_NODE)('says in one line that an older Node is too old', () => {
      const r = run('kubectl-netpol', ['--version'], { env: { PATH: `${join(prefix, 'bin')}:${dirname(OLD_NODE!.path)}` } });
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(`error: kubectl-netpol needs Node.js 22 or newer (this is v${OLD_NODE!.version}); the standalone binaries need no Node at all\n`);
    });
  });

  describe.runIf(hasKubectl && hasGo)('through krew, with no Node on PATH', () => {
    let env: Record<string, string>;
    beforeAll(() => {
      timed('build krew', buildKrew);
      const tools = join(tmp, 'tools');
      mkdirSync(tools);
      // kubectl and krew only: kubectl's own directory may hold a node as well.
      const kubectl = realpathSync(mustRun('which kubectl', '/bin/sh', ['-c', 'command -v kubectl']).trim());
      symlinkSync(kubectl, join(tools, 'kubectl'));
      symlinkSync(join(KREW_BIN, 'krew'), join(tools, 'kubectl-krew'));
      const krewRoot = join(tmp, 'krew');
      env = { HOME: join(tmp, 'home'), KREW_ROOT: krewRoot, PATH: `${join(krewRoot, 'bin')}:${tools}`, NO_COLOR: '1', TERM: 'xterm-256color' };
      mkdirSync(env['HOME']!);
      timed('krew install', () =>
        mustRun('kubectl krew install', 'kubectl', ['krew', 'install', `--manifest=${join(out, 'plugin.yaml')}`, `--archive=${join(out, `kubectl-netpol_v${VERSION}_linux_amd64.tar.gz`)}`], { env }),
      );
    });

    it('has no node on PATH', () => {
      expect(run('/bin/sh', ['-c', 'command -v node'], { env }).status).not.toBe(0);
      expect(run('/bin/sh', ['-c', 'command -v kubectl-netpol'], { env }).stdout).toBe(`${join(env['KREW_ROOT']!, 'bin', 'kubectl-netpol')}\n`);
    });

    it('plugin.yaml passes krew validation, and so does the manifest of all five platforms', () => {
      const dir = join(tmp, 'validate');
      mkdirSync(dir);
      // The validator takes the plugin's name from the file name.
      copyFileSync(join(out, 'plugin.yaml'), join(dir, 'netpol.yaml'));
      mustRun('validate-krew-manifest', join(KREW_BIN, 'validate-krew-manifest'), ['-manifest', join(dir, 'netpol.yaml'), '-skip-install'], { env });
      const all = pluginManifest(readFileSync(join(ROOT, 'plugin.yaml'), 'utf8'), {
        version: VERSION,
        baseUrl: 'https://example.test/download',
        archives: PLATFORMS.map((p: { os: string; arch: string }) => ({ os: p.os, arch: p.arch, file: archiveName(p, VERSION), sha256: 'a'.repeat(64), bin: p.os === 'windows' ? 'kubectl-netpol.exe' : 'kubectl-netpol' })),
      });
      mkdirSync(join(dir, 'all'));
      writeFileSync(join(dir, 'all', 'netpol.yaml'), all);
      mustRun('validate-krew-manifest (five platforms)', join(KREW_BIN, 'validate-krew-manifest'), ['-manifest', join(dir, 'all', 'netpol.yaml'), '-skip-install'], { env });
    });

    it('krew keeps a receipt of the version installed', () => {
      const receipt = parseYaml(readFileSync(join(env['KREW_ROOT']!, 'receipts', 'netpol.yaml'), 'utf8')) as { metadata: { name: string }; spec: { version: string } };
      expect(receipt.metadata.name).toBe('netpol');
      expect(receipt.spec.version).toBe(`v${VERSION}`);
    });

    it('kubectl netpol --version names the version, the git commit and the build date', () => {
      const r = run('kubectl', ['netpol', '--version'], { env });
      expect(r.status).toBe(0);
      const m = /^kubectl-netpol v(\S+) \(commit ([0-9a-f]{40})(-dirty)?, built (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)\)\n$/.exec(r.stdout);
      expect(m?.[1]).toBe(VERSION);
      expect(run('git', ['cat-file', '-e', `${m?.[2]}^{commit}`], { cwd: ROOT }).status).toBe(0);
      const json = JSON.parse(run('kubectl', ['netpol', 'version', '-o', 'json'], { env }).stdout) as Record<string, string>;
      expect(json).toMatchObject({ version: VERSION, commit: `${m?.[2]}${m?.[3] ?? ''}`, buildDate: m?.[4], runtime: expect.stringMatching(/^bun \d+\.\d+\.\d+$/) });
    });

    it('kubectl netpol coverage --demo prints what the CLI prints', () => {
      const r = run('kubectl', ['netpol', 'coverage', '--demo'], { env });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(expectedCoverage);
    });

    it('exit codes pass through: a bad target is exit 2 with one line', () => {
      const r = run('kubectl', ['netpol', 'can-reach', '--demo', 'shop/nope', 'shop/statefulset/redis'], { env });
      expect(r.status).toBe(2);
      expect(r.stderr).toBe('error: FROM: pod shop/nope not found\n');
    });

    it('completes through kubectl_complete-netpol linked beside the plugin, as the caveats say', () => {
      const store = dirname(realpathSync(join(env['KREW_ROOT']!, 'bin', 'kubectl-netpol')));
      symlinkSync(join(store, 'kubectl_complete-netpol'), join(env['KREW_ROOT']!, 'bin', 'kubectl_complete-netpol'));
      const r = run('kubectl', ['__complete', 'netpol', 'who-'], { env });
      expect(r.stdout.split('\n').filter((l) => l !== '')).toEqual(['who-can-reach', ':4']);
    });

    it.runIf(tmuxAvailable())('opens the UI in a terminal and quits with q', async () => {
      const terminal = new Terminal(`kubectl netpol --demo; echo "EXIT=$?"; /bin/sleep 30`, env);
      try {
        expect(await terminal.waitFor('WARNINGS')).toContain('kubectl-netpol demo cluster');
        await terminal.press('q');
        expect(await terminal.waitFor('EXIT=')).toContain('EXIT=0');
      } finally {
        terminal.close();
      }
    });
  });
});
