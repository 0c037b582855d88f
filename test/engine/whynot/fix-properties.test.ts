// Properties of proposeFix on random small clusters and random denied paths: the suggested fix
// always allows the path, and the openings (and closings) it reports are exactly the difference of
// the full workload matrix before and after the fix is laid over the input.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SnapshotBuilder } from '../../fixtures/builder.js';
import { checkFix } from '../../fixtures/fix-check.js';
import { PolicyIndex } from '../../../src/engine/compile.js';
import { podEndpoint } from '../../../src/engine/endpoint.js';
import { evaluate } from '../../../src/engine/evaluate.js';
import type { Protocol, Snapshot } from '../../../src/model/snapshot.js';

const NAMESPACES = ['n0', 'n1'] as const;
const KEYS = ['app', 'tier'] as const;
const VALUES = ['x', 'y', 'z'] as const;

const labels = fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES), { maxKeys: 2 });
const selector = fc.oneof(
  fc.constant({}),
  fc.record({ matchLabels: labels }),
  fc.record({ matchExpressions: fc.constant([{ key: 'tier', operator: 'NotIn', values: ['z'] }]) }),
);
const peer = fc.oneof(
  fc.record({ podSelector: selector }),
  fc.record({ namespaceSelector: fc.oneof(fc.constant({}), fc.record({ matchLabels: fc.record({ env: fc.constantFrom('a', 'b') }) })) }),
  fc.record({ podSelector: selector, namespaceSelector: fc.record({ matchLabels: fc.record({ 'kubernetes.io/metadata.name': fc.constantFrom(...NAMESPACES) }) }) }),
  fc.constantFrom({ ipBlock: { cidr: '10.0.0.0/29' } }, { ipBlock: { cidr: '10.0.0.0/24', except: ['10.0.0.0/30'] } }),
);
const port = fc.constantFrom({ port: 80 }, { port: 'http' }, { protocol: 'UDP', port: 53 }, { port: 8000, endPort: 8100 });
const rule = (field: 'from' | 'to') => fc.record({ [field]: fc.array(peer, { maxLength: 2 }), ports: fc.array(port, { maxLength: 2 }) }, { requiredKeys: [] });
const policy = fc
  .record({
    namespace: fc.constantFrom(...NAMESPACES),
    podSelector: selector,
    policyTypes: fc.option(fc.constantFrom(['Ingress'], ['Egress'], ['Ingress', 'Egress']), { nil: undefined }),
    ingress: fc.option(fc.array(rule('from'), { maxLength: 2 }), { nil: undefined }),
    egress: fc.option(fc.array(rule('to'), { maxLength: 2 }), { nil: undefined }),
  })
  .map(({ namespace, ...spec }) => ({ namespace, spec: Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined)) }));

const workload = fc.record({
  namespace: fc.constantFrom(...NAMESPACES),
  labels,
  replicas: fc.integer({ min: 1, max: 2 }),
  http: fc.constantFrom(80, 8080),
});

const cluster = fc.record({
  env: fc.tuple(fc.constantFrom('a', 'b'), fc.constantFrom('a', 'b')),
  workloads: fc.array(workload, { minLength: 2, maxLength: 4 }),
  policies: fc.array(policy, { maxLength: 4 }),
});
type Cluster = typeof cluster extends fc.Arbitrary<infer T> ? T : never;

/** Workload i is Deployment w<i>; its replicas carry a pod-template-hash, which no fix may select by. */
function build(c: Cluster): Snapshot {
  const b = new SnapshotBuilder();
  NAMESPACES.forEach((ns, i) => b.namespace(ns, { env: c.env[i]! }));
  let ip = 1;
  c.workloads.forEach((w, i) => {
    for (let r = 0; r < w.replicas; r++) {
      b.pod(w.namespace, `w${i}-h${i}-${r}`, {
        labels: { ...w.labels, 'pod-template-hash': `h${i}` },
        ip: `10.0.0.${ip++}`,
        owner: { kind: 'Deployment', name: `w${i}` },
        ports: [{ name: 'http', port: w.http, protocol: 'TCP' }],
      });
    }
  });
  c.policies.forEach((p, i) => b.policy(p.namespace, `p${i}`, p.spec));
  return b.build();
}

const PROBES: readonly { protocol: Protocol; port: number | string }[] = [
  { protocol: 'TCP', port: 80 },
  { protocol: 'TCP', port: 'http' },
  { protocol: 'UDP', port: 53 },
  { protocol: 'TCP', port: 9090 },
];

describe('fix properties', () => {
  it('on random clusters and random denied paths: the fix allows the path, and its openings are exactly the matrix difference', () => {
    let checked = 0;
    fc.assert(
      fc.property(cluster, fc.nat(), fc.nat(), fc.constantFrom(...PROBES), (c, i, j, probe) => {
        const snapshot = build(c);
        const workloads = [...new Set(snapshot.pods.map((p) => `${p.namespace}/deployment/${p.owner!.name}`))];
        const from = workloads[i % workloads.length]!;
        const to = workloads[j % workloads.length]!;
        const index = new PolicyIndex(snapshot);
        const source = snapshot.pods.find((p) => `${p.namespace}/deployment/${p.owner!.name}` === from)!;
        const destination = snapshot.pods.find((p) => `${p.namespace}/deployment/${p.owner!.name}` === to && p !== source);
        // A denied path between two different pods.
        fc.pre(destination !== undefined);
        const number = typeof probe.port === 'number' ? probe.port : destination!.ports[0]!.port;
        fc.pre(!evaluate(podEndpoint(source), podEndpoint(destination!), index).allowed.has(probe.protocol, number));
        const { fix } = checkFix(snapshot, index, from, to, probe);
        // Never selected by a label that changes with every rollout.
        for (const edit of fix.edits) expect(Object.keys(edit.policy.podSelector.matchLabels)).not.toContain('pod-template-hash');
        checked++;
      }),
      { numRuns: 150 },
    );
    // The preconditions must leave real cases to check.
    expect(checked).toBeGreaterThan(30);
  });
});
