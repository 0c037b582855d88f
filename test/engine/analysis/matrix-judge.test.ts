// The matrix judged by classes must say exactly what evaluate() says for every ordered pair of
// representatives: random clusters with ports, named ports, ipBlocks over pod and node addresses,
// host-network pods, dual-stack and address-less pods, and admin policy tiers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SnapshotBuilder } from '../../fixtures/builder.js';
import { MatrixJudge, type MatrixProbe } from '../../../src/engine/analysis/matrix-judge.js';
import { matrixNodes } from '../../../src/engine/analysis/matrix.js';
import { countPods } from '../../../src/engine/analysis/pod-class.js';
import { evaluate } from '../../../src/engine/evaluate.js';
import { podEndpoint } from '../../../src/engine/endpoint.js';

const NAMESPACES = ['n0', 'n1', 'n2'] as const;
const NODES = [
  { name: 'node-a', v4: '172.18.0.2', v6: 'fd00:18::2' },
  { name: 'node-b', v4: '172.18.0.3', v6: 'fd00:18::3' },
] as const;

const labels = fc.record({ app: fc.constantFrom('a', 'b', 'c'), tier: fc.constantFrom('x', 'y') }, { requiredKeys: ['app'] });
const podSelector = fc.oneof(
  fc.constant({}),
  fc.record({ matchLabels: fc.record({ app: fc.constantFrom('a', 'b', 'c') }) }),
  fc.record({ matchExpressions: fc.constant([{ key: 'tier', operator: 'NotIn', values: ['x'] }]) }),
);
const namespaceSelector = fc.oneof(
  fc.constant({}),
  fc.record({ matchLabels: fc.record({ env: fc.constantFrom('prod', 'dev') }) }),
  fc.record({ matchLabels: fc.record({ 'kubernetes.io/metadata.name': fc.constantFrom(...NAMESPACES) }) }),
);
const IP_BLOCKS = [
  { cidr: '10.0.0.0/30' },
  { cidr: '0.0.0.0/0', except: ['10.0.0.0/30'] },
  { cidr: '172.18.0.2/32' },
  { cidr: 'fd00::/126' },
  { cidr: '::/0' },
];
const peer = fc.oneof(
  fc.record({ podSelector }),
  fc.record({ namespaceSelector }),
  fc.record({ podSelector, namespaceSelector }),
  fc.constantFrom(...IP_BLOCKS).map((ipBlock) => ({ ipBlock })),
);
const PORTS = [{ port: 80 }, { port: 'http' }, { protocol: 'UDP', port: 'dns' }, { protocol: 'TCP', port: 8000, endPort: 8100 }, { protocol: 'SCTP' }];
const rule = (field: 'from' | 'to') => fc.record({ [field]: fc.array(peer, { maxLength: 2 }), ports: fc.array(fc.constantFrom(...PORTS), { maxLength: 2 }) }, { requiredKeys: [] });
const policy = fc.record({
  namespace: fc.constantFrom(...NAMESPACES),
  podSelector,
  policyTypes: fc.option(fc.constantFrom(['Ingress'], ['Egress'], ['Ingress', 'Egress']), { nil: undefined }),
  ingress: fc.option(fc.array(rule('from'), { maxLength: 2 }), { nil: undefined }),
  egress: fc.option(fc.array(rule('to'), { maxLength: 2 }), { nil: undefined }),
});

const adminPeer = fc.oneof(
  namespaceSelector.map((namespaces) => ({ namespaces })),
  fc.record({ namespaceSelector, podSelector }).map((pods) => ({ pods })),
  fc.constantFrom(['10.0.0.0/31'], ['172.18.0.0/24'], ['fd00::/120']).map((networks) => ({ networks })),
  fc.constantFrom({}, { matchLabels: { role: 'infra' } }).map((nodes) => ({ nodes })),
);
const adminRule = (field: 'from' | 'to') =>
  fc.record(
    {
      action: fc.constantFrom('Accept', 'Deny', 'Pass'),
      [field]: fc.array(adminPeer, { minLength: 1, maxLength: 2 }),
      protocols: fc.array(fc.constantFrom({ tcp: { destinationPort: { number: 80 } } }, { destinationNamedPort: 'http' }, { udp: {} }), { minLength: 1, maxLength: 2 }),
    },
    { requiredKeys: ['action', field] },
  );
