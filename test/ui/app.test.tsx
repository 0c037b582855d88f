// The App driven key by key (ink-testing-library, 100 columns), asserting the frame text at each step.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { demoObjects } from '../../src/sources/demo/demo-manifests.js';
import { countingSource, demoAnalysis, demoSnapshot, GRAFANA_INGRESS_POLICY, snapshotOf } from './helpers/demo.js';
import { KEY, sleep } from './helpers/keys.js';
import { crumbs, lineOf, mountApp, rowsStarting, type Mounted } from './helpers/app.js';

afterEach(() => cleanup());

const NAMESPACES = ['ingress-nginx', 'kube-system', 'monitoring', 'payments', 'shop'];
const start = async () => {
  const source = countingSource();
  const app = mountApp(source, demoAnalysis());
  await app.waitFor('NAMESPACE');
  return { app, source };
};
/** Opens the nth namespace (0-based, by name) from the overview. */
const openNamespace = async (app: Mounted, index: number) => {
  for (let i = 0; i < index; i++) await app.press('j');
  await app.press(KEY.enter);
};
/** Opens shop/deployment/cart (shop is the 5th namespace, cart its first workload). */
const openCart = async (app: Mounted) => {
  await openNamespace(app, 4);
  await app.press(KEY.enter);
  expect(crumbs(app.frame())).toBe('namespaces › shop › deployment/cart');
};
/** The table rows under the column header, up to the blank line before the footer. */
const bodyRows = (frame: string) => {
  const lines = frame.split('\n');
  const start = lines.findIndex((l) => /^(SOURCE|DESTINATION|POLICY|FINDING|POD)\b/.test(l));
  const end = lines.findIndex((l, i) => i > start && l.trim() === '');
  return start < 0 ? [] : lines.slice(start + 1, end < 0 ? undefined : end);
};
const header = (frame: string) => frame.split('\n').find((l) => /^(SOURCE|DESTINATION|POLICY|FINDING|POD)\b/.test(l)) ?? '';

describe('overview', () => {
  it('lists the five demo namespaces with isolation bars, default deny and findings', async () => {
    const { app } = await start();
    const f = app.frame();
    expect(f.split('\n')[0]).toContain('kubectl-netpol demo cluster');
    expect(crumbs(f)).toBe('namespaces');
    expect(f).toMatch(/17 pods · ingress isolated ████░░ +70% · egress ████░░ +58%/);
    expect(f).toMatch(/NAMESPACE +PODS +INGRESS +EGRESS +DENY +WARNINGS/);
    expect(f).toMatch(/ingress-nginx +1 +░░░░░░ +0% ░░░░░░ +0% none +2/);
    expect(f).toMatch(/kube-system +2 +░░░░░░ +0% ░░░░░░ +0% none +2/);
    expect(f).toMatch(/monitoring +2 +░░░░░░ +0% ░░░░░░ +0% none +3/);
    expect(f).toMatch(/payments +3 +██████ 100% ██░░░░ +33% ingress +2/);
    expect(f).toMatch(/shop +9 +██████ 100% ██████ 100% in\+eg +0/);
    // In name order.
    const order = NAMESPACES.map((n) => lineOf(f, `${n} `));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(f).toContain('sort: namespace');
    expect(f).toContain('enter open');
    expect(f).toContain('q quit');
  });

  it('without initial data, shows Reading… and then loads from the source', async () => {
    let release!: () => void;
    const gate = new Promise<void>((done) => (release = done));
    const source = countingSource();
    const load = source.load;
    source.load = async () => {
      await gate;
      return load();
    };
    const app = mountApp(source);
    await app.waitFor('Reading…');
    expect(app.frame()).toContain('(loading…)');
    release();
    await app.waitFor('shop');
    expect(app.frame()).not.toContain('(loading…)');
    expect(source.loads).toBe(1);
  });
});

