// Which workloads a reload marks as changed.
import { describe, expect, it } from 'vitest';
import { demoObjects } from '../../../src/sources/demo/demo-manifests.js';
import { analyze, changedWorkloads, workloadKey } from '../../../src/ui/store/analysis.js';
import { demoAnalysis, GRAFANA_INGRESS_POLICY, snapshotOf } from '../helpers/demo.js';

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
