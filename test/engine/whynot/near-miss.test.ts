// One test per near-miss criterion (the closed set in src/engine/whynot/criterion.ts), each on the
// smallest cluster that shows it, and the ranking of rules by how close they came.
import { describe, expect, it } from 'vitest';
import { SnapshotBuilder } from '../../fixtures/builder.js';
import { DEFAULT_OPTIONS, PolicyIndex, type AnalysisOptions } from '../../../src/engine/compile.js';
import { checkReach, type Probe } from '../../../src/engine/reach.js';
import { parseTargetRef, resolveTarget, type ResolvedTarget } from '../../../src/engine/target.js';
import { CRITERIA, type Criterion, type FailedCriterion, type NearMiss } from '../../../src/engine/whynot/criterion.js';
import { walkthrough, type SideWalkthrough } from '../../../src/engine/whynot/walkthrough.js';
import type { Snapshot } from '../../../src/model/snapshot.js';

const resolve = (snapshot: Snapshot, text: string): ResolvedTarget => {
  const ref = parseTargetRef(text, 'default');
  if ('error' in ref) throw new Error(ref.error);
  const target = resolveTarget(ref, snapshot);
  if ('error' in target) throw new Error(target.error);
  return target;
};

/** The walkthrough of the only path from `from` to `to`, which must be denied. */
function explain(b: SnapshotBuilder, from: string, to: string, probe?: Probe, options: Partial<AnalysisOptions> = {}): SideWalkthrough[] {
  const snapshot = b.build();
  const index = new PolicyIndex(snapshot, { ...DEFAULT_OPTIONS, ...options });
  const reach = checkReach(resolve(snapshot, from), resolve(snapshot, to), index, probe);
  expect(reach.paths).toHaveLength(1);
  expect(reach.verdict).toBe('denied');
  return walkthrough(reach.paths[0]!, index);
}

const TCP = (port: number | string): Probe => ({ protocol: 'TCP', port });
const sel = (labels: Record<string, string>) => ({ matchLabels: labels });
const from = (...peers: object[]) => ({ from: peers });

/** x/client (app=client) and x/server (app=server, http 8080/TCP): the usual two ends. */
const twoPods = () =>
  new SnapshotBuilder()
    .namespace('x')
    .pod('x', 'client', { labels: { app: 'client' }, ip: '10.0.0.1' })
    .pod('x', 'server', { labels: { app: 'server' }, ip: '10.0.0.2', ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] });

/** The server's ingress admits only what `rule` says. */
const serverIngress = (b: SnapshotBuilder, rule: object) => b.policy('x', 'server-in', { podSelector: sel({ app: 'server' }), ingress: [rule] });

const ingressSide = (sides: SideWalkthrough[]): SideWalkthrough => {
  const side = sides.find((s) => s.direction === 'ingress');
  if (!side) throw new Error('no ingress side was explained');
  return side;
};

/** The failed criteria of the one near miss of the ingress side. */
function onlyMiss(sides: SideWalkthrough[]): NearMiss {
  const side = ingressSide(sides);
  expect(side.nearMisses).toHaveLength(1);
  return side.nearMisses[0]!;
}

const anp = (name: string, priority: number, ingress: object[]) => ({
  apiVersion: 'policy.networking.k8s.io/v1alpha1',
  kind: 'AdminNetworkPolicy',
  metadata: { name },
  spec: { priority, subject: { pods: { namespaceSelector: {}, podSelector: sel({ app: 'server' }) } }, ingress },
});

/** The failed criteria of the one admin rule a side's walk passed over. */
function onlySkipped(sides: SideWalkthrough[]): readonly FailedCriterion[] {
  const skipped = sides.flatMap((s) => s.adminSkipped ?? []);
  expect(skipped).toHaveLength(1);
  return skipped[0]!.failed;
}

