// A workload's peer tabs (Who can reach, Denied sources, Can reach) asked off the thread that answers
// keys: the tab says "(computing…)" while its query is out, keys are handled meanwhile, the answer is
// drawn when it arrives (the same rows as computed here), and an answer for an older state is dropped.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import type { Snapshot } from '../../src/model/snapshot.js';
import { SnapshotStore } from '../../src/model/snapshot-change.js';
import { App } from '../../src/ui/app.js';
import { analyze } from '../../src/ui/store/analysis.js';
import { followLive, inProcessComputer, type ComputerFactory, type ComputerHandlers, type LiveUpdate } from '../../src/ui/store/live-analysis.js';
import { PeerAsker, TAB_QUERIES_OFF_THREAD_FROM } from '../../src/ui/store/peer-asker.js';
import { tabPeerView, type TabQuery } from '../../src/ui/store/tab-query.js';
import { reachTab } from '../../src/ui/store/selectors.js';
import type { Analysis } from '../../src/ui/store/analysis.js';
import { countingSource, demoAnalysis, demoSnapshot, GRAFANA_INGRESS_POLICY, snapshotOf } from './helpers/demo.js';
import { KEY, press, pressAll, sleep, waitForFrame } from './helpers/keys.js';

afterEach(() => cleanup());

const CART = 'shop/deployment/cart';
const GRAFANA = 'monitoring/deployment/grafana';

/**
 * A computer that recomputes analyses on this thread but holds the tab queries it is sent until the
 * test releases them (as a worker busy with a 100,000-pod query would), answered on the state it held
 * when each was asked.
 */
function heldQueries() {
  const held: { id: number; query: TabQuery; version: number; snapshot: Snapshot }[] = [];
  let handlers!: ComputerHandlers;
  let state: { version: number; snapshot: Snapshot } | undefined;
  const factory: ComputerFactory = (h) => {
    handlers = h;
    const inner = inProcessComputer(h);
    return {
      begin: (snapshot, options) => {
        state = { version: 0, snapshot };
        inner.begin(snapshot, options);
      },
      update: (version, changes, snapshot) => {
        state = { version, snapshot };
        inner.update(version, changes, snapshot);
      },
      query: (id, query) => {
        held.push({ id, query, ...state! });
        return true;
      },
      stop: () => inner.stop(),
    };
  };
  /** Answers the oldest held query. */
  const release = () => {
    const next = held.shift()!;
    handlers.answer!(next.id, next.version, tabPeerView(analyze(next.snapshot), next.query));
    return next;
  };
  return { factory, held, release };
}

function mount(computer?: ComputerFactory) {
  // Every query off the thread, however few the pods (the demo has a few dozen).
  const r = render(<App source={countingSource()} initial={demoAnalysis()} {...(computer ? { computer, tabQueriesFrom: 0 } : {})} />);
  const frame = () => r.lastFrame() ?? '';
  return {
    frame,
    press: (key: string) => press(r.stdin, key, 40, r.frames),
    keys: (keys: string) => pressAll(r.stdin, keys, 40, r.frames),
    waitFor: (text: string) => waitForFrame(frame, (f) => f.includes(text), 5000),
    waitUntil: (check: (f: string) => boolean) => waitForFrame(frame, check, 5000),
  };
}

async function openWorkload(app: ReturnType<typeof mount>, key: string) {
  await app.waitFor('NAMESPACE');
  await app.press(':');
  await app.keys(key);
  await app.press(KEY.enter);
  await app.waitFor('Who can reach');
}

describe("a workload's peer tabs off the input path", () => {
  it('say (computing…) while the query is out, handle keys meanwhile, and draw the answer: the rows computed here', async () => {
    const here = mount();
    await openWorkload(here, CART);
    const expected = await here.waitFor('SOURCE');
    cleanup();

    const queries = heldQueries();
    const app = mount(queries.factory);
    await openWorkload(app, CART);
    await app.waitFor('(computing…)');
    expect(queries.held.map((q) => q.query)).toEqual([{ key: CART, direction: 'inbound', probe: null }]);
    // Keys are answered while the query is out: to the Policies tab (no query) and back.
    await app.press(KEY.tab);
    await app.waitFor('(computing…)'); // Denied sources reads the same query
    await app.press(KEY.tab);
    await app.press(KEY.tab);
    const policies = await app.waitFor('POLICY');
    expect(policies).toContain('api-from-frontend');
    // The third policy opens, and Esc comes back.
    await app.keys('jj');
    await app.press(KEY.enter);
    expect(app.frame().split('\n')[1]).toBe('namespaces › shop › deployment/cart › policy api-from-frontend');
    await app.press(KEY.escape);
    await app.waitFor('POLICY');
    // Only one query is out at a time: Can reach's waits for it.
    expect(queries.held).toHaveLength(1);
    await app.press(KEY.shiftTab);
    await app.press(KEY.shiftTab);
    await app.press(KEY.shiftTab);
    expect(app.frame()).toContain('(computing…)');
    expect(app.frame()).toContain('SOURCE');
    queries.release();
    const answered = await app.waitUntil((f) => !f.includes('(computing…)'));
    expect(answered).toContain('shop/deployment/frontend');
    expect(answered).toBe(expected);
  }, 30_000);

  it('a query wanted while another is out goes next; each answer is kept for its analysis', async () => {
    const queries = heldQueries();
    const app = mount(queries.factory);
    await openWorkload(app, CART);
    await app.waitFor('(computing…)');
    await app.press(KEY.tab);
    await app.press(KEY.tab);
    // Can reach (outbound) is wanted while Who can reach (inbound) is still out.
    await sleep(50);
    expect(queries.held).toHaveLength(1);
    queries.release();
    await waitForFrame(app.frame, () => queries.held.length === 1, 5000);
    expect(queries.held[0]!.query).toEqual({ key: CART, direction: 'outbound', probe: null });
    queries.release();
    const outbound = await app.waitUntil((f) => !f.includes('(computing…)'));
    expect(outbound).toContain('DESTINATION');
    expect(outbound).toContain('shop/statefulset/redis');
    // Back to Who can reach: kept, not asked again.
    await app.press(KEY.shiftTab);
    await app.press(KEY.shiftTab);
    const inbound = await app.waitFor('SOURCE');
    expect(inbound).not.toContain('(computing…)');
    expect(inbound).toContain('shop/deployment/frontend');
    expect(queries.held).toHaveLength(0);
  }, 30_000);
});

