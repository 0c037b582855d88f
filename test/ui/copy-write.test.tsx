// y copies the path view's fix YAML to the clipboard (OSC 52 on the terminal's stdout), w writes it
// to a file after asking where, c copies the kubectl netpol command of any view, with the flags the
// UI was started with. Each says so in one line.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/app.js';
import { osc52 } from '../../src/ui/host.js';
import { countingSource, demoAnalysis } from './helpers/demo.js';
import { KEY, press, waitForFrame } from './helpers/keys.js';
import { renderAt } from './helpers/terminal.js';
import { runCli } from '../fixtures/cli.js';

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const done of cleanup) done();
  cleanup = [];
});

const paste = (text: string) => `\u001B[200~${text}\u001B[201~`;

function start() {
  const t = renderAt(<App source={countingSource()} initial={demoAnalysis()} flags={['--demo']} />, 80, 24);
  cleanup.push(() => t.instance.unmount());
  const key = (data: string) => press(t.stdin, data, 40, t.stdout.frames);
  const waitFor = (text: string) => waitForFrame(t.lastFrame, (f) => f.includes(text), 5000);
  /** What went to the clipboard: the text of every OSC 52 sequence written, in order. */
  const clipboard = () =>
    t.stdout.frames.flatMap((f) => [...f.matchAll(/\u001B\]52;c;([A-Za-z0-9+/=]*)\u0007/g)].map((m) => Buffer.from(m[1]!, 'base64').toString('utf8')));
  /** Jumps with the command line (the target pasted in one piece). */
  const jump = async (target: string, expect: string) => {
    await key(':');
    await key(paste(target));
    await key(KEY.enter);
    await waitFor(expect);
  };
  return { ...t, key, waitFor, clipboard, jump };
}

/** From cart's Denied sources, checkout's row: the path check with the fix. */
async function checkoutToCart(t: ReturnType<typeof start>) {
  await t.waitFor('NAMESPACE');
  await t.jump('shop/deployment/cart', 'Who can reach');
  await t.key(KEY.tab);
  const f = await t.waitFor('NEAREST MISS');
  const lines = f.split('\n');
  const down = lines.findIndex((l) => l.startsWith('shop/deployment/checkout')) - lines.findIndex((l) => l.startsWith('SOURCE')) - 1;
  for (let i = 0; i < down; i++) await t.key('j');
  await t.key(KEY.enter);
  await t.waitFor('fix, verified');
}

describe('y, w and c', () => {
  it('y puts the fix YAML, as kubectl netpol fix prints it, on the clipboard with OSC 52', async () => {
    const t = start();
    await checkoutToCart(t);
    await t.key('y');
    const f = await t.waitFor('copied the fix YAML');
    expect(f).toContain('copied the fix YAML (1 policy) to the clipboard (OSC 52)');
    const fix = await runCli(['fix', 'shop/deployment/checkout', 'shop/deployment/cart', '--demo']);
    expect(t.clipboard()).toEqual([fix.stdout]);
    expect(t.stdout.frames.join('')).toContain(osc52(fix.stdout));
    // The confirmation lasts until the next key.
    await t.key(KEY.tab);
    expect(t.lastFrame()).not.toContain('copied the fix YAML');
  }, 30_000);

  it('w asks for the file (default ./fix-NS-NAME.yaml), writes it, and --policies-from that file allows the path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'netpol-ui-fix-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const t = start();
    await checkoutToCart(t);
    await t.key('w');
    const asked = await t.waitFor('write the fix to:');
    // At 80 columns the hint gives way to the file name.
    expect(asked).toMatch(/^write the fix to: \.\/fix-shop-cart-ingress-from-checkout\.yaml▏$/m);
    const file = join(dir, 'fix.yaml');
    await t.key('\u0015');
    await t.key(paste(file));
    await t.key(KEY.enter);
    const done = await t.waitFor('wrote ');
    expect(done).toContain(`wrote ${file}`);
    const fix = await runCli(['fix', 'shop/deployment/checkout', 'shop/deployment/cart', '--demo']);
    expect(readFileSync(file, 'utf8')).toBe(fix.stdout);
    const check = await runCli(['can-reach', 'shop/deployment/checkout', 'shop/deployment/cart', '--demo', '--policies-from', file]);
    expect(check.stdout).toMatch(/^ALLOWED: shop\/deployment\/checkout -> shop\/deployment\/cart on TCP 7070/m);
  }, 30_000);

  it('w into a directory that does not exist says why and keeps asking', async () => {
    const t = start();
    await checkoutToCart(t);
    await t.key('w');
    await t.waitFor('write the fix to:');
    await t.key('\u0015');
    await t.key(paste('/nonexistent-dir-for-netpol/fix.yaml'));
    await t.key(KEY.enter);
    const f = await t.waitFor('cannot write');
    expect(f).toContain('cannot write /nonexistent-dir-for-netpol/fix.yaml: ENOENT');
    expect(f).toContain('write the fix to:');
  }, 30_000);

  it('c copies the command of the view, with the flags the UI was started with; the command runs', async () => {
    const t = start();
    await t.waitFor('NAMESPACE');
    await t.key('c');
    expect(await t.waitFor('copied: ')).toContain('copied: kubectl netpol coverage -A --demo');
    await t.jump('shop/deployment/cart', 'Who can reach');
    await t.key(KEY.tab);
    await t.waitFor('NEAREST MISS');
    await t.key('c');
    await t.waitFor('copied: kubectl netpol who-can-reach shop/deployment/cart --denied --demo');
    const copied = t.clipboard();
    expect(copied).toEqual(['kubectl netpol coverage -A --demo', 'kubectl netpol who-can-reach shop/deployment/cart --denied --demo']);
    const run = await runCli(copied[1]!.split(' ').slice(2));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('DENIED SOURCE');
  }, 30_000);

  it('c in the path view copies can-reach --explain; y before a check says there is nothing yet', async () => {
    const t = start();
    await t.waitFor('NAMESPACE');
    await t.key('p');
    await t.key(paste('shop/deployment/frontend'));
    await t.key(KEY.tab);
    await t.key(paste('shop/deployment/cart'));
    await t.key(KEY.tab);
    for (const digit of '7070') await t.key(digit);
    // In a field, y is text.
    await t.key('y');
    await waitForFrame(t.lastFrame, (f) => /port +7070y▏/.test(f));
    await t.key(KEY.backspace);
    await t.key(KEY.enter);
    await t.waitFor('ALLOWED');
    await t.key('y');
    expect(await t.waitFor('no fix')).toContain('no fix: the path is allowed');
    await t.key('c');
    await t.waitFor('copied: ');
    expect(t.clipboard()).toEqual(['kubectl netpol can-reach shop/deployment/frontend shop/deployment/cart --port 7070 --explain --demo']);
  }, 30_000);
});
