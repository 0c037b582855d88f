#!/usr/bin/env node
// Benchmarks on realistic generated clusters (scripts/bench/generate-cluster.mjs): each phase in
// process (reading, parsing, assembling, validating, compiling, every analysis), then each command as
// a whole process (wall time and peak RSS), medians over several runs, with the machine they ran on.
// Run against the built dist/ (npm run bench builds first).
//
//   npm run bench [-- --sizes 10k,100k --runs 3 --no-phases --no-process --no-yaml --no-flows --budget 300 --json out.json]
//   npm run bench -- --live 10k,50k    (the live section only, unless --sizes is given too)
//
// Generated files are kept in .cache/bench/<size>/ and reused while the generator version and seed match.
// Peak RSS of a command: /usr/bin/time -v ("Maximum resident set size") when it exists, else the child's
// own process.resourceUsage().maxRSS, written to stderr at exit by a module preloaded with --import.
// A phase whose first run takes longer than --budget seconds is not repeated.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { GENERATOR_VERSION, sizesFor, writeCluster } from './bench/generate-cluster.mjs';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string' },
    live: { type: 'string' },
    runs: { type: 'string', default: '3' },
    seed: { type: 'string', default: '1' },
    budget: { type: 'string', default: '300' },
    'no-phases': { type: 'boolean', default: false },
    'no-process': { type: 'boolean', default: false },
    'no-yaml': { type: 'boolean', default: false },
    'no-flows': { type: 'boolean', default: false },
    json: { type: 'string' },
  },
});
const RUNS = Number(values.runs);
const SEED = Number(values.seed);
const BUDGET_MS = Number(values.budget) * 1000;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'kubectl-netpol');
const dist = new URL('../dist/', import.meta.url);
const sizeOf = (label) => Number(label.replace(/k$/i, '000'));
const results = { machine: {}, sizes: [] };

// --- the machine -------------------------------------------------------------------------------
results.machine = {
  cpu: cpus()[0]?.model ?? 'unknown cpu',
  cores: cpus().length,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  loadAverage: loadavg().map((l) => Number(l.toFixed(2))),
};
const m = results.machine;
console.log(`machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}, load average ${m.loadAverage.join(' ')}`);
console.log(`medians of ${RUNS} runs; phases over ${values.budget} s run once\n`);

