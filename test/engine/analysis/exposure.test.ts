// ingressExposure: the broadest kind of source any rule admitting ingress to a pod allows.
import { describe, expect, it } from 'vitest';
import { SnapshotBuilder } from '../../fixtures/builder.js';
import { EXPOSURE_LEVELS, ingressExposure } from '../../../src/engine/analysis/exposure.js';

/** Exposure of pod `p` in namespace `prod` under one ingress policy with these rules. */
function exposureWith(ingress: unknown[] | undefined, options: { hostNetwork?: boolean; extra?: (b: SnapshotBuilder) => SnapshotBuilder } = {}) {
  let b = new SnapshotBuilder()
    .namespace('prod', { team: 'prod', tier: 'back' })
    .namespace('dev', { team: 'dev' })
    .namespace('ops', { team: 'ops', tier: 'back' })
    .pod('prod', 'p', { labels: { app: 'p' }, ip: '10.0.0.1', ...(options.hostNetwork ? { hostNetwork: true, hostIP: '10.0.0.1' } : {}) });
  if (ingress) b = b.policy('prod', 'pol', { podSelector: { matchLabels: { app: 'p' } }, policyTypes: ['Ingress'], ingress });
  if (options.extra) b = options.extra(b);
  const s = b.build();
  return ingressExposure(b.index(), s.namespaces)(s.pods.find((p) => p.name === 'p')!);
}

describe('ingressExposure', () => {
  it('the levels, narrowest first', () => {
    expect(EXPOSURE_LEVELS).toEqual(['nobody', 'namespace', 'namespaces', 'cluster', 'internet']);
  });

  it('not isolated for ingress: internet (also when only an egress policy selects it)', () => {
    expect(exposureWith(undefined)).toBe('internet');
    expect(
      exposureWith(undefined, {
        extra: (b) => b.policy('prod', 'eg', { podSelector: {}, policyTypes: ['Egress'] }),
      }),
    ).toBe('internet');
  });

  it('an address block of a family the pod has no address of admits nobody', () => {
    // p is IPv4-only: ::/0 cannot reach it, 0.0.0.0/0 can.
    expect(exposureWith([{ from: [{ ipBlock: { cidr: '::/0' } }] }])).toBe('nobody');
    expect(exposureWith([{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }])).toBe('internet');
  });

  it('a hostNetwork pod cannot be isolated: internet', () => {
    expect(exposureWith([], { hostNetwork: true })).toBe('internet');
  });

  it('nobody: no rule; a namespaceSelector that matches no namespace', () => {
    expect(exposureWith([])).toBe('nobody');
    expect(exposureWith([{ from: [{ namespaceSelector: { matchLabels: { team: 'none' } } }] }])).toBe('nobody');
  });

  it('namespace: a podSelector alone; a namespaceSelector that matches only its own namespace', () => {
    expect(exposureWith([{ from: [{ podSelector: { matchLabels: { app: 'x' } } }] }])).toBe('namespace');
    expect(exposureWith([{ from: [{ podSelector: {} }] }])).toBe('namespace');
    expect(exposureWith([{ from: [{ namespaceSelector: { matchLabels: { team: 'prod' } } }] }])).toBe('namespace');
  });

  it('namespaces: some namespaces but not all (another one, or its own and another)', () => {
    expect(exposureWith([{ from: [{ namespaceSelector: { matchLabels: { team: 'dev' } } }] }])).toBe('namespaces');
    expect(exposureWith([{ from: [{ namespaceSelector: { matchLabels: { tier: 'back' } }, podSelector: { matchLabels: { app: 'x' } } }] }])).toBe('namespaces');
  });

  it('cluster: every namespace (empty selector, or labels every namespace has)', () => {
    expect(exposureWith([{ from: [{ namespaceSelector: {} }] }])).toBe('cluster');
    expect(exposureWith([{ from: [{ namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'Exists' }] } }] }])).toBe('cluster');
    expect(exposureWith([{ from: [{ namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'NotIn', values: ['x'] }] } }] }])).toBe('cluster');
  });

  it('internet: a rule without from, or any ipBlock', () => {
    expect(exposureWith([{ ports: [{ port: 443 }] }])).toBe('internet');
    expect(exposureWith([{ from: [{ ipBlock: { cidr: '203.0.113.0/24' } }] }])).toBe('internet');
  });

  it('the broadest rule wins, across rules and across policies', () => {
    expect(exposureWith([{ from: [{ podSelector: {} }] }, { from: [{ namespaceSelector: {} }] }])).toBe('cluster');
    expect(exposureWith([{ from: [{ namespaceSelector: { matchLabels: { team: 'dev' } } }, { podSelector: {} }] }])).toBe('namespaces');
    expect(
      exposureWith([{ from: [{ podSelector: {} }] }], {
        extra: (b) => b.policy('prod', 'second', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] }),
      }),
    ).toBe('internet');
  });
});