// A Record over Criterion: the compiler demands a case for every reason of the closed set. `admin`:
// the reason is about an admin policy's rule the walk passed over.
const CASES: Record<Criterion, () => { sides: SideWalkthrough[]; expected: FailedCriterion[]; admin?: true }> = {
  'namespace-label-missing': () => ({
    sides: explain(
      serverIngress(twoPods().namespace('payments').pod('payments', 'pay', { labels: { app: 'pay' }, ip: '10.0.1.1' }), from({ namespaceSelector: sel({ team: 'shop' }) })),
      'payments/pay',
      'x/server',
      TCP(8080),
    ),
    expected: [{ criterion: 'namespace-label-missing', wanted: 'team=shop', actual: 'no label team', key: 'team', namespace: 'payments' }],
  }),
  'namespace-label-different': () => ({
    sides: explain(
      serverIngress(twoPods().namespace('payments', { team: 'payments' }).pod('payments', 'pay', { ip: '10.0.1.1' }), from({ namespaceSelector: sel({ team: 'shop' }) })),
      'payments/pay',
      'x/server',
      TCP(8080),
    ),
    expected: [{ criterion: 'namespace-label-different', wanted: 'team=shop', actual: 'team=payments', key: 'team', namespace: 'payments' }],
  }),
  'pod-label-missing': () => ({
    sides: explain(serverIngress(twoPods().pod('x', 'bare', { ip: '10.0.0.9' }), from({ podSelector: sel({ app: 'frontend' }) })), 'x/bare', 'x/server', TCP(8080)),
    expected: [{ criterion: 'pod-label-missing', wanted: 'app=frontend', actual: 'no label app', key: 'app' }],
  }),
  'pod-label-different': () => ({
    sides: explain(serverIngress(twoPods(), from({ podSelector: sel({ app: 'frontend' }) })), 'x/client', 'x/server', TCP(8080)),
    expected: [{ criterion: 'pod-label-different', wanted: 'app=frontend', actual: 'app=client', key: 'app' }],
  }),
  'own-namespace-only': () => ({
    sides: explain(
      serverIngress(twoPods().namespace('y').pod('y', 'client', { labels: { app: 'client' }, ip: '10.0.1.1' }), from({ podSelector: sel({ app: 'client' }) })),
      'y/client',
      'x/server',
      TCP(8080),
    ),
    expected: [{ criterion: 'own-namespace-only', wanted: 'namespace x', actual: 'namespace y' }],
  }),
  'not-a-pod': () => ({
    sides: explain(serverIngress(twoPods(), from({ podSelector: {} })), 'ip:203.0.113.5', 'x/server', TCP(8080)),
    expected: [{ criterion: 'not-a-pod', wanted: 'a pod (the peer has selectors only)', actual: 'address 203.0.113.5' }],
  }),
  'ipblock-not-containing': () => ({
    sides: explain(serverIngress(twoPods(), from({ ipBlock: { cidr: '192.168.0.0/16' } })), 'x/client', 'x/server', TCP(8080)),
    expected: [{ criterion: 'ipblock-not-containing', wanted: '192.168.0.0/16', actual: '10.0.0.1' }],
  }),
  'ipblock-except': () => ({
    sides: explain(serverIngress(twoPods(), from({ ipBlock: { cidr: '10.0.0.0/8', except: ['192.168.0.0/16', '10.0.0.0/24'] } })), 'x/client', 'x/server', TCP(8080)),
    // The except that removes the address is named, not the first one.
    expected: [{ criterion: 'ipblock-except', wanted: '10.0.0.0/8 except 10.0.0.0/24', actual: '10.0.0.1' }],
  }),
  'address-family': () => ({
    sides: explain(serverIngress(twoPods(), from({ ipBlock: { cidr: 'fd00::/8' } })), 'x/client', 'x/server', TCP(8080)),
    expected: [{ criterion: 'address-family', wanted: 'IPv6 (fd00::/8)', actual: 'IPv4 10.0.0.1' }],
  }),
  'ipblock-external-only': () => ({
    sides: explain(serverIngress(twoPods(), from({ ipBlock: { cidr: '10.0.0.0/8' } })), 'x/client', 'x/server', TCP(8080), { ipBlockMatchesPods: false }),
    expected: [{ criterion: 'ipblock-external-only', wanted: 'an address outside the pod network in 10.0.0.0/8', actual: 'a pod' }],
  }),
  'no-address': () => ({
    sides: explain(serverIngress(twoPods().pod('x', 'pending', { labels: { app: 'client' } }), from({ ipBlock: { cidr: '10.0.0.0/8' } })), 'x/pending', 'x/server', TCP(8080)),
    expected: [{ criterion: 'no-address', wanted: 'an address in 10.0.0.0/8', actual: 'no address yet' }],
  }),
  'invalid-peer': () => ({
    sides: explain(serverIngress(twoPods(), from({})), 'x/client', 'x/server', TCP(8080)),
    expected: [{ criterion: 'invalid-peer', wanted: 'a peer the API accepts', actual: 'a peer with no field' }],
  }),
  'peer-kind': () => ({
    sides: explain(
      twoPods()
        .policy('x', 'deny-out', { podSelector: {}, policyTypes: ['Egress'] })
        // The client may send to node addresses only: the server is a pod.
        .object({
          apiVersion: 'policy.networking.k8s.io/v1alpha1',
          kind: 'AdminNetworkPolicy',
          metadata: { name: 'to-nodes' },
          spec: { priority: 1, subject: { pods: { namespaceSelector: {}, podSelector: sel({ app: 'client' }) } }, egress: [{ name: 'nodes', action: 'Allow', to: [{ nodes: {} }] }] },
        }),
      'x/client',
      'x/server',
      TCP(8080),
    ),
    expected: [{ criterion: 'peer-kind', wanted: 'an address of a node (any)', actual: 'pod x/server' }],
    admin: true,
  }),
  'port-not-in-rule': () => ({
    sides: explain(serverIngress(twoPods(), { ports: [{ port: 80 }, { port: 443 }] }), 'x/client', 'x/server', TCP(8080)),
    expected: [{ criterion: 'port-not-in-rule', wanted: 'TCP 80, TCP 443', actual: 'TCP 8080' }],
  }),
  'port-range': () => ({
    sides: explain(serverIngress(twoPods(), { ports: [{ port: 8000, endPort: 8079 }] }), 'x/client', 'x/server', TCP(8080)),
    expected: [{ criterion: 'port-range', wanted: 'TCP 8000-8079', actual: 'TCP 8080' }],
  }),
  'port-protocol': () => ({
    sides: explain(serverIngress(twoPods(), { ports: [{ protocol: 'UDP', port: 8080 }] }), 'x/client', 'x/server', TCP(8080)),
    expected: [{ criterion: 'port-protocol', wanted: 'UDP 8080', actual: 'TCP 8080' }],
  }),
  'named-port-undeclared': () => ({
    sides: explain(serverIngress(twoPods(), { ports: [{ port: 'metrics' }] }), 'x/client', 'x/server', TCP(8080)),
    expected: [{ criterion: 'named-port-undeclared', wanted: 'metrics/TCP', actual: 'the destination declares no port named metrics' }],
  }),
  'named-port-protocol': () => ({
    sides: explain(
      serverIngress(
        new SnapshotBuilder()
          .pod('x', 'client', { labels: { app: 'client' }, ip: '10.0.0.1' })
          .pod('x', 'server', { labels: { app: 'server' }, ip: '10.0.0.2', ports: [{ name: 'metrics', port: 9090, protocol: 'UDP' }] }),
        { ports: [{ port: 'metrics' }] },
      ),
      'x/client',
      'x/server',
      TCP(9090),
    ),
    expected: [{ criterion: 'named-port-protocol', wanted: 'metrics/TCP', actual: 'the destination declares metrics as UDP 9090' }],
  }),
  'direction-not-in-policy-types': () => ({
    sides: explain(
      twoPods()
        .policy('x', 'deny-in', { podSelector: {}, policyTypes: ['Ingress'] })
        // Ingress rules, but only Egress in policyTypes: the ingress rule admits nothing.
        .policy('x', 'server', { podSelector: sel({ app: 'server' }), policyTypes: ['Egress'], ingress: [from({ podSelector: sel({ app: 'client' }) })] }),
      'x/client',
      'x/server',
      TCP(8080),
    ),
    expected: [{ criterion: 'direction-not-in-policy-types', wanted: 'Ingress in policyTypes', actual: 'policyTypes: Egress' }],
  }),
  'policy-types-without-rules': () => ({
    // Egress rules only and no policyTypes written: the API defaults to Ingress and Egress, so ingress is denied.
    sides: explain(twoPods().policy('x', 'server', { podSelector: sel({ app: 'server' }), egress: [{ to: [{ podSelector: {} }] }] }), 'x/client', 'x/server', TCP(8080)),
    expected: [{ criterion: 'policy-types-without-rules', wanted: 'an ingress rule, or policyTypes without Ingress', actual: 'policyTypes defaulted to Ingress, Egress, with no ingress rule' }],
  }),
};