// --- files -------------------------------------------------------------------------------------
function clusterFiles(label) {
  const pods = sizeOf(label);
  const dir = join(ROOT, '.cache', 'bench', label);
  const metaPath = join(dir, 'meta.json');
  const wanted = { version: GENERATOR_VERSION, seed: SEED, pods };
  const meta = existsSync(metaPath) ? JSON.parse(readFileSync(metaPath, 'utf8')) : undefined;
  const names = ['cluster.json', 'policies.json', 'cluster.yaml', 'policies.yaml'];
  if (!meta || JSON.stringify(meta) !== JSON.stringify(wanted) || !names.every((n) => existsSync(join(dir, n)))) {
    process.stdout.write(`generating ${label} cluster in ${dir} ... `);
    const t0 = performance.now();
    writeCluster(dir, { seed: SEED, pods });
    writeFileSync(metaPath, JSON.stringify(wanted));
    console.log(`${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  return Object.fromEntries(names.map((n) => [n, join(dir, n)]));
}

// --- timing ------------------------------------------------------------------------------------
const median = (samples) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)];
const fmtMs = (ms) => (ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(ms >= 100 ? 0 : 1)} ms`);
const fmtMiB = (kb) => `${(kb / 1024).toFixed(0)} MiB`;

async function timed(fn) {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

/** Runs `fn` RUNS times (once when the first run is over budget); prints and records the median. */
async function phase(out, name, fn, note = '') {
  const samples = [];
  let value;
  for (let r = 0; r < RUNS; r++) {
    const run = await timed(fn);
    samples.push(run.ms);
    value = run.value;
    if (run.ms > BUDGET_MS) break;
  }
  const row = { name, medianMs: median(samples), minMs: Math.min(...samples), maxMs: Math.max(...samples), runs: samples.length };
  out.push(row);
  const extra = typeof note === 'function' ? note(row, value) : note;
  console.log(`  ${name.padEnd(56)} ${fmtMs(row.medianMs).padStart(9)}   (min ${fmtMs(row.minMs)}, max ${fmtMs(row.maxMs)}${samples.length < RUNS ? ', 1 run' : ''})${extra ? `  ${extra}` : ''}`);
  return value;
}

// --- in process --------------------------------------------------------------------------------
async function inProcess(label, files, record) {
  const { readManifestTexts } = await import(new URL('sources/manifest/read-files.js', dist));
  const { manifestObjects } = await import(new URL('sources/manifest/parse.js', dist));
  const { assembleSnapshot } = await import(new URL('sources/assemble.js', dist));
  const { validatePolicies } = await import(new URL('engine/validate.js', dist));
  const { PolicyIndex } = await import(new URL('engine/compile.js', dist));
  const { computeCoverage } = await import(new URL('engine/analysis/coverage.js', dist));
  const { findFindings } = await import(new URL('engine/analysis/findings.js', dist));
  const { analysablePods } = await import(new URL('engine/analysis/isolation.js', dist));
  const { peerResults } = await import(new URL('engine/analysis/pod-reach.js', dist));
  const { checkReach } = await import(new URL('engine/reach.js', dist));
  const { matrixNodes } = await import(new URL('engine/analysis/matrix.js', dist));
  const { MatrixJudge } = await import(new URL('engine/analysis/matrix-judge.js', dist));
  const { lintPolicies } = await import(new URL('engine/lint/lint.js', dist));
  const { DEFAULT_LINT_CONFIG } = await import(new URL('engine/lint/config-check.js', dist));
  const { diffPolicyStates } = await import(new URL('engine/diff/diff.js', dist));
  const { applyOverlay } = await import(new URL('engine/whatif/overlay.js', dist));
  const { groupByWorkload } = await import(new URL('engine/analysis/workload-groups.js', dist));
  const { podClassKey } = await import(new URL('engine/analysis/pod-class.js', dist));

  const out = record.phases;
  const stdin = process.stdin;
  const jsonFiles = [files['cluster.json'], files['policies.json']];
  const yamlFiles = [files['cluster.yaml'], files['policies.yaml']];
  const mb = (paths) => paths.reduce((n, p) => n + statSync(p).size, 0) / 2 ** 20;
  const rate = (size) => (row) => `${(size / (row.medianMs / 1000)).toFixed(0)} MB/s of ${size.toFixed(0)} MB`;
  const count = (texts) => {
    let n = 0;
    for (const text of texts) for (const _ of manifestObjects(text)) n++;
    return n;
  };
  const read = (paths) => readManifestTexts(paths, { recursive: false, stdin });
  const jsonTexts = await phase(out, 'read JSON files', () => read(jsonFiles));
  await phase(out, 'parse JSON (objects counted, not kept)', () => count(jsonTexts), rate(mb(jsonFiles)));
  if (!values['no-yaml']) {
    const yamlTexts = await read(yamlFiles);
    await phase(out, 'parse YAML (objects counted, not kept)', () => count(yamlTexts), rate(mb(yamlFiles)));
  }
  const load = async (paths) =>
    assembleSnapshot(
      (function* (texts) {
        for (const text of texts) yield* manifestObjects(text);
      })(await read(paths)),
      { defaultNamespace: 'default' },
    );
  const snapshot = await phase(out, 'read + parse + assemble JSON (as -f does)', () => load(jsonFiles));
  const pods = analysablePods(snapshot);
  const classes = new Set(pods.map(podClassKey)).size;
  record.cluster = { pods: snapshot.pods.length, classes, namespaces: snapshot.namespaces.length, policies: snapshot.policies.length, services: snapshot.services.length };
  console.log(`  (${snapshot.pods.length} pods in ${classes} classes, ${snapshot.namespaces.length} namespaces, ${snapshot.policies.length} policies, ${snapshot.services.length} services)`);
  await phase(out, 'validate policies', () => validatePolicies(snapshot.policies));
  const index = await phase(out, 'compile policies into the index', () => new PolicyIndex(snapshot));
  await phase(out, 'coverage -A (isolation and exposure of every pod)', () => computeCoverage(snapshot, index));
  await phase(out, 'findings', () => findFindings(snapshot, index));

  // Targets picked deterministically: a Deployment pod in an app namespace, and its workload.
  const groups = groupByWorkload(pods).filter((g) => g.kind === 'Deployment' && g.pods.length >= 3 && !g.namespace.startsWith('kube-'));
  const group = groups[Math.floor(groups.length / 2)];
  const pod = group.pods[0];
  const podTarget = { kind: 'pods', ref: { kind: 'pod', namespace: pod.namespace, name: pod.name }, pods: [pod] };
  const workloadTarget = { kind: 'pods', ref: { kind: 'workload', namespace: group.namespace, workloadKind: 'Deployment', name: group.name.replace(/^deployment\//, '') }, pods: group.pods };
  record.targets = { pod: `${pod.namespace}/${pod.name}`, workload: `${group.namespace}/deployment/${workloadTarget.ref.name}`, replicas: group.pods.length };
  await phase(out, 'who-can-reach a pod', () => peerResults('inbound', podTarget, pods, index));
  await phase(out, `who-can-reach a workload (${group.pods.length} pods)`, () => peerResults('inbound', workloadTarget, pods, index));
  await phase(out, `reachable-from a workload (${group.pods.length} pods)`, () => peerResults('outbound', workloadTarget, pods, index));
  await phase(out, 'can-reach x1000 (pod pairs)', () => {
    let allowed = 0;
    for (let i = 0; i < 1000; i++) {
      const from = pods[(i * 7919) % pods.length];
      const to = pods[(i * 104729 + 17) % pods.length];
      const result = checkReach({ kind: 'pods', ref: podTarget.ref, pods: [from] }, { kind: 'pods', ref: podTarget.ref, pods: [to] }, index);
      if (result.verdict === 'allowed') allowed++;
    }
    return allowed;
  });

  // matrix -A: what the table prints at this size, the namespace summary, counted from classes of
  // pods; then every row of the workload grid as --by workload -o csv streams it (edges counted).
  const matrix = () => {
    const judge = new MatrixJudge(matrixNodes(snapshot), index);
    return { judge, summary: judge.namespaceSummary() };
  };
  const { judge } = await phase(out, 'matrix -A (namespace summary)', matrix, (_, { judge: j, summary }) => {
    const s = j.stats;
    return `${s.nodes} nodes in ${s.sourceClasses} source / ${s.destinationClasses} destination classes; ${summary.cells.length} namespace pairs connect`;
  });
  await phase(out, 'matrix -A --by workload (every row, edges counted)', () => {
    let edges = 0;
    for (let i = 0; i < judge.nodes.length; i++) judge.forEachInRow(i, () => edges++);
    return edges;
  }, (_, edges) => `${edges.toLocaleString('en')} edges`);

  await phase(out, 'lint -A', () => lintPolicies(snapshot, index, { issues: [], config: DEFAULT_LINT_CONFIG, namespacesComplete: false }));
  const removed = snapshot.policies.find((p) => p.namespace === pod.namespace && p.name !== 'default-deny') ?? snapshot.policies[0];
  record.targets.removedPolicy = `${removed.namespace}/${removed.name}`;
  await phase(out, 'diff (one policy removed)', () => {
    const after = applyOverlay(snapshot, { policies: [], remove: [{ namespace: removed.namespace, name: removed.name }] }).snapshot;
    return diffPolicyStates({ snapshot, index }, { snapshot: after, index: new PolicyIndex(after) });
  });
}

// --- whole processes ---------------------------------------------------------------------------
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const RSS_MODULE = 'data:text/javascript,import{writeSync}from"node:fs";process.on("exit",()=>writeSync(2,"\\n__maxrss_kb__="+process.resourceUsage().maxRSS+"\\n"))';

function runProcess(args, env = {}) {
  const node = [process.execPath, BIN, ...args];
  const command = TIME ? [TIME, '-v', ...node] : [node[0], '--import', RSS_MODULE, ...node.slice(1)];
  const t0 = performance.now();
  const child = spawnSync(command[0], command.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 2 ** 20, env: { ...process.env, NO_COLOR: '1', ...env } });
  const ms = performance.now() - t0;
  const stderr = child.stderr.toString();
  const kb = Number((TIME ? /Maximum resident set size \(kbytes\): (\d+)/ : /__maxrss_kb__=(\d+)/).exec(stderr)?.[1] ?? NaN);
  const exit = TIME ? Number(/Exit status: (\d+)/.exec(stderr)?.[1] ?? child.status) : child.status;
  const firstError = stderr.split('\n').find((l) => /^(error|internal error)/.test(l));
  return { ms, kb, exit, error: firstError };
}

function wholeProcesses(label, files, record) {
  const f = ['-f', files['cluster.json'], '-f', files['policies.json']];
  const t = record.targets ?? {};
  const commands = [
    ['coverage -A -f (JSON)', ['coverage', '-A', ...f, '-o', 'json']],
    ['coverage -A -f (YAML)', ['coverage', '-A', '-f', files['cluster.yaml'], '-f', files['policies.yaml'], '-o', 'json'], !values['no-yaml']],
    ['who-can-reach a pod', ['who-can-reach', t.pod, ...f, '-o', 'json'], t.pod],
    ['who-can-reach a workload', ['who-can-reach', t.workload, ...f, '-o', 'json'], t.workload],
    ['reachable-from a workload', ['reachable-from', t.workload, ...f, '-o', 'json'], t.workload],
    ['can-reach', ['can-reach', t.pod, t.workload, ...f, '-o', 'json'], t.pod],
    ['matrix -A (namespace summary table)', ['matrix', '-A', ...f]],
    ['matrix -A --by workload -o csv (streamed)', ['matrix', '-A', '--by', 'workload', ...f, '-o', 'csv']],
    ['lint -A', ['lint', '-A', ...f, '-o', 'json']],
    ['diff --without-policy', ['diff', '--without-policy', t.removedPolicy, ...f, '-o', 'json'], t.removedPolicy],
  ];
  console.log(`  whole process (node bin/kubectl-netpol ... -o json > /dev/null; peak RSS from ${TIME ? '/usr/bin/time -v' : 'process.resourceUsage() at exit'}):`);
  for (const [name, args, enabled = true] of commands) {
    if (!enabled) {
      console.log(`  ${name.padEnd(56)} ${'skipped'.padStart(9)}`);
      continue;
    }
    const runs = [];
    for (let r = 0; r < RUNS; r++) {
      const run = runProcess(args);
      runs.push(run);
      if (run.ms > BUDGET_MS || run.error) break;
    }
    const row = { name, args: args.map((a) => a.replace(ROOT, '')), medianMs: median(runs.map((r) => r.ms)), medianRssKb: median(runs.map((r) => r.kb)), exit: runs[0].exit, runs: runs.length };
    record.processes.push(row);
    const problem = runs[0].error ? `  exit ${runs[0].exit}: ${runs[0].error}` : '';
    console.log(`  ${name.padEnd(56)} ${fmtMs(row.medianMs).padStart(9)}   peak ${fmtMiB(row.medianRssKb)}${runs.length < RUNS ? ` (${runs.length} run${runs.length > 1 ? 's' : ''})` : ''}${problem}`);
  }
}

for (const label of (values.sizes ?? (values.live ? '' : '10k,100k')).split(',').map((s) => s.trim()).filter(Boolean)) {
  const files = clusterFiles(label);
  const planned = sizesFor(sizeOf(label));
  const record = { size: label, planned, phases: [], processes: [] };
  results.sizes.push(record);
  console.log(`\n${label}: ${planned.pods} pods, ~${planned.policies} policies, ${planned.namespaces} namespaces, ${planned.nodes} nodes`);
  const mbs = Object.entries(files).map(([n, p]) => `${n} ${(statSync(p).size / 2 ** 20).toFixed(0)} MB`);
  console.log(`  files: ${mbs.join(', ')}`);
  if (!values['no-phases']) await inProcess(label, files, record);
  if (!values['no-process']) wholeProcesses(label, files, record);
  // Observed traffic (scripts/bench/flow-audit.mjs): 1,000,000 Hubble flows, 10k only.
  if (!values['no-flows'] && label === '10k') {
    const { flowAuditBench } = await import('./bench/flow-audit.mjs');
    const print = (line) => console.log(line);
    record.flows = await flowAuditBench({ root: ROOT, label, files, seed: SEED, clusterVersion: GENERATOR_VERSION, dist, runs: RUNS, budgetMs: BUDGET_MS, phase, runProcess, print, fmtMs, fmtMiB });
  }
}
// --- live: the test control plane loaded with a generated cluster ----------------------------------
if (values.live) {
  const { liveBench } = await import('./bench/live-cluster.mjs');
  results.live = [];
  console.log(`\nlive: coverage -A -o json against the test control plane, beside kubectl get --raw of the same four lists`);
  for (const label of values.live.split(',').map((s) => s.trim()).filter(Boolean)) {
    const files = clusterFiles(label);
    const meta = JSON.parse(readFileSync(join(ROOT, '.cache', 'bench', label, 'meta.json'), 'utf8'));
    const row = { size: label, ...(await liveBench({ label, root: ROOT, files, meta, runs: RUNS, runProcess, print: (line) => console.log(line) })) };
    results.live.push(row);
    const objects = Object.entries(row.objects).map(([k, n]) => `${n} ${k}`).join(', ');
    console.log(`  ${label}: ${objects}`);
    console.log(`  ${'kubectl get --raw (4 lists, back to back)'.padEnd(56)} ${fmtMs(row.rawMs).padStart(9)}`);
    const problem = row.error ? `  exit ${row.exit}: ${row.error}` : '';
    console.log(`  ${'coverage -A -o json (live)'.padEnd(56)} ${fmtMs(row.coverageMs).padStart(9)}   peak ${fmtMiB(row.coverageRssKb)}   ${row.ratio.toFixed(1)}x the raw fetch${problem}`);
  }
}
if (values.json) writeFileSync(values.json, `${JSON.stringify(results, null, 2)}\n`);
