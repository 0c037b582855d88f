// -o name: one target per line, in the syntax the other commands take, so results can be piped on.
import { describe, expect, it } from 'vitest';
import { runCli } from '../fixtures/cli.js';

describe('-o name', () => {
  it('who-can-reach: each source; every line is a target can-reach accepts, and is allowed', async () => {
    const r = await runCli(['who-can-reach', '--demo', 'shop/deployment/catalog', '-o', 'name']);
    expect(r.code).toBe(0);
    const names = r.stdout.trimEnd().split('\n');
    expect(names).toEqual(['monitoring/statefulset/prometheus', 'shop/deployment/frontend']);
    for (const name of names) expect((await runCli(['can-reach', '--demo', name, 'shop/deployment/catalog'])).code).toBe(0);
  });

  it('coverage: each workload of the scope; matrix: each row', async () => {
    expect((await runCli(['coverage', '--demo', '-n', 'payments', '-o', 'name'])).stdout).toBe('payments/deployment/fraud-check\npayments/deployment/payment-api\n');
    expect((await runCli(['matrix', '--demo', '-n', 'payments', '-o', 'name'])).stdout).toBe('payments/deployment/fraud-check\npayments/deployment/payment-api\n');
  });
});
