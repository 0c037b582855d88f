// diffPolicyStates skips the namespaces whose policies are the same objects in both states
// (findings, isolation, address ranges, connections): on random clusters and overlays it must give
// what judging everything in both states gives.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffPolicyStates, type PolicyDiff } from '../../../src/engine/diff/diff.js';
import { grantsMinus } from '../../../src/engine/diff/addresses.js';
import { findingChanges } from '../../../src/engine/diff/findings.js';
import { findFindings } from '../../../src/engine/analysis/findings.js';
import { addressGrants, partitionGrants } from '../../../src/engine/analysis/address-reach.js';
import { analysablePods, podIsolation } from '../../../src/engine/analysis/isolation.js';
import { groupByWorkload } from '../../../src/engine/analysis/workload-groups.js';
import { evaluate } from '../../../src/engine/evaluate.js';
import { podEndpoint } from '../../../src/engine/endpoint.js';
import { applyOverlay } from '../../../src/engine/whatif/overlay.js';
import { PolicyIndex } from '../../../src/engine/compile.js';
import { SnapshotBuilder } from '../../fixtures/builder.js';
import type { Snapshot } from '../../../src/model/snapshot.js';

const NAMESPACES = ['x', 'y', 'kube-system'] as const;

const podArb = fc.record({
  ns: fc.constantFrom(...NAMESPACES),
  app: fc.constantFrom('a', 'b', 'dns'),
  owner: fc.constantFrom('w1', 'w2', undefined),
  ipLast: fc.integer({ min: 1, max: 6 }),
  port: fc.constantFrom('dns', 'web'),
});

const peerArb = fc.constantFrom(
  { podSelector: { matchLabels: { app: 'a' } } },
  { namespaceSelector: { matchLabels: { team: 'blue' } } },
  { namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } },
  { ipBlock: { cidr: '10.0.0.0/30' } },
  { ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } },
);
const portArb = fc.constantFrom({ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }, { protocol: 'UDP', port: 'dns' }, { port: 'web' }, { port: 80 });
const policyArb = fc.record({
  ns: fc.constantFrom(...NAMESPACES),
  name: fc.constantFrom('p1', 'p2', 'p3'),
  selector: fc.constantFrom({}, { matchLabels: { app: 'a' } }, { matchLabels: { app: 'b' } }),
  direction: fc.constantFrom('Ingress', 'Egress'),
  peers: fc.option(fc.array(peerArb, { minLength: 1, maxLength: 2 }), { nil: undefined }),
  ports: fc.option(fc.array(portArb, { minLength: 1, maxLength: 2 }), { nil: undefined }),
});
type PolicyArb = fc.TypeOf<typeof policyArb>;

const spec = (p: PolicyArb) => {
  const list = p.direction === 'Ingress' ? 'from' : 'to';
  const rules = p.peers === undefined && p.ports === undefined ? [] : [{ ...(p.peers ? { [list]: p.peers } : {}), ...(p.ports ? { ports: p.ports } : {}) }];
  return { podSelector: p.selector, policyTypes: [p.direction], [p.direction === 'Ingress' ? 'ingress' : 'egress']: rules };
};

/** Policies by namespace/name, the first of each kept (names repeat in the generator). */
const unique = (policies: PolicyArb[]) => [...new Map(policies.map((p) => [`${p.ns}/${p.name}`, p])).values()];

function cluster(pods: fc.TypeOf<typeof podArb>[], policies: PolicyArb[], blue: readonly boolean[], admin: boolean): Snapshot {
  const b = new SnapshotBuilder();
  NAMESPACES.forEach((ns, i) => b.namespace(ns, blue[i] ? { team: 'blue' } : {}));
  pods.forEach((p, i) =>
    b.pod(p.ns, `p${i}`, {
      labels: p.app === 'dns' ? { 'k8s-app': 'kube-dns' } : { app: p.app },
      ip: `10.0.0.${p.ipLast}`,
      ports: [p.port === 'dns' ? { name: 'dns', port: 53, protocol: 'UDP' } : { name: 'web', port: 80, protocol: 'TCP' }],
      ...(p.owner ? { owner: { kind: 'ReplicaSet', name: p.owner } } : {}),
    }),
  );
  for (const p of unique(policies)) b.policy(p.ns, p.name, spec(p));
  if (admin) {
    b.object({
      apiVersion: 'policy.networking.k8s.io/v1alpha1',
      kind: 'AdminNetworkPolicy',
      metadata: { name: 'admin' },
      spec: { priority: 5, subject: { pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: 'b' } } } }, egress: [{ name: 'no-dns', action: 'Deny', to: [{ pods: { namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } } }] }] },
    });
  }
  return b.build();
}

/** A diff as text: every change with its ports, rules and findings, in order. */
const text = (d: PolicyDiff) => ({
  connections: [d.connections.opened, d.connections.closed].map((l) => l.map((c) => `${c.from.key} -> ${c.to.key}: ${c.ports.toString()}`)),
  addresses: [d.addresses.opened, d.addresses.closed].map((l) => l.map((a) => `${a.group.key} ${a.direction} ${a.addresses.toString()} ${a.ports.toString()}`)),
  isolation: d.isolation.map((c) => `${c.group.key} ${c.pods} ${JSON.stringify([c.ingress, c.egress])}`),
  findings: [d.findings.opened, d.findings.closed].map((l) => l.map((f) => `${f.code} ${f.severity} ${f.object.kind} ${f.object.namespace}/${f.object.name} ${f.field ?? ''} ${f.message}`)),
});

