// defaultDenyFindings and deniesAllFindings: each fires on its case and not on its near miss.
import { describe, expect, it } from 'vitest';
import { PolicyIndex } from '../../../src/engine/compile.js';
import { lintContext } from '../../../src/engine/lint/context.js';
import { defaultDenyFindings, deniesAllFindings, hasDefaultDeny, populatedNamespaces } from '../../../src/engine/lint/namespaces.js';
import { SnapshotBuilder } from '../../fixtures/builder.js';

const ctxOf = (b: SnapshotBuilder) => {
  const snapshot = b.build();
  return lintContext(snapshot, new PolicyIndex(snapshot), new Set());
};
const shop = () => new SnapshotBuilder().namespace('shop').pod('shop', 'web', { labels: { app: 'web' }, ip: '10.0.0.1' });

describe('defaultDenyFindings', () => {
  it('no-default-deny-ingress / -egress: a namespace with pods and no deny; near miss: deny policies for both directions', () => {
    const findings = defaultDenyFindings(ctxOf(shop()));
    expect(findings.map((f) => [f.code, f.severity, f.object, f.message])).toEqual([
      ['no-default-deny-ingress', 'warning', { kind: 'Namespace', namespace: 'shop', name: 'shop' }, 'namespace shop has no default-deny ingress policy'],
      ['no-default-deny-egress', 'info', { kind: 'Namespace', namespace: 'shop', name: 'shop' }, 'namespace shop has no default-deny egress policy'],
    ]);
    const denied = ctxOf(shop().policy('shop', 'deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }));
    expect(defaultDenyFindings(denied)).toEqual([]);
    expect([hasDefaultDeny(denied, 'shop', 'ingress'), hasDefaultDeny(denied, 'shop', 'egress')]).toEqual([true, true]);
  });

  it('a deny for ingress only leaves egress reported; a namespace with neither pods nor policies is not reported', () => {
    const ctx = ctxOf(shop().namespace('empty').policy('shop', 'deny', { podSelector: {}, policyTypes: ['Ingress'] }));
    expect(populatedNamespaces(ctx)).toEqual(['shop']);
    expect(defaultDenyFindings(ctx).map((f) => [f.code, f.object.namespace])).toEqual([['no-default-deny-egress', 'shop']]);
  });
});

describe('deniesAllFindings', () => {
  it('policy-denies-all: Ingress with no rule, worded as a default deny for {}; near miss: an ingress rule', () => {
    const all = deniesAllFindings(ctxOf(shop().policy('shop', 'deny', { podSelector: {}, policyTypes: ['Ingress'] })));
    expect(all.map((f) => [f.code, f.severity, f.field, f.object.name, f.message])).toEqual([
      ['policy-denies-all', 'info', 'spec.policyTypes', 'deny', 'default deny: no ingress for any pod in shop unless another policy allows it'],
    ]);
    const some = deniesAllFindings(ctxOf(shop().policy('shop', 'web', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'] })));
    expect(some.map((f) => f.message)).toEqual(['Egress in policyTypes and no egress rule: denies all egress of the pods it selects']);
    const allowing = ctxOf(shop().policy('shop', 'allow', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }] }] }));
    expect(deniesAllFindings(allowing)).toEqual([]);
  });
});
