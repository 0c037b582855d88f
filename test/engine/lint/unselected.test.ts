// unselectedFindings: pod-not-selected fires for a workload no policy selects, not for a selected one.
import { describe, expect, it } from 'vitest';
import { PolicyIndex } from '../../../src/engine/compile.js';
import { LINT_CODES } from '../../../src/engine/lint/codes.js';
import { lintContext } from '../../../src/engine/lint/context.js';
import { unselectedFindings } from '../../../src/engine/lint/unselected.js';
import { SnapshotBuilder } from '../../fixtures/builder.js';

const ctxOf = (b: SnapshotBuilder) => {
  const snapshot = b.build();
  return lintContext(snapshot, new PolicyIndex(snapshot), new Set());
};

describe('unselectedFindings', () => {
  it('pod-not-selected: a bare pod no policy selects; near miss: a policy selects it; hostNetwork pods are skipped', () => {
    const base = () => new SnapshotBuilder().namespace('shop').pod('shop', 'web', { labels: { app: 'web' }, ip: '10.0.0.1' });
    expect(unselectedFindings(ctxOf(base())).map((f) => [f.code, f.severity, f.object, f.field, f.message, f.fix])).toEqual([
      [
        'pod-not-selected',
        LINT_CODES['pod-not-selected'].severity,
        { kind: 'Pod', namespace: 'shop', name: 'web' },
        undefined,
        'web is selected by no NetworkPolicy: all traffic to and from it is allowed',
        LINT_CODES['pod-not-selected'].fix,
      ],
    ]);
    expect(unselectedFindings(ctxOf(base().policy('shop', 'p', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'] })))).toEqual([]);
    const host = new SnapshotBuilder().namespace('shop').pod('shop', 'node-agent', { hostNetwork: true, ip: '192.168.0.1' });
    expect(unselectedFindings(ctxOf(host))).toEqual([]);
  });
});
