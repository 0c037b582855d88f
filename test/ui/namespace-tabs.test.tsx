// The namespace screen in tabs: workloads, policies (each with what it selects, including nothing),
// findings; policy and finding rows open the policy.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { analyze } from '../../src/ui/store/analysis.js';
import { namespaceFindingsTab, namespacePoliciesTab } from '../../src/ui/store/selectors.js';
import { demoObjects } from '../../src/sources/demo/demo-manifests.js';
import { countingSource, demoAnalysis, snapshotOf } from './helpers/demo.js';
import { KEY } from './helpers/keys.js';
import { crumbs, mountApp } from './helpers/app.js';

afterEach(() => cleanup());

/** The demo plus a policy in shop whose selector matches no pod. */
const ORPHAN = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'aaa-selects-nothing', namespace: 'shop' },
  spec: { podSelector: { matchLabels: { app: 'no-such-app' } }, policyTypes: ['Ingress'] },
};
const withOrphan = () => analyze(snapshotOf([...demoObjects(), ORPHAN]));

describe('namespace selectors', () => {
  it("lists a namespace's policies by name with what each selects, nothing included", () => {
    const rows = namespacePoliciesTab(withOrphan(), 'shop');
    expect(rows[0]).toEqual({ namespace: 'shop', name: 'aaa-selects-nothing', types: 'Ingress', selects: 'nothing' });
    const names = rows.map((r) => r.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    expect(rows.filter((r) => r.selects !== 'nothing').length).toBeGreaterThan(0);
    expect(rows.every((r) => r.namespace === 'shop')).toBe(true);
  });

  it("lists a namespace's findings, naming the policy of policy findings", () => {
    const rows = namespaceFindingsTab(demoAnalysis(), 'payments');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.find((r) => r.text.startsWith('WARNING egress-without-dns'))?.policy).toEqual({ namespace: 'payments', name: 'fraud-check-egress' });
    const namespaceWide = rows.filter((r) => / no-default-deny-(ingress|egress): /.test(r.text));
    expect(namespaceWide.length).toBeGreaterThan(0);
    expect(namespaceWide.every((r) => r.policy === undefined)).toBe(true);
    expect(namespaceFindingsTab(demoAnalysis(), 'no-such-namespace')).toEqual([]);
  });
});

describe('namespace tabs', () => {
  it('tab shows the policies; a policy that selects nothing opens like any other', async () => {
    const analysis = withOrphan();
    const app = mountApp(countingSource(analysis.snapshot), analysis);
    await app.waitFor('NAMESPACE');
    await app.keys(['/', ...'shop', KEY.enter, KEY.enter]);
    await app.waitFor((f) => crumbs(f).endsWith('shop'));
    await app.press(KEY.tab);
    const f = await app.waitFor('SELECTS');
    expect(f).toMatch(/aaa-selects-nothing +Ingress +nothing/);
    await app.press(KEY.enter);
    const p = await app.waitFor('NetworkPolicy shop/aaa-selects-nothing');
    expect(p).toContain('no pod');
    await app.press(KEY.escape);
    await app.press(KEY.tab);
    const findings = await app.waitFor('FINDING');
    expect(findings).toContain('WARNING policy-selects-nothing: policy aaa-selects-nothing');
    // Sorting and filtering are the workload list's: not shown on the other tabs.
    expect(findings).not.toContain('sort:');
  });

  it('a finding row about a policy opens it', async () => {
    const app = mountApp(countingSource(), demoAnalysis());
    await app.waitFor('NAMESPACE');
    await app.keys(['/', ...'payments', KEY.enter, KEY.enter]);
    await app.waitFor((f) => crumbs(f).endsWith('payments'));
    await app.keys([KEY.tab, KEY.tab]);
    const f = await app.waitFor('FINDING');
    const lines = f.split('\n');
    const top = lines.findIndex((l) => l.includes('FINDING'));
    const at = lines.findIndex((l, i) => i > top && l.includes('egress-without-dns'));
    expect(at).toBeGreaterThan(top);
    for (let i = 0; i < at - top - 1; i++) await app.press('j');
    await app.press(KEY.enter);
    await app.waitFor('NetworkPolicy payments/fraud-check-egress');
  });
});
