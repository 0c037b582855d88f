// The workload's "Denied sources" tab: who-can-reach --denied's rows, each with its nearest miss
// (can-reach --explain's closest rule); Enter opens the path check from that source, with the fix.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { deniedTab, nearestMissText, pathResult, reachTab } from '../../src/ui/store/selectors.js';
import { nearMissLine } from '../../src/format/why-not-text.js';
import type { ExplainedPathView } from '../../src/report/why-not-view.js';
import { countingSource, demoAnalysis } from './helpers/demo.js';
import { KEY } from './helpers/keys.js';
import { crumbs, mountApp } from './helpers/app.js';
import { runCli } from '../fixtures/cli.js';
import { SnapshotBuilder } from '../fixtures/builder.js';
import { analyze } from '../../src/ui/store/analysis.js';

afterEach(() => cleanup());

const analysis = demoAnalysis();
const CART = 'shop/deployment/cart';

describe('the Denied sources of a workload', () => {
  it('are the denied rows of who-can-reach --denied, named as the path check names them', async () => {
    const cli = JSON.parse((await runCli(['who-can-reach', CART, '--demo', '--denied', '-o', 'json'])).stdout) as { denied: { namespace: string; peer: string; pods: number; reason: string }[] };
    const rows = deniedTab(analysis, CART);
    expect(rows.map(({ source: _, ...row }) => row)).toEqual(cli.denied);
    expect(rows.map((r) => r.source)).toContain('shop/deployment/checkout');
    expect(rows.map((r) => r.source)).not.toContain('shop/deployment/frontend');
  });

  it('come from the query Who can reach reads, asked once per analysis', () => {
    const fresh = demoAnalysis();
    const first = reachTab(fresh, CART, 'inbound');
    expect(reachTab(fresh, CART, 'inbound').pods).toBe(first.pods);
    expect(deniedTab(fresh, CART).map((r) => r.source)).toContain('shop/deployment/checkout');
    expect(reachTab(fresh, CART, 'inbound').pods).toBe(first.pods);
    // A new analysis (a reload) asks again.
    expect(reachTab(demoAnalysis(), CART, 'inbound').pods).not.toBe(first.pods);
  });

  it("each one's nearest miss is the first why-not line of can-reach --explain", () => {
    const result = pathResult(analysis, ['shop/deployment/checkout', CART, '']);
    if ('error' in result) throw new Error(result.error);
    const first = (result.view.paths[0] as ExplainedPathView).nearMisses![0]!;
    const text = nearestMissText(analysis, 'shop/deployment/checkout', CART);
    expect(text.full).toBe(nearMissLine(first));
    expect(text.full).toBe('shop/api-from-frontend spec.ingress[0].from[0]: the source has app=checkout (wants app=frontend)');
    // For the column: the policy's name and what failed.
    expect(text.short).toBe('api-from-frontend: the source has app=checkout (wants app=frontend)');
  });

  it('the tab lists them with the nearest miss; enter on checkout opens the path check, denied, with the fix', async () => {
    const app = mountApp(countingSource(), analysis);
    await app.waitFor('NAMESPACE');
    await app.press(':');
    await app.type(CART);
    await app.press(KEY.enter);
    await app.waitFor('Who can reach');
    await app.press(KEY.tab);
    const f = await app.waitFor('NEAREST MISS');
    // The column cuts the miss; the selected row's comes in full under the table.
    expect(f).toMatch(/^shop\/deployment\/checkout +1 +api-from-frontend: the source has app=checkout/m);
    const lines = f.split('\n');
    const top = lines.findIndex((l) => l.startsWith('SOURCE'));
    const at = lines.findIndex((l) => l.startsWith('shop/deployment/checkout'));
    for (let i = 0; i < at - top - 1; i++) await app.press('j');
    expect(app.frame().replace(/\n {2}/g, ' ')).toContain('shop/deployment/checkout: shop/api-from-frontend spec.ingress[0].from[0]: the source has app=checkout (wants app=frontend)');
    await app.press(KEY.enter);
    const path = await app.waitFor('fix, verified');
    expect(crumbs(path)).toBe('namespaces › shop › deployment/cart › path check');
    expect(path).toMatch(/from +shop\/deployment\/checkout/);
    expect(path).toMatch(/to +shop\/deployment\/cart/);
    expect(path).toMatch(/^DENIED: shop\/deployment\/checkout -> shop\/deployment\/cart/m);
    expect(path).toContain('1. shop/api-from-frontend spec.ingress[0].from[0]: the source has app=checkout');
    expect(path).toContain('y copies the fix YAML, w writes it to a file');
  }, 20_000);

  it('a workload nothing is denied to says so', async () => {
    // No policy anywhere: every pod reaches every other.
    const open = new SnapshotBuilder().pod('x', 'a', { labels: { app: 'a' }, ip: '10.0.0.1' }).pod('x', 'b', { labels: { app: 'b' }, ip: '10.0.0.2' }).build();
    expect(deniedTab(analyze(open), 'x/a')).toEqual([]);
    const app = mountApp(countingSource(open), analyze(open));
    await app.waitFor('NAMESPACE');
    await app.press(':');
    await app.type('x/a');
    await app.press(KEY.enter);
    // A bare pod opens its pod view, over its own row in the namespace (the workload screen).
    await app.waitFor('Pod x/a');
    await app.press(KEY.escape);
    await app.waitFor('Who can reach');
    await app.press(KEY.tab);
    expect(await app.waitFor('No source is denied')).toContain('every pod can reach it on some port');
  }, 20_000);

  it('/ filters the tab by its columns; enter opens the row the filter left; esc clears it first', async () => {
    const app = mountApp(countingSource(), analysis);
    await app.waitFor('NAMESPACE');
    await app.press(':');
    await app.type(CART);
    await app.press(KEY.enter);
    await app.waitFor('Who can reach');
    await app.press(KEY.tab);
    await app.waitFor('NEAREST MISS');
    await app.press('/');
    await app.type('checkout');
    let f = await app.waitFor('filter: checkout▏');
    const rows = f.split('\n').filter((l) => /^[a-z-]+\/(deployment|statefulset)\/\S+ +\d+ +[a-z]/.test(l) && !l.endsWith(' pods'));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(/^shop\/deployment\/checkout +1 /);
    await app.press(KEY.enter);
    await app.press(KEY.enter);
    f = await app.waitFor('fix, verified');
    expect(f).toMatch(/from +shop\/deployment\/checkout/);
    await app.press(KEY.escape);
    f = await app.waitFor('NEAREST MISS');
    expect(f).toContain('filter: checkout');
    await app.press(KEY.escape);
    f = app.frame();
    expect(f).not.toContain('filter:');
    expect(f).toContain('shop/statefulset/redis');
    expect(crumbs(f)).toBe('namespaces › shop › deployment/cart');
  }, 20_000);
});
