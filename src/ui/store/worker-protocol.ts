// Messages between the UI and its analysis worker (analysis-worker.ts).
import type { Pod, Snapshot } from '../../model/snapshot.js';
import type { SnapshotChange } from '../../model/snapshot-change.js';
import type { AnalysisOptions, AnalysisParts } from '../../report/analysis-view.js';

export type ToWorker =
  /** The state to start from; its pods follow in `pods` messages (sent a slice at a time, between key presses). */
  | { readonly type: 'begin'; readonly snapshot: Snapshot; readonly options: AnalysisOptions }
  | { readonly type: 'pods'; readonly pods: readonly Pod[] }
  | { readonly type: 'update'; readonly version: number; readonly changes: readonly SnapshotChange[] };

export type FromWorker = { readonly type: 'result'; readonly version: number; readonly parts: AnalysisParts } | { readonly type: 'failed'; readonly message: string };
