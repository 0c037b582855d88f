// -o jsonpath=TEMPLATE, as kubectl reads it, over each command's -o json document.
import { describe, expect, it } from 'vitest';
import { runCli } from '../fixtures/cli.js';

describe('-o jsonpath', () => {
  it('selects from the -o json document; several results are joined by spaces', async () => {
    const json = JSON.parse((await runCli(['who-can-reach', '--demo', 'shop/deployment/catalog', '-o', 'json'])).stdout);
    const r = await runCli(['who-can-reach', '--demo', 'shop/deployment/catalog', '-o', 'jsonpath={.pods[*].peer}']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${json.pods.map((p: { peer: string }) => p.peer).join(' ')}\n`);
  });

  it('literal text, quoted literals and \\n between expressions', async () => {
    const r = await runCli(['coverage', '--demo', '-o', 'jsonpath={.totals.pods} pods{"\\n"}{.totals.ingressPercent}%']);
    expect(r.stdout).toBe('17 pods\n70.5%\n');
  });

  it('an object prints as JSON', async () => {
    const r = await runCli(['can-reach', '--demo', 'shop/deployment/frontend', 'shop/deployment/cart', '--port', '7070', '-o', 'jsonpath={.probe}']);
    expect(JSON.parse(r.stdout)).toEqual({ protocol: 'TCP', port: 7070 });
  });

  it('a template that cannot be read is a usage error before anything is read', async () => {
    const r = await runCli(['coverage', '--demo', '-o', 'jsonpath={.totals']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unclosed "{" in the template');
  });

  it('commands without -o json have no jsonpath either', async () => {
    const r = await runCli(['snapshot', '--demo', '-o', 'jsonpath={.x}']);
    expect(r.code).toBe(2);
  });
});
