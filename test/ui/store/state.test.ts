// The UI reducer: every action, on plain state objects (no ink).
import { describe, expect, it } from 'vitest';
import { currentView, initialState, reducer, SORT_ORDERS, type Action, type Screen, type UiState } from '../../../src/ui/store/state.js';
import { demoAnalysis } from '../helpers/demo.js';

const analysis = demoAnalysis();
const run = (state: UiState, ...actions: Action[]): UiState => actions.reduce(reducer, state);
const loaded = (): UiState => reducer(initialState('demo cluster'), { type: 'loaded', analysis, changed: new Set() });
const shop: Screen = { kind: 'namespace', namespace: 'shop' };
const cart: Screen = { kind: 'workload', key: 'shop/deployment/cart' };

describe('initialState', () => {
  it('starts on the overview, loading, without data', () => {
    const s = initialState('demo cluster');
    expect(s.source).toBe('demo cluster');
    expect(s.stack).toHaveLength(1);
    expect(currentView(s)).toEqual({ screen: { kind: 'overview' }, cursor: 0, filter: '', filtering: false, tab: 0, sort: 'name', yaml: false });
    expect(s.analysis).toBeNull();
    expect(s.loading).toBe(true);
    expect(s.help).toBe(false);
    expect(s.quit).toBe(false);
    expect(s.banner).toBeUndefined();
    expect(s.changed.size).toBe(0);
    expect(s.path).toEqual({ fields: ['', '', ''], focus: 0 });
  });
});

describe('loading, loaded and source errors', () => {
  it('loading sets the flag and keeps everything else', () => {
    const s = loaded();
    const next = reducer(s, { type: 'loading' });
    expect(next.loading).toBe(true);
    expect(next.analysis).toBe(analysis);
    expect(next.stack).toBe(s.stack);
  });

  it('loaded stores the analysis and the changed workloads, stops loading and clears the banner', () => {
    const changed = new Set(['shop/deployment/cart']);
    const s = run(initialState('x'), { type: 'source-error', message: 'watch lost' }, { type: 'loading' });
    expect(s.banner).toBe('watch lost');
    const next = reducer(s, { type: 'loaded', analysis, changed });
    expect(next.analysis).toBe(analysis);
    expect(next.changed).toBe(changed);
    expect(next.loading).toBe(false);
    expect(next.banner).toBeUndefined();
    expect('banner' in next).toBe(false);
  });

  it('loaded keeps the navigation stack', () => {
    const s = run(loaded(), { type: 'push', screen: shop }, { type: 'move', delta: 2, length: 5 });
    const next = reducer(s, { type: 'loaded', analysis, changed: new Set() });
    expect(next.stack).toEqual(s.stack);
  });

  it('source-error shows a banner, stops loading and keeps the last good analysis', () => {
    const s = reducer(loaded(), { type: 'loading' });
    const next = reducer(s, { type: 'source-error', message: 'connection refused' });
    expect(next.banner).toBe('connection refused');
    expect(next.loading).toBe(false);
    expect(next.analysis).toBe(analysis);
  });

  it('source-error before any data leaves the analysis empty', () => {
    const next = reducer(initialState('x'), { type: 'source-error', message: 'no kubeconfig' });
    expect(next.analysis).toBeNull();
    expect(next.banner).toBe('no kubeconfig');
  });
});

describe('push and pop', () => {
  it('push adds a fresh view on top and closes help', () => {
    const s = run(loaded(), { type: 'move', delta: 3, length: 5 }, { type: 'help' });
    const next = reducer(s, { type: 'push', screen: shop });
    expect(next.stack).toHaveLength(2);
    expect(currentView(next)).toEqual({ screen: shop, cursor: 0, filter: '', filtering: false, tab: 0, sort: 'name', yaml: false });
    expect(next.stack[0]!.cursor).toBe(3);
    expect(next.help).toBe(false);
  });

  it('pop removes the top view and restores the one below with its cursor', () => {
    const s = run(loaded(), { type: 'move', delta: 4, length: 5 }, { type: 'push', screen: shop }, { type: 'push', screen: cart });
    const once = reducer(s, { type: 'pop' });
    expect(currentView(once).screen).toEqual(shop);
    const twice = reducer(once, { type: 'pop' });
    expect(twice.stack).toHaveLength(1);
    expect(currentView(twice).screen.kind).toBe('overview');
    expect(currentView(twice).cursor).toBe(4);
  });

  it('pop closes help first without popping', () => {
    const s = run(loaded(), { type: 'push', screen: shop }, { type: 'help' });
    const next = reducer(s, { type: 'pop' });
    expect(next.help).toBe(false);
    expect(next.stack).toHaveLength(2);
    expect(reducer(next, { type: 'pop' }).stack).toHaveLength(1);
  });

  it('pop never removes the last view', () => {
    const s = loaded();
    const next = run(s, { type: 'pop' }, { type: 'pop' });
    expect(next.stack).toHaveLength(1);
    expect(currentView(next).screen.kind).toBe('overview');
  });
});

