// Recomputations on a worker thread (analysis-worker.js beside this file, as built): the thread that
// draws and answers keys only applies changes and swaps in the result. If the worker cannot start or
// dies, computations continue on this thread.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Snapshot } from '../../model/snapshot.js';
import type { AnalysisOptions } from '../../report/analysis-view.js';
import type { AnalysisParts } from '../../report/analysis-view.js';
import { inProcessComputer, type AnalysisComputer, type ComputerFactory } from './live-analysis.js';
import { applyPartsDelta, type FromWorker, type ToWorker } from './worker-protocol.js';

/** Pods per message when the worker is given the first state: each slice is copied between key presses. */
const PODS_PER_MESSAGE = 2000;

/** The worker script beside this module: in dist/, or among the release bundle's chunks. */
const SCRIPTS = ['./analysis-worker.js', './analysis-worker.mjs'];

/** Recomputes on a worker thread; where there is no worker script (a single-file binary), on this thread. */
export const workerComputer = (script?: URL): ComputerFactory => {
  const found = script ?? SCRIPTS.map((s) => new URL(s, import.meta.url)).find((url) => url.protocol === 'file:' && existsSync(fileURLToPath(url)));
  return found ? onWorker(found) : inProcessComputer;
};

const onWorker =
  (script: URL): ComputerFactory =>
  (handlers) => {
    let fallback: AnalysisComputer | undefined;
    let begun: { snapshot: Snapshot; options: AnalysisOptions } | undefined;
    let latest: Snapshot | undefined;
    let latestVersion = 0;
    let stopped = false;
    // Messages leave in order, one per turn of the event loop, so that copying a large state never holds up a key.
    const queue: ToWorker[] = [];
    let sending = false;
    let worker: Worker | undefined;
    /** Queries sent and not answered yet: said unanswered if the worker goes. */
    const asked = new Set<number>();

    const toFallback = (why: string) => {
      if (fallback || stopped) return;
      worker?.removeAllListeners();
      void worker?.terminate();
      worker = undefined;
      queue.length = 0;
      handlers.failed(`analysis worker stopped (${why}); computing in the UI thread`);
      const lost = [...asked];
      asked.clear();
      if (lost.length > 0) handlers.unanswered?.(lost);
      fallback = inProcessComputer(handlers);
      if (begun) fallback.begin(begun.snapshot, begun.options);
      if (latest) fallback.update(latestVersion, [], latest);
    };
    const drain = () => {
      if (!worker || stopped) return;
      const next = queue.shift();
      if (!next) {
        sending = false;
        return;
      }
      worker.postMessage(next);
      setImmediate(drain);
    };
    const send = (message: ToWorker) => {
      if (fallback) return;
      queue.push(message);
      if (!sending) {
        sending = true;
        setImmediate(drain);
      }
    };
    try {
      worker = new Worker(script);
      worker.unref();
      // The worker's last result, which its next delta changes.
      let last: AnalysisParts | undefined;
      worker.on('message', (message: FromWorker) => {
        if (message.type === 'failed') return handlers.failed(message.message);
        if (message.type === 'answer') {
          asked.delete(message.id);
          return handlers.answer?.(message.id, message.version, message.view);
        }
        last = message.type === 'result' ? message.parts : applyPartsDelta(last!, message.delta);
        handlers.result(message.version, last);
      });
      // Its name only: an error's message may quote a path (home paths are never printed).
      worker.on('error', (error) => toFallback(error.name));
      worker.on('exit', (code) => toFallback(`exit ${code}`));
    } catch (error) {
      toFallback(error instanceof Error ? error.name : 'could not start');
    }

    return {
      begin(snapshot, options) {
        begun = { snapshot, options };
        if (fallback) return fallback.begin(snapshot, options);
        send({ type: 'begin', snapshot: { ...snapshot, pods: [] }, options });
        for (let i = 0; i < snapshot.pods.length; i += PODS_PER_MESSAGE) send({ type: 'pods', pods: snapshot.pods.slice(i, i + PODS_PER_MESSAGE) });
      },
      query(id, query) {
        if (fallback || stopped || !begun) return false;
        asked.add(id);
        send({ type: 'query', id, query });
        return true;
      },
      update(version, changes, snapshot) {
        latest = snapshot;
        latestVersion = version;
        if (fallback) return fallback.update(version, changes, snapshot);
        send({ type: 'update', version, changes });
      },
      stop() {
        stopped = true;
        fallback?.stop();
        worker?.removeAllListeners();
        void worker?.terminate();
      },
    };
  };
