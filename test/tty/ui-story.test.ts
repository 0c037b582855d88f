// The troubleshooting story of issue #14 in a real terminal (tmux), at 80x24 and 200x50, on the demo:
// open the UI, `:` jump to shop/deployment/cart, open "Denied sources", pick checkout, read the
// nearest miss, get the fix, copy it (y) and write it (w); then the CLI confirms that the written
// file allows the path with --policies-from. On exit the shell's screen is back (alternate screen).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Terminal, tmuxAvailable } from './tmux.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'kubectl-netpol');
const FIX_FILE = 'fix-shop-cart-ingress-from-checkout.yaml';

/** The UI in a fresh directory (the fix's default file lands there), with a line printed before it. */
function open(dir: string, size: { columns: number; rows: number }): Terminal {
  return new Terminal(`cd '${dir}' && echo BEFORE-UI && '${process.execPath}' '${BIN}' --demo; echo "EXIT=$?"; sleep 60`, { TERM: 'xterm-256color' }, size);
}

describe.runIf(tmuxAvailable())('the troubleshooting story in a real terminal', () => {
  let terminal: Terminal | undefined;
  let dir: string | undefined;
  afterEach(() => {
    terminal?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const size of [
    { columns: 80, rows: 24 },
    { columns: 200, rows: 50 },
  ]) {
    it(`at ${size.columns}x${size.rows}: jump to cart, denied checkout, nearest miss, fix copied and written, and the file allows the path`, async () => {
      dir = mkdtempSync(join(tmpdir(), 'netpol-story-'));
      terminal = open(dir, size);
      await terminal.waitFor('WARNINGS');

      // `:` and the target: typed at 80 columns (one read), pasted at 200 (bracketed paste).
      await terminal.press(':');
      await terminal.waitFor('enter jumps');
      if (size.columns === 80) await terminal.type('shop/deployment/cart');
      else await terminal.paste('shop/deployment/cart');
      const line = await terminal.waitFor(':shop/deployment/cart▏');
      expect(line).toMatch(/^ {2}shop\/deployment\/cart {2}\(workload\)/m);
      await terminal.press('Enter');
      expect(await terminal.waitFor('Who can reach')).toContain('namespaces › shop › deployment/cart');

      // Denied sources: checkout is there, with its nearest miss.
      await terminal.press('Tab');
      const denied = await terminal.waitFor('NEAREST MISS');
      const rows = denied.split('\n');
      const checkout = rows.findIndex((l) => l.startsWith('shop/deployment/checkout'));
      expect(checkout).toBeGreaterThan(0);
      expect(rows[checkout]).toMatch(/^shop\/deployment\/checkout +1 +api-from-frontend: the source has app=check/);
      if (size.columns === 200) expect(rows[checkout]).toContain('api-from-frontend: the source has app=checkout (wants app=frontend)');
      for (const l of rows) expect(l.length).toBeLessThanOrEqual(size.columns);
      const steps = checkout - rows.findIndex((l) => l.startsWith('SOURCE')) - 1;
      for (let i = 0; i < steps; i++) await terminal.press('j', 150);
      // The selected source's nearest miss in full under the table.
      expect((await terminal.waitFor('shop/deployment/checkout: shop/api-from-frontend')).replace(/\n {2}/g, ' ')).toContain(
        'shop/deployment/checkout: shop/api-from-frontend spec.ingress[0].from[0]: the source has app=checkout (wants app=frontend)',
      );

      // Enter: the path check from checkout to cart, denied, with the walkthrough and the fix.
      await terminal.press('Enter');
      const path = await terminal.waitFor('fix, verified');
      expect(path).toContain('namespaces › shop › deployment/cart › path check');
      expect(path).toMatch(/^DENIED: shop\/deployment\/checkout -> shop\/deployment\/cart/m);
      expect(path).toContain('why not (closest rule first):');
      expect(path).toContain('1. shop/api-from-frontend spec.ingress[0].from[0]: the source has app=che');
      expect(path).toContain('fix, verified: new NetworkPolicy shop/cart-ingress-from-checkout');

      await terminal.press('y');
      expect(await terminal.waitFor('copied the fix YAML')).toContain('to the clipboard (OSC 52)');
      await terminal.press('w');
      await terminal.waitFor(`write the fix to: ./${FIX_FILE}▏`);
      await terminal.press('Enter');
      await terminal.waitFor(`wrote ./${FIX_FILE}`);
      expect(existsSync(join(dir, FIX_FILE))).toBe(true);

      // q: the shell's screen is back as it was (the UI drew on the alternate screen).
      await terminal.press('q');
      const after = await terminal.waitFor('EXIT=');
      expect(after).toContain('EXIT=0');
      expect(after).toContain('BEFORE-UI');
      expect(after).not.toContain('WARNINGS');
      expect(after).not.toContain('Check a path');

      const check = execFileSync(process.execPath, [BIN, 'can-reach', 'shop/deployment/checkout', 'shop/deployment/cart', '--demo', '--policies-from', join(dir, FIX_FILE)], { encoding: 'utf8' });
      expect(check).toMatch(/^ALLOWED: shop\/deployment\/checkout -> shop\/deployment\/cart on TCP 7070/m);
    }, 120_000);
  }

  it('a resize from 120 to 70 columns redraws the Denied sources within the new width', async () => {
    dir = mkdtempSync(join(tmpdir(), 'netpol-story-'));
    terminal = open(dir, { columns: 120, rows: 30 });
    await terminal.waitFor('WARNINGS');
    await terminal.press(':');
    await terminal.type('shop/deployment/cart');
    await terminal.waitFor(':shop/deployment/cart▏');
    await terminal.press('Enter');
    await terminal.waitFor('Who can reach');
    await terminal.press('Tab');
    const wide = await terminal.waitFor('NEAREST MISS');
    expect(wide.split('\n').find((l) => l.startsWith('ingress-nginx/'))!.length).toBeGreaterThan(70);
    terminal.resize(70, 30);
    // Laid out again for 70 columns (tmux alone would only cut the old lines at 70): the source
    // column narrows with an ellipsis, the row ends with one spare column.
    const narrow = await terminal.waitFor(/^ingress-nginx\/deployme\S*… +1 +api-from-frontend: .*…$/m);
    const row = narrow.split('\n').find((l) => l.startsWith('ingress-nginx/'))!;
    expect(row.length).toBeLessThanOrEqual(69);
    expect(narrow).toMatch(/^shop\/deployment\/checkout +1 +api-from-frontend/m);
    expect(narrow).toMatch(/^tab tabs {2}enter open/m);
  }, 60_000);

  it('Ctrl-C in the middle of the story: exit 130, and the shell screen is back', async () => {
    dir = mkdtempSync(join(tmpdir(), 'netpol-story-'));
    terminal = open(dir, { columns: 80, rows: 24 });
    await terminal.waitFor('WARNINGS');
    await terminal.press('p');
    await terminal.waitFor('Check a path');
    await terminal.press('C-c');
    const after = await terminal.waitFor('EXIT=');
    expect(after).toContain('EXIT=130');
    expect(after).toContain('BEFORE-UI');
    expect(after).not.toContain('Check a path');
  }, 60_000);
});
