// broadFindings: each rule of broad.ts fires on its case and not on its near miss.
import { describe, expect, it } from 'vitest';
import { broadFindings } from '../../../src/engine/lint/broad.js';
import { LINT_CODES } from '../../../src/engine/lint/codes.js';
import { SnapshotBuilder } from '../../fixtures/builder.js';

const policy = (spec: Record<string, unknown>) => new SnapshotBuilder().policy('shop', 'p', spec).build().policies[0]!;
const found = (spec: Record<string, unknown>) => broadFindings(policy(spec)).map((f) => [f.code, f.severity, f.field]);
const ingress = (from: unknown[]) => ({ podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from }] });

describe('broadFindings', () => {
  it('rule-allows-everyone: a rule without from; near miss: a rule with a peer', () => {
    const findings = broadFindings(policy({ podSelector: {}, policyTypes: ['Ingress'], ingress: [{}] }));
    expect(findings.map((f) => [f.code, f.severity, f.field, f.message])).toEqual([
      ['rule-allows-everyone', 'warning', 'spec.ingress[0]', 'ingress rule 0 has no "from": it admits ingress from every pod and every address on every port'],
    ]);
    expect(findings[0]!.object).toEqual({ kind: 'NetworkPolicy', namespace: 'shop', name: 'p' });
    expect(found(ingress([{ podSelector: { matchLabels: { app: 'a' } } }]))).toEqual([]);
  });

  it('rule-allows-all-namespaces: namespaceSelector {}; near miss: a namespaceSelector with labels', () => {
    expect(broadFindings(policy(ingress([{ namespaceSelector: {} }]))).map((f) => [f.code, f.severity, f.field, f.message])).toEqual([
      ['rule-allows-all-namespaces', LINT_CODES['rule-allows-all-namespaces'].severity, 'spec.ingress[0].from[0].namespaceSelector', 'namespaceSelector {} admits ingress from every pod in every namespace'],
    ]);
    expect(found(ingress([{ namespaceSelector: { matchLabels: { team: 'a' } } }]))).toEqual([]);
  });

  it('rule-allows-any-address: 0.0.0.0/0 is a warning, with except an info; near miss: 10.0.0.0/8', () => {
    const egress = (ipBlock: unknown) => ({ podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock }] }] });
    expect(found(egress({ cidr: '0.0.0.0/0' }))).toEqual([['rule-allows-any-address', 'warning', 'spec.egress[0].to[0].ipBlock.cidr']]);
    expect(found(egress({ cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] }))).toEqual([['rule-allows-any-address', 'info', 'spec.egress[0].to[0].ipBlock.cidr']]);
    expect(found(egress({ cidr: '10.0.0.0/8' }))).toEqual([]);
  });

  it('cidr-host-bits: 10.0.0.1/8; near miss: 10.0.0.0/8', () => {
    expect(broadFindings(policy(ingress([{ ipBlock: { cidr: '10.0.0.1/8' } }]))).map((f) => [f.code, f.severity, f.field, f.message])).toEqual([
      ['cidr-host-bits', LINT_CODES['cidr-host-bits'].severity, 'spec.ingress[0].from[0].ipBlock.cidr', '10.0.0.1/8 has host bits set: it means 10.0.0.0/8'],
    ]);
    expect(found(ingress([{ ipBlock: { cidr: '10.0.0.0/8' } }]))).toEqual([]);
  });

  it('legacy-cidr: leading zeros in an except; near miss: the strict spelling', () => {
    expect(found(ingress([{ ipBlock: { cidr: '10.0.0.0/8', except: ['010.1.0.0/16'] } }]))).toEqual([
      ['legacy-cidr', LINT_CODES['legacy-cidr'].severity, 'spec.ingress[0].from[0].ipBlock.except[0]'],
    ]);
    expect(found(ingress([{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }]))).toEqual([]);
  });

  it('selectors-in-separate-peers: podSelector-only next to namespaceSelector-only; near miss: one peer with both', () => {
    const pods = { matchLabels: { app: 'a' } };
    const namespaces = { matchLabels: { team: 'b' } };
    expect(found(ingress([{ podSelector: pods }, { namespaceSelector: namespaces }]))).toEqual([
      ['selectors-in-separate-peers', 'warning', 'spec.ingress[0].from'],
    ]);
    expect(found(ingress([{ podSelector: pods, namespaceSelector: namespaces }]))).toEqual([]);
  });

  it('ignored-rules: egress rules without Egress in policyTypes; near miss: Egress listed', () => {
    const to = [{ podSelector: { matchLabels: { app: 'a' } } }];
    expect(found({ podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: to }], egress: [{ to }] })).toEqual([['ignored-rules', 'warning', 'spec.policyTypes']]);
    expect(found({ podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [{ from: to }], egress: [{ to }] })).toEqual([]);
  });
});
