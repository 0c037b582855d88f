// The release build's parts: reproducible archives that tar and unzip read, the krew manifest from
// the template, the npm package.json, platform names, and the bundle (the UI in chunks of its own).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script without type declarations
import { readTarGz, tarGz, zip } from '../../scripts/release/archive.mjs';
// @ts-expect-error: a plain ESM script without type declarations
import { bundleCli } from '../../scripts/release/bundle.mjs';
// @ts-expect-error: a plain ESM script without type declarations
import { pluginManifest, releaseBaseUrl } from '../../scripts/release/manifest.mjs';
// @ts-expect-error: a plain ESM script without type declarations
import { checkMachOSignature } from '../../scripts/release/macho.mjs';
// @ts-expect-error: a plain ESM script without type declarations
import { npmPackageJson } from '../../scripts/release/npm-package.mjs';
// @ts-expect-error: a plain ESM script without type declarations
import { archiveName, hostPlatform, PLATFORMS, selectPlatforms } from '../../scripts/release/platforms.mjs';

const ROOT = resolve(import.meta.dirname, '..', '..');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'netpol-release-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

type Entry = { name: string; data: Buffer; executable?: boolean };
const ENTRIES: Entry[] = [
  { name: 'kubectl-netpol', data: Buffer.from('#!/bin/sh\necho binary\n'), executable: true },
  { name: 'LICENSE', data: Buffer.from('license text\n'.repeat(100)) },
  { name: 'kubectl_complete-netpol', data: Buffer.from('#!/bin/sh\n'), executable: true },
];
const MTIME = Date.UTC(2026, 0, 2, 3, 4, 6) / 1000;

describe('tar.gz archives', () => {
  it('are the same bytes for the same files in any order', () => {
    expect(tarGz(ENTRIES, MTIME).equals(tarGz([...ENTRIES].reverse(), MTIME))).toBe(true);
    expect(tarGz(ENTRIES, MTIME).equals(tarGz(ENTRIES, MTIME + 1))).toBe(false);
  });

  it('are read by tar with names sorted, modes, owner root and the given date', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.tar.gz'), tarGz(ENTRIES, MTIME));
    const listing = spawnSync('tar', ['--numeric-owner', '--full-time', '-tvzf', join(dir, 'a.tar.gz')], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
    expect(listing.status).toBe(0);
    expect(listing.stdout.trim().split('\n').map((l) => l.split(/\s+/))).toEqual([
      ['-rw-r--r--', '0/0', String(ENTRIES[1]!.data.length), '2026-01-02', '03:04:06', 'LICENSE'],
      ['-rwxr-xr-x', '0/0', String(ENTRIES[0]!.data.length), '2026-01-02', '03:04:06', 'kubectl-netpol'],
      ['-rwxr-xr-x', '0/0', String(ENTRIES[2]!.data.length), '2026-01-02', '03:04:06', 'kubectl_complete-netpol'],
    ]);
    const extracted = spawnSync('tar', ['-xzf', join(dir, 'a.tar.gz'), '-C', dir]);
    expect(extracted.status).toBe(0);
    expect(readFileSync(join(dir, 'LICENSE'))).toEqual(ENTRIES[1]!.data);
  });

  it('are read back by readTarGz with contents and modes', () => {
    const files = readTarGz(tarGz(ENTRIES, MTIME)) as Map<string, { data: Buffer; mode: number }>;
    expect([...files.keys()]).toEqual(['LICENSE', 'kubectl-netpol', 'kubectl_complete-netpol']);
    expect(files.get('kubectl-netpol')).toEqual({ data: ENTRIES[0]!.data, mode: 0o755 });
  });

  it('refuse a name that climbs out of the archive', () => {
    expect(() => tarGz([{ name: '../evil', data: Buffer.alloc(1) }], MTIME)).toThrow('archive entry name not allowed: ../evil');
  });
});

describe('zip archives', () => {
  it('are the same bytes for the same files in any order', () => {
    expect(zip(ENTRIES, MTIME).equals(zip([...ENTRIES].reverse(), MTIME))).toBe(true);
  });

  it('are read by Python zipfile with contents, Unix modes and the given date', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.zip'), zip(ENTRIES, MTIME));
    const script =
      'import json, sys, zipfile\n' +
      'z = zipfile.ZipFile(sys.argv[1])\n' +
      'assert z.testzip() is None\n' +
      'print(json.dumps([[i.filename, oct(i.external_attr >> 16), list(i.date_time), z.read(i).decode()] for i in z.infolist()]))\n';
    const r = spawnSync('python3', ['-c', script, join(dir, 'a.zip')], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual([
      ['LICENSE', '0o100644', [2026, 1, 2, 3, 4, 6], ENTRIES[1]!.data.toString()],
      ['kubectl-netpol', '0o100755', [2026, 1, 2, 3, 4, 6], ENTRIES[0]!.data.toString()],
      ['kubectl_complete-netpol', '0o100755', [2026, 1, 2, 3, 4, 6], ENTRIES[2]!.data.toString()],
    ]);
  });
});

