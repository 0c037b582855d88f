// Rows open something: a reach row opens the path check between the row and the workload, checked;
// p opens it with the selected workload as the source.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { countingSource, demoAnalysis } from './helpers/demo.js';
import { KEY } from './helpers/keys.js';
import { crumbs, mountApp, type Mounted } from './helpers/app.js';

afterEach(() => cleanup());

async function openFrontend(): Promise<Mounted> {
  const app = mountApp(countingSource(), demoAnalysis());
  await app.waitFor('NAMESPACE');
  await app.keys(['/', ...'shop', KEY.enter, KEY.enter]);
  await app.waitFor((f) => crumbs(f).endsWith('shop'));
  await app.keys(['/', ...'frontend', KEY.enter, KEY.enter]);
  await app.waitFor((f) => crumbs(f).endsWith('deployment/frontend'));
  return app;
}

/** Moves the cursor down to the table row that contains `text`. */
async function select(app: Mounted, header: string, text: string): Promise<void> {
  const lines = app.frame().split('\n');
  const top = lines.findIndex((l) => l.includes(header));
  const at = lines.findIndex((l, i) => i > top && l.includes(text));
  expect(at, `${text} is listed under ${header}`).toBeGreaterThan(top);
  for (let i = 0; i < at - top - 1; i++) await app.press('j');
}

describe('reach rows open the path check', () => {
  it('a Can reach row: frontend -> cart, checked at once', async () => {
    const app = await openFrontend();
    await app.keys([KEY.right, KEY.right]);
    await app.waitFor('DESTINATION');
    await select(app, 'DESTINATION', 'shop/deployment/cart');
    await app.press(KEY.enter);
    const f = await app.waitFor('ALLOWED');
    expect(crumbs(f)).toMatch(/path check$/);
    expect(f).toMatch(/from\s+shop\/deployment\/frontend/);
    expect(f).toMatch(/to\s+shop\/deployment\/cart/);
  });

  it('a Who can reach row: the row is the source, the workload the destination', async () => {
    const app = await openFrontend();
    await app.waitFor('SOURCE');
    const lines = app.frame().split('\n');
    const top = lines.findIndex((l) => l.includes('SOURCE'));
    const first = lines[top + 1]!.trim().split(/\s+/)[0]!;
    expect(first).toMatch(/^[a-z-]+\/[a-z-]+/);
    await app.press(KEY.enter);
    const f = await app.waitFor(/ALLOWED|DENIED/);
    expect(f).toMatch(new RegExp(`from\\s+${first.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/…$/, '')}`));
    expect(f).toMatch(/to\s+shop\/deployment\/frontend/);
  });
});

describe('p takes the selection', () => {
  it('from a namespace row: source = that workload, focus on the destination', async () => {
    const app = mountApp(countingSource(), demoAnalysis());
    await app.waitFor('NAMESPACE');
    await app.keys(['/', ...'shop', KEY.enter, KEY.enter]);
    await app.waitFor((f) => crumbs(f).endsWith('shop'));
    const lines = app.frame().split('\n');
    const top = lines.findIndex((l) => l.includes('WORKLOAD'));
    const workload = lines[top + 1]!.trim().split(/\s+/)[0]!;
    await app.press('p');
    const f = await app.waitFor('Check a path');
    expect(f).toContain(`  from shop/${workload}`);
    expect(f).toMatch(/› to\s*▏/);
  });
});

describe('p without a selection', () => {
  it('opens an empty form, not the fields and result of the last check', async () => {
    const app = await openFrontend();
    await app.press(KEY.enter);
    await app.waitFor(/ALLOWED|DENIED/);
    // Back to the overview (Esc clears each screen's filter before it leaves).
    for (let i = 0; i < 6 && crumbs(app.frame()) !== 'namespaces'; i++) await app.press(KEY.escape);
    expect(crumbs(app.frame())).toBe('namespaces');
    await app.press('p');
    const f = await app.waitFor('Check a path');
    expect(f).toMatch(/› from ▏/);
    expect(f).not.toContain('shop/deployment/frontend');
    expect(f).not.toMatch(/ALLOWED|DENIED/);
  });
});

describe('finding rows open the policy they are about', () => {
  it("fraud-check's first finding opens fraud-check-egress", async () => {
    const app = mountApp(countingSource(), demoAnalysis());
    await app.waitFor('NAMESPACE');
    await app.keys(['/', ...'payments', KEY.enter, KEY.enter]);
    await app.waitFor((f) => crumbs(f).endsWith('payments'));
    await app.keys(['/', ...'fraud', KEY.enter, KEY.enter]);
    await app.waitFor((f) => crumbs(f).endsWith('deployment/fraud-check'));
    await app.keys([KEY.tab, KEY.tab, KEY.tab, KEY.tab]);
    await app.waitFor('egress-without-dns');
    await app.press(KEY.enter);
    const f = await app.waitFor('NetworkPolicy payments/fraud-check-egress');
    expect(crumbs(f)).toMatch(/policy fraud-check-egress$/);
  });
});
