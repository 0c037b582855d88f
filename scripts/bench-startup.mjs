#!/usr/bin/env node
// Start-up of the released program, as a user runs it: the standalone binary (the krew archive of
// this machine's platform) and the npm package installed with `npm install -g`. Whole processes,
// median wall time over several runs (and median CPU time, user + system), with the machine's load beside them.
// Usage: node scripts/bench-startup.mjs [--runs 15] [--release DIR] [--json]
//   --release DIR   artifacts of `npm run release` to measure (default: build this platform's into
//                   .cache/release/bench first)
//   --json          one JSON document instead of the table
// Targets (issue 18): --version under 100 ms from the binary and under 200 ms from the npm install,
// coverage --demo under 300 ms from the binary. Exit status 0 even when one is missed: this
// reports, it does not gate.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { readTarGz } from './release/archive.mjs';
import { archiveName, hostPlatform } from './release/platforms.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' }, release: { type: 'string' }, json: { type: 'boolean', default: false } } });
const RUNS = Number(values.runs);
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error('--runs: a whole number of runs, at least 1');

const platform = hostPlatform();
if (!platform) throw new Error(`no release binary for this machine (${process.platform}/${process.arch})`);
const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
/** Node >= 22 for npm and the npm package: the project's pinned devDependency, else the one running this. */
const nodeDir = existsSync(join(ROOT, 'node_modules', 'node', 'bin', 'node')) ? join(ROOT, 'node_modules', 'node', 'bin') : dirname(process.execPath);
const nodeEnv = { ...process.env, PATH: `${nodeDir}:${process.env.PATH}`, NO_COLOR: '1' };

function mustRun(what, command, args, options = {}) {
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (r.status !== 0) throw new Error(`${what} failed (${r.status ?? r.error?.message}): ${(r.stderr || r.stdout || '').trim().split('\n').pop()}`);
  return r.stdout;
}

const release = resolve(values.release ?? join(ROOT, '.cache', 'release', 'bench'));
if (!values.release) {
  process.stderr.write(`bench-startup: building the ${platform.os}/${platform.arch} release into ${release}\n`);
  mustRun('release', join(nodeDir, 'node'), [join(ROOT, 'scripts', 'release', 'release.mjs'), '--platform', `${platform.os}/${platform.arch}`, '--out', release], { env: nodeEnv });
}

const work = mkdtempSync(join(tmpdir(), 'netpol-bench-startup-'));
try {
  // The binary, unpacked as krew would.
  const binDir = join(work, 'krew');
  mkdirSync(binDir);
  const archive = join(release, archiveName(platform, version));
  if (platform.os === 'windows') throw new Error('bench-startup: unpacking the Windows zip is not implemented');
  for (const [name, file] of readTarGz(readFileSync(archive))) writeFileSync(join(binDir, name), file.data, { mode: file.mode });
  const binary = join(binDir, 'kubectl-netpol');

  // The npm package, installed globally into a prefix of its own.
  const prefix = join(work, 'npm');
  const tgz = readdirSync(release).find((f) => f.endsWith('.tgz'));
  if (!tgz) throw new Error(`no npm package (.tgz) in ${release}`);
  mustRun('npm install -g', 'npm', ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', '--ignore-scripts', join(release, tgz)], { env: nodeEnv });
  const npmBin = join(prefix, 'bin', 'kubectl-netpol');

  const cases = [
    { name: 'binary: --version', command: binary, args: ['--version'], targetMs: 100 },
    { name: 'binary: coverage --demo', command: binary, args: ['coverage', '--demo'], targetMs: 300 },
    { name: 'npm: --version', command: npmBin, args: ['--version'], targetMs: 200 },
    { name: 'npm: coverage --demo', command: npmBin, args: ['coverage', '--demo'] },
  ];
  if (existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) {
    cases.push({ name: 'repository bin/ (tsc dist): --version', command: join(nodeDir, 'node'), args: [join(ROOT, 'bin', 'kubectl-netpol'), '--version'] });
  }

  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const load = [loadavg()[0]];
  const results = [];
  for (const c of cases) {
    // One untimed run first: page the binary in, fill the npm package's compile cache.
    mustRun(c.name, c.command, c.args, { env: nodeEnv });
    const times = [];
    const cpu = [];
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      const r = spawnSync(c.command, c.args, { env: nodeEnv, stdio: 'ignore' });
      times.push(performance.now() - start);
      if (r.status !== 0) throw new Error(`${c.name}: exit status ${r.status}`);
      // CPU time (user + system) of the same command, which a busy machine inflates less than wall time: bash's `times`.
      const t = spawnSync('bash', ['-c', '"$@" >/dev/null 2>&1; times', 'bench', c.command, ...c.args], { env: nodeEnv, encoding: 'utf8' });
      const children = /(\d+)m([\d.]+)s (\d+)m([\d.]+)s\s*$/.exec(t.stdout ?? '');
      if (children) cpu.push((Number(children[1]) * 60 + Number(children[2]) + Number(children[3]) * 60 + Number(children[4])) * 1000);
    }
    load.push(loadavg()[0]);
    const m = median(times);
    results.push({
      name: c.name,
      medianMs: Math.round(m),
      minMs: Math.round(Math.min(...times)),
      maxMs: Math.round(Math.max(...times)),
      cpuMedianMs: cpu.length ? Math.round(median(cpu)) : null,
      targetMs: c.targetMs ?? null,
      met: c.targetMs === undefined ? null : m < c.targetMs,
    });
  }
  const machine = { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', loadAverage1m: { before: load[0], after: load.at(-1) }, runs: RUNS, version, platform: `${platform.os}/${platform.arch}` };
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ machine, results }, null, 2)}\n`);
  } else {
    const rows = [
      ['WHAT', 'MEDIAN', 'MIN', 'MAX', 'CPU', 'TARGET', ''],
      ...results.map((r) => [r.name, `${r.medianMs} ms`, `${r.minMs} ms`, `${r.maxMs} ms`, r.cpuMedianMs === null ? '-' : `${r.cpuMedianMs} ms`, r.targetMs ? `< ${r.targetMs} ms` : '-', r.met === null ? '' : r.met ? 'ok' : 'MISSED']),
    ];
    const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
    process.stdout.write(
      `start-up of kubectl-netpol v${version} (${machine.platform}), median of ${RUNS} runs; ${machine.cpus} x ${machine.cpu}, load average ${load[0].toFixed(1)} -> ${load.at(-1).toFixed(1)}\n` +
        rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i])).join('   ').trimEnd()).join('\n') +
        '\n',
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
