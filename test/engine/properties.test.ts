// Algebraic properties of NetworkPolicy evaluation on random small clusters and random policies.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SnapshotBuilder } from '../fixtures/builder.js';
import type { NetworkPolicy } from '../../src/model/policy.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { PolicyIndex, DEFAULT_OPTIONS } from '../../src/engine/compile.js';
import { addressEndpoint, podEndpoint, type Endpoint } from '../../src/engine/endpoint.js';
import { evaluate, isolatingPolicies, judgeSide } from '../../src/engine/evaluate.js';
import type { Direction } from '../../src/model/policy.js';
import { PortSet } from '../../src/engine/sets/port-set.js';

// ---- A small grammar of clusters and policies, written as manifests ----

const NAMESPACES = ['n0', 'n1', 'n2'] as const;
const KEYS = ['app', 'tier'] as const;
const VALUES = ['x', 'y'] as const;

const labels = fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES), { maxKeys: 2 });
const expression = fc.oneof(
  fc.record({ key: fc.constantFrom(...KEYS), operator: fc.constantFrom('In', 'NotIn'), values: fc.uniqueArray(fc.constantFrom(...VALUES), { minLength: 1, maxLength: 2 }) }),
  fc.record({ key: fc.constantFrom(...KEYS), operator: fc.constantFrom('Exists', 'DoesNotExist') }),
);
const podSelector = fc.oneof(
  fc.constant({}),
  fc.record({ matchLabels: labels }),
  fc.record({ matchExpressions: fc.array(expression, { minLength: 1, maxLength: 2 }) }),
);
const namespaceSelector = fc.oneof(
  fc.constant({}),
  fc.record({ matchLabels: fc.record({ env: fc.constantFrom('a', 'b') }) }),
  fc.record({ matchLabels: fc.record({ 'kubernetes.io/metadata.name': fc.constantFrom(...NAMESPACES) }) }),
  fc.record({ matchExpressions: fc.constant([{ key: 'env', operator: 'NotIn', values: ['a'] }]) }),
);
const IP_BLOCKS = [
  { cidr: '10.0.0.0/30' },
  { cidr: '10.0.0.0/29', except: ['10.0.0.2/31'] },
  { cidr: '0.0.0.0/0', except: ['10.0.0.0/30'] },
  { cidr: '192.168.0.0/16' },
  { cidr: 'fd00::/8' },
];
const peer = fc.oneof(
  fc.record({ podSelector }),
  fc.record({ namespaceSelector }),
  fc.record({ podSelector, namespaceSelector }),
  fc.constantFrom(...IP_BLOCKS).map((ipBlock) => ({ ipBlock })),
);
const PORTS = [
  { port: 80 },
  { port: 'http' },
  { protocol: 'UDP' },
  { protocol: 'UDP', port: 'dns' },
  { protocol: 'TCP', port: 8000, endPort: 8100 },
  { protocol: 'SCTP', port: 80 },
];
const port = fc.constantFrom(...PORTS);
const rule = (peersField: 'from' | 'to') =>
  fc.record({ [peersField]: fc.array(peer, { maxLength: 2 }), ports: fc.array(port, { maxLength: 2 }) }, { requiredKeys: [] });
const policyTypes = fc.option(fc.constantFrom(['Ingress'], ['Egress'], ['Ingress', 'Egress']), { nil: undefined });

interface PolicyDraft {
  namespace: string;
  spec: Record<string, unknown>;
}
const policy: fc.Arbitrary<PolicyDraft> = fc
  .record({
    namespace: fc.constantFrom(...NAMESPACES),
    podSelector,
    policyTypes,
    ingress: fc.option(fc.array(rule('from'), { maxLength: 2 }), { nil: undefined }),
    egress: fc.option(fc.array(rule('to'), { maxLength: 2 }), { nil: undefined }),
  })
  .map(({ namespace, ...rest }) => ({
    namespace,
    spec: Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
  }));

