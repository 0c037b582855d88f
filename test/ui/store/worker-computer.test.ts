// The analysis worker, run as a real worker thread (its source bundled by esbuild, as Node cannot
// load the TypeScript tree directly): it keeps its own copy of the snapshot in step with the changes
// it is sent, so its results equal an analysis of the same state made here, for the newest change.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SnapshotStore, type SnapshotChange } from '../../../src/model/snapshot-change.js';
import { analysisParts, type AnalysisParts } from '../../../src/report/analysis-view.js';
import { DEFAULT_OPTIONS } from '../../../src/engine/compile.js';
import { workerComputer } from '../../../src/ui/store/worker-computer.js';
import { SnapshotBuilder } from '../../fixtures/builder.js';
import { analyze } from '../../../src/ui/store/analysis.js';
import { tabPeerView, type TabQuery } from '../../../src/ui/store/tab-query.js';
import type { PeerListView } from '../../../src/report/peer-list-view.js';
import { snapshotOf } from '../helpers/demo.js';

let dir: string;
let script: URL;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'netpol-worker-'));
  const outfile = join(dir, 'analysis-worker.mjs');
  await build({ entryPoints: [resolve(import.meta.dirname, '../../../src/ui/store/analysis-worker.ts')], outfile, bundle: true, format: 'esm', platform: 'node', logLevel: 'error' });
  script = pathToFileURL(outfile);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Many pods (more than one message's worth), in namespaces that a default-deny policy isolates or not. */
function cluster() {
  const b = new SnapshotBuilder().namespace('a', { team: 'x' }).namespace('b');
  for (let i = 0; i < 4500; i++) b.pod(i % 2 ? 'a' : 'b', `p-${i}`, { labels: { app: `app-${i % 30}` }, ip: `10.1.${Math.floor(i / 250)}.${i % 250}` });
  return b.policy('a', 'deny', { podSelector: {}, policyTypes: ['Ingress'] }).build();
}

describe('the analysis worker', () => {
  it('computes the newest state after changes sent back to back, equal to computing it here', async () => {
    const start = cluster();
    const results: { version: number; parts: AnalysisParts }[] = [];
    const failures: string[] = [];
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const computer = workerComputer(script)({
      result: (version, parts) => {
        results.push({ version, parts });
        if (version === 3) done();
      },
      failed: (message) => failures.push(message),
    });
    computer.begin(start, DEFAULT_OPTIONS);
    const mirror = new SnapshotStore(start);
    const policy = snapshotOf([{ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny', namespace: 'b' }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } }]).policies[0]!;
    const batches: SnapshotChange[][] = [
      [{ op: 'put', kind: 'NetworkPolicy', object: policy }],
      [{ op: 'delete', kind: 'Pod', namespace: 'a', name: 'p-1' }, { op: 'put', kind: 'Namespace', object: { name: 'c', labels: { 'kubernetes.io/metadata.name': 'c' } } }],
      [{ op: 'delete', kind: 'NetworkPolicy', namespace: 'a', name: 'deny' }],
    ];
    batches.forEach((changes, i) => {
      mirror.apply(changes);
      computer.update(i + 1, changes, mirror.snapshot());
    });
    await finished;
    computer.stop();
    expect(failures).toEqual([]);
    // Results come in order, never for a state older than one already sent back; the last is the newest state.
    expect(results.map((r) => r.version)).toEqual([...results.map((r) => r.version)].sort());
    expect(results.at(-1)!.parts).toEqual(analysisParts(mirror.snapshot(), DEFAULT_OPTIONS));
    expect(results.at(-1)!.parts.coverage.totals).toEqual({ pods: 4499, ingressIsolated: 2250, egressIsolated: 2250 });
  });

  it('a change computed after a result is sent as a delta from it and arrives equal to computing it here', async () => {
    const start = cluster();
    const mirror = new SnapshotStore(start);
    const waiting: ((parts: AnalysisParts) => void)[] = [];
    const computer = workerComputer(script)({ result: (_v, parts) => waiting.shift()?.(parts), failed: () => undefined });
    computer.begin(start, DEFAULT_OPTIONS);
    const next = (version: number, changes: SnapshotChange[]) =>
      new Promise<AnalysisParts>((resolve) => {
        waiting.push(resolve);
        mirror.apply(changes);
        computer.update(version, changes, mirror.snapshot());
      });
    const first = await next(1, [{ op: 'delete', kind: 'NetworkPolicy', namespace: 'a', name: 'deny' }]);
    expect(first).toEqual(analysisParts(mirror.snapshot(), DEFAULT_OPTIONS));
    const policy = snapshotOf([{ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'web', namespace: 'a' }, spec: { podSelector: { matchLabels: { app: 'app-1' } }, policyTypes: ['Egress'] } }]).policies[0]!;
    const second = await next(2, [{ op: 'put', kind: 'NetworkPolicy', object: policy }]);
    computer.stop();
    expect(second).toEqual(analysisParts(mirror.snapshot(), DEFAULT_OPTIONS));
    expect(second.coverage.totals.egressIsolated).toBe(first.coverage.totals.egressIsolated + 150);
    // The workloads the change did not touch are the very objects of the first result: only the others travelled.
    const same = second.coverage.workloads.filter((w, i) => w === first.coverage.workloads[i]).length;
    expect(same).toBe(second.coverage.workloads.length - 150);
  });

  it("answers a workload tab's peer queries on the state it holds, equal to answering them here, with that state's version", async () => {
    const start = cluster();
    const mirror = new SnapshotStore(start);
    const answers = new Map<number, { version: number; view: PeerListView | undefined }>();
    let wake = () => undefined as void;
    const computer = workerComputer(script)({ result: () => undefined, failed: () => undefined, answer: (id, version, view) => (answers.set(id, { version, view }), wake()) });
    const answered = (id: number) =>
      new Promise<{ version: number; view: PeerListView | undefined }>((resolve) => {
        const check = () => (answers.has(id) ? resolve(answers.get(id)!) : (wake = check));
        check();
      });
    // Not before the state is handed over: the caller computes it.
    expect(computer.query!(1, { key: 'a/p-1', direction: 'inbound', probe: null })).toBe(false);
    computer.begin(start, DEFAULT_OPTIONS);
    const here = analyze(start);
    const keys = ['a/p-1', 'b/p-2', 'a/p-7'];
    expect(keys.every((k) => here.groups.has(k))).toBe(true);
    const asked: [number, TabQuery][] = [];
    let id = 10;
    for (const key of [...keys.slice(0, 3), 'a/gone']) for (const direction of ['inbound', 'outbound'] as const) asked.push([id++, { key, direction, probe: null }]);
    asked.push([id++, { key: keys[0]!, direction: 'inbound', probe: { protocol: 'TCP', port: 80 } }]);
    for (const [n, query] of asked) expect(computer.query!(n, query)).toBe(true);
    for (const [n, query] of asked) {
      const got = await answered(n);
      expect(got.version).toBe(0);
      expect(got.view).toEqual(tabPeerView(here, query));
    }
    expect(answers.get(16)!.view).toBeUndefined(); // a/gone
    // a/p-1 is behind a's default deny; b/p-2 is open to every pod.
    expect(answers.get(10)!.view!.pods).toEqual([]);
    expect(answers.get(12)!.view!.pods.length).toBeGreaterThan(1000);
    // After a change: on the new state, said with its version.
    const changes: SnapshotChange[] = [{ op: 'delete', kind: 'NetworkPolicy', namespace: 'a', name: 'deny' }];
    mirror.apply(changes);
    computer.update(1, changes, mirror.snapshot());
    const query: TabQuery = { key: keys[0]!, direction: 'inbound', probe: null };
    computer.query!(99, query);
    const after = await answered(99);
    computer.stop();
    expect(after.version).toBe(1);
    expect(after.view).toEqual(tabPeerView(analyze(mirror.snapshot()), query));
    expect(after.view).not.toEqual(answers.get(10)!.view);
  });

  it.runIf(process.platform === 'linux')('runs at a lower priority (nice 10), so that the thread answering keys goes first', async () => {
    /** The nice value of each of this process's threads (field 19 of /proc/self/task/TID/stat). */
    const niceValues = () => readdirSync('/proc/self/task').map((tid) => Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]));
    const start = cluster();
    let computer!: ReturnType<ReturnType<typeof workerComputer>>;
    await new Promise<void>((resolve) => {
      computer = workerComputer(script)({ result: () => resolve(), failed: () => undefined });
      computer.begin(start, DEFAULT_OPTIONS);
      computer.update(1, [], start);
    });
    const during = niceValues();
    computer.stop();
    expect(during).toContain(10);
    expect(during.filter((n) => n === 0).length).toBeGreaterThan(0);
  });

  it('a worker that cannot start is said once, and the computation goes on in this thread', async () => {
    const start = cluster();
    const failures: string[] = [];
    let computer!: ReturnType<ReturnType<typeof workerComputer>>;
    const parts = await new Promise<AnalysisParts>((resolve) => {
      computer = workerComputer(pathToFileURL(join(dir, 'missing.mjs')))({ result: (_v, p) => resolve(p), failed: (m) => failures.push(m) });
      computer.begin(start, DEFAULT_OPTIONS);
      computer.update(1, [], start);
    });
    computer.stop();
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/^analysis worker stopped \(.+\); computing in the UI thread$/);
    expect(parts).toEqual(analysisParts(start, DEFAULT_OPTIONS));
  });
});