describe('plugin.yaml', () => {
  const template = readFileSync(join(ROOT, 'plugin.yaml'), 'utf8');
  const sha = (c: string) => c.repeat(64);

  it('fills the template with the version and one platform per archive', () => {
    const archives = [
      { os: 'linux', arch: 'amd64', file: 'kubectl-netpol_v1.2.3_linux_amd64.tar.gz', sha256: sha('a'), bin: 'kubectl-netpol' },
      { os: 'windows', arch: 'amd64', file: 'kubectl-netpol_v1.2.3_windows_amd64.zip', sha256: sha('b'), bin: 'kubectl-netpol.exe' },
    ];
    const manifest = parseYaml(pluginManifest(template, { version: '1.2.3', baseUrl: 'https://example.test/releases/v1.2.3', archives }));
    expect(manifest.metadata.name).toBe('netpol');
    expect(manifest.spec.version).toBe('v1.2.3');
    expect(manifest.spec.platforms).toEqual([
      { selector: { matchLabels: { os: 'linux', arch: 'amd64' } }, uri: 'https://example.test/releases/v1.2.3/kubectl-netpol_v1.2.3_linux_amd64.tar.gz', sha256: sha('a'), bin: 'kubectl-netpol' },
      { selector: { matchLabels: { os: 'windows', arch: 'amd64' } }, uri: 'https://example.test/releases/v1.2.3/kubectl-netpol_v1.2.3_windows_amd64.zip', sha256: sha('b'), bin: 'kubectl-netpol.exe' },
    ]);
    expect(manifest.spec.shortDescription).not.toContain('\n');
    // The description names every command the program has.
    for (const command of ['can-reach', 'who-can-reach', 'reachable-from', 'coverage', 'matrix', 'assert', 'lint', 'diff', 'snapshot', 'version', 'UI']) {
      expect(manifest.spec.description).toContain(command);
    }
    expect(manifest.spec.caveats).toContain('get/list/watch');
  });

  it('needs at least one archive', () => {
    expect(() => pluginManifest(template, { version: '1.2.3', baseUrl: 'https://example.test', archives: [] })).toThrow('plugin.yaml: no archive to list');
  });

  it('takes the base URL from a template with {version}', () => {
    expect(releaseBaseUrl('https://github.com/o/r/releases/download/v{version}/', '1.2.3')).toBe('https://github.com/o/r/releases/download/v1.2.3');
    expect(() => releaseBaseUrl('releases/{version}', '1.2.3')).toThrow('release base URL "releases/1.2.3" is not an http(s) URL');
  });

  it('the default base URL in package.json is the releases page of the version', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(releaseBaseUrl(pkg.config.releaseBaseUrl, pkg.version)).toMatch(new RegExp(`^https://github\\.com/[^/]+/[^/]+/releases/download/v${pkg.version.replaceAll('.', '\\.')}$`));
  });
});

describe('the npm package.json', () => {
  it('has no dependencies, two bins and needs Node 22', () => {
    const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const pkg = JSON.parse(npmPackageJson(root));
    expect(pkg).toMatchObject({ name: 'kubectl-netpol', version: root.version, type: 'module', engines: { node: '>=22' } });
    expect(pkg.bin).toEqual({ 'kubectl-netpol': 'bin/kubectl-netpol.mjs', 'kubectl_complete-netpol': 'bin/kubectl_complete-netpol.mjs' });
    expect(pkg.dependencies).toBeUndefined();
    expect(pkg.scripts).toBeUndefined();
  });
});