describe('moving and opening', () => {
  it('j moves down: four steps then enter opens shop', async () => {
    const { app } = await start();
    await openNamespace(app, 4);
    expect(crumbs(app.frame())).toBe('namespaces › shop');
  });

  it('k moves up again', async () => {
    const { app } = await start();
    await app.keys(['j', 'j', 'j', 'k', KEY.enter]);
    expect(crumbs(app.frame())).toBe('namespaces › monitoring');
  });

  it('arrow keys move like j and k', async () => {
    const { app } = await start();
    await app.keys([KEY.down, KEY.down, KEY.down, KEY.up, KEY.down, KEY.enter]);
    expect(crumbs(app.frame())).toBe('namespaces › payments');
  });

  it('the cursor stops at the last and at the first row', async () => {
    const { app } = await start();
    await app.keys(Array.from({ length: 8 }, () => 'j'));
    await app.press(KEY.enter);
    expect(crumbs(app.frame())).toBe('namespaces › shop');
    await app.press(KEY.escape);
    await app.keys(Array.from({ length: 8 }, () => 'k'));
    await app.press(KEY.enter);
    expect(crumbs(app.frame())).toBe('namespaces › ingress-nginx');
  });

  it('enter opens a namespace with its workloads', async () => {
    const { app } = await start();
    await openNamespace(app, 4);
    const f = app.frame();
    expect(f).toMatch(/WORKLOAD +PODS +INGRESS +EGRESS +INGRESS FROM/);
    expect(f).toMatch(/deployment\/cart +2 +isolated +isolated +namespace\b/);
    expect(f).toMatch(/deployment\/catalog +2 +isolated +isolated +namespaces/);
    expect(f).toMatch(/deployment\/checkout +1 +isolated +isolated +namespace\b/);
    expect(f).toMatch(/deployment\/frontend +3 +isolated +isolated +namespaces/);
    expect(f).toMatch(/statefulset\/redis +1 +isolated +isolated +namespace\b/);
    expect(f).not.toContain('ingress-nginx');
    expect(f).toContain('esc back');
  });

  it('an open namespace shows open workloads', async () => {
    const { app } = await start();
    await openNamespace(app, 2);
    expect(app.frame()).toMatch(/deployment\/grafana +1 +open +open +/);
  });

  it('the cursor in a namespace picks the workload that enter opens', async () => {
    const { app } = await start();
    await openNamespace(app, 4);
    await app.keys(['j', 'j', 'j', KEY.enter]);
    expect(crumbs(app.frame())).toBe('namespaces › shop › deployment/frontend');
    expect(app.frame()).toContain('shop/deployment/frontend');
    expect(app.frame()).toContain('3 pods');
  });
});