interface PodDraft {
  namespace: string;
  labels: Record<string, string>;
  http: number;
  dns: boolean;
}
const pod: fc.Arbitrary<PodDraft> = fc.record({
  namespace: fc.constantFrom(...NAMESPACES),
  labels,
  http: fc.constantFrom(80, 8080, 8050),
  dns: fc.boolean(),
});
const cluster = fc.record({
  namespaceLabels: fc.tuple(...NAMESPACES.map(() => fc.option(fc.constantFrom('a', 'b'), { nil: undefined }))),
  pods: fc.array(pod, { minLength: 2, maxLength: 4 }),
});
type ClusterDraft = { namespaceLabels: (string | undefined)[]; pods: PodDraft[] };

/** Builds the snapshot; policy i is named `p<i>`. */
function build(c: ClusterDraft, policies: readonly PolicyDraft[]): Snapshot {
  const b = new SnapshotBuilder();
  NAMESPACES.forEach((ns, i) => b.namespace(ns, c.namespaceLabels[i] ? { env: c.namespaceLabels[i]! } : {}));
  c.pods.forEach((p, i) =>
    b.pod(p.namespace, `pod${i}`, {
      labels: p.labels,
      ip: `10.0.0.${i + 1}`,
      ports: [{ name: 'http', port: p.http, protocol: 'TCP' }, ...(p.dns ? [{ name: 'dns', port: 53, protocol: 'UDP' as const }] : [])],
    }),
  );
  policies.forEach((p, i) => b.policy(p.namespace, `p${i}`, p.spec));
  return b.build();
}

const indexOf = (s: Snapshot, policies: readonly NetworkPolicy[]): PolicyIndex =>
  new PolicyIndex({ namespaces: s.namespaces, policies }, DEFAULT_OPTIONS);

const endpoints = (s: Snapshot): Endpoint[] => [
  ...s.pods.map(podEndpoint),
  addressEndpoint('10.0.0.200')!,
  addressEndpoint('192.168.3.4')!,
  addressEndpoint('fd00::1')!,
];

const DIRECTIONS: readonly Direction[] = ['ingress', 'egress'];
const isSubset = (a: PortSet, b: PortSet): boolean => a.subtract(b).isEmpty();

