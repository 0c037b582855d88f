// The UI keeps the policy kinds it does not evaluate in view: a banner line on every screen.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { demoObjects } from '../../src/sources/demo/demo-manifests.js';
import { analyze } from '../../src/ui/store/analysis.js';
import { countingSource, snapshotOf } from './helpers/demo.js';
import { mountApp } from './helpers/app.js';

afterEach(() => cleanup());

const CILIUM = { apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name: 'l7', namespace: 'shop' }, spec: { endpointSelector: {} } };

describe('policy kinds that are not evaluated', () => {
  it('a banner names them under the header', async () => {
    const snapshot = snapshotOf([...demoObjects(), CILIUM]);
    const app = mountApp(countingSource(snapshot), analyze(snapshot));
    await app.waitFor('NAMESPACE');
    const lines = app.frame().split('\n');
    expect(lines[2]).toBe('! not evaluated: 1 CiliumNetworkPolicy: verdicts ignore them');
  });

  it('no banner without them', async () => {
    const snapshot = snapshotOf(demoObjects());
    const app = mountApp(countingSource(snapshot), analyze(snapshot));
    await app.waitFor('NAMESPACE');
    expect(app.frame()).not.toContain('not evaluated');
  });
});