describe('filter', () => {
  it('/ then typing narrows the workloads; esc clears the filter', async () => {
    const { app } = await start();
    await openNamespace(app, 4);
    await app.press('/');
    expect(app.frame()).toContain('filter: ▏');
    await app.type('cart');
    let f = app.frame();
    expect(f).toContain('filter: cart▏');
    expect(f).toContain('deployment/cart');
    for (const other of ['catalog', 'checkout', 'frontend', 'redis']) expect(f).not.toContain(other);
    await app.press(KEY.escape);
    f = app.frame();
    expect(f).not.toContain('filter:');
    for (const all of ['deployment/cart', 'catalog', 'checkout', 'frontend', 'redis']) expect(f).toContain(all);
    // esc ended the filter only: still on shop.
    expect(crumbs(f)).toBe('namespaces › shop');
  });

  it('enter keeps the filter and then opens the only match', async () => {
    const { app } = await start();
    await openNamespace(app, 4);
    await app.press('/');
    await app.type('redi');
    await app.press(KEY.enter);
    expect(app.frame()).toContain('filter: redi');
    expect(app.frame()).not.toContain('▏');
    expect(app.frame()).not.toContain('deployment/cart');
    await app.press(KEY.enter);
    expect(crumbs(app.frame())).toBe('namespaces › shop › statefulset/redis');
  });

  it('backspace deletes the last character of the filter', async () => {
    const { app } = await start();
    await openNamespace(app, 4);
    await app.press('/');
    await app.type('cat');
    expect(app.frame()).not.toContain('deployment/cart');
    await app.press(KEY.backspace);
    expect(app.frame()).toContain('filter: ca▏');
    expect(app.frame()).toContain('deployment/cart');
    expect(app.frame()).toContain('deployment/catalog');
    expect(app.frame()).not.toContain('deployment/checkout');
  });

  it('filters the overview by a namespace label', async () => {
    const { app } = await start();
    await app.press('/');
    await app.type('team=platform');
    const f = app.frame();
    expect(rowsStarting(f, 'ingress-nginx')).toHaveLength(1);
    expect(rowsStarting(f, 'monitoring')).toHaveLength(1);
    expect(rowsStarting(f, 'shop')).toHaveLength(0);
    expect(rowsStarting(f, 'payments')).toHaveLength(0);
    expect(rowsStarting(f, 'kube-system')).toHaveLength(0);
  });

  it('says so when nothing matches', async () => {
    const { app } = await start();
    await app.press('/');
    await app.type('zzz');
    expect(app.frame()).toContain('No namespace matches.');
  });
});