type State = { snapshot: Snapshot; index: PolicyIndex };

/** The diff with nothing skipped: every finding, every workload's isolation and address grants, every pair. */
function judgedInFull(before: State, after: State, scope?: ReadonlySet<string>): PolicyDiff {
  const inScope = (ns: string) => !scope || scope.has(ns);
  const groups = groupByWorkload(analysablePods(after.snapshot)).sort((a, b) => a.key.localeCompare(b.key));
  const scoped = groups.filter((g) => inScope(g.namespace));
  const findings = findingChanges(findFindings(before.snapshot, before.index), findFindings(after.snapshot, after.index));
  const connections: PolicyDiff['connections'] = { opened: [], closed: [] };
  groups.forEach((from, i) =>
    groups.forEach((to, j) => {
      const destination = i === j ? to.pods[1] : to.pods[0];
      if (!destination || !(inScope(from.namespace) || inScope(to.namespace))) return;
      const was = evaluate(podEndpoint(from.pods[0]!), podEndpoint(destination), before.index).allowed;
      const now = evaluate(podEndpoint(from.pods[0]!), podEndpoint(destination), after.index).allowed;
      if (!now.subtract(was).isEmpty()) (connections.opened as unknown[]).push({ from, to, ports: now.subtract(was) });
      if (!was.subtract(now).isEmpty()) (connections.closed as unknown[]).push({ from, to, ports: was.subtract(now) });
    }),
  );
  const addresses: PolicyDiff['addresses'] = { opened: [], closed: [] };
  for (const group of scoped) {
    for (const direction of ['ingress', 'egress'] as const) {
      const was = partitionGrants(addressGrants(group.pods[0]!, direction, before.index));
      const now = partitionGrants(addressGrants(group.pods[0]!, direction, after.index));
      for (const g of grantsMinus(now, was)) (addresses.opened as unknown[]).push({ group, direction, addresses: g.addresses, ports: g.ports, rules: g.rules });
      for (const g of grantsMinus(was, now)) (addresses.closed as unknown[]).push({ group, direction, addresses: g.addresses, ports: g.ports, rules: g.rules });
    }
  }
  const isolation = scoped.flatMap((group) => {
    const byChange = new Map<string, { ingress: { before: boolean; after: boolean }; egress: { before: boolean; after: boolean }; pods: number }>();
    for (const pod of group.pods) {
      const [was, now] = [podIsolation(pod, before.index), podIsolation(pod, after.index)];
      const flips = { ingress: { before: was.ingress.length > 0, after: now.ingress.length > 0 }, egress: { before: was.egress.length > 0, after: now.egress.length > 0 } };
      if (flips.ingress.before === flips.ingress.after && flips.egress.before === flips.egress.after) continue;
      const key = JSON.stringify(flips);
      const slot = byChange.get(key);
      if (slot) slot.pods++;
      else byChange.set(key, { ...flips, pods: 1 });
    }
    return [...byChange.values()].map((c) => ({ group, ...c }));
  });
  return {
    connections,
    addresses,
    isolation,
    findings: { opened: findings.opened.filter((f) => inScope(f.object.namespace)), closed: findings.closed.filter((f) => inScope(f.object.namespace)) },
  };
}

describe('diffPolicyStates on namespaces whose policies did not change', () => {
  it('equals judging everything in both states', () => {
    fc.assert(
      fc.property(
        fc.array(podArb, { minLength: 1, maxLength: 9 }),
        fc.array(policyArb, { maxLength: 6 }),
        fc.array(policyArb, { maxLength: 3 }),
        fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
        fc.constantFrom('none', 'both', 'before', 'after'),
        fc.option(fc.subarray([...NAMESPACES], { minLength: 1 }), { nil: undefined }),
        (pods, policies, proposed, flags, admin, scope) => {
          const snapshot = cluster(pods, policies, flags, admin === 'both' || admin === 'before');
          // The admin policy is an object of the input: present in one state only, it changes every namespace.
          const adminAfter = admin === 'after' ? cluster(pods, [], flags, true).adminPolicies : admin === 'before' ? [] : snapshot.adminPolicies;
          const overlay = {
            policies: unique(proposed).map((p) => new SnapshotBuilder().policy(p.ns, p.name, spec(p)).build().policies[0]!),
            remove: unique(policies)
              .filter((p, i) => flags[3 + (i % 3)] && !proposed.some((q) => q.ns === p.ns && q.name === p.name))
              .map((p) => ({ namespace: p.ns, name: p.name })),
          };
          const after = { ...applyOverlay(snapshot, overlay).snapshot, adminPolicies: adminAfter };
          const namespaces = scope && new Set(scope);
          const state = (s: Snapshot) => ({ snapshot: s, index: new PolicyIndex(s) });
          const [b, a] = [state(snapshot), state(after)];
          expect(text(diffPolicyStates(b, a, namespaces))).toEqual(text(judgedInFull(b, a, namespaces)));
        },
      ),
      { numRuns: 200 },
    );
  }, 30_000);
});
