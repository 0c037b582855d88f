#!/usr/bin/env node
// npm run release [-- OPTIONS]: every release artifact, reproducibly, into a git-ignored folder
// (default .cache/release/v<version>/):
//   kubectl-netpol_v<version>_<os>_<arch>.tar.gz (.zip for Windows)  krew archives: the standalone
//       binary, kubectl_complete-netpol beside it, LICENSE, THIRD_PARTY_NOTICES
//   plugin.yaml                     the krew manifest (from the template plugin.yaml)
//   kubectl-netpol-<version>.tgz    the npm package (`npm install -g ./kubectl-netpol-<version>.tgz`)
//   SHA256SUMS                      the sha256 of each of those files
//
// Options:
//   --base-url URL       where the archives will be downloaded from ({version} is replaced); the
//                        default is package.json's config.releaseBaseUrl (the releases page)
//   --platform OS/ARCH   build only this platform (repeatable): linux/amd64, linux/arm64,
//                        darwin/amd64, darwin/arm64, windows/amd64; default all
//   --out DIR            write the artifacts here instead
//
// The same commit (and SOURCE_DATE_EPOCH, if set) gives the same bytes: the build date is the
// commit's date, archives are sorted with fixed times and owners. The Bun runtimes come from the
// npm registry through `npm pack`, pinned by integrity (scripts/release/platforms.mjs), and are
// cached in .cache/release/runtimes/. The macOS binaries are signed ad hoc with rcodesign
// ($RCODESIGN, on PATH, or built once with cargo into .cache/release/tools/).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readTarGz, tarGz, zip } from './archive.mjs';
import { bundleCli, thirdPartyNotices } from './bundle.mjs';
import { checkMachOSignature } from './macho.mjs';
import { pluginManifest, releaseBaseUrl } from './manifest.mjs';
import { COMPLETE_CMD, COMPLETE_LAUNCHER, COMPLETE_SCRIPT, MAIN_LAUNCHER, npmPackageJson, STANDALONE_ENTRY } from './npm-package.mjs';
import { archiveName, binaryName, BUN_VERSION, hostPlatform, platformName, selectPlatforms } from './platforms.mjs';

const ROOT = resolve(import.meta.dirname, '..', '..');
const RUNTIME_CACHE = join(ROOT, '.cache', 'release', 'runtimes');

class ReleaseError extends Error {}

const log = (/** @type {string} */ line) => process.stderr.write(`release: ${line}\n`);
const sha256 = (/** @type {Buffer} */ data) => createHash('sha256').update(data).digest('hex');
const integrityOf = (/** @type {Buffer} */ data) => `sha512-${createHash('sha512').update(data).digest('base64')}`;

/** Runs a command; a failure is one line naming it (and the last line it printed). */
function exec(/** @type {string} */ command, /** @type {readonly string[]} */ args, /** @type {import('node:child_process').SpawnSyncOptions} */ options = {}) {
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (r.error || r.status !== 0) {
    const last = `${r.stderr ?? ''}${r.stdout ?? ''}`.trim().split('\n').pop() ?? '';
    throw new ReleaseError(`${command} ${args.slice(0, 2).join(' ')} failed${r.error ? ` (${r.error.message})` : ` with exit status ${r.status}`}${last ? `: ${last}` : ''}`);
  }
  return String(r.stdout ?? '');
}

/** The commit built (`-dirty` with uncommitted changes to tracked files) and the build date. */
function buildStamp() {
  const git = (/** @type {string[]} */ ...args) => exec('git', args, { cwd: ROOT }).trim();
  let commit = 'unknown';
  let commitTime;
  try {
    commit = git('rev-parse', 'HEAD');
    if (git('status', '--porcelain', '--untracked-files=no') !== '') commit += '-dirty';
    commitTime = Number(git('log', '-1', '--format=%ct'));
  } catch {
    // Not a git checkout (a source archive): SOURCE_DATE_EPOCH must say when.
  }
  const fromEnv = process.env['SOURCE_DATE_EPOCH'];
  const epoch = fromEnv !== undefined && fromEnv !== '' ? Number(fromEnv) : commitTime;
  if (epoch === undefined || !Number.isInteger(epoch) || epoch < 315532800) {
    throw new ReleaseError('no build date: not a git checkout, and SOURCE_DATE_EPOCH is not a time after 1980 in seconds');
  }
  return { commit, epoch, buildDate: new Date(epoch * 1000).toISOString().replace('.000Z', 'Z') };
}

