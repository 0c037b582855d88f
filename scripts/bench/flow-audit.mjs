// The observed-traffic section of the benchmark (scripts/bench.mjs, 10k only, --no-flows skips it):
// 1,000,000 generated Hubble flows between the benchmark cluster's pods (generate-flows.mjs). The
// flow read rate in process (every line read and parsed, nothing judged), then `audit -A` as a whole
// process on a tenth of the flows and on all of them: the time grows with the file, the peak RSS must not.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { FLOWS_GENERATOR_VERSION, writeFlows } from './generate-flows.mjs';

export const FLOWS = 1_000_000;

/** The flow files of a cluster and its first tenth, kept in its cache directory while the generators match. */
function flowFiles({ root, label, files, seed, clusterVersion, print }) {
  const dir = join(root, '.cache', 'bench', label);
  const full = join(dir, 'flows.jsonl');
  const tenth = join(dir, 'flows-tenth.jsonl');
  const metaPath = join(dir, 'flows-meta.json');
  const wanted = { version: FLOWS_GENERATOR_VERSION, cluster: clusterVersion, seed, flows: FLOWS };
  const meta = existsSync(metaPath) ? JSON.parse(readFileSync(metaPath, 'utf8')) : undefined;
  if (!meta || JSON.stringify(meta) !== JSON.stringify(wanted) || !existsSync(full) || !existsSync(tenth)) {
    const t0 = performance.now();
    writeFlows(files['cluster.json'], full, { seed, count: FLOWS });
    writeFlows(files['cluster.json'], tenth, { seed, count: FLOWS / 10 });
    writeFileSync(metaPath, JSON.stringify(wanted));
    print(`  generated ${FLOWS.toLocaleString('en')} flows in ${full}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  return { full, tenth };
}

/**
 * `phase(out, name, fn, note)` and `runProcess(args)` are the benchmark's own (medians of `runs`);
 * returns the record: { count, mb, read: phase row, processes: [{ name, flows, mb, medianMs, medianRssKb, exit, runs }] }.
 */
export async function flowAuditBench({ root, label, files, seed, clusterVersion, dist, runs, budgetMs, phase, runProcess, print, fmtMs, fmtMiB }) {
  const { readFlowFile } = await import(new URL('sources/flows/read-flows.js', dist));
  const flows = flowFiles({ root, label, files, seed, clusterVersion, print });
  const mb = (path) => statSync(path).size / 2 ** 20;
  const record = { count: FLOWS, mb: mb(flows.full), read: undefined, processes: [] };
  print(`  observed traffic: ${FLOWS.toLocaleString('en')} Hubble jsonpb flows, ${mb(flows.full).toFixed(0)} MB (a tenth: ${mb(flows.tenth).toFixed(0)} MB)`);
  const rows = [];
  await phase(rows, 'read flows (every line parsed, in process)', async () => {
    let n = 0;
    for await (const _ of readFlowFile(flows.full, process.stdin)) n++;
    return n;
  }, (row) => `${(mb(flows.full) / (row.medianMs / 1000)).toFixed(0)} MB/s`);
  record.read = { ...rows[0], mbPerSecond: mb(flows.full) / (rows[0].medianMs / 1000) };
  const f = ['-f', files['cluster.json'], '-f', files['policies.json']];
  for (const [count, file] of [[FLOWS / 10, flows.tenth], [FLOWS, flows.full]]) {
    const name = `audit -A --flows (${count.toLocaleString('en')} flows)`;
    const samples = [];
    for (let r = 0; r < runs; r++) {
      const run = runProcess(['audit', '-A', ...f, '--flows', file, '-o', 'json']);
      samples.push(run);
      if (run.ms > budgetMs || run.error) break;
    }
    const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const row = { name, flows: count, mb: mb(file), medianMs: median(samples.map((s) => s.ms)), medianRssKb: median(samples.map((s) => s.kb)), exit: samples[0].exit, runs: samples.length };
    record.processes.push(row);
    const problem = samples[0].error ? `  exit ${samples[0].exit}: ${samples[0].error}` : '';
    print(`  ${name.padEnd(56)} ${fmtMs(row.medianMs).padStart(9)}   peak ${fmtMiB(row.medianRssKb)}${samples.length < runs ? ` (${samples.length} run${samples.length > 1 ? 's' : ''})` : ''}${problem}`);
  }
  return record;
}