const adminPolicy = fc.record({
  tier: fc.constantFrom('Admin', 'Baseline'),
  priority: fc.integer({ min: 1, max: 3 }),
  subject: fc.oneof(namespaceSelector.map((namespaces) => ({ namespaces })), fc.record({ namespaceSelector, podSelector }).map((pods) => ({ pods }))),
  ingress: fc.array(adminRule('from'), { maxLength: 2 }),
  egress: fc.array(adminRule('to'), { maxLength: 2 }),
});

const workload = fc.record({
  namespace: fc.constantFrom(...NAMESPACES),
  labels,
  kind: fc.constantFrom('Pod', 'StatefulSet', 'Deployment'),
  replicas: fc.integer({ min: 1, max: 3 }),
  /** A replica with other labels: the workload splits into two nodes. */
  relabel: fc.boolean(),
  addresses: fc.constantFrom('4', '4', '46', '6', 'none', 'host'),
  node: fc.integer({ min: 0, max: 1 }),
  http: fc.constantFrom(80, 8080),
  dns: fc.boolean(),
});

const cluster = fc.record({
  env: fc.tuple(fc.constantFrom('prod', 'dev'), fc.constantFrom('prod', 'dev'), fc.constantFrom('prod', 'dev')),
  workloads: fc.array(workload, { minLength: 1, maxLength: 7 }),
  policies: fc.array(policy, { maxLength: 5 }),
  admin: fc.array(adminPolicy, { maxLength: 2 }),
  nodeObjects: fc.boolean(),
});
type Cluster = typeof cluster extends fc.Arbitrary<infer T> ? T : never;

function build(c: Cluster): SnapshotBuilder {
  const b = new SnapshotBuilder();
  NAMESPACES.forEach((ns, i) => b.namespace(ns, { env: c.env[i]! }));
  if (c.nodeObjects) {
    NODES.forEach((n, i) =>
      b.object({ apiVersion: 'v1', kind: 'Node', metadata: { name: n.name, labels: { role: i === 0 ? 'infra' : 'worker' } }, status: { addresses: [{ type: 'InternalIP', address: n.v4 }] } }),
    );
  }
  let ip = 0;
  c.workloads.forEach((w, i) => {
    for (let r = 0; r < w.replicas; r++) {
      ip++;
      const node = NODES[(w.node + r) % 2]!;
      const host = w.addresses === 'host';
      const ips = host ? [node.v4] : w.addresses === 'none' ? [] : w.addresses === '6' ? [`fd00::${ip}`] : w.addresses === '46' ? [`10.0.0.${ip}`, `fd00::${ip}`] : [`10.0.0.${ip}`];
      b.pod(w.namespace, `w${i}-${r}`, {
        labels: w.relabel && r === 1 ? { ...w.labels, tier: 'z' } : w.labels,
        ips,
        hostIP: node.v4,
        hostNetwork: host,
        ports: [{ name: 'http', port: w.http, protocol: 'TCP' }, ...(w.dns ? [{ name: 'dns', port: 53, protocol: 'UDP' as const }] : [])],
        ...(w.kind === 'Pod' ? {} : { owner: { kind: w.kind, name: `w${i}` } }),
      });
    }
  });
  c.policies.forEach((p, i) => {
    const { namespace, ...spec } = p;
    b.policy(namespace, `p${i}`, Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined)));
  });
  c.admin.forEach((a, i) => b.object({ apiVersion: 'policy.networking.k8s.io/v1beta1', kind: 'ClusterNetworkPolicy', metadata: { name: `cnp${i}` }, spec: a }));
  return b;
}

const probes: (MatrixProbe | undefined)[] = [undefined, { protocol: 'TCP', port: 80 }, { protocol: 'TCP', port: 'http' }, { protocol: 'UDP', port: 'dns' }];