describe('workload detail', () => {
  it('opens on "Who can reach": cart is reached by the frontend on all ports via api-from-frontend', async () => {
    const { app } = await start();
    await openCart(app);
    const f = app.frame();
    expect(f).toContain('shop/deployment/cart');
    expect(f).toContain('2 pods');
    expect(f).toMatch(/^ Who can reach {2}Denied sources {2}Can reach {2}Policies {2}Findings {2}Pods *$/m);
    expect(header(f)).toMatch(/^SOURCE +PODS +PORTS +ADMITTED BY/);
    expect(f).toMatch(/shop\/deployment\/frontend +3 +all ports +api-from-frontend ingress\[0\]/);
    expect(bodyRows(f)).toHaveLength(1);
  });

  it('tab and → go forward through the six tabs and wrap', async () => {
    const { app } = await start();
    await openCart(app);
    await app.press(KEY.tab);
    let f = app.frame();
    expect(header(f)).toMatch(/^SOURCE +PODS +NEAREST MISS/);
    await app.press(KEY.tab);
    f = app.frame();
    expect(header(f)).toMatch(/^DESTINATION +PODS +PORTS +ALLOWED BY/);
    // The replica count has its own column, so a long name never hides it.
    expect(f).toMatch(/kube-system\/deployment\/coredns +2 +TCP 53, UDP 53 +allow-dns egress\[0\]/);
    expect(f).toMatch(/shop\/statefulset\/redis +1 +TCP 6379 +cart-to-redis egress\[0\]/);
    expect(bodyRows(f)).toHaveLength(2);

    await app.press(KEY.right);
    f = app.frame();
    expect(header(f)).toMatch(/^POLICY +TYPES +ISOLATES/);
    expect(f).toMatch(/default-deny +Ingress\+Egress +ingress\+egress/);
    expect(f).toMatch(/allow-dns +Egress +egress/);
    expect(f).toMatch(/api-from-frontend +Ingress +ingress/);
    expect(f).toMatch(/cart-to-redis +Egress +egress/);
    const order = ['default-deny', 'allow-dns', 'api-from-frontend', 'cart-to-redis'].map((p) => lineOf(f, p));
    expect(order.every((i) => i > 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(bodyRows(f)).toHaveLength(4);

    await app.press(KEY.tab);
    f = app.frame();
    expect(header(f)).toMatch(/^FINDING/);
    expect(f).toContain('No findings.');

    await app.press(KEY.tab);
    f = app.frame();
    expect(header(f)).toMatch(/^POD +IPS +NODE +PHASE/);
    expect(bodyRows(f)).toHaveLength(2);

    await app.press(KEY.right);
    expect(header(app.frame())).toMatch(/^SOURCE +PODS +PORTS/);
  });

  it('shift+tab and ← go backward and wrap', async () => {
    const { app } = await start();
    await openCart(app);
    await app.press(KEY.shiftTab);
    expect(header(app.frame())).toMatch(/^POD/);
    await app.press(KEY.shiftTab);
    expect(header(app.frame())).toMatch(/^FINDING/);
    await app.press(KEY.left);
    expect(header(app.frame())).toMatch(/^POLICY/);
    await app.press(KEY.shiftTab);
    expect(header(app.frame())).toMatch(/^DESTINATION/);
    await app.press(KEY.left);
    expect(header(app.frame())).toMatch(/^SOURCE +PODS +NEAREST MISS/);
    await app.press(KEY.left);
    expect(header(app.frame())).toMatch(/^SOURCE +PODS +PORTS/);
  });

  it('shows the findings of an unprotected workload', async () => {
    const { app } = await start();
    await openNamespace(app, 2);
    await app.press(KEY.enter);
    expect(crumbs(app.frame())).toBe('namespaces › monitoring › deployment/grafana');
    await app.keys([KEY.shiftTab, KEY.shiftTab]);
    const f = app.frame();
    expect(f).toContain('WARNING pod-not-selected');
    expect(f).toContain('WARNING no-default-deny-ingress');
    await app.press(KEY.shiftTab);
    expect(app.frame()).toContain('No policy selects it: all traffic is allowed.');
  });
});

describe('policy view', () => {
  const openPolicies = async (app: Mounted) => {
    await openCart(app);
    await app.keys([KEY.tab, KEY.tab, KEY.tab]);
    expect(header(app.frame())).toMatch(/^POLICY/);
  };

  it('enter on a policy shows its readable rules; y shows the YAML, y again hides it', async () => {
    const { app } = await start();
    await openPolicies(app);
    await app.keys(['j', 'j', KEY.enter]);
    let f = app.frame();
    expect(crumbs(f)).toBe('namespaces › shop › deployment/cart › policy api-from-frontend');
    expect(f).toContain('NetworkPolicy shop/api-from-frontend');
    expect(f).toContain('Selects tier=api in shop: ');
    expect(f).toContain('deployment/cart (2)');
    expect(f).toContain('Policy types: Ingress');
    expect(f).toContain('ingress[0]: from pods app=frontend in namespace shop; all ports');
    expect(f).not.toContain('kind: NetworkPolicy');

    await app.press('y');
    f = app.frame();
    expect(f).toContain('(YAML)');
    expect(f).toContain('kind: NetworkPolicy');
    expect(f).toContain('name: api-from-frontend');
    expect(f).not.toContain('Policy types:');

    await app.press('y');
    f = app.frame();
    expect(f).not.toContain('kind: NetworkPolicy');
    expect(f).not.toContain('(YAML)');
    expect(f).toContain('ingress[0]: from pods app=frontend in namespace shop; all ports');
  });

  it('the first policy is default-deny, which allows nothing', async () => {
    const { app } = await start();
    await openPolicies(app);
    await app.press(KEY.enter);
    const f = app.frame();
    expect(f).toContain('NetworkPolicy shop/default-deny');
    expect(f).toContain('ingress: nothing allowed (deny all)');
    expect(f).toContain('egress: nothing allowed (deny all)');
  });

  it('esc and backspace pop back through the stack, one screen at a time, down to the overview', async () => {
    const { app } = await start();
    await openPolicies(app);
    await app.press(KEY.enter);
    expect(crumbs(app.frame())).toContain('policy default-deny');
    await app.press(KEY.escape);
    expect(crumbs(app.frame())).toBe('namespaces › shop › deployment/cart');
    // The workload kept its tab.
    expect(header(app.frame())).toMatch(/^POLICY/);
    await app.press(KEY.backspace);
    expect(crumbs(app.frame())).toBe('namespaces › shop');
    expect(app.frame()).toContain('deployment/catalog');
    await app.press(KEY.escape);
    expect(crumbs(app.frame())).toBe('namespaces');
    expect(app.frame()).toContain('17 pods');
    // The root stays.
    await app.press(KEY.escape);
    await app.press(KEY.backspace);
    expect(crumbs(app.frame())).toBe('namespaces');
    // The overview kept its cursor on shop.
    await app.press(KEY.enter);
    expect(crumbs(app.frame())).toBe('namespaces › shop');
  });
});

describe('path check', () => {
  const check = async (app: Mounted, from: string, to: string, port: string) => {
    await app.press('p');
    expect(app.frame()).toContain('Check a path');
    expect(crumbs(app.frame())).toMatch(/path check$/);
    await app.type(from);
    await app.press(KEY.tab);
    await app.type(to);
    await app.press(KEY.tab);
    await app.type(port);
    await app.press(KEY.enter);
    return app.frame();
  };

  it('frontend -> cart on 7070 is ALLOWED, with the rules on both sides', async () => {
    const { app } = await start();
    const f = await check(app, 'shop/deployment/frontend', 'shop/deployment/cart', '7070');
    expect(f).toMatch(/from +shop\/deployment\/frontend/);
    expect(f).toMatch(/to +shop\/deployment\/cart/);
    expect(f).toMatch(/port +7070/);
    expect(f).toMatch(/^ALLOWED/m);
    expect(f).not.toMatch(/^DENIED/m);
    expect(f).toContain('allowed on TCP 7070');
    expect(f).toContain('admitted by shop/frontend spec.egress[0].to[0]');
    expect(f).toContain('admitted by shop/api-from-frontend spec.ingress[0].from[0]');
  }, 20_000);

  it('frontend -> redis on 6379 is DENIED, saying no rule admits it', async () => {
    const { app } = await start();
    const f = await check(app, 'shop/deployment/frontend', 'shop/statefulset/redis', '6379');
    expect(f).toMatch(/^DENIED/m);
    expect(f).not.toMatch(/^ALLOWED/m);
    expect(f).toMatch(/no (ingress|egress) rule admits/);
  }, 20_000);

  it('an unknown pod shows an error', async () => {
    const { app } = await start();
    const f = await check(app, 'shop/nope', 'shop/deployment/cart', '');
    expect(f).toMatch(/error: .*shop\/nope not found/);
  });

  it('shift+tab moves focus back; backspace edits at the caret, which ← and → move; esc leaves', async () => {
    const { app } = await start();
    await openNamespace(app, 4);
    await app.press('p');
    // p took the selected workload as the source; back to it and clear it (Ctrl-U).
    expect(app.frame()).toMatch(/ {2}from shop\/\S+\n› to {3}▏/);
    await app.keys([KEY.shiftTab, '\u0015']);
    expect(app.frame()).toMatch(/› from ▏/);
    await app.type('ab');
    await app.keys([KEY.right, KEY.left, KEY.up, KEY.down]);
    expect(app.frame()).toMatch(/› from a▏b/);
    await app.press(KEY.backspace);
    expect(app.frame()).toMatch(/› from ▏b/);
    await app.type('xy');
    expect(app.frame()).toMatch(/› from xy▏b/);
    await app.press(KEY.shiftTab);
    expect(app.frame()).toMatch(/› port ▏/);
    // Letters that are commands elsewhere are text here.
    await app.type('qr?');
    expect(app.frame()).toMatch(/› port qr\?▏/);
    await app.press(KEY.escape);
    expect(crumbs(app.frame())).toBe('namespaces › shop');
  });
});

describe('help', () => {
  it('? shows the keys of the overview; ? closes it', async () => {
    const { app } = await start();
    await app.press('?');
    let f = app.frame();
    expect(f).toContain('Keys on this screen');
    expect(f).toMatch(/↑, k +move up/);
    expect(f).toMatch(/↓, j +move down/);
    expect(f).toMatch(/enter +open/);
    expect(f).toMatch(/\/ +filter by name or label/);
    expect(f).toMatch(/s +change sort order/);
    expect(f).toMatch(/p +check a path/);
    expect(f).toMatch(/q +quit/);
    expect(f).not.toMatch(/tab, → +next tab/);
    expect(f).not.toContain('NAMESPACE ');
    await app.press('?');
    f = app.frame();
    expect(f).not.toContain('Keys on this screen');
    expect(f).toContain('NAMESPACE ');
  });

  it('on a workload lists the tab keys; esc closes it without leaving the workload', async () => {
    const { app } = await start();
    await openCart(app);
    await app.press('?');
    let f = app.frame();
    expect(f).toContain('Keys on this screen');
    expect(f).toMatch(/tab, → +next tab/);
    expect(f).toMatch(/shift\+tab, ← +previous tab/);
    expect(f).toMatch(/esc, ⌫ +back/);
    expect(f).not.toMatch(/s +change sort order/);
    // Keys do not reach the screen under the help.
    await app.press('j');
    await app.press(KEY.tab);
    expect(app.frame()).toContain('Keys on this screen');
    await app.press(KEY.escape);
    f = app.frame();
    expect(f).not.toContain('Keys on this screen');
    expect(crumbs(f)).toBe('namespaces › shop › deployment/cart');
    expect(header(f)).toMatch(/^SOURCE/);
  });

  it('on a policy lists y', async () => {
    const { app } = await start();
    await openCart(app);
    await app.keys([KEY.tab, KEY.tab, KEY.tab, KEY.enter, '?']);
    expect(app.frame()).toMatch(/y +show the raw YAML/);
  });
});

describe('quit, sort, reload', () => {
  it('q quits: the app stops reading keys and renders no more frames', async () => {
    const { app } = await start();
    expect(app.stdin.listenerCount('readable')).toBeGreaterThan(0);
    await app.press('q');
    await sleep(50);
    expect(app.stdin.listenerCount('readable')).toBe(0);
    const count = app.frames.length;
    await app.keys(['j', KEY.enter]);
    expect(app.frames.length).toBe(count);
  });

  it('q quits from a nested screen and from the help', async () => {
    const { app } = await start();
    await openCart(app);
    await app.press('?');
    await app.press('q');
    await sleep(50);
    expect(app.stdin.listenerCount('readable')).toBe(0);
  });

  it('s changes the sort label and the order', async () => {
    const { app } = await start();
    expect(app.frame()).toContain('sort: namespace');
    await app.press('s');
    expect(app.frame()).toContain('sort: isolation');
    await app.press('s');
    let f = app.frame();
    expect(f).toContain('sort: warnings');
    // Named after the column it reads (the overview shows no exposure): most warnings first, monitoring (3) before ingress-nginx (2).
    expect(lineOf(f, 'monitoring ')).toBeLessThan(lineOf(f, 'ingress-nginx '));
    await app.press('s');
    f = app.frame();
    expect(f).toContain('sort: namespace');
    expect(lineOf(f, 'ingress-nginx ')).toBeLessThan(lineOf(f, 'monitoring '));
  });

  it('s sorts a namespace by exposure: the most exposed workloads first', async () => {
    const { app } = await start();
    await openNamespace(app, 4);
    await app.keys(['s', 's']);
    const f = app.frame();
    expect(f).toContain('sort: exposure');
    expect(lineOf(f, 'deployment/catalog')).toBeLessThan(lineOf(f, 'deployment/cart '));
    expect(lineOf(f, 'deployment/frontend')).toBeLessThan(lineOf(f, 'deployment/cart '));
  });

  it('r loads the source again', async () => {
    const { app, source } = await start();
    expect(source.loads).toBe(0);
    await app.press('r');
    await app.waitFor((f) => source.loads === 1 && !f.includes('loading'));
    await app.press('r');
    await app.waitFor((f) => source.loads === 2 && !f.includes('loading'));
    expect(app.frame()).toContain('shop ');
  });
});

describe('the source', () => {
  it('a failed first load shows the error and r retries', async () => {
    const source = countingSource();
    let fail = true;
    const load = source.load;
    source.load = async () => {
      if (fail) {
        source.loads++;
        throw new Error('connection refused');
      }
      return load();
    };
    const app = mountApp(source);
    await app.waitFor('! connection refused');
    expect(app.frame()).toContain('No data yet: press r to retry, q to quit.');
    fail = false;
    await app.press('r');
    await app.waitFor('17 pods');
    expect(app.frame()).not.toContain('connection refused');
    expect(source.loads).toBe(2);
  });

  it('a watch that reports a change reloads, and the namespace marks the changed workload with *', async () => {
    let changed!: () => void;
    const source = countingSource(demoSnapshot(), (onChange) => {
      changed = onChange;
      return () => {};
    });
    const app = mountApp(source, demoAnalysis());
    await app.waitFor('NAMESPACE');
    await openNamespace(app, 2);
    let f = app.frame();
    expect(f).toMatch(/ deployment\/grafana +1 +open +open/);
    expect(f).not.toContain('*');

    source.current = snapshotOf([...demoObjects(), GRAFANA_INGRESS_POLICY]);
    changed();
    f = await app.waitFor('changed at the last reload');
    expect(source.loads).toBe(1);
    expect(f).toMatch(/^\*.*deployment\/grafana +1 +isolated +open/m);
    expect(f).toMatch(/^ .*statefulset\/prometheus +1 +open +open/m);
    expect(crumbs(f)).toBe('namespaces › monitoring');
  });

  it('a burst of changes makes one reload', async () => {
    let changed!: () => void;
    const source = countingSource(demoSnapshot(), (onChange) => {
      changed = onChange;
      return () => {};
    });
    const app = mountApp(source, demoAnalysis());
    await app.waitFor('NAMESPACE');
    // Three events 100 ms apart: each restarts the 300 ms wait.
    changed();
    await sleep(100);
    changed();
    await sleep(100);
    changed();
    await sleep(100);
    expect(source.loads).toBe(0);
    await sleep(500);
    expect(source.loads).toBe(1);
    expect(app.frame()).toContain('17 pods');
  });

  it('a watch that fails shows the banner with ! and keeps the data', async () => {
    let failed!: (message: string) => void;
    let changed!: () => void;
    const source = countingSource(demoSnapshot(), (onChange, onFail) => {
      changed = onChange;
      failed = onFail;
      return () => {};
    });
    const app = mountApp(source, demoAnalysis());
    await app.waitFor('NAMESPACE');
    failed('watch lost: connection reset by peer');
    const f = await app.waitFor('watch lost');
    expect(f).toMatch(/^! watch lost: connection reset by peer$/m);
    for (const n of NAMESPACES) expect(rowsStarting(f, `${n} `)).toHaveLength(1);
    expect(f).toContain('17 pods');
    // Still usable.
    await openNamespace(app, 4);
    expect(crumbs(app.frame())).toBe('namespaces › shop');
    expect(app.frame()).toContain('! watch lost');
    // A successful reload clears the banner.
    changed();
    await app.waitFor((frame) => !frame.includes('watch lost'));
  });

  it('stops the watch when the app exits', async () => {
    let stopped = 0;
    const source = countingSource(demoSnapshot(), () => () => void stopped++);
    const app = mountApp(source, demoAnalysis());
    await app.waitFor('NAMESPACE');
    expect(stopped).toBe(0);
    await app.press('q');
    await sleep(50);
    expect(stopped).toBe(1);
  });
});