describe('the peer asker of a followed source', () => {
  function followed() {
    const queries = heldQueries();
    let arrivals = 0;
    const asker = new PeerAsker(() => arrivals++, 0);
    let shown: Analysis = demoAnalysis();
    let update!: (u: LiveUpdate) => void;
    const stop = followLive(
      (u) => {
        update = u;
        return () => undefined;
      },
      shown,
      queries.factory,
      () => undefined,
      (analysis) => (shown = analysis),
      asker,
    );
    const store = new SnapshotStore(demoSnapshot());
    return { queries, asker, shown: () => shown, arrivals: () => arrivals, store, update: (u: LiveUpdate) => update(u), stop };
  }

  it('drops an answer for a state older than the one shown and asks again on the newest', async () => {
    const f = followed();
    const inbound: TabQuery = { key: GRAFANA, direction: 'inbound', probe: null };
    const first = f.shown();
    expect(f.asker.view(first, inbound)).toEqual({ state: 'computing' });
    expect(f.queries.held).toHaveLength(1);
    // The data change while the query is out: grafana becomes isolated for ingress.
    const changes = [{ op: 'put' as const, kind: 'NetworkPolicy' as const, object: snapshotOf([GRAFANA_INGRESS_POLICY]).policies[0]! }];
    f.store.apply(changes);
    f.update({ changes, snapshot: f.store.snapshot() });
    await waitForFrame(() => '', () => f.shown() !== first, 5000);
    const second = f.shown();
    expect(f.asker.view(second, inbound)).toEqual({ state: 'computing' });
    // The old answer (version 0) arrives: not shown for the new analysis; the query goes again.
    expect(f.queries.release().version).toBe(0);
    expect(f.asker.view(second, inbound)).toEqual({ state: 'computing' });
    expect(f.queries.held.map((q) => q.version)).toEqual([1]);
    f.queries.release();
    const answer = f.asker.view(second, inbound);
    expect(answer.state).toBe('ready');
    const fresh = reachTab(analyze(f.store.snapshot()), GRAFANA, 'inbound');
    expect(answer.state === 'ready' && answer.view?.pods).toEqual(fresh.pods);
    // The policy changed the answer: only prometheus reaches grafana now.
    expect(fresh.pods.map((r) => r.peer)).toEqual(['statefulset/prometheus']);
    expect(reachTab(first, GRAFANA, 'inbound').pods.length).toBeGreaterThan(1);
    expect(f.arrivals()).toBe(2);
    f.stop();
  });

  it('an analysis the follow did not make (a reload) is computed here', () => {
    const f = followed();
    expect(f.asker.view(demoAnalysis(), { key: CART, direction: 'inbound', probe: null })).toEqual({ state: 'here' });
    expect(f.queries.held).toHaveLength(0);
    f.stop();
    // Stopped: nothing is asked any more.
    expect(f.asker.view(f.shown(), { key: CART, direction: 'inbound', probe: null })).toEqual({ state: 'here' });
  });

  it('a state with fewer pods than the threshold is asked here (a round trip would only flash (computing…))', () => {
    const queries = heldQueries();
    const asker = new PeerAsker(() => undefined);
    const initial = demoAnalysis();
    const stop = followLive(() => () => undefined, initial, queries.factory, () => undefined, () => undefined, asker);
    expect(initial.snapshot.pods.length).toBeLessThan(TAB_QUERIES_OFF_THREAD_FROM);
    expect(asker.view(initial, { key: CART, direction: 'inbound', probe: null })).toEqual({ state: 'here' });
    expect(queries.held).toHaveLength(0);
    stop();
  });

  it('a query left unanswered (the worker went) is computed here on the next draw', () => {
    const f = followed();
    const query: TabQuery = { key: CART, direction: 'outbound', probe: null };
    expect(f.asker.view(f.shown(), query)).toEqual({ state: 'computing' });
    const lost = f.queries.held.shift()!;
    f.asker.unanswered([lost.id]);
    expect(f.arrivals()).toBe(1);
    f.stop();
  });
});
