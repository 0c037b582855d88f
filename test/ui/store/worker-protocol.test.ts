// A worker result sent as a delta from the last one: applied to the last, it is the new result.
import { describe, expect, it } from 'vitest';
import { analysisParts } from '../../../src/report/analysis-view.js';
import { DEFAULT_OPTIONS } from '../../../src/engine/compile.js';
import { applyPartsDelta, partsDelta } from '../../../src/ui/store/worker-protocol.js';
import { demoSnapshot, GRAFANA_INGRESS_POLICY, snapshotOf } from '../helpers/demo.js';
import { demoObjects } from '../../../src/sources/demo/demo-manifests.js';

const before = analysisParts(demoSnapshot(), DEFAULT_OPTIONS);

describe('result deltas', () => {
  it('a policy added: only the workloads it changed travel, and applying them gives the new result', () => {
    const after = analysisParts(snapshotOf([...demoObjects(), GRAFANA_INGRESS_POLICY]), DEFAULT_OPTIONS);
    const delta = partsDelta(before, after)!;
    expect(delta.workloads.map(([, w]) => `${w.namespace}/${w.name}`)).toEqual(['monitoring/deployment/grafana']);
    expect(applyPartsDelta(before, delta)).toEqual(after);
  });

  it('nothing changed: no workload, no findings in the delta', () => {
    const delta = partsDelta(before, analysisParts(demoSnapshot(), DEFAULT_OPTIONS))!;
    expect(delta.workloads).toEqual([]);
    expect(delta.findings).toBeUndefined();
    expect(applyPartsDelta(before, delta)).toEqual(before);
  });

  it('a workload more or less: no delta (the whole result is sent)', () => {
    const fewer = snapshotOf(demoObjects().filter((o) => !(o as { metadata?: { name?: string } }).metadata?.name?.startsWith('grafana')));
    expect(partsDelta(before, analysisParts(fewer, DEFAULT_OPTIONS))).toBeUndefined();
  });
});
