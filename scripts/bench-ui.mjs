#!/usr/bin/env node
// The terminal UI at scale, in process on the built dist/ (npm run build first), on a generated
// cluster (scripts/bench/generate-cluster.mjs, kept in .cache/bench/<size>/):
//   - first frame: from the snapshot in hand (the data arrived) to the first frame drawn, with the
//     policies validated and compiled and the analysis made, as the ui command does;
//   - keys while a change is recomputed: a NetworkPolicy added (then removed) through the followed
//     source, as a watch event would; while the change is computed, `j` is pressed every 50 ms and
//     the time to the next frame measured; the event loop's longest stall is measured beside it;
//   - a workload's Who can reach tab: from the overview, the first namespace, then a workload opened
//     (a different one each run); from 20 ms after Enter a key (typing into the tab's filter) every
//     50 ms until the tab's rows are shown, each timed to the next frame;
//   - the same with the computations on the UI thread (no worker), for comparison.
// Medians over --runs changes. No assertion: numbers for the README.
//
//   node scripts/bench-ui.mjs [--size 100k] [--runs 5]
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PerformanceObserver, constants as perf, monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { size: { type: 'string', default: '100k' }, runs: { type: 'string', default: '5' } } });
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const dist = new URL('../dist/', import.meta.url);
const RUNS = Number(values.runs);
const dir = join(ROOT, '.cache', 'bench', values.size);
const files = ['cluster.json', 'policies.json'].map((f) => join(dir, f));
if (!files.every(existsSync)) {
  console.error(`no generated cluster in ${dir}: run npm run bench -- --sizes ${values.size} once (it generates the files)`);
  process.exit(2);
}

const { readManifestTexts } = await import(new URL('sources/manifest/read-files.js', dist));
const { manifestObjects } = await import(new URL('sources/manifest/parse.js', dist));
const { assembleSnapshot } = await import(new URL('sources/assemble.js', dist));
const { validatePolicies } = await import(new URL('engine/validate.js', dist));
const { PolicyIndex, DEFAULT_OPTIONS } = await import(new URL('engine/compile.js', dist));
const { SnapshotStore } = await import(new URL('model/snapshot-change.js', dist));
const { analyze } = await import(new URL('ui/store/analysis.js', dist));
const { App } = await import(new URL('ui/app.js', dist));
const { inProcessComputer } = await import(new URL('ui/store/live-analysis.js', dist));
const { workerComputer } = await import(new URL('ui/store/worker-computer.js', dist));
// As the ui command runs React (its production build).
process.env.NODE_ENV ??= 'production';
const { createElement } = await import('react');
const { render: inkRender } = await import('ink');

/** A 120x40 terminal: frames written are kept (ink's debug mode writes each whole frame). */
class Screen extends EventEmitter {
  isTTY = true;
  columns = 120;
  rows = 40;
  frames = [];
  write = (frame, done) => {
    this.frames.push(frame);
    if (typeof done === 'function') done();
    return true;
  };
}
class Keys extends EventEmitter {
  isTTY = true;
  pending = null;
  write(data) {
    this.pending = data;
    this.emit('readable');
  }
  read() {
    const data = this.pending;
    this.pending = null;
    return data;
  }
  setRawMode() {}
  setEncoding() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}
function render(tree) {
  const stdout = new Screen();
  const stdin = new Keys();
  const instance = inkRender(tree, { stdout, stderr: new Screen(), stdin, debug: true, exitOnCtrlC: false, patchConsole: false });
  return { stdin, frames: stdout.frames, lastFrame: () => stdout.frames.at(-1), unmount: () => instance.unmount(), cleanup: () => instance.cleanup() };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
const until = async (check, timeoutMs = 120_000) => {
  const end = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > end) throw new Error('timed out');
    await sleep(2);
  }
};

const texts = await readManifestTexts(files, { recursive: false, stdin: process.stdin });
const snapshot = assembleSnapshot(
  (function* () {
    for (const text of texts) yield* manifestObjects(text);
  })(),
  { defaultNamespace: 'default' },
);
console.log(`${values.size}: ${snapshot.pods.length} pods, ${snapshot.namespaces.length} namespaces, ${snapshot.policies.length} policies; ${RUNS} changes each\n`);

// A namespace with pods and no policy of its own: a default-deny there changes what the overview shows.
const target = snapshot.namespaces.find((n) => !snapshot.policies.some((p) => p.namespace === n.name) && snapshot.pods.some((p) => p.namespace === n.name))?.name ?? snapshot.namespaces[0].name;
const denyAll = assembleSnapshot(
  [{ object: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'bench-deny-all', namespace: target }, spec: { podSelector: {}, policyTypes: ['Ingress'] } }, origin: { file: 'bench', doc: 1 } }],
  { defaultNamespace: 'default' },
).policies[0];

/** The longest garbage-collection pause of the main thread since the last call (major collections stop it). */
let gcMax = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (entry.detail?.kind !== perf.NODE_PERFORMANCE_GC_MINOR) gcMax = Math.max(gcMax, entry.duration);
}).observe({ entryTypes: ['gc'] });
const takeGcMax = () => {
  const max = gcMax;
  gcMax = 0;
  return max;
};