describe('MatrixJudge', () => {
  it('every ordered pair of nodes equals evaluate() on their representatives', () => {
    fc.assert(
      fc.property(cluster, fc.boolean(), (c, ipBlockMatchesPods) => {
        const b = build(c);
        const snapshot = b.build();
        const index = b.index({ ipBlockMatchesPods });
        const nodes = matrixNodes(snapshot);
        const judge = new MatrixJudge(nodes, index);
        for (let i = 0; i < nodes.length; i++) {
          const seen: string[] = [];
          judge.forEachInRow(i, (j, id) => seen.push(`${j}:${judge.ports.get(id).toString()}`));
          const expected: string[] = [];
          for (let j = 0; j < nodes.length; j++) {
            if (i === j) continue;
            const allowed = evaluate(podEndpoint(nodes[i]!.pods[0]!), podEndpoint(nodes[j]!.pods[0]!), index).allowed;
            expect(judge.allowed(i, j).toString()).toBe(allowed.toString());
            if (!allowed.isEmpty()) expected.push(`${j}:${allowed.toString()}`);
          }
          expect(seen).toEqual(expected);
        }
      }),
      { numRuns: 400 },
    );
  }, 120_000);

  it('the namespace summary counts the connecting pairs between namespaces, as pairwise evaluation does', () => {
    fc.assert(
      fc.property(cluster, fc.constantFrom(...probes), (c, probe) => {
        const b = build(c);
        const snapshot = b.build();
        const index = b.index();
        const nodes = matrixNodes(snapshot);
        const names = [...new Set(nodes.map((n) => n.namespace))].sort((x, y) => x.localeCompare(y));
        const cells = new Map<string, { paths: number; allPorts: boolean }>();
        nodes.forEach((s, i) =>
          nodes.forEach((d, j) => {
            if (s.namespace === d.namespace) return;
            const allowed = evaluate(podEndpoint(s.pods[0]!), podEndpoint(d.pods[0]!), index).allowed;
            const port = probe && (typeof probe.port === 'number' ? probe.port : d.pods[0]!.ports.find((p) => p.name === probe.port && p.protocol === probe.protocol)?.port);
            if (allowed.isEmpty() || (probe && (port === undefined || !allowed.has(probe.protocol, port)))) return;
            const key = `${names.indexOf(s.namespace)},${names.indexOf(d.namespace)}`;
            const cell = cells.get(key) ?? { paths: 0, allPorts: true };
            cells.set(key, { paths: cell.paths + 1, allPorts: cell.allPorts && allowed.isAll() });
          }),
        );
        const summary = new MatrixJudge(nodes, index, probe && typeof probe.port === 'string' ? [probe.port] : []).namespaceSummary(probe);
        expect(summary.namespaces).toEqual(names);
        expect(summary.pods).toEqual(names.map((ns) => countPods(nodes.filter((n) => n.namespace === ns).flatMap((n) => n.pods))));
        const expected = [...cells.entries()]
          .map(([key, v]) => ({ from: Number(key.split(',')[0]), to: Number(key.split(',')[1]), ...v }))
          .sort((x, y) => x.from - y.from || x.to - y.to);
        expect(summary.cells).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  }, 120_000);

  it('pods judged alike fall into one class: 40 replicas of a StatefulSet with unique labels are one source class', () => {
    const b = new SnapshotBuilder().namespace('n0').namespace('n1');
    for (let r = 0; r < 40; r++) {
      b.pod('n0', `db-${r}`, { labels: { app: 'db', 'statefulset.kubernetes.io/pod-name': `db-${r}` }, ip: `10.0.1.${r + 1}`, owner: { kind: 'StatefulSet', name: 'db' } });
    }
    b.pod('n1', 'web', { labels: { app: 'web' }, ip: '10.0.2.1' });
    b.policy('n1', 'deny', { podSelector: {}, policyTypes: ['Ingress'] });
    b.policy('n0', 'db', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: 'web' } } }] }] });
    const nodes = matrixNodes(b.build());
    const judge = new MatrixJudge(nodes, b.index());
    expect(nodes).toHaveLength(41);
    expect(judge.stats).toMatchObject({ nodes: 41, sourceClasses: 2, destinationClasses: 2 });
    expect(judge.namespaceSummary().cells).toEqual([{ from: 1, to: 0, paths: 40, allPorts: true }]);
  });
});
