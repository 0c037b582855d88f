// The join of flows to the snapshot and the four audit reports, on the demo cluster.
import { describe, expect, it } from 'vitest';
import { demoObjects } from '../../../src/sources/demo/demo-manifests.js';
import { assembleSnapshot } from '../../../src/sources/assemble.js';
import { PolicyIndex } from '../../../src/engine/compile.js';
import { FlowAudit } from '../../../src/engine/flows/audit.js';
import { FlowJoiner } from '../../../src/engine/flows/join.js';
import type { FlowEndpoint, LoggedVerdict, ObservedFlow } from '../../../src/model/flow.js';
import type { Protocol } from '../../../src/model/snapshot.js';

const snapshot = assembleSnapshot(demoObjects().map((object, i) => ({ object, origin: { file: 'demo', doc: i + 1 } })), { defaultNamespace: 'default' });
const index = new PolicyIndex(snapshot);

let line = 0;
const end = (text: string): FlowEndpoint => {
  if (!text.includes('/')) return { ip: text };
  const [namespace, pod] = text.split('/') as [string, string];
  return pod.endsWith('*') ? { namespace, pod: pod.slice(0, -1), aggregated: true } : { namespace, pod };
};
const flow = (source: string, destination: string, port: number, verdict: LoggedVerdict = 'allowed', protocol: Protocol = 'TCP', time?: string): ObservedFlow => ({
  format: 'plain',
  file: 'flows',
  line: ++line,
  ...(time ? { time } : {}),
  source: end(source),
  destination: end(destination),
  protocol,
  port,
  verdict,
});
const audit = (flows: readonly ObservedFlow[], options: { index?: PolicyIndex; observedIndex?: PolicyIndex; namespaces?: Set<string> } = {}) => {
  const a = new FlowAudit({ snapshot, index: options.index ?? index, observedIndex: options.observedIndex ?? options.index ?? index, namespaces: options.namespaces });
  for (const f of flows) a.add(f);
  return a.result();
};

describe('join', () => {
  const joiner = new FlowJoiner(snapshot);
  it('by namespace and pod name, by a Calico name aggregate, else by IP', () => {
    expect(joiner.join({ namespace: 'shop', pod: 'cart-7d9f8c6b5-bl1q1' })).toMatchObject({ kind: 'pod', pod: { name: 'cart-7d9f8c6b5-bl1q1' } });
    expect(joiner.join({ namespace: 'shop', pod: 'cart-7d9f8c6b5-', aggregated: true })).toMatchObject({ kind: 'pod', pod: { namespace: 'shop', name: expect.stringMatching(/^cart-/) } });
    expect(joiner.join({ ip: '10.244.1.17' })).toMatchObject({ kind: 'pod', pod: { name: 'cart-7d9f8c6b5-bl1q1' } });
    // A pod the state does not know, with its IP matching a pod that does: the IP decides.
    expect(joiner.join({ namespace: 'shop', pod: 'cart-old', ip: '10.244.1.17' })).toMatchObject({ kind: 'pod', pod: { name: 'cart-7d9f8c6b5-bl1q1' } });
  });
  it('an IP no pod has is an address (a node when a pod runs there); an unknown pod is unmatched', () => {
    expect(joiner.join({ ip: '93.184.216.34' })).toEqual({ kind: 'address', ip: '93.184.216.34', node: false });
    expect(joiner.join({ ip: '172.18.0.2' })).toEqual({ kind: 'address', ip: '172.18.0.2', node: true });
    expect(joiner.join({ namespace: 'shop', pod: 'gone-1', ip: '10.244.9.9' })).toEqual({ kind: 'unmatched', name: 'shop/gone-1', reason: 'no such pod in the cluster state' });
    expect(joiner.join({ ip: 'not-an-ip' })).toMatchObject({ kind: 'unmatched', reason: 'not an IP address' });
  });
});

