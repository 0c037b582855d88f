// Which workloads a reload marks as changed.
import { describe, expect, it } from 'vitest';
import { demoObjects } from '../../../src/sources/demo/demo-manifests.js';
import { analyze, changedWorkloads, workloadKey } from '../../../src/ui/store/analysis.js';
import { demoAnalysis, demoSnapshot, GRAFANA_INGRESS_POLICY, snapshotOf } from '../helpers/demo.js';
import { PolicyIndex } from '../../../src/engine/compile.js';

describe('changedWorkloads', () => {
  it('marks nothing on the first load or when nothing changed', () => {
    const a = demoAnalysis();
    expect(changedWorkloads(null, a).size).toBe(0);
    expect(changedWorkloads(a, demoAnalysis()).size).toBe(0);
  });

  it('marks the workload a new policy isolates, and only it', () => {
    const after = analyze(snapshotOf([...demoObjects(), GRAFANA_INGRESS_POLICY]));
    expect([...changedWorkloads(demoAnalysis(), after)]).toEqual(['monitoring/deployment/grafana']);
  });

  it('marks a workload that appeared', () => {
    const before = analyze(snapshotOf(demoObjects().filter((o) => !JSON.stringify(o).includes('"grafana'))));
    expect([...changedWorkloads(before, demoAnalysis())]).toEqual(['monitoring/deployment/grafana']);
  });

  it('keys workloads as namespace/name', () => {
    expect(workloadKey({ namespace: 'shop', name: 'deployment/cart' })).toBe('shop/deployment/cart');
  });
});

describe('analyze', () => {
  it('uses the policies the load compiled: a reload compiles them once, not again here', () => {
    const snapshot = demoSnapshot();
    const index = new PolicyIndex(snapshot, { ipBlockMatchesPods: false });
    const analysis = analyze(snapshot, index);
    expect(analysis.index).toBe(index);
    // And the answers come from that index (--ipblock-external-only kept), not from a default one.
    expect(analysis.index.options.ipBlockMatchesPods).toBe(false);
  });

  it('compiles with the default options only when given no index (tests, the demo helpers)', () => {
    expect(analyze(demoSnapshot()).index.options.ipBlockMatchesPods).toBe(true);
  });
});
