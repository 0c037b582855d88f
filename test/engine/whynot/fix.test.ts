// proposeFix: each suggestion is laid over the input with the what-if overlay and must allow the
// path; what it reports opening (and closing) must be exactly the workload matrix difference.
import { describe, expect, it } from 'vitest';
import { SnapshotBuilder } from '../../fixtures/builder.js';
import { checkFix, resolveIn } from '../../fixtures/fix-check.js';
import { DEFAULT_OPTIONS, PolicyIndex } from '../../../src/engine/compile.js';
import { proposeFix } from '../../../src/engine/whynot/fix.js';
import { UNSTABLE_LABELS } from '../../../src/engine/whynot/stable-labels.js';
import { assembleSnapshot } from '../../../src/sources/assemble.js';
import { demoObjects } from '../../../src/sources/demo/demo-manifests.js';
import type { Probe } from '../../../src/engine/reach.js';
import type { Snapshot } from '../../../src/model/snapshot.js';

const demo = (): Snapshot => assembleSnapshot(demoObjects().map((object, i) => ({ object, origin: { file: 'demo', doc: i + 1 } })), { defaultNamespace: 'default' });
const TCP = (port: number | string): Probe => ({ protocol: 'TCP', port });
const sel = (labels: Record<string, string>) => ({ matchLabels: labels });
const names = (fix: ReturnType<typeof checkFix>['fix']) => fix.edits.map((e) => `${e.base ? '~' : '+'}${e.policy.namespace}/${e.policy.name}`);

