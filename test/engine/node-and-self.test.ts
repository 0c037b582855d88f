// "Traffic to and from the node where a Pod is running is always allowed", and "a pod cannot block
// access to itself" — which does not extend to the replicas a template pod stands for.
import { describe, expect, it } from 'vitest';
import { SnapshotBuilder } from '../fixtures/builder.js';
import { allowed, connect } from '../fixtures/reach.js';
import { PolicyIndex } from '../../src/engine/compile.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { podEndpoint } from '../../src/engine/endpoint.js';

const DENY_ALL = { podSelector: {}, policyTypes: ['Ingress', 'Egress'] };

describe('the own node', () => {
  const world = () =>
    new SnapshotBuilder()
      .pod('prod', 'web', { labels: { app: 'web' }, ip: '10.244.0.5', hostIP: '192.168.0.10' })
      .pod('prod', 'agent', { hostNetwork: true, ip: '192.168.0.10', hostIP: '192.168.0.10' })
      .pod('prod', 'far-agent', { hostNetwork: true, ip: '192.168.0.11', hostIP: '192.168.0.11' })
      .policy('prod', 'deny-all', DENY_ALL)
      .build();

  it('egress to the own node address is allowed despite egress isolation', () => {
    const s = world();
    expect(allowed(s, 'prod/web', 'ip:192.168.0.10', 10250)).toBe(true);
    expect(connect(s, 'prod/web', 'ip:192.168.0.10').egress).toMatchObject({ kind: 'exempt', reason: 'own-node' });
  });

  it('egress to a hostNetwork pod on the same node is allowed; on another node it is not', () => {
    const s = world();
    expect(allowed(s, 'prod/web', 'prod/agent', 9100)).toBe(true);
    expect(allowed(s, 'prod/web', 'prod/far-agent', 9100)).toBe(false);
  });

  it('ingress from the own node is allowed; from another node it is not', () => {
    const s = world();
    expect(allowed(s, 'ip:192.168.0.10', 'prod/web', 8080)).toBe(true);
    expect(allowed(s, 'ip:192.168.0.11', 'prod/web', 8080)).toBe(false);
  });
});

describe('a pod reaching itself', () => {
  it('a real pod always reaches itself, even when isolated both ways', () => {
    const s = new SnapshotBuilder().pod('prod', 'api', { labels: { app: 'api' }, ip: '10.244.0.7' }).policy('prod', 'deny-all', DENY_ALL).build();
    expect(allowed(s, 'prod/api', 'prod/api', 8080)).toBe(true);
  });

  it('a pod made from a workload template stands for several replicas: not "itself"', () => {
    const snapshot = new SnapshotBuilder()
      .object({
        kind: 'Deployment',
        metadata: { name: 'api', namespace: 'prod' },
        spec: { template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'api', ports: [{ containerPort: 8080 }] }] } } },
      })
      .policy('prod', 'deny-all', DENY_ALL)
      .build();
    const pod = snapshot.pods.find((p) => p.name === 'deployment/api')!;
    expect(pod.synthesized).toBe(true);
    const c = evaluate(podEndpoint(pod), podEndpoint(pod), new PolicyIndex(snapshot));
    expect(c.self).toBe(false);
    expect(c.allowed.has('TCP', 8080)).toBe(false);
  });
});