describe('near misses: one reason each', () => {
  it('the cases cover the closed set', () => {
    expect(Object.keys(CASES).sort()).toEqual([...CRITERIA].sort());
  });

  it.each(Object.keys(CASES) as Criterion[])('%s', (criterion) => {
    const { sides, expected, admin } = CASES[criterion]();
    expect(admin ? onlySkipped(sides) : onlyMiss(sides).failed).toEqual(expected);
  });

  it('names the policy, direction, rule and closest peer', () => {
    const sides = explain(serverIngress(twoPods(), from({ ipBlock: { cidr: '192.168.0.0/16' } }, { podSelector: sel({ app: 'frontend' }) })), 'x/client', 'x/server', TCP(8080));
    expect(onlyMiss(sides)).toMatchObject({ policy: { namespace: 'x', name: 'server-in' }, direction: 'ingress', rule: 0, peer: 0 });
  });

  it('explains the egress side with the destination as the other end', () => {
    const sides = explain(
      twoPods().policy('x', 'client-out', { podSelector: sel({ app: 'client' }), policyTypes: ['Egress'], egress: [{ to: [{ podSelector: sel({ app: 'db' }) }], ports: [{ port: 5432 }] }] }),
      'x/client',
      'x/server',
      TCP(8080),
    );
    expect(sides.map((s) => s.direction)).toEqual(['egress']);
    expect(sides[0]!.nearMisses[0]!.failed.map((f) => [f.criterion, f.wanted, f.actual])).toEqual([
      ['pod-label-different', 'app=db', 'app=server'],
      ['port-not-in-rule', 'TCP 5432', 'TCP 8080'],
    ]);
  });

  it('without a port, only rules that admit no port at all fail on ports', () => {
    const sides = explain(serverIngress(twoPods(), { from: [{ podSelector: sel({ app: 'client' }) }], ports: [{ port: 'metrics' }] }), 'x/client', 'x/server');
    expect(onlyMiss(sides).failed.map((f) => f.criterion)).toEqual(['named-port-undeclared']);
  });

  it('a side denied only by default denies has no near miss', () => {
    const sides = explain(twoPods().policy('x', 'deny', { podSelector: {}, policyTypes: ['Ingress'] }), 'x/client', 'x/server', TCP(8080));
    expect(ingressSide(sides).nearMisses).toEqual([]);
  });

  it('an Admin-tier Deny is named instead of near misses: no NetworkPolicy can override it', () => {
    const sides = explain(
      twoPods()
        .policy('x', 'server-in', { podSelector: sel({ app: 'server' }), ingress: [from({ podSelector: sel({ app: 'client' }) })] })
        .object({
          apiVersion: 'policy.networking.k8s.io/v1alpha1',
          kind: 'AdminNetworkPolicy',
          metadata: { name: 'deny-client' },
          spec: {
            priority: 10,
            subject: { pods: { namespaceSelector: {}, podSelector: sel({ app: 'server' }) } },
            ingress: [{ name: 'no-client', action: 'Deny', from: [{ pods: { namespaceSelector: {}, podSelector: sel({ app: 'client' }) } }] }],
          },
        }),
      'x/client',
      'x/server',
      TCP(8080),
    );
    const side = ingressSide(sides);
    expect(side.adminDeny).toMatchObject({ policy: { kind: 'AdminNetworkPolicy', name: 'deny-client' }, action: 'Deny', tier: 'Admin' });
    expect(side.nearMisses).toEqual([]);
  });
});

