// The UI's path check walks through a denied path as can-reach --explain does, and offers the
// verified fix that `kubectl netpol fix` proposes.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { countingSource, demoAnalysis } from './helpers/demo.js';
import { KEY } from './helpers/keys.js';
import { mountApp } from './helpers/app.js';
import { pathFix, pathResult } from '../../src/ui/store/selectors.js';
import { runCli } from '../fixtures/cli.js';

afterEach(() => cleanup());

const analysis = demoAnalysis();
const CHECKOUT_CART: [string, string, string] = ['shop/deployment/checkout', 'shop/deployment/cart', '7070'];

describe('path check: why not, and the fix', () => {
  it('the store gives the same walkthrough and fix as can-reach -o json and fix -o json', async () => {
    const result = pathResult(analysis, CHECKOUT_CART);
    if ('error' in result) throw new Error(result.error);
    const cli = JSON.parse((await runCli(['can-reach', ...CHECKOUT_CART.slice(0, 2), '--port', '7070', '--demo', '-o', 'json'])).stdout) as { paths: { nearMisses: unknown }[] };
    expect(result.view.paths.map((p) => (p as { nearMisses?: unknown }).nearMisses)).toEqual(cli.paths.map((p) => p.nearMisses));
    const fix = pathFix(analysis, CHECKOUT_CART);
    const { apiVersion: _a, kind: _k, source: _s, ...cliFix } = JSON.parse((await runCli(['fix', ...CHECKOUT_CART.slice(0, 2), '--port', '7070', '--demo', '-o', 'json'])).stdout) as Record<string, unknown>;
    expect(fix).toEqual(cliFix);
  });

  it('a form that does not resolve offers no fix', () => {
    expect(pathFix(analysis, ['shop/nope', 'shop/deployment/cart', ''])).toBeUndefined();
  });

  it('the frame shows the closest rule and the fix', async () => {
    const app = mountApp(countingSource(), analysis);
    await app.waitFor('NAMESPACE');
    await app.press('p');
    await app.type(CHECKOUT_CART[0]);
    await app.press(KEY.tab);
    await app.type(CHECKOUT_CART[1]);
    await app.press(KEY.tab);
    await app.type(CHECKOUT_CART[2]);
    await app.press(KEY.enter);
    const f = await app.waitFor('fix, verified');
    expect(f).toMatch(/^DENIED/m);
    expect(f).toContain('why not (closest rule first):');
    expect(f).toContain('1. shop/api-from-frontend spec.ingress[0].from[0]: the source has app=checkout');
    expect(f).toContain('fix, verified: new NetworkPolicy shop/cart-ingress-from-checkout; it opens nothing else');
    expect(f).toContain('kubectl netpol fix shop/deployment/checkout shop/deployment/cart --port 7070 prints it to apply');
    // Typing ~50 keys one frame at a time takes seconds on a loaded machine.
  }, 20_000);
});