describe('platforms', () => {
  it('are the five the issue names, each with a pinned runtime', () => {
    expect(PLATFORMS.map((p: { os: string; arch: string }) => `${p.os}/${p.arch}`)).toEqual(['linux/amd64', 'linux/arm64', 'darwin/amd64', 'darwin/arm64', 'windows/amd64']);
    for (const p of PLATFORMS) expect(p.integrity).toMatch(/^sha512-[A-Za-z0-9+/]{86}==$/);
  });

  it('are chosen by os/arch, and an unknown one is an error naming the known ones', () => {
    expect(selectPlatforms(['darwin/arm64']).map((p: { bunTarget: string }) => p.bunTarget)).toEqual(['bun-darwin-arm64']);
    expect(() => selectPlatforms(['plan9/386'])).toThrow('--platform plan9/386: not one of linux/amd64, linux/arm64, darwin/amd64, darwin/arm64, windows/amd64');
  });

  it('map Node platform names to krew labels and name the archives', () => {
    expect(hostPlatform('win32', 'x64')?.os).toBe('windows');
    expect(hostPlatform('darwin', 'arm64')?.arch).toBe('arm64');
    expect(hostPlatform('freebsd', 'x64')).toBeUndefined();
    expect(archiveName(selectPlatforms(['windows/amd64'])[0], '1.2.3')).toBe('kubectl-netpol_v1.2.3_windows_amd64.zip');
    expect(archiveName(selectPlatforms(['linux/arm64'])[0], '1.2.3')).toBe('kubectl-netpol_v1.2.3_linux_arm64.tar.gz');
  });
});

/**
 * A minimal 64-bit Mach-O of two 4 KiB pages followed by an embedded signature whose CodeDirectory
 * hashes them (sha256), as an ad-hoc signer writes it.
 */
function signedMachO(identifier: string, flags: number): Buffer {
  const code = Buffer.alloc(8192, 7);
  code.writeUInt32LE(0xfeedfacf, 0);
  code.writeUInt32LE(1, 16); // ncmds
  code.writeUInt32LE(0x1d, 32); // LC_CODE_SIGNATURE
  code.writeUInt32LE(16, 36);
  const ident = Buffer.from(`${identifier}\0`);
  code.writeUInt32LE(8192, 40); // dataoff
  code.writeUInt32LE(20 + 44 + ident.length + 64, 44); // datasize
  const hashes = [0, 1].map((p) => createHash('sha256').update(code.subarray(p * 4096, (p + 1) * 4096)).digest());
  const directory = Buffer.alloc(44);
  directory.writeUInt32BE(0xfade0c02, 0);
  directory.writeUInt32BE(44 + ident.length + 64, 4);
  directory.writeUInt32BE(0x20400, 8);
  directory.writeUInt32BE(flags, 12);
  directory.writeUInt32BE(44 + ident.length, 16); // hashOffset
  directory.writeUInt32BE(44, 20); // identOffset
  directory.writeUInt32BE(2, 28); // code slots
  directory.writeUInt32BE(8192, 32); // codeLimit
  directory.writeUInt8(32, 36); // hash size
  directory.writeUInt8(2, 37); // sha256
  directory.writeUInt8(12, 39); // 4 KiB pages
  const superBlob = Buffer.alloc(20);
  superBlob.writeUInt32BE(0xfade0cc0, 0);
  superBlob.writeUInt32BE(20 + directory.length + ident.length + 64, 4);
  superBlob.writeUInt32BE(1, 8);
  superBlob.writeUInt32BE(0, 12); // slot: code directory
  superBlob.writeUInt32BE(20, 16);
  return Buffer.concat([code, superBlob, directory, ident, ...hashes]);
}

describe('macOS signatures', () => {
  it('are checked page by page', () => {
    expect(checkMachOSignature(signedMachO('kubectl-netpol', 0x2))).toEqual({ identifier: 'kubectl-netpol', adhoc: true, pages: 2 });
    expect(checkMachOSignature(signedMachO('bun', 0x10000)).adhoc).toBe(false);
  });

  it('fail on a page changed after signing, and on what is not a Mach-O', () => {
    const changed = signedMachO('kubectl-netpol', 0x2);
    changed[5000] = 0;
    expect(() => checkMachOSignature(changed)).toThrow('page 1 does not match its hash');
    expect(() => checkMachOSignature(Buffer.from('\x7fELF and more bytes than a header needs'))).toThrow('not a 64-bit Mach-O executable');
  });
});

