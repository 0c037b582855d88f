// -l/--selector: kubectl's label selector syntax, on coverage, matrix, who-can-reach, reachable-from.
import { describe, expect, it } from 'vitest';
import { runCli } from '../fixtures/cli.js';
import { parseLabelSelector } from '../../src/cli/label-selector.js';
import { compileSelector } from '../../src/engine/selector.js';

const matches = (text: string, labels: Record<string, string>) => compileSelector(parseLabelSelector(text))(labels);

describe('parseLabelSelector', () => {
  it.each([
    ['app=web', { app: 'web' }, true],
    ['app==web', { app: 'web' }, true],
    ['app=web', { app: 'db' }, false],
    ['app!=web', { app: 'db' }, true],
    // As in kubectl: != matches a pod without the label.
    ['app!=web', {}, true],
    ['env in (a,b)', { env: 'b' }, true],
    ['env in (a, b)', { env: 'c' }, false],
    ['env notin (a,b)', {}, true],
    ['app', { app: '' }, true],
    ['!legacy', { legacy: 'yes' }, false],
    ['!legacy', {}, true],
    ['app=web,env in (a,b),!legacy', { app: 'web', env: 'a' }, true],
    ['app=web,env in (a,b),!legacy', { app: 'web', env: 'a', legacy: '1' }, false],
    ['example.com/team=x', { 'example.com/team': 'x' }, true],
  ])('%s on %j: %s', (text, labels, expected) => {
    expect(matches(text, labels)).toBe(expected);
  });

  it.each(['app in (x', 'a b c', 'Bad Key=1', 'app=-x-'])('%s is refused in one line', (text) => {
    expect(() => parseLabelSelector(text)).toThrow(/^-l\/--selector: ".*" is not a label selector: /);
  });
});

describe('-l on commands', () => {
  it('coverage counts and lists only the matching pods', async () => {
    const r = await runCli(['coverage', '--demo', '-l', 'app in (cart,frontend)', '-o', 'json']);
    expect(r.code).toBe(0);
    const view = JSON.parse(r.stdout);
    expect(view.workloads.map((w: { name: string }) => w.name)).toEqual(['deployment/cart', 'deployment/frontend']);
    expect(view.totals.pods).toBe(5);
  });

  it('who-can-reach lists only the matching sources', async () => {
    const all = JSON.parse((await runCli(['who-can-reach', '--demo', 'shop/deployment/cart', '-o', 'json'])).stdout);
    expect(all.pods.map((p: { peer: string }) => p.peer)).toContain('deployment/frontend');
    const none = JSON.parse((await runCli(['who-can-reach', '--demo', 'shop/deployment/cart', '-l', 'app!=frontend', '-o', 'json'])).stdout);
    expect(none.pods.map((p: { peer: string }) => p.peer)).not.toContain('deployment/frontend');
  });

  it('reachable-from lists only the matching destinations', async () => {
    const r = JSON.parse((await runCli(['reachable-from', '--demo', 'shop/deployment/frontend', '-l', 'app=cart', '-o', 'json'])).stdout);
    expect(r.pods.map((p: { peer: string }) => p.peer)).toEqual(['deployment/cart']);
  });

  it('matrix keeps the matching workloads on both axes', async () => {
    const r = JSON.parse((await runCli(['matrix', '--demo', '-n', 'shop', '-l', 'tier=api', '-o', 'json'])).stdout);
    expect(r.nodes.map((n: { label: string }) => n.label)).toEqual(['shop/deployment/cart', 'shop/deployment/catalog', 'shop/deployment/checkout']);
  });
});
