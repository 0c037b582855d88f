// redundantRuleFindings, ruleCovers and duplicatePolicyFindings: each fires on its case and not on its near miss.
import { describe, expect, it } from 'vitest';
import { duplicatePolicyFindings, redundantRuleFindings, ruleCovers } from '../../../src/engine/lint/redundancy.js';
import { SnapshotBuilder } from '../../fixtures/builder.js';

const web = { podSelector: { matchLabels: { app: 'web' } } };
const rule = (from: unknown[], ports?: unknown[]) => ({ from, ...(ports ? { ports } : {}) });
const policy = (ingress: unknown[]) => new SnapshotBuilder().policy('shop', 'p', { podSelector: {}, policyTypes: ['Ingress'], ingress }).build().policies[0]!;
const found = (ingress: unknown[]) => redundantRuleFindings(policy(ingress)).map((f) => [f.code, f.severity, f.field, f.message]);

describe('redundantRuleFindings', () => {
  it('redundant-rule: an identical later rule, and a rule a wider one covers; near miss: rules that differ in port', () => {
    expect(found([rule([web]), rule([web])])).toEqual([['redundant-rule', 'info', 'spec.ingress[1]', 'ingress rule 1 is identical to ingress rule 0']]);
    expect(found([rule([web], [{ port: 80 }]), rule([web])])).toEqual([
      ['redundant-rule', 'info', 'spec.ingress[0]', 'ingress rule 0 admits nothing ingress rule 1 does not already admit'],
    ]);
    expect(found([rule([web], [{ port: 80 }]), rule([web], [{ port: 81 }])])).toEqual([]);
  });

  it('ruleCovers: a port range covers a port inside it, not one outside; an ipBlock covers a sub-block', () => {
    const p = policy([
      rule([web], [{ port: 80, endPort: 90 }]),
      rule([web], [{ port: 85 }]),
      rule([web], [{ port: 91 }]),
      rule([{ ipBlock: { cidr: '10.0.0.0/8' } }]),
      rule([{ ipBlock: { cidr: '10.1.0.0/16' } }]),
    ]);
    const [range, inside, outside, wide, narrow] = p.ingress;
    expect([ruleCovers(range!, inside!), ruleCovers(range!, outside!), ruleCovers(wide!, narrow!), ruleCovers(narrow!, wide!)]).toEqual([true, false, true, false]);
  });
});

describe('duplicatePolicyFindings', () => {
  it('duplicate-policy: the later of two same policies; near miss: another podSelector', () => {
    const spec = { podSelector: {}, policyTypes: ['Ingress'], ingress: [rule([web])] };
    const policies = new SnapshotBuilder().policy('shop', 'a', spec).policy('shop', 'b', spec).policy('shop', 'c', { ...spec, podSelector: web.podSelector }).build().policies;
    expect(duplicatePolicyFindings(policies).map((f) => [f.code, f.severity, f.object.name, f.message, f.fix])).toEqual([
      ['duplicate-policy', 'warning', 'b', 'same podSelector, policyTypes and rules as shop/a', 'delete b or a'],
    ]);
    expect(duplicatePolicyFindings(policies.filter((p) => p.name !== 'b'))).toEqual([]);
  });
});
