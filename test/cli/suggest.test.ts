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

  it('-o json: one Suggestion document whose proof lists exactly what matrix -o json says after applying', async () => {
    const r = await runCli(['suggest', '--demo', '--flows', HUBBLE, '-A', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout) as {
      kind: string;
      scope: string;
      policies: { kind: string; metadata: { name: string; namespace: string } }[];
      proof: { observed: { connections: number; allowed: number; notAllowed: unknown[] }; allowed: { from: string; to: string; ports: Record<string, string[]>; observed: boolean }[]; beyondObserved: number; opened: unknown[]; closed: unknown[] };
    };
    expect(doc).toMatchObject({ apiVersion: 'netpol.kubectl.io/v1alpha1', kind: 'Suggestion', source: 'demo cluster', scope: 'all namespaces' });
    expect(doc.proof.observed).toEqual({ connections: 11, allowed: 11, notAllowed: [] });
    expect(doc.proof.beyondObserved).toBe(doc.proof.allowed.filter((a) => !a.observed).length);
    expect(doc.proof.allowed.some((a) => a.observed && a.from === 'shop/deployment/checkout' && a.to === 'shop/deployment/cart')).toBe(true);
    // The same YAML as the text output, and the matrix of the state with it applied is the proof's list.
    const text = await runCli(['suggest', '--demo', '--flows', HUBBLE, '-A']);
    const manifests = parseAllDocuments(text.stdout).map((d) => d.toJS() as object);
    expect(doc.policies).toEqual(manifests);
    const dir = mkdtempSync(join(tmpdir(), 'netpol-suggest-'));
    const file = join(dir, 'suggested.yaml');
    writeFileSync(file, text.stdout);
    const matrix = JSON.parse((await runCli(['matrix', '--demo', '-A', '--by', 'workload', '--policies-from', file, '-o', 'json'])).stdout) as { nodes: { label: string }[]; edges: { from: number; to: number; ports: Record<string, string[]> }[] };
    const fromMatrix = matrix.edges.map((e) => ({ from: matrix.nodes[e.from]!.label, to: matrix.nodes[e.to]!.label, ports: e.ports }));
    expect(doc.proof.allowed.map(({ from, to, ports }) => ({ from, to, ports }))).toEqual(fromMatrix);
    expect(fromMatrix.length).toBeGreaterThan(0);
  });

  it('-o yaml: the same document; without --flows, --baseline proves 0 of 0 and lists what it closes', async () => {
    const r = await runCli(['suggest', '--demo', '--baseline', '-n', 'monitoring', '-o', 'yaml']);
    expect(r.code).toBe(0);
    const doc = parseAllDocuments(r.stdout)[0]!.toJS() as { kind: string; policies: { metadata: { name: string } }[]; proof: { observed: { connections: number }; closed: { from: string; to: string }[] } };
    expect(doc.kind).toBe('Suggestion');
    expect(doc.policies.map((p) => p.metadata.name)).toEqual(['suggested-default-deny', 'suggested-allow-dns-egress']);
    expect(doc.proof.observed.connections).toBe(0);
    expect(doc.proof.closed.length).toBeGreaterThan(0);
    // Only monitoring's own traffic is closed: its pods are the only ones the policies select.
    expect(doc.proof.closed.every((c) => c.from.startsWith('monitoring/') || c.to.startsWith('monitoring/'))).toBe(true);
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
