// The UI's analysis worker thread: keeps its own copy of the snapshot, applies the changes the UI
// forwards (in order), and recomputes coverage and findings off the thread that answers keys.
// Changes that arrive during a computation are applied after it and computed again.
import { constants, setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { SnapshotStore } from '../../model/snapshot-change.js';
import { compiledState, type CompiledState } from '../../report/compiled-state.js';
import { analysisParts, type AnalysisOptions, type AnalysisParts } from '../../report/analysis-view.js';
import { tabPeerView, type TabQuery } from './tab-query.js';
import { partsDelta, type FromWorker, type ToWorker } from './worker-protocol.js';

// A lower priority for this thread (on Linux a thread's own; elsewhere it may be the process's, or
// refused): when the two compete for a core, the thread that answers keys goes first. Not the lowest:
// on a busy machine that would leave the computations almost no time at all.
try {
  if (process.platform === 'linux') setPriority(constants.priority.PRIORITY_BELOW_NORMAL);
} catch {
  // Not allowed here: computations simply share the cores.
}

let store: SnapshotStore | undefined;
let options: AnalysisOptions | undefined;
let latest = 0;
/** The last result sent: the next goes as a delta from it when it can. */
let sent: AnalysisParts | undefined;
const post = (message: FromWorker) => parentPort!.postMessage(message);
let scheduled = false;

/** The newest state, compiled once for the computation and the queries alike; reset by every change. */
let held: CompiledState | undefined;
const current = (): CompiledState => (held ??= compiledState(store!.snapshot(), options!));

const answer = (id: number, query: TabQuery) => {
  try {
    post({ type: 'answer', id, version: latest, view: tabPeerView(current(), query) });
  } catch (error) {
    post({ type: 'failed', message: `query failed: ${error instanceof Error ? error.message : String(error)}` });
    post({ type: 'answer', id, version: latest, view: undefined });
  }
};

const compute = () => {
  scheduled = false;
  const version = latest;
  try {
    const { snapshot, index } = current();
    const parts = analysisParts(snapshot, options!, index);
    const delta = sent && partsDelta(sent, parts);
    post(delta ? { type: 'delta', version, delta } : { type: 'result', version, parts });
    sent = parts;
  } catch (error) {
    post({ type: 'failed', message: `analysis failed: ${error instanceof Error ? error.message : String(error)}` });
  }
};

parentPort!.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'begin':
      store = new SnapshotStore(message.snapshot);
      options = message.options;
      held = undefined;
      return;
    case 'pods':
      store!.apply(message.pods.map((object) => ({ op: 'put', kind: 'Pod', object })));
      held = undefined;
      return;
    case 'query':
      // After the changes already received: on the newest state, said with its version.
      answer(message.id, message.query);
      return;
    case 'update':
      store!.apply(message.changes);
      held = undefined;
      latest = message.version;
      if (!scheduled) {
        scheduled = true;
        setImmediate(compute);
      }
      return;
  }
});
