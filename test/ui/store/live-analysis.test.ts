// Following a live source without ink: the actions the UI receives as the source changes, reports
// problems and recovers (the reducer applied to them, as the App does).
import { describe, expect, it } from 'vitest';
import { SnapshotStore, type SnapshotChange } from '../../../src/model/snapshot-change.js';
import { followLive, inProcessComputer, type ComputerFactory, type LiveUpdate } from '../../../src/ui/store/live-analysis.js';
import { initialState, reducer, type Action, type UiState } from '../../../src/ui/store/state.js';
import { demoAnalysis, demoSnapshot, GRAFANA_INGRESS_POLICY, snapshotOf } from '../helpers/demo.js';
import { sleep } from '../helpers/keys.js';

const GRAFANA = snapshotOf([GRAFANA_INGRESS_POLICY]).policies[0]!;

function harness(factory: ComputerFactory = inProcessComputer) {
  const initial = demoAnalysis();
  let state: UiState = reducer(initialState('demo'), { type: 'loaded', analysis: initial, changed: new Set() });
  const actions: Action['type'][] = [];
  const dispatch = (action: Action) => {
    actions.push(action.type);
    state = reducer(state, action);
  };
  let update!: (u: LiveUpdate) => void;
  let problem!: (m: string | null) => void;
  let stopped = false;
  const stop = followLive(
    (u, p) => {
      update = u;
      problem = p;
      return () => (stopped = true);
    },
    initial,
    factory,
    dispatch,
    () => undefined,
  );
  const store = new SnapshotStore(demoSnapshot());
  const change = (changes: SnapshotChange[]) => {
    store.apply(changes);
    update({ changes, snapshot: store.snapshot() });
  };
  return { state: () => state, actions, change, problem: (m: string | null) => problem(m), stop, stopped: () => stopped };
}

const monitoring = (state: UiState) => state.analysis!.coverage.namespaces.find((n) => n.namespace === 'monitoring')!;

describe('following a live source', () => {
  it('shows a change once computed, loading meanwhile, without loading the source again', async () => {
    const h = harness();
    expect(monitoring(h.state()).ingressIsolated).toBe(0);
    h.change([{ op: 'put', kind: 'NetworkPolicy', object: GRAFANA }]);
    expect(h.state().loading).toBe(true);
    while (h.state().loading) await sleep(5);
    expect(monitoring(h.state()).ingressIsolated).toBe(1);
    expect([...h.state().changed]).toEqual(['monitoring/deployment/grafana']);
    h.stop();
    expect(h.stopped()).toBe(true);
  });

  it('a change that arrives while a computation runs is computed after it, never dropped', async () => {
    // A computer whose first result is held back until the second change has arrived.
    let release!: () => void;
    const held = new Promise<void>((done) => (release = done));
    const gated: ComputerFactory = (handlers) =>
      inProcessComputer({
        result: (version, parts) => void held.then(() => handlers.result(version, parts)),
        failed: handlers.failed,
      });
    const h = harness(gated);
    h.change([{ op: 'put', kind: 'NetworkPolicy', object: GRAFANA }]);
    await sleep(20);
    h.change([{ op: 'delete', kind: 'NetworkPolicy', namespace: 'monitoring', name: GRAFANA.name }]);
    release();
    while (h.state().loading) await sleep(5);
    expect(h.state().analysis!.snapshot.policies.some((p) => p.name === GRAFANA.name)).toBe(false);
    expect(monitoring(h.state()).ingressIsolated).toBe(0);
    h.stop();
  });

  it('the computer gets the first state after the first frames (here: with the first change), always before that change', async () => {
    const calls: string[] = [];
    const recording: ComputerFactory = (handlers) => {
      const inner = inProcessComputer(handlers);
      return {
        begin: (snapshot, options) => {
          calls.push('begin');
          inner.begin(snapshot, options);
        },
        update: (version, changes, snapshot) => {
          calls.push(`update ${version}`);
          inner.update(version, changes, snapshot);
        },
        stop: () => inner.stop(),
      };
    };
    const h = harness(recording);
    await sleep(20);
    expect(calls).toEqual([]);
    h.change([{ op: 'put', kind: 'NetworkPolicy', object: GRAFANA }]);
    h.change([{ op: 'delete', kind: 'NetworkPolicy', namespace: 'monitoring', name: GRAFANA.name }]);
    expect(calls).toEqual(['begin', 'update 1', 'update 2']);
    h.stop();
  });

  it('a problem stays as the banner through new analyses and goes when the source recovers', async () => {
    const h = harness();
    h.problem('watch of pods cluster-wide lost: connection refused; retrying');
    expect(h.state().banner).toBe('watch of pods cluster-wide lost: connection refused; retrying');
    h.change([{ op: 'put', kind: 'NetworkPolicy', object: GRAFANA }]);
    while (h.state().loading) await sleep(5);
    expect(monitoring(h.state()).ingressIsolated).toBe(1);
    expect(h.state().banner).toBe('watch of pods cluster-wide lost: connection refused; retrying');
    h.problem(null);
    expect(h.state().banner).toBeUndefined();
    expect(monitoring(h.state()).ingressIsolated).toBe(1);
    h.stop();
  });
});
