// validityFindings and noticeFindings: API rejections and input notices become error findings.
import { describe, expect, it } from 'vitest';
import { LINT_CODES } from '../../../src/engine/lint/codes.js';
import { noticeFindings, validityFindings } from '../../../src/engine/lint/validity.js';
import { validatePolicies } from '../../../src/engine/validate.js';
import type { InputNotice } from '../../../src/model/snapshot.js';
import { SnapshotBuilder } from '../../fixtures/builder.js';

describe('validityFindings', () => {
  it('an invalid CIDR is an error finding with the issue\'s code, field and the policy\'s origin; near miss: a valid CIDR gives none', () => {
    const policies = new SnapshotBuilder()
      .policy('shop', 'bad', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/33' } }] }] })
      .policy('shop', 'good', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }] })
      .build().policies;
    const issues = validatePolicies(policies);
    const findings = validityFindings(issues, policies);
    expect(findings.map((f) => [f.code, f.severity, f.object, f.field, f.origin])).toEqual([
      ['invalid-cidr', 'error', { kind: 'NetworkPolicy', namespace: 'shop', name: 'bad' }, 'spec.ingress[0].from[0].ipBlock.cidr', { file: 'test', doc: 1 }],
    ]);
    expect(findings[0]!.fix).toBe(LINT_CODES['invalid-cidr'].fix);
    expect(findings[0]!.message).toBe(issues[0]!.message);
    expect(validityFindings([], policies)).toEqual([]);
  });

  it('noticeFindings: each notice is an error on its object, with its field and fix', () => {
    const notice: InputNotice = { code: 'invalid-name', kind: 'NetworkPolicy', namespace: 'shop', name: 'use_labels', field: 'metadata.name', message: 'not a DNS-1123 name' };
    expect(noticeFindings([notice])).toEqual([
      {
        code: 'invalid-name',
        severity: 'error',
        object: { kind: 'NetworkPolicy', namespace: 'shop', name: 'use_labels' },
        field: 'metadata.name',
        message: 'not a DNS-1123 name',
        fix: LINT_CODES['invalid-name'].fix,
      },
    ]);
    expect(noticeFindings([])).toEqual([]);
  });
});