describe('move', () => {
  it('moves by delta within [0, length - 1]', () => {
    const s = loaded();
    expect(currentView(run(s, { type: 'move', delta: 1, length: 5 })).cursor).toBe(1);
    expect(currentView(run(s, { type: 'move', delta: 3, length: 5 }, { type: 'move', delta: -1, length: 5 })).cursor).toBe(2);
  });

  it('clamps at the bottom and at the top', () => {
    const s = loaded();
    expect(currentView(run(s, { type: 'move', delta: 100, length: 5 })).cursor).toBe(4);
    expect(currentView(run(s, { type: 'move', delta: 2, length: 5 }, { type: 'move', delta: -100, length: 5 })).cursor).toBe(0);
    expect(currentView(run(s, { type: 'move', delta: -1, length: 5 })).cursor).toBe(0);
  });

  it('stays at 0 on an empty list', () => {
    expect(currentView(run(loaded(), { type: 'move', delta: 1, length: 0 })).cursor).toBe(0);
  });

  it('changes only the top view', () => {
    const s = run(loaded(), { type: 'move', delta: 2, length: 5 }, { type: 'push', screen: shop }, { type: 'move', delta: 1, length: 5 });
    expect(s.stack.map((v) => v.cursor)).toEqual([2, 1]);
  });
});

describe('filter', () => {
  it('filter-start enters filtering and keeps the current text', () => {
    const s = run(loaded(), { type: 'filter-text', text: 'sh' }, { type: 'filter-end', keep: true });
    const next = reducer(s, { type: 'filter-start' });
    expect(currentView(next).filtering).toBe(true);
    expect(currentView(next).filter).toBe('sh');
  });

  it('filter-text replaces the text and resets the cursor', () => {
    const s = run(loaded(), { type: 'move', delta: 3, length: 5 }, { type: 'filter-start' });
    const next = reducer(s, { type: 'filter-text', text: 'pay' });
    expect(currentView(next).filter).toBe('pay');
    expect(currentView(next).cursor).toBe(0);
    expect(currentView(next).filtering).toBe(true);
  });

  it('filter-end with keep leaves the text applied', () => {
    const s = run(loaded(), { type: 'filter-start' }, { type: 'filter-text', text: 'pay' }, { type: 'move', delta: 1, length: 3 });
    const next = reducer(s, { type: 'filter-end', keep: true });
    expect(currentView(next)).toMatchObject({ filtering: false, filter: 'pay', cursor: 0 });
  });

  it('filter-end without keep clears the text', () => {
    const s = run(loaded(), { type: 'filter-start' }, { type: 'filter-text', text: 'pay' }, { type: 'move', delta: 1, length: 3 });
    const next = reducer(s, { type: 'filter-end', keep: false });
    expect(currentView(next)).toMatchObject({ filtering: false, filter: '', cursor: 0 });
  });
});

describe('tab', () => {
  const onCart = () => run(loaded(), { type: 'push', screen: cart });
  const tabOf = (s: UiState) => currentView(s).tab;

  it('moves forward and wraps after the last tab', () => {
    const s = onCart();
    expect(tabOf(run(s, { type: 'tab', delta: 1, count: 4 }))).toBe(1);
    const tabs = [1, 2, 3, 4].map((n) => tabOf(run(s, ...Array.from({ length: n }, (): Action => ({ type: 'tab', delta: 1, count: 4 })))));
    expect(tabs).toEqual([1, 2, 3, 0]);
  });

  it('moves backward and wraps before the first tab', () => {
    const s = onCart();
    expect(tabOf(run(s, { type: 'tab', delta: -1, count: 4 }))).toBe(3);
    expect(tabOf(run(s, { type: 'tab', delta: -1, count: 4 }, { type: 'tab', delta: -1, count: 4 }))).toBe(2);
  });

  it('resets the cursor', () => {
    const s = run(onCart(), { type: 'move', delta: 1, length: 3 }, { type: 'tab', delta: 1, count: 4 });
    expect(currentView(s).cursor).toBe(0);
  });
});

