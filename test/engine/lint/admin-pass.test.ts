// admin-pass-to-nothing: a Pass rule that nothing below it can decide differently (no NetworkPolicy
// isolates, no Baseline rule applies to any pod its policy selects), and the Baseline-tier Pass; each
// with a near miss that does not fire. Findings are checked against the engine: what such a Pass
// matches is allowed by the default.
import { describe, expect, it } from 'vitest';
import { PolicyIndex } from '../../../src/engine/compile.js';
import { evaluate } from '../../../src/engine/evaluate.js';
import { podEndpoint } from '../../../src/engine/endpoint.js';
import { findPod } from '../../fixtures/builder.js';
import { adminWorld, cnp, findingsOf, team, type Doc } from '../../fixtures/admin-lint.js';

const passFromC = (subject: Doc): Doc => cnp('delegate', { tier: 'Admin', priority: 1, subject, ingress: [{ name: 'pass-c', action: 'Pass', from: [{ namespaces: team('c') }] }] });
const passes = (documents: readonly Doc[], nps: Parameters<typeof adminWorld>[1] = []) => findingsOf(adminWorld(documents, nps), 'admin-pass-to-nothing');

describe('admin-pass-to-nothing', () => {
  it('an Admin Pass over pods no NetworkPolicy isolates and no Baseline rule selects: info, and the engine allows what it passes', () => {
    const documents = [passFromC({ namespaces: team('a') })];
    const findings = passes(documents);
    expect(findings.map((f) => [f.severity, f.object.name, f.field, f.message])).toEqual([
      [
        'info',
        'delegate',
        'spec.ingress[0]',
        'ingress[0] "pass-c" passes to nothing: no NetworkPolicy isolates the 1 pod it selects for ingress, and no Baseline policy has ingress rules for it; what it matches is allowed by default, as if it said Accept',
      ],
    ]);
    const snapshot = adminWorld(documents);
    const c = evaluate(podEndpoint(findPod(snapshot, 'c/r')), podEndpoint(findPod(snapshot, 'a/p')), new PolicyIndex(snapshot));
    expect(c.allowed.isAll()).toBe(true);
  });

  it('near miss: a NetworkPolicy isolates one of the pods for that direction', () => {
    expect(passes([passFromC({ namespaces: team('a') })], [['a', 'deny', { podSelector: {}, policyTypes: ['Ingress'] }]])).toEqual([]);
  });

  it('near miss: a NetworkPolicy for the other direction does not count', () => {
    expect(passes([passFromC({ namespaces: team('a') })], [['a', 'deny-out', { podSelector: {}, policyTypes: ['Egress'] }]])).toHaveLength(1);
  });

  it('near miss: a Baseline policy has rules of that direction for one of the pods', () => {
    const baseline = cnp('base', { tier: 'Baseline', priority: 1, subject: { namespaces: team('a') }, ingress: [{ action: 'Deny', from: [{ namespaces: team('b') }] }] });
    expect(passes([passFromC({ namespaces: team('a') }), baseline])).toEqual([]);
  });

  it('near miss: a policy that selects no pod of the input is not judged', () => {
    expect(passes([passFromC({ namespaces: team('nobody') })])).toEqual([]);
  });

  it('a Pass in the Baseline tier has only the default below it, whatever the pods', () => {
    const documents = [cnp('base', { tier: 'Baseline', priority: 1, subject: { namespaces: team('nobody') }, egress: [{ action: 'Pass', to: [{ networks: ['10.0.0.0/8'] }] }, { action: 'Deny', to: [{ networks: ['0.0.0.0/0'] }] }] })];
    expect(passes(documents).map((f) => [f.field, f.message])).toEqual([
      ['spec.egress[0]', 'egress[0] passes to nothing: below the Baseline tier there is only the default allow; what it matches is allowed by default, as if it said Accept'],
    ]);
  });
});
