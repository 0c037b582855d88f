// computeCoverage: per-namespace and per-workload counts, isolation, default deny, scope.
import { describe, expect, it } from 'vitest';
import { SnapshotBuilder } from '../../fixtures/builder.js';
import { computeCoverage } from '../../../src/engine/analysis/coverage.js';
import { isDefaultDeny, podIsolation, podsSelectedBy } from '../../../src/engine/analysis/isolation.js';

// ns a (declared): deployment/api (3 pods, one of which is labelled canary and not isolated for
//   ingress), bare pod tool, a finished Job pod, a hostNetwork agent.
// ns b (declared, no pods, one policy that is not a default deny).
// ns c (declared, empty).
const world = () =>
  new SnapshotBuilder()
    .namespace('a', { team: 'a' })
    .namespace('b')
    .namespace('c')
    .pod('a', 'api-1', { labels: { app: 'api' }, ip: '10.0.0.1', owner: { kind: 'Deployment', name: 'api' } })
    .pod('a', 'api-2', { labels: { app: 'api' }, ip: '10.0.0.2', owner: { kind: 'Deployment', name: 'api' } })
    .pod('a', 'api-3', { labels: { app: 'api', canary: 'true' }, ip: '10.0.0.3', owner: { kind: 'Deployment', name: 'api' } })
    .pod('a', 'tool', { labels: { app: 'tool' }, ip: '10.0.0.4' })
    .pod('a', 'job-xyz', { labels: { app: 'job' }, ip: '10.0.0.5', phase: 'Succeeded', owner: { kind: 'Job', name: 'job' } })
    .pod('a', 'agent', { labels: { app: 'agent' }, ip: '192.168.0.1', hostNetwork: true, hostIP: '192.168.0.1' })
    // Ingress: every pod but canaries; egress: tool only.
    .policy('a', 'not-canary', { podSelector: { matchExpressions: [{ key: 'canary', operator: 'DoesNotExist' }] }, policyTypes: ['Ingress'] })
    .policy('a', 'api-from-tool', { podSelector: { matchLabels: { app: 'api' }, matchExpressions: [{ key: 'canary', operator: 'DoesNotExist' }] }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'tool' } } }] }] })
    .policy('a', 'tool-egress', { podSelector: { matchLabels: { app: 'tool' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: {} }] }] })
    .policy('b', 'allow-all', { podSelector: {}, ingress: [{}] });

describe('computeCoverage', () => {
  it('counts pods per workload and namespace; finished pods are left out, hostNetwork pods are counted and flagged', () => {
    const b = world();
    const c = computeCoverage(b.build(), b.index());
    expect(c.totals).toEqual({ pods: 5, ingressIsolated: 3, egressIsolated: 1 });
    expect(c.namespaces).toEqual([
      { namespace: 'a', pods: 5, ingressIsolated: 3, egressIsolated: 1, defaultDenyIngress: false, defaultDenyEgress: false, policies: 3 },
      { namespace: 'b', pods: 0, ingressIsolated: 0, egressIsolated: 0, defaultDenyIngress: false, defaultDenyEgress: false, policies: 1 },
      { namespace: 'c', pods: 0, ingressIsolated: 0, egressIsolated: 0, defaultDenyIngress: false, defaultDenyEgress: false, policies: 0 },
    ]);
    expect(c.workloads.map((w) => ({ name: w.name, kind: w.kind, pods: w.pods, in: w.ingressIsolated, out: w.egressIsolated, host: w.hostNetwork, exposure: w.exposure }))).toEqual([
      // Two of the three replicas are isolated: counts, not a yes/no. One is open to everyone.
      { name: 'deployment/api', kind: 'Deployment', pods: 3, in: 2, out: 0, host: false, exposure: 'internet' },
      { name: 'tool', kind: 'Pod', pods: 1, in: 1, out: 1, host: false, exposure: 'nobody' },
      { name: 'agent', kind: 'Pod', pods: 1, in: 0, out: 0, host: true, exposure: 'internet' },
    ]);
  });

  it('lists each policy selecting any replica once, in policy order', () => {
    const b = world();
    const api = computeCoverage(b.build(), b.index()).workloads.find((w) => w.name === 'deployment/api')!;
    expect(api.policies).toEqual([
      { namespace: 'a', name: 'not-canary' },
      { namespace: 'a', name: 'api-from-tool' },
    ]);
  });

  it('scope: only the given namespaces, in name order', () => {
    const b = world();
    const c = computeCoverage(b.build(), b.index(), new Set(['c', 'b']));
    expect(c.namespaces.map((n) => n.namespace)).toEqual(['b', 'c']);
    expect(c.workloads).toEqual([]);
    expect(c.totals).toEqual({ pods: 0, ingressIsolated: 0, egressIsolated: 0 });
  });

  it('a namespace that only pods name (never declared) is listed too', () => {
    const b = new SnapshotBuilder().pod('z', 'p', { ip: '10.1.0.1' });
    expect(computeCoverage(b.build(), b.index()).namespaces.map((n) => n.namespace)).toEqual(['z']);
  });

  it('default deny: an empty podSelector with the direction in policyTypes and no rule of it', () => {
    const b = new SnapshotBuilder()
      .pod('d', 'p', { ip: '10.2.0.1' })
      .policy('d', 'deny-both', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] })
      .policy('d', 'allow-egress', { podSelector: {}, policyTypes: ['Egress'], egress: [{}] })
      .policy('d', 'selected-deny', { podSelector: { matchLabels: { x: 'y' } }, policyTypes: ['Ingress'] })
      .policy('d', 'empty-ingress-list', { podSelector: {}, ingress: [] });
    const policies = b.index().policiesIn('d');
    expect(policies.map((p) => [p.ref.name, isDefaultDeny(p, 'ingress'), isDefaultDeny(p, 'egress')])).toEqual([
      ['deny-both', true, true],
      ['allow-egress', false, false],
      ['selected-deny', false, false],
      // policyTypes defaulted to [Ingress] (no egress rules).
      ['empty-ingress-list', true, false],
    ]);
    const c = computeCoverage(b.build(), b.index());
    expect(c.namespaces[0]).toMatchObject({ defaultDenyIngress: true, defaultDenyEgress: true, policies: 4 });
  });
});

describe('isolation helpers', () => {
  it('podIsolation: per direction, and every selecting policy whatever its types', () => {
    const b = world();
    const s = b.build();
    const tool = s.pods.find((p) => p.name === 'tool')!;
    expect(podIsolation(tool, b.index())).toMatchObject({
      ingress: [{ namespace: 'a', name: 'not-canary' }],
      egress: [{ namespace: 'a', name: 'tool-egress' }],
      selectedBy: [
        { namespace: 'a', name: 'not-canary' },
        { namespace: 'a', name: 'tool-egress' },
      ],
    });
    const agent = s.pods.find((p) => p.name === 'agent')!;
    expect(podIsolation(agent, b.index())).toMatchObject({ ingress: [], egress: [], selectedBy: [] });
  });

  it('podsSelectedBy: never hostNetwork or finished pods, never other namespaces', () => {
    const b = world();
    const s = b.build();
    const notCanary = b.index().policiesIn('a').find((p) => p.ref.name === 'not-canary')!;
    expect(podsSelectedBy(notCanary, s.pods).map((p) => p.name)).toEqual(['api-1', 'api-2', 'tool']);
    const allowAll = b.index().policiesIn('b')[0]!;
    expect(podsSelectedBy(allowAll, s.pods)).toEqual([]);
  });
});