describe('fix on the demo cluster', () => {
  const snapshot = demo();
  const index = new PolicyIndex(snapshot);

  it.each([
    ['shop/deployment/checkout', 'shop/deployment/cart', TCP(7070)],
    ['monitoring/deployment/grafana', 'shop/deployment/catalog', TCP('metrics')],
    ['shop/deployment/frontend', 'svc/payments/payment-api', TCP(443)],
    ['shop/deployment/catalog', 'shop/statefulset/redis', TCP(6379)],
    ['payments/deployment/fraud-check', 'ip:10.1.2.3', TCP(443)],
    ['ingress-nginx/deployment/ingress-nginx-controller', 'shop/deployment/catalog', TCP(3550)],
    ['shop/deployment/cart', 'shop/deployment/checkout', undefined],
    ['monitoring/statefulset/prometheus', 'shop/deployment/cart', TCP(9090)],
  ] as const)('%s -> %s %o: allowed after the overlay, openings exactly the matrix difference', (from, to, probe) => {
    const { fix } = checkFix(snapshot, index, from, to, probe);
    expect(fix.edits.length).toBeGreaterThan(0);
  });

  it('checkout -> cart: a new policy for cart, not a rule in api-from-frontend (that would also open checkout -> catalog)', () => {
    const { fix } = checkFix(snapshot, index, 'shop/deployment/checkout', 'shop/deployment/cart', TCP(7070));
    expect(names(fix)).toEqual(['+shop/cart-ingress-from-checkout']);
    const policy = fix.edits[0]!.policy;
    expect(policy.podSelector).toEqual({ matchLabels: { app: 'cart' }, matchExpressions: [] });
    expect(policy.policyTypes).toEqual(['Ingress']);
    // The destination declares grpc 7070/TCP: the rule names it.
    expect(policy.ingress).toEqual([{ peers: [{ kind: 'pods', podSelector: { matchLabels: { app: 'checkout' }, matchExpressions: [] } }], ports: [{ protocol: 'TCP', port: 'grpc' }] }]);
    expect(fix.opened.map((o) => [o.from.key, o.to.key, String(o.ports), o.requested])).toEqual([['shop/deployment/checkout', 'shop/deployment/cart', 'TCP 7070', true]]);
  });

  it('grafana -> catalog metrics: a rule added to metrics-scrape, the policy that came closest', () => {
    const { fix } = checkFix(snapshot, index, 'monitoring/deployment/grafana', 'shop/deployment/catalog', TCP('metrics'));
    expect(names(fix)).toEqual(['~shop/metrics-scrape']);
    const edit = fix.edits[0]!;
    expect(edit.added).toEqual([{ direction: 'ingress', rule: 1 }]);
    expect(edit.policy.ingress[0]).toEqual(edit.base!.ingress[0]);
    expect(edit.policy.ingress[1]).toEqual({
      peers: [{ kind: 'pods', podSelector: { matchLabels: { app: 'grafana' }, matchExpressions: [] }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' }, matchExpressions: [] } }],
      ports: [{ protocol: 'TCP', port: 'metrics' }],
    });
  });

  it('frontend -> svc/payments/payment-api 443: both sides deny, both are fixed (on the target port 8443)', () => {
    const { fix } = checkFix(snapshot, index, 'shop/deployment/frontend', 'svc/payments/payment-api', TCP(443));
    expect(names(fix).sort()).toEqual(['~payments/payment-api', '~shop/frontend']);
    expect(fix.opened.every((o) => o.requested)).toBe(true);
  });

  it('an address destination gets an ipBlock of that address', () => {
    const { fix } = checkFix(snapshot, index, 'payments/deployment/fraud-check', 'ip:10.1.2.3', TCP(443));
    expect(fix.edits[0]!.policy.egress.at(-1)).toEqual({ peers: [{ kind: 'ipBlock', cidr: '10.1.2.3/32', except: [] }], ports: [{ protocol: 'TCP', port: 443 }] });
    expect(fix.opened).toEqual([]);
  });

  it('already allowed: nothing to propose', () => {
    const result = proposeFix({ snapshot, index, from: resolveIn(snapshot, 'shop/deployment/frontend'), to: resolveIn(snapshot, 'shop/deployment/cart'), probe: TCP(7070) });
    expect(result.status).toBe('already-allowed');
  });
});

describe('fix on scenario clusters', () => {
  it('selects by stable labels only: never pod-template-hash, controller-revision-hash or the statefulset pod name', () => {
    const snapshot = new SnapshotBuilder()
      .pod('x', 'web-5d4f-abc', { labels: { app: 'web', 'pod-template-hash': '5d4f' }, ip: '10.0.0.1', owner: { kind: 'ReplicaSet', name: 'web-5d4f' } })
      .pod('x', 'db-0', {
        labels: { app: 'db', 'controller-revision-hash': 'db-7c9', 'statefulset.kubernetes.io/pod-name': 'db-0', 'apps.kubernetes.io/pod-index': '0' },
        ip: '10.0.0.2',
        ports: [{ name: 'pg', port: 5432, protocol: 'TCP' }],
        owner: { kind: 'StatefulSet', name: 'db' },
      })
      .policy('x', 'deny', { podSelector: {}, policyTypes: ['Ingress'] })
      .build();
    const checked = checkFix(snapshot, new PolicyIndex(snapshot), 'x/web-5d4f-abc', 'x/db-0', TCP(5432));
    const policy = checked.fix.edits[0]!.policy;
    const selectors = [policy.podSelector, ...policy.ingress.flatMap((r) => (r.peers === 'all' ? [] : r.peers.flatMap((p) => (p.kind === 'pods' && p.podSelector ? [p.podSelector] : []))))];
    for (const s of selectors) for (const key of Object.keys(s.matchLabels)) expect(UNSTABLE_LABELS).not.toContain(key);
    expect(policy.podSelector.matchLabels).toEqual({ app: 'db' });
    expect(policy.ingress[0]!.ports).toEqual([{ protocol: 'TCP', port: 'pg' }]);
  });

  it('a number when the destination declares no name for the port', () => {
    const snapshot = new SnapshotBuilder()
      .pod('x', 'a', { labels: { app: 'a' }, ip: '10.0.0.1' })
      .pod('x', 'b', { labels: { app: 'b' }, ip: '10.0.0.2' })
      .policy('x', 'deny', { podSelector: {}, policyTypes: ['Ingress'] })
      .build();
    const { fix } = checkFix(snapshot, new PolicyIndex(snapshot), 'x/a', 'x/b', { protocol: 'UDP', port: 53 });
    expect(fix.edits[0]!.policy.ingress[0]!.ports).toEqual([{ protocol: 'UDP', port: 53 }]);
  });

  it('says when the change opens more than the requested pair: a destination without stable labels is selected with its namespace', () => {
    const snapshot = new SnapshotBuilder()
      .pod('x', 'a', { labels: { app: 'a' }, ip: '10.0.0.1' })
      .pod('x', 'b', { ip: '10.0.0.2' })
      .pod('x', 'c', { ip: '10.0.0.3' })
      .policy('x', 'deny', { podSelector: {}, policyTypes: ['Ingress'] })
      .build();
    const { fix } = checkFix(snapshot, new PolicyIndex(snapshot), 'x/a', 'x/b', TCP(80));
    expect(fix.edits[0]!.policy.podSelector.matchLabels).toEqual({});
    expect(fix.opened.map((o) => [o.from.key, o.to.key, String(o.ports), o.requested])).toEqual([
      ['x/a', 'x/b', 'TCP 80', true],
      ['x/a', 'x/c', 'TCP 80', false],
    ]);
  });

  it('prefers the change with the smaller blast radius: a rule in a policy selecting more workloads loses to a new policy', () => {
    const snapshot = new SnapshotBuilder()
      .pod('x', 'client', { labels: { app: 'client' }, ip: '10.0.0.1' })
      .pod('x', 'api', { labels: { app: 'api', tier: 'back' }, ip: '10.0.0.2' })
      .pod('x', 'db', { labels: { app: 'db', tier: 'back' }, ip: '10.0.0.3' })
      .policy('x', 'back', { podSelector: sel({ tier: 'back' }), ingress: [{ from: [{ podSelector: sel({ app: 'web' }) }] }] })
      .build();
    const { fix } = checkFix(snapshot, new PolicyIndex(snapshot), 'x/client', 'x/api', TCP(80));
    expect(names(fix)).toEqual(['+x/api-ingress-from-client']);
    expect(fix.opened.every((o) => o.requested)).toBe(true);
  });

  it('adds the rule to the closest policy when that opens nothing more', () => {
    const snapshot = new SnapshotBuilder()
      .pod('x', 'client', { labels: { app: 'client' }, ip: '10.0.0.1' })
      .pod('x', 'api', { labels: { app: 'api' }, ip: '10.0.0.2' })
      .policy('x', 'api', { podSelector: sel({ app: 'api' }), ingress: [{ from: [{ podSelector: sel({ app: 'client' }) }], ports: [{ port: 443 }] }] })
      .build();
    const { fix } = checkFix(snapshot, new PolicyIndex(snapshot), 'x/client', 'x/api', TCP(80));
    expect(names(fix)).toEqual(['~x/api']);
    expect(fix.edits[0]!.added).toEqual([{ direction: 'ingress', rule: 1 }]);
  });

  it('a rule whose peer and ports both failed is no near neighbour: a new policy instead', () => {
    const snapshot = new SnapshotBuilder()
      .pod('x', 'client', { labels: { app: 'client' }, ip: '10.0.0.1' })
      .pod('x', 'server', { labels: { app: 'server' }, ip: '10.0.0.2' })
      .pod('x', 'db', { labels: { app: 'db' }, ip: '10.0.0.3' })
      .policy('x', 'client-to-db', { podSelector: sel({ app: 'client' }), policyTypes: ['Egress'], egress: [{ to: [{ podSelector: sel({ app: 'db' }) }], ports: [{ port: 5432 }] }] })
      .build();
    const { fix } = checkFix(snapshot, new PolicyIndex(snapshot), 'x/client', 'x/server', TCP(8080));
    expect(names(fix)).toEqual(['+x/client-egress-to-server']);
  });

  it('fixes the egress side too, and only the sides that deny', () => {
    const snapshot = new SnapshotBuilder()
      .namespace('y')
      .pod('x', 'a', { labels: { app: 'a' }, ip: '10.0.0.1' })
      .pod('y', 'b', { labels: { app: 'b' }, ip: '10.0.1.1', ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] })
      .policy('x', 'a-out', { podSelector: sel({ app: 'a' }), policyTypes: ['Egress'] })
      .build();
    const { fix } = checkFix(snapshot, new PolicyIndex(snapshot), 'x/a', 'y/b', TCP(8080));
    expect(names(fix)).toEqual(['+x/a-egress-to-b']);
    expect(fix.edits[0]!.policy.egress[0]!.peers).toEqual([
      { kind: 'pods', podSelector: { matchLabels: { app: 'b' }, matchExpressions: [] }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'y' }, matchExpressions: [] } },
    ]);
  });

  it('replicas with different labels: the workload is selected by what they share, and every path is allowed', () => {
    const owner = { kind: 'Deployment', name: 'api' };
    const snapshot = new SnapshotBuilder()
      .pod('x', 'client', { labels: { app: 'client' }, ip: '10.0.0.1' })
      .pod('x', 'api-1', { labels: { app: 'api', track: 'stable' }, ip: '10.0.0.2', owner })
      .pod('x', 'api-2', { labels: { app: 'api', track: 'canary' }, ip: '10.0.0.3', owner })
      .policy('x', 'deny', { podSelector: {}, policyTypes: ['Ingress'] })
      .build();
    const { fix } = checkFix(snapshot, new PolicyIndex(snapshot), 'x/client', 'x/deployment/api', TCP(80));
    // One policy for the workload: the label its replicas share, not one policy per label set.
    expect(names(fix)).toEqual(['+x/api-ingress-from-client']);
    expect(fix.edits[0]!.policy.podSelector.matchLabels).toEqual({ app: 'api' });
  });

  it('without --port: the ports the destination declares', () => {
    const snapshot = new SnapshotBuilder()
      .pod('x', 'a', { labels: { app: 'a' }, ip: '10.0.0.1' })
      .pod('x', 'b', { labels: { app: 'b' }, ip: '10.0.0.2', ports: [{ name: 'http', port: 8080, protocol: 'TCP' }, { name: 'dns', port: 53, protocol: 'UDP' }] })
      .policy('x', 'deny', { podSelector: {}, policyTypes: ['Ingress'] })
      .build();
    const { fix } = checkFix(snapshot, new PolicyIndex(snapshot), 'x/a', 'x/b');
    expect(fix.edits[0]!.policy.ingress[0]!.ports).toEqual([
      { protocol: 'TCP', port: 'http' },
      { protocol: 'UDP', port: 'dns' },
    ]);
  });

  it('a Baseline deny: the new policy isolates the pod, and what that closes is reported', () => {
    const snapshot = new SnapshotBuilder()
      .pod('x', 'a', { labels: { app: 'a' }, ip: '10.0.0.1' })
      .pod('x', 'b', { labels: { app: 'b' }, ip: '10.0.0.2' })
      .pod('x', 'c', { labels: { app: 'c' }, ip: '10.0.0.3' })
      .object({
        apiVersion: 'policy.networking.k8s.io/v1alpha1',
        kind: 'BaselineAdminNetworkPolicy',
        metadata: { name: 'default' },
        spec: {
          subject: { pods: { namespaceSelector: {}, podSelector: sel({ app: 'b' }) } },
          ingress: [{ name: 'no-a', action: 'Deny', from: [{ pods: { namespaceSelector: {}, podSelector: sel({ app: 'a' }) } }] }],
        },
      })
      .build();
    const { fix } = checkFix(snapshot, new PolicyIndex(snapshot), 'x/a', 'x/b', TCP(80));
    expect(names(fix)).toEqual(['+x/b-ingress-from-a']);
    // c could reach b on every port; now b admits only a on TCP 80.
    expect(fix.closed.map((c) => [c.from.key, c.to.key])).toEqual([['x/c', 'x/b']]);
  });

  it('an Admin-tier Deny: no NetworkPolicy can override it', () => {
    const snapshot = new SnapshotBuilder()
      .pod('x', 'a', { labels: { app: 'a' }, ip: '10.0.0.1' })
      .pod('x', 'b', { labels: { app: 'b' }, ip: '10.0.0.2' })
      .object({
        apiVersion: 'policy.networking.k8s.io/v1alpha1',
        kind: 'AdminNetworkPolicy',
        metadata: { name: 'no-a' },
        spec: {
          priority: 5,
          subject: { pods: { namespaceSelector: {}, podSelector: sel({ app: 'b' }) } },
          ingress: [{ name: 'deny-a', action: 'Deny', from: [{ pods: { namespaceSelector: {}, podSelector: sel({ app: 'a' }) } }] }],
        },
      })
      .build();
    const index = new PolicyIndex(snapshot, DEFAULT_OPTIONS);
    const result = proposeFix({ snapshot, index, from: resolveIn(snapshot, 'x/a'), to: resolveIn(snapshot, 'x/b'), probe: TCP(80) });
    expect(result.status).toBe('admin-denied');
    if (result.status === 'admin-denied') expect(result.rule).toMatchObject({ policy: { kind: 'AdminNetworkPolicy', name: 'no-a' }, ruleName: 'deny-a', tier: 'Admin' });
  });

  it('a path no policy change can allow is not fixable: the service has no endpoint', () => {
    const snapshot = new SnapshotBuilder()
      .pod('x', 'a', { labels: { app: 'a' }, ip: '10.0.0.1' })
      .service('x', 'none', { selector: { app: 'none' }, ports: [{ port: 80 }] })
      .build();
    const result = proposeFix({ snapshot, index: new PolicyIndex(snapshot), from: resolveIn(snapshot, 'x/a'), to: resolveIn(snapshot, 'svc/x/none'), probe: TCP(80) });
    expect(result.status).toBe('not-fixable');
    if (result.status === 'not-fixable') expect(result.reason).toBe('no-endpoints');
  });
});
