// kubectl netpol suggest: least-privilege policies from the fixture flows, proved, and accepted by audit.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { runCli } from '../fixtures/cli.js';

const HUBBLE = 'test/fixtures/flows/hubble.jsonl';

describe('suggest', () => {
  it('writes policies that audit then finds nothing to break in, with the proof on stderr', async () => {
    const r = await runCli(['suggest', '--demo', '--flows', HUBBLE, '-A']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^proof: 11 of 11 observed connections allowed\n/);
    expect(r.stderr).toMatch(/^proof: against the current policies, \d+ workload pairs? opened, \d+ closed$/m);
    const docs = parseAllDocuments(r.stdout).map((d) => d.toJS() as { kind: string; metadata: { name: string; namespace: string } });
    expect(docs.every((d) => d.kind === 'NetworkPolicy' && d.metadata.name.startsWith('suggested-'))).toBe(true);
    expect(docs.map((d) => `${d.metadata.namespace}/${d.metadata.name}`)).toEqual(expect.arrayContaining(['shop/suggested-default-deny', 'kube-system/suggested-allow-dns-ingress', 'shop/suggested-cart-ingress', 'payments/suggested-fraud-check-egress']));
    const dir = mkdtempSync(join(tmpdir(), 'netpol-suggest-'));
    const file = join(dir, 'suggested.yaml');
    writeFileSync(file, r.stdout);
    // checkout -> cart is denied now (it would break today); with the suggestion laid over, nothing breaks.
    const before = await runCli(['audit', '--demo', '--flows', HUBBLE, '--fail-on', 'would-break']);
    expect(before.code).toBe(1);
    const after = await runCli(['audit', '--demo', '--flows', HUBBLE, '--policies-from', file, '--fail-on', 'would-break', '-o', 'json']);
    expect(after.code).toBe(0);
    expect((JSON.parse(after.stdout) as { wouldBreak: unknown[] }).wouldBreak).toEqual([]);
  });

  it('named ports where the destination declares them, outside addresses aggregated to --prefix', async () => {
    const r = await runCli(['suggest', '--demo', '--flows', HUBBLE, '-n', 'payments', '--prefix', '16']);
    const egress = parseAllDocuments(r.stdout)
      .map((d) => d.toJS() as { metadata: { name: string }; spec: { egress?: { to: { ipBlock?: { cidr: string } }[]; ports: { port: number | string }[] }[] } })
      .find((d) => d.metadata.name === 'suggested-fraud-check-egress')!;
    expect(egress.spec.egress).toEqual([{ to: [{ ipBlock: { cidr: '93.184.0.0/16' } }], ports: [{ protocol: 'TCP', port: 443 }] }]);
    const shop = await runCli(['suggest', '--demo', '--flows', HUBBLE, '-n', 'shop']);
    const cart = parseAllDocuments(shop.stdout)
      .map((d) => d.toJS() as { metadata: { name: string }; spec: { ingress?: { from: unknown[]; ports: { port: number | string }[] }[] } })
      .find((d) => d.metadata.name === 'suggested-cart-ingress')!;
    // cart declares 7070 as grpc; the checkout and frontend sources are one rule each.
    expect(cart.spec.ingress!.map((rule) => rule.ports)).toEqual([[{ protocol: 'TCP', port: 'grpc' }], [{ protocol: 'TCP', port: 'grpc' }]]);
    expect(cart.spec.ingress!.map((rule) => rule.from)).toEqual([[{ podSelector: { matchLabels: { app: 'frontend' } } }], [{ podSelector: { matchLabels: { app: 'checkout' } } }]]);
  });

  it('--baseline: only the default deny and DNS egress', async () => {
    const r = await runCli(['suggest', '--demo', '--baseline', '-n', 'monitoring']);
    expect(r.code).toBe(0);
    const names = parseAllDocuments(r.stdout).map((d) => (d.toJS() as { metadata: { name: string } }).metadata.name);
    expect(names).toEqual(['suggested-default-deny', 'suggested-allow-dns-egress']);
    expect(r.stderr).toMatch(/^proof: 0 of 0 observed connections allowed\n/);
    expect(r.stderr).toMatch(/closed$/m);
  });

  it('bad input: neither --flows nor --baseline, both, a bad --prefix: exit 2, one line', async () => {
    expect(await runCli(['suggest', '--demo'])).toMatchObject({ code: 2, stderr: 'error: suggest: give the observed flows with --flows FILE, or --baseline for only a default deny and DNS egress\n' });
    expect((await runCli(['suggest', '--demo', '--baseline', '--flows', HUBBLE])).code).toBe(2);
    expect(await runCli(['suggest', '--demo', '--baseline', '--prefix', '40'])).toMatchObject({ code: 2, stderr: 'error: --prefix: "40" is not an IPv4 prefix length 0-32 (optionally ,IPv6 length 0-128)\n' });
  });
});