describe('the bundle', () => {
  type Meta = { outputs: Record<string, { imports: { path: string; kind: string }[]; inputs: Record<string, unknown> }> };
  let out: string;
  let meta: Meta;
  let files: string[];
  beforeAll(async () => {
    out = tempDir();
    ({ files, metafile: meta } = await bundleCli({ root: ROOT, outdir: out, commit: 'c0ffee', buildDate: '2026-01-02T03:04:05Z' }));
  }, 60_000);

  /** The inputs of the entry, of main.ts's chunk (which every command imports) and of every chunk they import statically: what a command loads. */
  const loadedAtStart = (): string[] => {
    const entry = Object.keys(meta.outputs).find((o) => o.endsWith('/entry.mjs'))!;
    const main = Object.keys(meta.outputs).find((o) => 'src/cli/main.ts' in meta.outputs[o]!.inputs)!;
    const seen = new Set<string>();
    const visit = (output: string) => {
      if (seen.has(output)) return;
      seen.add(output);
      for (const i of meta.outputs[output]!.imports) if (i.kind === 'import-statement' && meta.outputs[i.path]) visit(i.path);
    };
    visit(entry);
    visit(main);
    return [...seen].flatMap((o) => Object.keys(meta.outputs[o]!.inputs));
  };

  it('is entry.mjs and chunks', () => {
    expect(files).toContain('entry.mjs');
    expect(files.filter((f) => f !== 'entry.mjs').every((f) => /^chunks\/[\w-]+\.mjs$/.test(f))).toBe(true);
  });

  it('loads neither the UI nor the cluster client at start-up', () => {
    const inputs = loadedAtStart();
    expect(inputs.some((i) => i.startsWith('src/cli/commands/coverage'))).toBe(true);
    expect(inputs.filter((i) => /node_modules\/(ink|react|react-reconciler|yoga-layout)\/|^src\/ui\/|^src\/sources\/cluster\/client/.test(i))).toEqual([]);
  });

  it("gives a dynamic import('react') its named exports, as Node does", async () => {
    const react = Object.keys(meta.outputs).find((o) => Object.keys(meta.outputs[o]!.inputs).some((i) => i.startsWith('cjs-exports:react')));
    expect(react).toBeDefined();
    const chunk = (await import(pathToFileURL(resolve(ROOT, react!)).href)) as { createElement?: unknown; default?: { createElement?: unknown } };
    expect(typeof chunk.createElement).toBe('function');
    expect(chunk.createElement).toBe(chunk.default?.createElement);
  });

  const runBundle = (argv: string[]) =>
    spawnSync(process.execPath, ['--input-type=module', '-e', `const { main } = await import(${JSON.stringify(pathToFileURL(join(out, 'entry.mjs')).href)}); await main(${JSON.stringify(argv)});`], {
      encoding: 'utf8',
    });

  it('prints the commit and build date it was stamped with', () => {
    const r = runBundle(['version', '-o', 'json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ commit: 'c0ffee', buildDate: '2026-01-02T03:04:05Z' });
  });

  it('--version alone (loading no command) prints what the program prints for it', () => {
    const fast = runBundle(['--version']);
    const full = runBundle(['--debug', '--version']);
    expect(fast.stdout).toBe(`kubectl-netpol v${VERSION} (commit c0ffee, built 2026-01-02T03:04:05Z)\n`);
    expect(full.stdout).toBe(fast.stdout);
    expect([fast.status, full.status]).toEqual([0, 0]);
  });

  it("holds the UI's analysis worker among its chunks, and the worker computes there", async () => {
    expect(files).toContain('chunks/analysis-worker.mjs');
    const { demoObjects } = await import('../../src/sources/demo/demo-manifests.js');
    const { assembleSnapshot } = await import('../../src/sources/assemble.js');
    const { DEFAULT_OPTIONS } = await import('../../src/engine/compile.js');
    const snapshot = assembleSnapshot(demoObjects().map((object, i) => ({ object, origin: { file: 'demo', doc: i + 1 } })), { defaultNamespace: 'default' });
    const worker = new Worker(pathToFileURL(join(out, 'chunks', 'analysis-worker.mjs')));
    const answer = new Promise<{ type: string; version: number; parts: { coverage: { totals: { pods: number } } } }>((done, fail) => {
      worker.once('message', done);
      worker.once('error', fail);
    });
    worker.postMessage({ type: 'begin', snapshot, options: DEFAULT_OPTIONS });
    worker.postMessage({ type: 'update', version: 1, changes: [] });
    const result = await answer;
    await worker.terminate();
    expect(result).toMatchObject({ type: 'result', version: 1 });
    expect(result.parts.coverage.totals.pods).toBe(17);
  });

  it('completes as kubectl_complete-netpol asks: __complete WORDS', () => {
    const r = runBundle(['__complete', 'who-']);
    expect(r.stdout).toBe('who-can-reach\n:4\n');
  });
});