async function session(label, computer) {
  // The data arrived: what the ui command does from here to its first frame.
  const t0 = performance.now();
  validatePolicies(snapshot.policies);
  const index = new PolicyIndex(snapshot, DEFAULT_OPTIONS);
  const initial = analyze(snapshot, index);
  let update;
  const source = {
    description: `bench ${values.size}`,
    load: async () => ({ snapshot, index }),
    follow: (u) => {
      update = u;
      return () => {};
    },
  };
  const app = render(createElement(App, { source, initial, computer }));
  await until(() => /NAMESPACE/.test(app.lastFrame() ?? ''));
  const firstFrame = performance.now() - t0;

  const store = new SnapshotStore(snapshot);
  const keyWaits = [];
  const stalls = [];
  const recomputes = [];
  const gcPauses = [];
  // Let the worker take its copy of the state (sent a slice at a time) before the first change.
  await sleep(3000);
  for (let run = 0; run < RUNS; run++) {
    const changes = run % 2 === 0 ? [{ op: 'put', kind: 'NetworkPolicy', object: denyAll }] : [{ op: 'delete', kind: 'NetworkPolicy', namespace: target, name: denyAll.name }];
    store.apply(changes);
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    takeGcMax();
    const began = performance.now();
    update({ changes, snapshot: store.snapshot() });
    await until(() => /loading/.test(app.lastFrame() ?? ''));
    // Keys while it computes: each answered when the next frame is written.
    while (/loading/.test(app.lastFrame() ?? '')) {
      const before = app.frames.length;
      const pressed = performance.now();
      app.stdin.write(run % 2 === 0 ? 'j' : 'k');
      await until(() => app.frames.length > before || !/loading/.test(app.lastFrame() ?? ''));
      if (/loading/.test(app.lastFrame() ?? '')) keyWaits.push(performance.now() - pressed);
      await sleep(50);
    }
    recomputes.push(performance.now() - began);
    await sleep(300);
    delay.disable();
    stalls.push(delay.max / 1e6);
    gcPauses.push(takeGcMax());
  }
  // A workload's Who can reach tab: opened, then keys while its query computes.
  const tabOpens = [];
  const tabKeyWaits = [];
  const tabStalls = [];
  const computing = () => /\(computing…\)/.test(app.lastFrame() ?? '');
  const answered = () => /ADMITTED BY/.test(app.lastFrame() ?? '') && !computing();
  app.stdin.write('\r');
  await until(() => /WORKLOAD/.test(app.lastFrame() ?? ''));
  for (let run = 0; run < RUNS; run++) {
    if (run > 0) {
      const before = app.frames.length;
      app.stdin.write('j');
      await until(() => app.frames.length > before);
    }
    await sleep(300);
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    // A turn of the loop first: a stall that begins with Enter is then measured too.
    await sleep(20);
    const opened = performance.now();
    app.stdin.write('\r');
    let typed = 0;
    do {
      // A key 20 ms after Enter, then every 50 ms: '/' opens the filter, then a letter and backspace in turn.
      const intended = performance.now() + (typed === 0 ? 20 : 50);
      await sleep(typed === 0 ? 20 : 50);
      const before = app.frames.length;
      app.stdin.write(typed === 0 ? '/' : typed % 2 ? 'x' : '\u007F');
      typed++;
      await until(() => app.frames.length > before);
      tabKeyWaits.push(performance.now() - intended);
    } while (!answered());
    tabOpens.push(performance.now() - opened);
    delay.disable();
    tabStalls.push(delay.max / 1e6);
    for (const key of ['\u001B', '\u001B', '\u001B']) {
      const before = app.frames.length;
      app.stdin.write(key);
      await until(() => app.frames.length > before || /WORKLOAD/.test(app.lastFrame() ?? ''), 5000).catch(() => undefined);
      if (/WORKLOAD +PODS/.test(app.lastFrame() ?? '')) break;
    }
    await until(() => /WORKLOAD +PODS/.test(app.lastFrame() ?? ''));
  }
  // The process as a whole (the worker's copy of the snapshot included), before the UI goes.
  const rss = process.memoryUsage().rss / 2 ** 20;
  app.unmount();
  app.cleanup();
  console.log(`  ${label}`);
  console.log(`    first frame after the data arrived   ${fmt(firstFrame).padStart(9)}`);
  console.log(`    a change shown (median)              ${fmt(median(recomputes)).padStart(9)}`);
  console.log(`    key to frame while computing         ${fmt(median(keyWaits)).padStart(9)} median, ${fmt(Math.max(...keyWaits, 0))} max (${keyWaits.length} keys)`);
  console.log(`    longest event-loop stall per change  ${fmt(median(stalls)).padStart(9)} median, ${fmt(Math.max(...stalls))} max`);
  console.log(`    Who can reach tab: Enter to its rows     ${fmt(median(tabOpens)).padStart(9)} median, ${fmt(Math.max(...tabOpens))} max`);
  console.log(`    key to frame while the tab computes  ${fmt(median(tabKeyWaits)).padStart(9)} median, ${fmt(Math.max(...tabKeyWaits, 0))} max (${tabKeyWaits.length} keys)`);
  console.log(`    longest event-loop stall per tab     ${fmt(median(tabStalls)).padStart(9)} median, ${fmt(Math.max(...tabStalls))} max`);
  console.log(`    resident memory (bench included)     ${rss.toFixed(0).padStart(6)} MiB`);
  console.log(`    of which the longest GC pause        ${fmt(median(gcPauses)).padStart(9)} median, ${fmt(Math.max(...gcPauses))} max`);
  return { firstFrame, recompute: median(recomputes), keyMedian: median(keyWaits), keyMax: Math.max(...keyWaits, 0), stall: median(stalls), tabOpen: median(tabOpens), tabKeyMedian: median(tabKeyWaits) };
}

await session('worker thread (as the ui command runs)', workerComputer());
await session('UI thread (no worker), for comparison', inProcessComputer);
process.exit(0);
