// deniedSources and nearestMiss: who-can-reach --denied's rows named as targets, and for each the
// first why-not of can-reach --explain (judged on the first pod pair, the same first path).
import { describe, expect, it } from 'vitest';
import { demoObjects } from '../../src/sources/demo/demo-manifests.js';
import { deniedSources, nearestMiss } from '../../src/report/denied-sources-view.js';
import { reachCheckView, resolveTargetText, type ResolvedTarget } from '../../src/report/reach-query.js';
import type { ExplainedPathView } from '../../src/report/why-not-view.js';
import { PolicyIndex } from '../../src/engine/compile.js';
import { snapshotOf } from '../ui/helpers/demo.js';

function stateOf(objects: readonly object[]) {
  const snapshot = snapshotOf(objects);
  return { snapshot, index: new PolicyIndex(snapshot) };
}

const resolve = (state: ReturnType<typeof stateOf>, text: string): ResolvedTarget => {
  const t = resolveTargetText(text, state.snapshot, 'default');
  if ('error' in t) throw new Error(t.error);
  return t;
};

describe('nearestMiss', () => {
  it("is, for every denied source of every demo workload, the first denied path's closest rule of the whole check", () => {
    const state = stateOf(demoObjects());
    let compared = 0;
    for (const target of ['shop/deployment/cart', 'payments/deployment/payment-api', 'shop/statefulset/redis']) {
      const to = resolve(state, target);
      for (const row of deniedSources(state, to)) {
        const whole = reachCheckView(resolve(state, row.source), to, state.index);
        const first = (whole.paths.find((p) => !p.allowed) as ExplainedPathView).nearMisses?.[0];
        expect(nearestMiss(state, row.source, to), `${row.source} -> ${target}`).toEqual({ kind: 'rule', miss: first });
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(20);
  });

  it('names the Admin-tier Deny that decides, when one does', () => {
    const deny = {
      apiVersion: 'policy.networking.k8s.io/v1alpha1',
      kind: 'AdminNetworkPolicy',
      metadata: { name: 'no-monitoring-to-shop' },
      spec: {
        priority: 5,
        subject: { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } },
        ingress: [{ name: 'deny', action: 'Deny', from: [{ namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }] }],
      },
    };
    const state = stateOf([...demoObjects(), deny]);
    const miss = nearestMiss(state, 'monitoring/deployment/grafana', resolve(state, 'shop/deployment/cart'));
    expect(miss).toMatchObject({ kind: 'admin', block: { direction: 'ingress', rule: { kind: 'AdminNetworkPolicy', name: 'no-monitoring-to-shop' } } });
  });

  it('is undefined for a source that does not resolve', () => {
    const state = stateOf(demoObjects());
    expect(nearestMiss(state, 'shop/nope', resolve(state, 'shop/deployment/cart'))).toBeUndefined();
  });
});
