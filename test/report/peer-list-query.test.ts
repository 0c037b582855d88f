// The who-can-reach / reachable-from query the commands and the UI share: targets, probes, -l, denied
// rows and explanations, on the demo cluster.
import { describe, expect, it } from 'vitest';
import { PolicyIndex } from '../../src/engine/compile.js';
import { analysablePods } from '../../src/engine/analysis/isolation.js';
import { groupByWorkload } from '../../src/engine/analysis/workload-groups.js';
import { listedPeers, peerListQuery, workloadTarget } from '../../src/report/peer-list-query.js';
import { resolveTargetText } from '../../src/report/reach-query.js';
import { demoSnapshot } from '../ui/helpers/demo.js';

const snapshot = demoSnapshot();
const state = { snapshot, index: new PolicyIndex(snapshot), description: 'demo' };
const resolve = (text: string) => {
  const target = resolveTargetText(text, snapshot, 'default');
  if ('error' in target) throw new Error(target.error);
  return target;
};

describe('workloadTarget', () => {
  it('is the target the commands resolve from the workload\'s NS/KIND/NAME or NS/POD, for every demo workload', () => {
    const groups = groupByWorkload(analysablePods(snapshot));
    expect(groups.length).toBeGreaterThan(5);
    for (const group of groups) expect(workloadTarget(group), group.key).toEqual(resolve(group.key));
  });
});

describe('peerListQuery', () => {
  it('lists peers with ports and rules; denied rows only when asked', () => {
    const target = resolve('shop/deployment/cart');
    const plain = peerListQuery(state, { direction: 'inbound', target, probe: null });
    expect(plain.view.target).toBe('shop/deployment/cart');
    expect(plain.view.pods.map((r) => `${r.namespace}/${r.peer}`)).toEqual(['shop/deployment/frontend']);
    expect(plain.view.denied).toEqual([]);
    const denied = peerListQuery(state, { direction: 'inbound', target, probe: null, denied: true });
    expect(denied.view.pods).toEqual(plain.view.pods);
    expect(denied.view.denied.map((r) => `${r.namespace}/${r.peer}`)).toContain('monitoring/statefulset/prometheus');
  });

  it('explains only when asked: one path per allowed connection, the denied ones too with denied', () => {
    const target = resolve('shop/deployment/cart');
    expect(peerListQuery(state, { direction: 'inbound', target, probe: null }).explanations).toEqual([]);
    // frontend's 3 pods each reach cart's 2 pods.
    const allowed = peerListQuery(state, { direction: 'inbound', target, probe: null, explain: true }).explanations;
    expect(allowed).toHaveLength(6);
    expect(allowed.every((p) => p.allowed)).toBe(true);
    const all = peerListQuery(state, { direction: 'inbound', target, probe: null, explain: true, denied: true }).explanations;
    expect(all.length).toBeGreaterThan(allowed.length);
    expect(all.some((p) => !p.allowed)).toBe(true);
  });

  it('judges a Service port name as the number of that service port', () => {
    const target = resolve('svc/shop/cart');
    const { view } = peerListQuery(state, { direction: 'inbound', target, probe: { protocol: 'TCP', port: 'grpc' } });
    expect(view.probe).toEqual({ protocol: 'TCP', port: 7070 });
    expect(view.pods.map((r) => [r.peer, r.ports])).toEqual([['deployment/frontend', { TCP: ['7070'] }]]);
  });

  it('-l narrows the peers listed, not the target', () => {
    const target = resolve('shop/deployment/catalog');
    const onlyMonitoring = (pod: { namespace: string }) => pod.namespace === 'monitoring';
    const { view } = peerListQuery(state, { direction: 'inbound', target, probe: null, peers: onlyMonitoring });
    expect(view.targetPods).toBe(2);
    expect(view.pods.map((r) => `${r.namespace}/${r.peer}`)).toEqual(['monitoring/statefulset/prometheus']);
    expect(listedPeers(snapshot, onlyMonitoring).every((p) => p.namespace === 'monitoring')).toBe(true);
  });
});
