// The demo cluster as the UI sees it: a snapshot, its analysis and UiSources around it.
import { demoObjects } from '../../../src/sources/demo/demo-manifests.js';
import { assembleSnapshot } from '../../../src/sources/assemble.js';
import { PolicyIndex } from '../../../src/engine/compile.js';
import type { Snapshot } from '../../../src/model/snapshot.js';
import { analyze, type Analysis } from '../../../src/ui/store/analysis.js';
import type { UiSource } from '../../../src/ui/app.js';

export function snapshotOf(objects: readonly object[]): Snapshot {
  return assembleSnapshot(objects.map((object, i) => ({ object, origin: { file: 'demo', doc: i + 1 } })), { defaultNamespace: 'default' });
}

export const demoSnapshot = (): Snapshot => snapshotOf(demoObjects());
export const demoAnalysis = (): Analysis => analyze(demoSnapshot());

/** A source that counts its loads (and its compilations); `current` is what the following loads return. */
export function countingSource(snapshot: Snapshot = demoSnapshot(), watch?: UiSource['watch']) {
  const source = {
    loads: 0,
    current: snapshot,
    description: 'demo cluster',
    load: async () => {
      source.loads++;
      return { snapshot: source.current, index: new PolicyIndex(source.current) };
    },
    ...(watch ? { watch } : {}),
  };
  return source;
}

/** A policy the demo lacks: isolates monitoring/grafana for ingress, allowing only prometheus. */
export const GRAFANA_INGRESS_POLICY = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'grafana-from-prometheus', namespace: 'monitoring' },
  spec: { podSelector: { matchLabels: { app: 'grafana' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'prometheus' } } }] }] },
};