/** The Bun executable for a platform, from the npm registry (cached, integrity checked). */
function runtimeFor(/** @type {import('./platforms.mjs').Platform} */ platform) {
  const dir = join(RUNTIME_CACHE, `${platform.os}-${platform.arch}`);
  const exe = join(dir, platform.exe);
  const tgz = join(RUNTIME_CACHE, `${platform.runtimePackage.slice(1).replace('/', '-')}-${BUN_VERSION}.tgz`);
  const verified = () => existsSync(tgz) && integrityOf(readFileSync(tgz)) === platform.integrity;
  if (!verified()) {
    mkdirSync(RUNTIME_CACHE, { recursive: true });
    log(`fetching ${platform.runtimePackage}@${BUN_VERSION} from the npm registry`);
    exec('npm', ['pack', `${platform.runtimePackage}@${BUN_VERSION}`, '--pack-destination', RUNTIME_CACHE, '--silent'], { cwd: RUNTIME_CACHE });
    if (!verified()) throw new ReleaseError(`${platform.runtimePackage}@${BUN_VERSION}: the tarball's integrity is not the one pinned in scripts/release/platforms.mjs`);
  }
  if (!existsSync(exe) || statSync(exe).mtimeMs < statSync(tgz).mtimeMs) {
    const file = readTarGz(readFileSync(tgz)).get(`package/bin/${platform.exe}`);
    if (!file) throw new ReleaseError(`${platform.runtimePackage}@${BUN_VERSION}: no package/bin/${platform.exe} in the tarball`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(exe, file.data);
    chmodSync(exe, 0o755);
  }
  return exe;
}

/** rcodesign (apple-codesign), which signs Mach-O binaries on any OS: $RCODESIGN, on PATH, or built once into .cache/release/tools. */
const RCODESIGN_VERSION = '0.29.0';
function rcodesign() {
  const tools = join(ROOT, '.cache', 'release', 'tools');
  const candidates = [process.env['RCODESIGN'], 'rcodesign', join(tools, 'bin', 'rcodesign')].filter((c) => c !== undefined && c !== '');
  const works = (/** @type {string} */ c) => spawnSync(c, ['--version'], { stdio: 'ignore' }).status === 0;
  const found = candidates.find(works);
  if (found) return found;
  if (spawnSync('cargo', ['--version'], { stdio: 'ignore' }).status !== 0) {
    throw new ReleaseError('the macOS binaries need rcodesign to be signed: install it (cargo install apple-codesign) or set RCODESIGN, or leave darwin out with --platform');
  }
  log(`building rcodesign once: cargo install apple-codesign@${RCODESIGN_VERSION} into .cache/release/tools (many minutes on a small machine)`);
  exec('cargo', ['install', '--locked', '--no-default-features', '--root', tools, `apple-codesign@${RCODESIGN_VERSION}`]);
  return join(tools, 'bin', 'rcodesign');
}

/**
 * macOS runs a modified binary only with a valid signature (on Apple silicon, always): Bun's
 * compiler appends the program to a signed runtime, so the release signs the result ad hoc (no
 * identity, nothing to notarize) and verifies it.
 */
function signForMacOS(/** @type {string} */ binary) {
  // Bun's runtime is signed with the hardened runtime and its entitlements (JIT); rcodesign keeps those.
  exec(rcodesign(), ['sign', '--binary-identifier', 'kubectl-netpol', binary]);
  try {
    const signature = checkMachOSignature(readFileSync(binary));
    if (!signature.adhoc || signature.identifier !== 'kubectl-netpol') throw new Error(`signed as ${signature.identifier}, not ad hoc as kubectl-netpol`);
    return `signed ad hoc, ${signature.pages} page hashes checked`;
  } catch (error) {
    throw new ReleaseError(`${binary}: the signature rcodesign wrote does not check: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function parseOptions(/** @type {string[]} */ argv) {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        'base-url': { type: 'string' },
        platform: { type: 'string', multiple: true },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
    return values;
  } catch (error) {
    throw new ReleaseError(`${error instanceof Error ? error.message : String(error)} (npm run release -- --help)`);
  }
}

async function release(/** @type {string[]} */ argv) {
  const options = parseOptions(argv);
  if (options.help) {
    const lines = readFileSync(import.meta.filename, 'utf8').split('\n').slice(1);
    const header = lines.slice(0, lines.findIndex((l) => !l.startsWith('//')));
    process.stdout.write(`${header.map((l) => l.replace(/^\/\/ ?/, '')).join('\n')}\n`);
    return;
  }
  const rootPackage = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const version = rootPackage.version;
  const codeVersion = /export const VERSION = '([^']+)'/.exec(readFileSync(join(ROOT, 'src', 'cli', 'version.ts'), 'utf8'))?.[1];
  if (codeVersion !== version) throw new ReleaseError(`package.json is version ${version} but src/cli/version.ts says ${codeVersion}: make them agree`);
  const platforms = selectPlatforms(options.platform ?? []);
  const baseTemplate = options['base-url'] ?? rootPackage.config?.releaseBaseUrl;
  if (!baseTemplate) throw new ReleaseError('no release base URL: set config.releaseBaseUrl in package.json or pass --base-url');
  const baseUrl = releaseBaseUrl(baseTemplate, version);
  const stamp = buildStamp();
  const out = resolve(options.out ?? join(ROOT, '.cache', 'release', `v${version}`));
  const stage = join(out, '.stage');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  log(`kubectl-netpol v${version}, commit ${stamp.commit}, built ${stamp.buildDate}`);

  // The bundle, and the npm package around it.
  const pkgDir = join(stage, 'package');
  const bundle = await bundleCli({ root: ROOT, outdir: join(pkgDir, 'lib'), commit: stamp.commit, buildDate: stamp.buildDate });
  log(`bundled ${bundle.packages.length} packages into ${bundle.files.length} files`);
  const license = readFileSync(join(ROOT, 'LICENSE'));
  writeFileSync(join(pkgDir, 'package.json'), npmPackageJson(rootPackage));
  writeFileSync(join(pkgDir, 'LICENSE'), license);
  writeFileSync(join(pkgDir, 'THIRD_PARTY_NOTICES'), thirdPartyNotices(bundle.packages, ''));
  cpSync(join(ROOT, 'README.md'), join(pkgDir, 'README.md'));
  mkdirSync(join(pkgDir, 'bin'));
  writeFileSync(join(pkgDir, 'bin', 'kubectl-netpol.mjs'), MAIN_LAUNCHER, { mode: 0o755 });
  writeFileSync(join(pkgDir, 'bin', 'kubectl_complete-netpol.mjs'), COMPLETE_LAUNCHER, { mode: 0o755 });
  const packed = JSON.parse(exec('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', out], { cwd: pkgDir }));
  /** @type {string[]} */
  const artifacts = [packed[0].filename];
  log(`npm package ${packed[0].filename}: ${packed[0].entryCount} files`);

  // The standalone binaries and their krew archives.
  const host = hostPlatform();
  if (!host) throw new ReleaseError(`no Bun runtime for this machine (${process.platform}/${process.arch}) to compile with`);
  const bun = runtimeFor(host);
  writeFileSync(join(pkgDir, 'standalone.mjs'), STANDALONE_ENTRY);
  const runtimeNote =
    `The kubectl-netpol executable embeds the Bun runtime ${BUN_VERSION} (the npm package @oven/bun-*, MIT\n` +
    "license); Bun itself includes third-party libraries, among them WebKit's JavaScriptCore (LGPL-2.1),\n" +
    "listed with their licenses on the licensing page of Bun's documentation.";
  const notices = Buffer.from(thirdPartyNotices(bundle.packages, runtimeNote));
  const archives = [];
  for (const platform of platforms) {
    const name = binaryName(platform);
    const binary = join(stage, 'bin', `${platform.os}-${platform.arch}`, name);
    exec(
      bun,
      [
        'build',
        'standalone.mjs',
        '--compile',
        `--target=${platform.bunTarget}`,
        `--compile-executable-path=${runtimeFor(platform)}`,
        '--splitting',
        '--bytecode',
        '--format=esm',
        // A kubectl plugin must not pick up .env or bunfig.toml from whatever directory it runs in.
        '--no-compile-autoload-dotenv',
        '--no-compile-autoload-bunfig',
        `--outfile=${binary}`,
      ],
      { cwd: pkgDir, env: { ...process.env, DO_NOT_TRACK: '1' } },
    );
    const signature = platform.os === 'darwin' ? `; ${signForMacOS(binary)}` : '';
    const entries = [
      { name, data: readFileSync(binary), executable: true },
      platform.os === 'windows'
        ? { name: 'kubectl_complete-netpol.cmd', data: Buffer.from(COMPLETE_CMD) }
        : { name: 'kubectl_complete-netpol', data: Buffer.from(COMPLETE_SCRIPT), executable: true },
      { name: 'LICENSE', data: license },
      { name: 'THIRD_PARTY_NOTICES', data: notices },
    ];
    const file = archiveName(platform, version);
    const data = platform.os === 'windows' ? zip(entries, stamp.epoch) : tarGz(entries, stamp.epoch);
    writeFileSync(join(out, file), data);
    archives.push({ os: platform.os, arch: platform.arch, file, sha256: sha256(data), bin: name });
    artifacts.push(file);
    log(`${platformName(platform)}: ${file} (${(data.length / 1048576).toFixed(1)} MiB)${signature}`);
  }

  const template = readFileSync(join(ROOT, 'plugin.yaml'), 'utf8');
  writeFileSync(join(out, 'plugin.yaml'), pluginManifest(template, { version, baseUrl, archives }));
  artifacts.push('plugin.yaml');
  const sums = artifacts.map((f) => `${sha256(readFileSync(join(out, f)))}  ${f}\n`).join('');
  writeFileSync(join(out, 'SHA256SUMS'), sums);
  rmSync(stage, { recursive: true, force: true });
  process.stdout.write(`${out}\n${sums}`);
}

try {
  await release(process.argv.slice(2));
} catch (error) {
  const message = error instanceof ReleaseError ? error.message : `internal error: ${error instanceof Error ? error.message : String(error)}`;
  log(message.split('\n')[0] ?? message);
  process.exitCode = 1;
}