describe('evaluation properties', () => {
  it('adding a policy never closes a path in a direction that was already isolated for that pod', () => {
    fc.assert(
      fc.property(cluster, fc.array(policy, { maxLength: 3 }), policy, (c, base, extra) => {
        const s = build(c, [...base, extra]);
        const before = indexOf(s, s.policies.slice(0, -1));
        const after = indexOf(s, s.policies);
        for (const p of s.pods) {
          for (const d of DIRECTIONS) {
            if (isolatingPolicies(p, d, before).length === 0) continue;
            for (const other of endpoints(s)) {
              const was = judgeSide(p, d, other, before).allowed;
              const now = judgeSide(p, d, other, after).allowed;
              expect(isSubset(was, now)).toBe(true);
            }
          }
        }
      }),
    );
  });

  it('adding a policy opens, in an already isolated direction, exactly what its own matching rules admit', () => {
    fc.assert(
      fc.property(cluster, fc.array(policy, { maxLength: 3 }), policy, (c, base, extra) => {
        const s = build(c, [...base, extra]);
        const added = s.policies[s.policies.length - 1]!;
        const before = indexOf(s, s.policies.slice(0, -1));
        const after = indexOf(s, s.policies);
        const alone = indexOf(s, [added]);
        for (const p of s.pods) {
          for (const d of DIRECTIONS) {
            if (isolatingPolicies(p, d, before).length === 0) continue;
            for (const other of endpoints(s)) {
              const was = judgeSide(p, d, other, before).allowed;
              const now = judgeSide(p, d, other, after).allowed;
              const own = judgeSide(p, d, other, alone);
              const admittedByAdded = own.isolatedBy.length > 0 ? own.allowed : PortSet.empty;
              expect(now.equals(was.union(admittedByAdded))).toBe(true);
            }
          }
        }
      }),
    );
  });

  it('adding a policy that selects no pod changes nothing', () => {
    const selectsNothing = policy.map((p) => ({ ...p, spec: { ...p.spec, podSelector: { matchLabels: { absent: 'yes' } } } }));
    fc.assert(
      fc.property(cluster, fc.array(policy, { maxLength: 3 }), selectsNothing, (c, base, extra) => {
        const s = build(c, [...base, extra]);
        const before = indexOf(s, s.policies.slice(0, -1));
        const after = indexOf(s, s.policies);
        for (const from of endpoints(s)) {
          for (const to of endpoints(s)) {
            const b = evaluate(from, to, before);
            const a = evaluate(from, to, after);
            expect(a.allowed.equals(b.allowed)).toBe(true);
            expect(a.ingress).toEqual(b.ingress);
            expect(a.egress).toEqual(b.egress);
          }
        }
      }),
    );
  });

  it('with two policies that both isolate a pod, its allowed set is the union of each alone', () => {
    // Both policies select every pod of one namespace for both directions; their rules are random.
    const isolating = (ns: string) =>
      fc
        .record({ ingress: fc.array(rule('from'), { maxLength: 2 }), egress: fc.array(rule('to'), { maxLength: 2 }) })
        .map((r): PolicyDraft => ({ namespace: ns, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ...r } }));
    const pair = fc.constantFrom(...NAMESPACES).chain((ns) => fc.tuple(isolating(ns), isolating(ns)));
    fc.assert(
      fc.property(cluster, pair, (c, [p1, p2]) => {
        const s = build(c, [p1, p2]);
        const [one, two] = s.policies as [NetworkPolicy, NetworkPolicy];
        const both = indexOf(s, [one, two]);
        const only1 = indexOf(s, [one]);
        const only2 = indexOf(s, [two]);
        for (const p of s.pods.filter((x) => x.namespace === one.namespace)) {
          for (const d of DIRECTIONS) {
            expect(isolatingPolicies(p, d, both)).toHaveLength(2);
            for (const other of endpoints(s)) {
              const u = judgeSide(p, d, other, only1).allowed.union(judgeSide(p, d, other, only2).allowed);
              expect(judgeSide(p, d, other, both).allowed.equals(u)).toBe(true);
            }
          }
        }
      }),
    );
  });

  it('evaluation does not depend on the order of policies', () => {
    fc.assert(
      fc.property(
        cluster,
        fc.array(policy, { minLength: 2, maxLength: 4 }).chain((ps) => fc.tuple(fc.constant(ps), fc.shuffledSubarray(ps.map((_, i) => i), { minLength: ps.length }))),
        (c, [ps, order]) => {
          const s = build(c, ps);
          const original = indexOf(s, s.policies);
          const shuffled = indexOf(s, order.map((i) => s.policies[i]!));
          const key = (r: { namespace: string; name: string }) => `${r.namespace}/${r.name}`;
          for (const from of endpoints(s)) {
            for (const to of endpoints(s)) {
              const a = evaluate(from, to, original);
              const b = evaluate(from, to, shuffled);
              expect(b.allowed.equals(a.allowed)).toBe(true);
              for (const [sa, sb] of [[a.ingress, b.ingress], [a.egress, b.egress]] as const) {
                expect(sb.kind).toBe(sa.kind);
                if (sa.kind === 'policed' && sb.kind === 'policed') {
                  expect(sb.isolatedBy.map(key).sort()).toEqual(sa.isolatedBy.map(key).sort());
                  expect(sb.allowed.equals(sa.allowed)).toBe(true);
                }
              }
            }
          }
        },
      ),
    );
  });

  it('a connection is allowed exactly where both sides allow it (or it is a pod to itself)', () => {
    fc.assert(
      fc.property(cluster, fc.array(policy, { maxLength: 4 }), (c, ps) => {
        const s = build(c, ps);
        const index = indexOf(s, s.policies);
        for (const from of endpoints(s)) {
          for (const to of endpoints(s)) {
            const conn = evaluate(from, to, index);
            // Per address family both ends have: egress ∩ ingress; the path allows the union.
            const both = (v: { egress: typeof conn.egress; ingress: typeof conn.ingress }) =>
              (v.egress.kind === 'exempt' ? PortSet.all : v.egress.allowed).intersect(v.ingress.kind === 'exempt' ? PortSet.all : v.ingress.allowed);
            const perFamily = (conn.families ?? [conn]).reduce((acc, v) => acc.union(both(v)), PortSet.empty);
            const expected = conn.self ? PortSet.all : conn.noCommonFamily ? PortSet.empty : perFamily;
            expect(conn.allowed.equals(expected)).toBe(true);
          }
        }
      }),
    );
  });
});