describe('admin rules passed over', () => {
  it('the rules before the deciding Admin-tier Deny, in evaluation order, each with why it did not match', () => {
    const sides = explain(
      twoPods()
        .object(anp('b-deny-all', 20, [{ name: 'deny', action: 'Deny', from: [{ pods: { namespaceSelector: {}, podSelector: {} } }] }]))
        .object(anp('a-allow-web', 10, [{ name: 'web', action: 'Allow', from: [{ pods: { namespaceSelector: {}, podSelector: sel({ app: 'web' }) } }] }, { name: 'tls', action: 'Allow', from: [{ pods: { namespaceSelector: {}, podSelector: {} } }], ports: [{ portNumber: { protocol: 'TCP', port: 443 } }] }]))
        .object(anp('c-after', 30, [{ name: 'never', action: 'Allow', from: [{ pods: { namespaceSelector: {}, podSelector: sel({ app: 'nope' }) } }] }])),
      'x/client',
      'x/server',
      TCP(8080),
    );
    const side = ingressSide(sides);
    expect(side.adminDeny).toMatchObject({ policy: { name: 'b-deny-all' } });
    // Rules after the deciding one are not part of the walk.
    expect(side.adminSkipped!.map((m) => [m.policy.name, m.rule, m.ruleName, m.action, m.failed.map((f) => [f.criterion, f.wanted, f.actual])])).toEqual([
      ['a-allow-web', 0, 'web', 'Allow', [['pod-label-different', 'app=web', 'app=client']]],
      ['a-allow-web', 1, 'tls', 'Allow', [['port-not-in-rule', 'TCP 443', 'TCP 8080']]],
    ]);
  });

  it('denied by NetworkPolicies: every Admin-tier rule that did not match, none of the Baseline tier (never reached)', () => {
    const sides = explain(
      twoPods()
        .policy('x', 'deny-in', { podSelector: {}, policyTypes: ['Ingress'] })
        .object(anp('allow-web', 10, [{ name: 'web', action: 'Allow', from: [{ namespaces: sel({ team: 'web' }) }] }]))
        .object({
          apiVersion: 'policy.networking.k8s.io/v1alpha1',
          kind: 'BaselineAdminNetworkPolicy',
          metadata: { name: 'default' },
          spec: { subject: { namespaces: {} }, ingress: [{ name: 'b', action: 'Allow', from: [{ namespaces: sel({ team: 'web' }) }] }] },
        }),
      'x/client',
      'x/server',
      TCP(8080),
    );
    const skipped = ingressSide(sides).adminSkipped!;
    expect(skipped.map((m) => [m.policy.kind, m.policy.name, m.failed.map((f) => f.criterion)])).toEqual([['AdminNetworkPolicy', 'allow-web', ['namespace-label-missing']]]);
  });
});

