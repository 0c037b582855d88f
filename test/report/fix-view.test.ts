// fixView: the proposal as plain data, one row per named workload pair.
import { describe, expect, it } from 'vitest';
import { SnapshotBuilder } from '../fixtures/builder.js';
import { resolveIn } from '../fixtures/fix-check.js';
import { PolicyIndex } from '../../src/engine/compile.js';
import { proposeFix } from '../../src/engine/whynot/fix.js';
import { fixView } from '../../src/report/fix-view.js';

describe('fixView', () => {
  it('replicas split into matrix nodes of the same name (labels in another order) make one row, ports merged', () => {
    const owner = { kind: 'Deployment', name: 'api' };
    const snapshot = new SnapshotBuilder()
      .pod('x', 'client', { labels: { app: 'client' }, ip: '10.0.0.1' })
      .pod('x', 'api-1', { labels: { app: 'api', tier: 'back' }, ip: '10.0.0.2', owner })
      .pod('x', 'api-2', { labels: { tier: 'back', app: 'api' }, ip: '10.0.0.3', owner })
      .policy('x', 'deny', { podSelector: {}, policyTypes: ['Ingress'] })
      .build();
    const index = new PolicyIndex(snapshot);
    const result = proposeFix({ snapshot, index, from: resolveIn(snapshot, 'x/client'), to: resolveIn(snapshot, 'x/deployment/api'), probe: { protocol: 'TCP', port: 80 } });
    expect(result.status).toBe('fix');
    if (result.status !== 'fix') return;
    expect(result.opened.length).toBe(2);
    const view = fixView(result, (p) => ({ name: p.name }));
    expect(view.opened).toEqual([{ from: 'x/client', to: 'x/deployment/api{other labels}', ports: { TCP: ['80'] }, requested: true }]);
    expect(view.policies).toEqual([{ name: 'api-ingress-from-client' }]);
    expect(view.changes).toEqual([
      { policy: 'x/api-ingress-from-client', action: 'create', rules: [{ direction: 'ingress', rule: 0, field: 'spec.ingress[0]', peers: ['pods app=client'], ports: 'TCP 80' }] },
    ]);
  });
});