describe('audit reports', () => {
  it('would break: observed connections the policies deny, folded to workloads, with the denying side', () => {
    const result = audit([flow('shop/checkout-7d9f8c6b5-ak0q0', 'shop/cart-7d9f8c6b5-ak0q0', 7070), flow('shop/checkout-7d9f8c6b5-ak0q0', '10.244.1.17', 7070), flow('shop/frontend-7d9f8c6b5-ak0q0', 'shop/cart-7d9f8c6b5-ak0q0', 7070)]);
    expect(result.wouldBreak).toHaveLength(1);
    expect(result.wouldBreak[0]).toMatchObject({ source: 'shop/deployment/checkout', destination: 'shop/deployment/cart', port: 7070, flows: 2, first: { file: 'flows' } });
    expect(result.wouldBreak[0]!.deniedBy).toEqual([{ direction: 'ingress', policies: [{ namespace: 'shop', name: 'default-deny' }, { namespace: 'shop', name: 'api-from-frontend' }] }]);
  });

  it('a connection already dropped is not one that would break', () => {
    expect(audit([flow('shop/checkout-7d9f8c6b5-ak0q0', 'shop/cart-7d9f8c6b5-ak0q0', 7070, 'denied')]).wouldBreak).toEqual([]);
  });

  it('divergence is judged on the state the flows ran under; would-break on the proposed one', () => {
    // Proposed: frontend may no longer reach the api tier (its egress policy goes away, and shop denies egress by default).
    const proposed = new PolicyIndex({ ...snapshot, policies: snapshot.policies.filter((p) => !(p.namespace === 'shop' && p.name === 'frontend')) });
    const result = audit([flow('shop/frontend-7d9f8c6b5-ak0q0', 'shop/cart-7d9f8c6b5-ak0q0', 7070)], { index: proposed, observedIndex: index });
    expect(result.wouldBreak.map((r) => r.destination)).toEqual(['shop/deployment/cart']);
    expect(result.divergence).toEqual([]);
  });

  it('divergence in both directions, with a likely cause', () => {
    const result = audit([
      flow('shop/frontend-7d9f8c6b5-ak0q0', 'shop/catalog-7d9f8c6b5-ak0q0', 3550, 'denied'),
      flow('shop/checkout-7d9f8c6b5-ak0q0', 'shop/cart-7d9f8c6b5-ak0q0', 7070, 'allowed'),
      // catalog declares no port 4000: a sidecar's, say.
      flow('shop/frontend-7d9f8c6b5-ak0q0', 'shop/catalog-7d9f8c6b5-ak0q0', 4000, 'denied'),
    ]);
    expect(result.divergence.map((d) => [d.destination, d.port, d.logged, d.computed, d.cause])).toEqual([
      ['shop/deployment/catalog', 3550, 'denied', 'allowed', 'other-state'],
      ['shop/deployment/cart', 7070, 'allowed', 'denied', 'other-state'],
      ['shop/deployment/catalog', 4000, 'denied', 'allowed', 'undeclared-port'],
    ]);
  });

  it('unused: policies and rules no observed connection used, allowed pairs never observed', () => {
    const result = audit([flow('shop/frontend-7d9f8c6b5-ak0q0', 'shop/cart-7d9f8c6b5-ak0q0', 7070, 'allowed', 'TCP', '2026-12-07T10:00:00.000Z'), flow('shop/cart-7d9f8c6b5-ak0q0', 'shop/redis-0', 6379, 'allowed', 'TCP', '2026-12-07T09:00:00.000Z')], {
      namespaces: new Set(['shop']),
    });
    expect(result.window).toEqual({ from: '2026-12-07T09:00:00.000Z', to: '2026-12-07T10:00:00.000Z' });
    const names = result.unusedPolicies.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['checkout', 'metrics-scrape', 'allow-dns']));
    expect(names).not.toContain('redis');
    expect(names).not.toContain('cart-to-redis');
    // default-deny has no rules: it only isolates.
    expect(names).not.toContain('default-deny');
    expect(result.unusedPolicies.every((p) => p.namespace === 'shop')).toBe(true);
    // shop/frontend: its egress rule was used, its ingress rule (from ingress-nginx) was not.
    expect(result.unusedRules).toContainEqual({ policy: { namespace: 'shop', name: 'frontend' }, direction: 'ingress', rule: 0 });
    const pairs = result.neverObserved.map((p) => `${p.source} -> ${p.destination}`);
    expect(pairs).toContain('shop/deployment/frontend -> shop/deployment/catalog');
    expect(pairs).not.toContain('shop/deployment/frontend -> shop/deployment/cart');
  });

  it('egress to outside the cluster by range and workload, with the admitting rule', () => {
    const result = audit([
      flow('payments/fraud-check-7d9f8c6b5-ak0q0', '93.184.216.34', 443),
      flow('10.244.0.24', '93.184.216.35', 443),
      flow('monitoring/grafana-7d9f8c6b5-ak0q0', '198.51.100.7', 443),
      flow('shop/frontend-7d9f8c6b5-ak0q0', '172.18.0.2', 10250),
    ]);
    expect(result.externalEgress).toEqual([
      { source: 'payments/deployment/fraud-check', range: '93.184.216.0/24', addresses: 2, protocol: 'TCP', port: 443, flows: 2, admittedBy: [{ policy: { namespace: 'payments', name: 'fraud-check-egress' }, direction: 'egress', rule: 0 }] },
      { source: 'monitoring/deployment/grafana', range: '198.51.100.0/24', addresses: 1, protocol: 'TCP', port: 443, flows: 1, admittedBy: [] },
    ]);
  });

  it('unmatched endpoints are counted, not judged', () => {
    const result = audit([flow('shop/old-worker-1', 'shop/cart-7d9f8c6b5-ak0q0', 7070), flow('shop/old-worker-1', 'shop/redis-0', 6379)]);
    expect(result.unmatched).toEqual([{ name: 'shop/old-worker-1', reason: 'no such pod in the cluster state', flows: 2 }]);
    expect(result.wouldBreak).toEqual([]);
  });
});

