// policySelectsNothing, selectorFindings and namedPortsNotDeclared: each code fires on its case and not on its near miss.
import { describe, expect, it } from 'vitest';
import { PolicyIndex } from '../../../src/engine/compile.js';
import { lintContext } from '../../../src/engine/lint/context.js';
import { namedPortsNotDeclared, policySelectsNothing, selectorFindings } from '../../../src/engine/lint/selectors.js';
import { SnapshotBuilder } from '../../fixtures/builder.js';

const world = () =>
  new SnapshotBuilder()
    .namespace('shop', { team: 'shop' })
    .namespace('ops', { team: 'ops' })
    .pod('shop', 'web', { labels: { app: 'web' }, ip: '10.0.0.1', ports: [{ port: 8080, protocol: 'TCP', name: 'http' }] })
    .pod('ops', 'mon', { labels: { app: 'mon' }, ip: '10.0.0.2' });
const check = (b: SnapshotBuilder, complete = false) => {
  const snapshot = b.build();
  const ctx = lintContext(snapshot, new PolicyIndex(snapshot), new Set(), complete);
  const policy = ctx.index.all.find((p) => p.ref.name === 'p')!;
  return { ctx, policy };
};
const rows = (findings: { code: string; severity: string; field?: string; message: string }[]) => findings.map((f) => [f.code, f.severity, f.field, f.message]);
const ingress = (from: unknown[], ports?: unknown[]) => ({ podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'], ingress: [{ from, ...(ports ? { ports } : {}) }] });

describe('selectors', () => {
  it('policy-selects-nothing: a podSelector no pod of the namespace matches; near miss: it matches web', () => {
    const { ctx, policy } = check(world().policy('shop', 'p', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'] }));
    expect(rows(policySelectsNothing(ctx, policy))).toEqual([['policy-selects-nothing', 'warning', 'spec.podSelector', 'podSelector app=db does not match the 1 pod in namespace shop']]);
    const hit = check(world().policy('shop', 'p', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'] }));
    expect(policySelectsNothing(hit.ctx, hit.policy)).toEqual([]);
  });

  it('namespace-selector-matches-nothing: info for files, warning when namespaces are complete; near miss: team=ops matches', () => {
    const b = () => world().policy('shop', 'p', ingress([{ namespaceSelector: { matchLabels: { team: 'nobody' } } }]));
    const files = check(b());
    expect(rows(selectorFindings(files.ctx, files.policy)).map((r) => r.slice(0, 3))).toEqual([['namespace-selector-matches-nothing', 'info', 'spec.ingress[0].from[0].namespaceSelector']]);
    const live = check(b(), true);
    expect(rows(selectorFindings(live.ctx, live.policy))).toEqual([
      ['namespace-selector-matches-nothing', 'warning', 'spec.ingress[0].from[0].namespaceSelector', 'namespaceSelector team=nobody matches no namespace'],
    ]);
    const ok = check(world().policy('shop', 'p', ingress([{ namespaceSelector: { matchLabels: { team: 'ops' } } }])), true);
    expect(selectorFindings(ok.ctx, ok.policy)).toEqual([]);
  });

  it('peer-selects-no-pod: app=mon looked for in shop only; near miss: with the namespaceSelector of ops', () => {
    const own = check(world().policy('shop', 'p', ingress([{ podSelector: { matchLabels: { app: 'mon' } } }])));
    expect(rows(selectorFindings(own.ctx, own.policy))).toEqual([
      ['peer-selects-no-pod', 'warning', 'spec.ingress[0].from[0].podSelector', "podSelector app=mon matches no pod in namespace shop (no namespaceSelector: only the policy's own)"],
    ]);
    const ops = check(world().policy('shop', 'p', ingress([{ namespaceSelector: { matchLabels: { team: 'ops' } }, podSelector: { matchLabels: { app: 'mon' } } }])));
    expect(selectorFindings(ops.ctx, ops.policy)).toEqual([]);
  });

  it('named-port-not-declared: a port name web does not declare; near miss: "http", which it does', () => {
    const from = [{ namespaceSelector: {} }];
    const bad = check(world().policy('shop', 'p', ingress(from, [{ port: 'metrics' }])));
    const expected = [['named-port-not-declared', 'warning', 'spec.ingress[0].ports[0].port', 'no selected pod declares a TCP container port named "metrics" (1 pod checked)']];
    expect(rows(selectorFindings(bad.ctx, bad.policy))).toEqual(expected);
    expect(rows(namedPortsNotDeclared(bad.ctx, bad.policy))).toEqual(expected);
    const good = check(world().policy('shop', 'p', ingress(from, [{ port: 'http' }])));
    expect(namedPortsNotDeclared(good.ctx, good.policy)).toEqual([]);
  });
});
