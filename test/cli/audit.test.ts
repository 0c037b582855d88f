// kubectl netpol audit through the CLI, on the demo cluster and the fixture flow files.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { runCli } from '../fixtures/cli.js';

const HUBBLE = 'test/fixtures/flows/hubble.jsonl';

describe('audit', () => {
  it('text: the four reports, malformed lines with their numbers, unmatched endpoints', async () => {
    const r = await runCli(['audit', '--demo', '--flows', HUBBLE]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^14 flows from 2026-12-07T10:00:07.000Z to .* \(skipped: 1 replies, 1 not L3\/L4 connections\)\.$/m);
    expect(r.stdout).toContain(`${HUBBLE}:17: not valid JSON`);
    expect(r.stdout).toMatch(/Would break: observed connections the policies deny \(1\)\n.*\nshop\/deployment\/checkout +shop\/deployment\/cart +7070\/TCP +2 +ingress: shop\/default-deny, shop\/api-from-frontend/);
    expect(r.stdout).toContain('Nearest miss:\n  shop/deployment/checkout -> shop/deployment/cart 7070/TCP: shop/api-from-frontend spec.ingress[0].from[0]: the source has app=checkout (wants app=frontend)\n');
    expect(r.stdout).toMatch(/shop\/deployment\/frontend +shop\/deployment\/catalog +3550\/TCP +1 +denied +allowed +other-state/);
    expect(r.stdout).toContain('Policies no observed connection used: shop/checkout, payments/payment-api, payments/legacy-batch');
    expect(r.stdout).toMatch(/payments\/deployment\/fraud-check +93\.184\.216\.0\/24 +2 +443\/TCP +2 +payments\/fraud-check-egress egress\[0\]/);
    expect(r.stdout).toMatch(/shop\/old-worker-5f6d8-zz9q9 +1 +no such pod in the cluster state/);
    expect(r.stderr).toBe(`warning: 2 malformed flow lines not counted (first: ${HUBBLE}:17)\n`);
  });

  it('--fail-on would-break exits 1 when an observed connection would be denied, 0 when none would', async () => {
    expect((await runCli(['audit', '--demo', '--flows', HUBBLE, '--fail-on', 'would-break'])).code).toBe(1);
    const allowedOnly = 'time,source,destination,protocol,port,verdict\n,shop/frontend-7d9f8c6b5-ak0q0,shop/cart-7d9f8c6b5-ak0q0,TCP,7070,allowed\n';
    const r = await runCli(['audit', '--demo', '--flows', '-', '--fail-on', 'would-break'], { stdin: allowedOnly });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('None: every observed connection is allowed.');
  });

  it('what-if: a proposed policy set is judged against the observed flows', async () => {
    // Without shop/frontend's egress policy, frontend may reach nothing in shop (default deny).
    const r = await runCli(['audit', '--demo', '--flows', HUBBLE, '--without-policy', 'shop/frontend', '-o', 'json', '--fail-on', 'would-break']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { wouldBreak: { source: string; destination: string }[]; divergence: { source: string }[] };
    expect(doc.wouldBreak.map((w) => `${w.source} -> ${w.destination}`)).toContain('shop/deployment/frontend -> shop/deployment/cart');
    // The flows ran under the current policies: what diverges there is unchanged.
    expect(doc.divergence.map((d) => d.source)).toEqual(['shop/deployment/checkout', 'shop/deployment/frontend']);
  });

  it('-o json: the Audit document, scoped with -n', async () => {
    const r = await runCli(['audit', '--demo', '--flows', 'test/fixtures/flows/calico.jsonl', '-n', 'payments', '-o', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Record<string, unknown> & { unused: { policies: string[] }; flows: { malformed: number } };
    expect(doc).toMatchObject({ apiVersion: 'netpol.kubectl.io/v1alpha1', kind: 'Audit', source: 'demo cluster', scope: 'namespace payments' });
    expect(doc.flows.malformed).toBe(2);
    expect(doc.unused.policies).toEqual(['payments/payment-api', 'payments/legacy-batch']);
  });

  it('bad input: no --flows, a missing file, an unknown --fail-on: exit 2, one line', async () => {
    const none = await runCli(['audit', '--demo']);
    expect([none.code, none.stderr]).toEqual([2, 'error: audit: give the observed flows with --flows FILE (or --flows - for stdin)\n']);
    const missing = await runCli(['audit', '--demo', '--flows', 'nope.jsonl']);
    expect([missing.code, missing.stderr]).toEqual([2, 'error: nope.jsonl: no such file\n']);
    expect((await runCli(['audit', '--demo', '--flows', HUBBLE, '--fail-on', 'everything'])).code).toBe(2);
  });

  it('names from the flows are sanitized before they reach the terminal', async () => {
    const hostile = JSON.stringify({ flow: { verdict: 'FORWARDED', IP: { source: '10.9.9.9', destination: '10.244.0.16' }, l4: { TCP: { destination_port: 7070 } }, source: { namespace: 'shop', pod_name: 'evil\u001b[31mred' } } });
    const r = await runCli(['audit', '--demo', '--flows', '-'], { stdin: `${hostile}\n` });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('\u001b[31m');
    expect(r.stdout).toContain('shop/evil');
  });

  it('Hubble names the deciding policy: where the engine names another (or none), the divergence says so', async () => {
    const file = 'test/fixtures/flows/hubble-policies.jsonl';
    const r = await runCli(['audit', '--demo', '--flows', file, '-n', 'shop']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/shop\/deployment\/frontend +shop\/deployment\/cart +7070\/TCP +1 +allowed +allowed +other-policy/);
    expect(r.stdout).toMatch(/shop\/deployment\/checkout +shop\/deployment\/cart +7070\/TCP +1 +denied +denied +cni-policy/);
    expect(r.stdout).toContain(
      'Policies named:\n' +
        '  shop/deployment/frontend -> shop/deployment/cart 7070/TCP ingress allowed by: log shop/allow-legacy; computed shop/api-from-frontend\n' +
        '  shop/deployment/checkout -> shop/deployment/cart 7070/TCP ingress denied by: log CiliumNetworkPolicy shop/cart-lockdown; computed shop/default-deny, shop/api-from-frontend\n' +
        '  shop/deployment/frontend -> shop/deployment/catalog 3550/TCP ingress denied by: log shop/default-deny; computed none\n',
    );
    const doc = JSON.parse((await runCli(['audit', '--demo', '--flows', file, '-n', 'shop', '-o', 'json'])).stdout) as { divergence: { cause: string; policies?: unknown[] }[] };
    expect(doc.divergence.map((d) => d.cause)).toEqual(['other-policy', 'cni-policy', 'other-state']);
    expect(doc.divergence[1]!.policies).toEqual([{ direction: 'ingress', effect: 'denied', logged: [{ policy: 'shop/cart-lockdown', kind: 'CiliumNetworkPolicy' }], computed: ['shop/default-deny', 'shop/api-from-frontend'] }]);
  });

  it('reads every fixture format in one run', async () => {
    const r = await runCli(['audit', '--demo', '--flows', HUBBLE, '--flows', 'test/fixtures/flows/calico.jsonl', '--flows', 'test/fixtures/flows/plain.csv', '-o', 'json']);
    const doc = JSON.parse(r.stdout) as { flows: { read: number; malformed: number } };
    const lines = (f: string) => readFileSync(f, 'utf8').trim().split('\n').length;
    expect(lines(HUBBLE) + lines('test/fixtures/flows/calico.jsonl') + lines('test/fixtures/flows/plain.csv')).toBe(35);
    expect(doc.flows).toEqual({ read: 14 + 7 + 4, replies: 1, notConnections: 2, otherVerdicts: 0, malformed: 6 });
  });
});