describe('sort, yaml, help, quit', () => {
  it('sort cycles through every order back to name and resets the cursor', () => {
    let s = run(loaded(), { type: 'move', delta: 2, length: 5 });
    const seen: string[] = [];
    for (let i = 0; i < SORT_ORDERS.length; i++) {
      s = reducer(s, { type: 'sort' });
      seen.push(currentView(s).sort);
      expect(currentView(s).cursor).toBe(0);
    }
    expect(seen).toEqual(['isolation', 'exposure', 'name']);
    expect(new Set(SORT_ORDERS)).toEqual(new Set(['name', 'isolation', 'exposure']));
  });

  it('yaml toggles on the top view only', () => {
    const s = run(loaded(), { type: 'push', screen: { kind: 'policy', namespace: 'shop', name: 'default-deny' } });
    const on = reducer(s, { type: 'yaml' });
    expect(currentView(on).yaml).toBe(true);
    expect(on.stack[0]!.yaml).toBe(false);
    expect(currentView(reducer(on, { type: 'yaml' })).yaml).toBe(false);
  });

  it('help toggles', () => {
    const on = reducer(loaded(), { type: 'help' });
    expect(on.help).toBe(true);
    expect(reducer(on, { type: 'help' }).help).toBe(false);
  });

  it('quit sets the flag', () => {
    expect(reducer(loaded(), { type: 'quit' }).quit).toBe(true);
  });
});

describe('the path form', () => {
  it('path-field writes the focused field', () => {
    const s = reducer(loaded(), { type: 'path-field', text: 'shop/deployment/frontend' });
    expect(s.path.fields).toEqual(['shop/deployment/frontend', '', '']);
    const t = run(s, { type: 'path-focus', delta: 1 }, { type: 'path-field', text: 'shop/deployment/cart' }, { type: 'path-focus', delta: 1 }, { type: 'path-field', text: '7070' });
    expect(t.path.fields).toEqual(['shop/deployment/frontend', 'shop/deployment/cart', '7070']);
  });

  it('path-focus wraps both ways over the three fields', () => {
    const s = loaded();
    expect(run(s, { type: 'path-focus', delta: 1 }).path.focus).toBe(1);
    expect(run(s, { type: 'path-focus', delta: 1 }, { type: 'path-focus', delta: 1 }, { type: 'path-focus', delta: 1 }).path.focus).toBe(0);
    expect(run(s, { type: 'path-focus', delta: -1 }).path.focus).toBe(2);
    expect(run(s, { type: 'path-focus', delta: -1 }, { type: 'path-focus', delta: -1 }).path.focus).toBe(1);
  });

  it('path-submit records the fields as they were and moves to the result; later edits do not change the result', () => {
    const s = run(loaded(), { type: 'path-field', text: 'a/b' }, { type: 'path-focus', delta: 1 }, { type: 'path-field', text: 'c/d' });
    expect(s.path.submitted).toBeUndefined();
    const submitted = reducer(s, { type: 'path-submit' });
    expect(submitted.path.submitted).toEqual(['a/b', 'c/d', '']);
    expect(submitted.path.focus).toBe(3);
    // On the result, text goes nowhere; Shift-Tab comes back to the last field, Tab to the first.
    expect(reducer(submitted, { type: 'path-field', text: 'x' }).path.fields).toEqual(['a/b', 'c/d', '']);
    expect(reducer(submitted, { type: 'path-focus', delta: -1 }).path.focus).toBe(2);
    expect(reducer(submitted, { type: 'path-focus', delta: 1 }).path.focus).toBe(0);
    const edited = run(submitted, { type: 'path-focus', delta: -1 }, { type: 'path-focus', delta: -1 }, { type: 'path-field', text: 'e/f' });
    expect(edited.path.fields).toEqual(['a/b', 'e/f', '']);
    expect(edited.path.submitted).toEqual(['a/b', 'c/d', '']);
  });
});

describe('purity', () => {
  it('never mutates the state it is given', () => {
    const s = run(loaded(), { type: 'push', screen: shop });
    const copy = structuredClone({ stack: s.stack, path: s.path, help: s.help });
    const actions: Action[] = [
      { type: 'move', delta: 1, length: 5 },
      { type: 'filter-start' },
      { type: 'filter-text', text: 'x' },
      { type: 'filter-end', keep: false },
      { type: 'tab', delta: 1, count: 4 },
      { type: 'sort' },
      { type: 'yaml' },
      { type: 'help' },
      { type: 'path-field', text: 'x' },
      { type: 'path-focus', delta: 1 },
      { type: 'path-submit' },
      { type: 'push', screen: cart },
      { type: 'pop' },
      { type: 'quit' },
    ];
    for (const action of actions) reducer(s, action);
    expect({ stack: s.stack, path: s.path, help: s.help }).toEqual(copy);
  });
});