describe('policy attribution (Hubble names the deciding policy)', () => {
  const named = (f: ObservedFlow, policies: ObservedFlow['policies']): ObservedFlow => ({ ...f, format: 'hubble', policies });
  const np = (direction: 'ingress' | 'egress', effect: 'allowed' | 'denied', name: string, kind = 'NetworkPolicy') => ({ direction, effect, name, namespace: 'shop', kind });

  it('the same policies as the engine: nothing to report', () => {
    const result = audit([named(flow('shop/frontend-7d9f8c6b5-ak0q0', 'shop/cart-7d9f8c6b5-ak0q0', 7070), [np('ingress', 'allowed', 'api-from-frontend'), np('egress', 'allowed', 'frontend')])]);
    expect(result.divergence).toEqual([]);
  });

  it('another policy than the engine names, the verdicts agreeing: a divergence row with both lists', () => {
    const result = audit([named(flow('shop/frontend-7d9f8c6b5-ak0q0', 'shop/cart-7d9f8c6b5-ak0q0', 7070), [np('ingress', 'allowed', 'allow-legacy')])]);
    expect(result.divergence).toHaveLength(1);
    expect(result.divergence[0]).toMatchObject({ logged: 'allowed', computed: 'allowed', cause: 'other-policy' });
    expect(result.divergence[0]!.policies).toEqual([{ direction: 'ingress', effect: 'allowed', logged: [np('ingress', 'allowed', 'allow-legacy')], computed: [{ namespace: 'shop', name: 'api-from-frontend' }] }]);
  });

  it('a CNI-specific kind is never the engine\'s: cause cni-policy, even with the same name', () => {
    const result = audit([named(flow('shop/checkout-7d9f8c6b5-ak0q0', 'shop/cart-7d9f8c6b5-ak0q0', 7070, 'denied'), [np('ingress', 'denied', 'default-deny', 'CiliumNetworkPolicy')])]);
    expect(result.divergence.map((d) => [d.logged, d.computed, d.cause])).toEqual([['denied', 'denied', 'cni-policy']]);
    expect(result.divergence[0]!.policies![0]!.computed.map((r) => r.name).sort()).toEqual(['api-from-frontend', 'default-deny']);
  });

  it('denied by a policy where the engine allows: the verdict divergence carries the policies, the engine naming none', () => {
    const result = audit([named(flow('shop/frontend-7d9f8c6b5-ak0q0', 'shop/catalog-7d9f8c6b5-ak0q0', 3550, 'denied'), [np('ingress', 'denied', 'default-deny')])]);
    expect(result.divergence.map((d) => [d.logged, d.computed, d.cause])).toEqual([['denied', 'allowed', 'other-state']]);
    expect(result.divergence[0]!.policies).toEqual([{ direction: 'ingress', effect: 'denied', logged: [np('ingress', 'denied', 'default-deny')], computed: [] }]);
  });

  it('allowed by a policy on a side no policy isolates: the engine names none', () => {
    // Nothing isolates ingress of monitoring's grafana in the demo.
    const result = audit([named(flow('ingress-nginx/ingress-nginx-controller-7d9f8c6b5-ak0q0', 'monitoring/grafana-7d9f8c6b5-ak0q0', 3000), [{ direction: 'ingress', effect: 'allowed', name: 'grafana-from-ingress', namespace: 'monitoring', kind: 'NetworkPolicy' }])]);
    expect(result.divergence.map((d) => [d.cause, d.policies?.[0]?.computed])).toEqual([['other-policy', []]]);
  });
});

describe('nearest miss', () => {
  it('each would-break row names the rule that came closest and what it failed', () => {
    const [row] = audit([flow('shop/checkout-7d9f8c6b5-ak0q0', 'shop/cart-7d9f8c6b5-ak0q0', 7070)]).wouldBreak;
    expect(row!.nearestMiss).toMatchObject({ policy: { namespace: 'shop', name: 'api-from-frontend' }, direction: 'ingress', rule: 0, peer: 0 });
    expect(row!.nearestMiss!.failed.map((f) => f.criterion)).toEqual(['pod-label-different']);
  });
});
