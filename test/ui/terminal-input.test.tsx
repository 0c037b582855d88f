// The UI as the CLI mounts it (inside Interruptible): keys read together, field editing keys,
// Esc with a filter in force, and the minimum terminal size.
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/app.js';
import { Interruptible, MIN_COLUMNS, MIN_ROWS } from '../../src/ui/interrupt.js';
import { countingSource, demoAnalysis } from './helpers/demo.js';
import { KEY, press, waitForFrame } from './helpers/keys.js';
import { renderAt } from './helpers/terminal.js';

let unmount: (() => void) | undefined;
afterEach(() => {
  unmount?.();
  unmount = undefined;
});

function start(columns = 80, rows = 24) {
  const t = renderAt(
    <Interruptible>
      <App source={countingSource()} initial={demoAnalysis()} />
    </Interruptible>,
    columns,
    rows,
  );
  unmount = () => t.instance.unmount();
  const crumbs = () => t.lastFrame().split('\n')[1] ?? '';
  return {
    ...t,
    crumbs,
    /** Writes `data` as one read, as a paste or a slow link delivers it. */
    chunk: (data: string) => press(t.stdin, data, 40, t.stdout.frames),
    key: (data: string) => press(t.stdin, data, 40, t.stdout.frames),
    waitFor: (text: string) => waitForFrame(t.lastFrame, (f) => f.includes(text)),
  };
}

describe('keys read together', () => {
  it('jjjj and enter in one read move four rows and open the namespace there', async () => {
    const t = start();
    await t.waitFor('NAMESPACE');
    const rows = t.lastFrame().split('\n');
    const header = rows.findIndex((l) => l.includes('NAMESPACE'));
    const fifth = rows[header + 5]!.trim().split(/\s+/)[0]!;
    await t.chunk('jjjj\r');
    await waitForFrame(() => t.crumbs(), (c) => c.includes('›'));
    expect(t.crumbs()).toBe(`namespaces › ${fifth}`);
  });

  it('a paste after / lands in the filter, whole', async () => {
    const t = start();
    await t.waitFor('NAMESPACE');
    await t.chunk('/mon');
    const f = await t.waitFor('filter: mon▏');
    expect(f).toContain('monitoring');
    expect(f).not.toMatch(/^\s*shop\s/m);
  });
});

describe('keys read after a chunk', () => {
  it('wait behind its characters: a Tab right after `:shop/dep` completes what was typed', async () => {
    const t = start();
    await t.waitFor('NAMESPACE');
    // Two reads back to back, as a fast typist or a slow link delivers them.
    t.stdin.write(':shop/dep');
    t.stdin.write('\t');
    const f = await t.waitFor(':shop/deployment/cart▏');
    expect(f).toContain('shop/deployment/catalog  (workload)');
  });
});

describe('field editing', () => {
  it('Ctrl-W deletes the last word of the filter and Ctrl-U clears it', async () => {
    const t = start();
    await t.waitFor('NAMESPACE');
    await t.key('/');
    for (const c of 'sh op') await t.key(c);
    await t.waitFor('filter: sh op▏');
    await t.key('\u0017');
    expect(await t.waitFor('filter: sh ▏')).toContain('filter: sh ▏');
    await t.key('\u0015');
    expect(await t.waitFor('filter: ▏')).toContain('filter: ▏');
  });

  it('Ctrl-U clears a path-check field', async () => {
    const t = start();
    await t.waitFor('NAMESPACE');
    await t.key('p');
    for (const c of 'shop/x') await t.key(c);
    await t.waitFor('from shop/x');
    await t.key('\u0015');
    const f = await waitForFrame(t.lastFrame, (x) => !x.includes('shop/x'));
    expect(f).toMatch(/› from\s*▏/);
  });
});

describe('Esc with a filter in force', () => {
  it('clears the filter first, then leaves the screen', async () => {
    const t = start();
    await t.waitFor('NAMESPACE');
    // Open shop (the namespace the filter keeps), then filter its workloads and keep the filter.
    await t.key('/');
    for (const c of 'shop') await t.key(c);
    await t.key(KEY.enter);
    await t.key(KEY.enter);
    await waitForFrame(() => t.crumbs(), (c) => c.endsWith('shop'));
    await t.key('/');
    for (const c of 'cart') await t.key(c);
    await t.key(KEY.enter);
    expect(await t.waitFor('filter: cart')).not.toContain('deployment/frontend');
    await t.key(KEY.escape);
    const cleared = await waitForFrame(t.lastFrame, (f) => !f.includes('filter:'));
    expect(cleared).toContain('deployment/frontend');
    expect(t.crumbs()).toBe('namespaces › shop');
    await t.key(KEY.escape);
    await waitForFrame(() => t.crumbs(), (c) => c === 'namespaces');
    // The overview's own filter (kept with enter) is cleared by Esc as well.
    expect(t.lastFrame()).toContain('filter: shop');
    await t.key(KEY.escape);
    const all = await waitForFrame(t.lastFrame, (f) => !f.includes('filter:'));
    expect(all).toContain('monitoring');
  });
});

describe('minimum size', () => {
  it(`below ${MIN_COLUMNS}x${MIN_ROWS} a message replaces the frame`, async () => {
    const t = start(MIN_COLUMNS - 1, 24);
    const f = await t.waitFor('Terminal too small');
    expect(f).toContain(`needs ${MIN_COLUMNS}x${MIN_ROWS}`);
    expect(f).not.toContain('NAMESPACE');
    expect(f.trimEnd().split('\n')).toHaveLength(1);
  });

  it('too few rows count too; at the minimum the frame shows', async () => {
    const low = start(80, MIN_ROWS - 1);
    expect(await low.waitFor('Terminal too small')).not.toContain('NAMESPACE');
    unmount?.();
    const ok = start(MIN_COLUMNS, MIN_ROWS);
    expect(await ok.waitFor('NAMESPACE')).not.toContain('Terminal too small');
  });
});