describe('near misses: ranking', () => {
  const ranked = () =>
    explain(
      twoPods()
        // Three failures: namespace, label, port.
        .policy('x', 'a-far', { podSelector: sel({ app: 'server' }), ingress: [from({ namespaceSelector: sel({ team: 'z' }), podSelector: sel({ app: 'other' }) }, { podSelector: sel({ app: 'q' }) })].map((r) => ({ ...r, ports: [{ port: 1 }] })) })
        // One failure: the port.
        .policy('x', 'b-close', { podSelector: sel({ app: 'server' }), ingress: [{ from: [{ podSelector: sel({ app: 'client' }) }], ports: [{ port: 9999 }] }] })
        // Two failures in rule 0, one in rule 1.
        .policy('x', 'c-mid', {
          podSelector: sel({ app: 'server' }),
          ingress: [
            { from: [{ podSelector: sel({ app: 'nope' }) }], ports: [{ port: 1 }] },
            { from: [{ podSelector: sel({ app: 'nope' }) }] },
          ],
        }),
      'x/client',
      'x/server',
      TCP(8080),
    );

  it('closest first: fewer failed criteria before more; ties in policy and rule order', () => {
    const misses = ingressSide(ranked()).nearMisses;
    expect(misses.map((m) => [m.policy.name, m.rule, m.failed.length])).toEqual([
      ['b-close', 0, 1],
      ['c-mid', 1, 1],
      ['a-far', 0, 2],
      ['c-mid', 0, 2],
    ]);
  });

  it('within a rule, the closest peer explains it', () => {
    const far = ingressSide(ranked()).nearMisses.find((m) => m.policy.name === 'a-far')!;
    // Peer 1 (podSelector app=q) fails once; peer 0 (namespace and pod labels) twice.
    expect(far.peer).toBe(1);
    expect(far.failed.map((f) => f.criterion)).toEqual(['pod-label-different', 'port-not-in-rule']);
  });

  it('a policy without a rule for the direction comes after rules that failed as many criteria', () => {
    const sides = explain(
      twoPods()
        .policy('x', 'a-egress-only', { podSelector: sel({ app: 'server' }), egress: [{ to: [{ podSelector: {} }] }] })
        .policy('x', 'b-port', { podSelector: sel({ app: 'server' }), ingress: [{ ports: [{ port: 1 }] }] }),
      'x/client',
      'x/server',
      TCP(8080),
    );
    expect(ingressSide(sides).nearMisses.map((m) => [m.policy.name, m.rule])).toEqual([
      ['b-port', 0],
      ['a-egress-only', undefined],
    ]);
  });
});
