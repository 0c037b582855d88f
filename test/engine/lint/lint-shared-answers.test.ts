// dnsFindings answers once per set of deciding policies, and the selector checks once per selector:
// both must equal judging each pod and each peer on its own, on random clusters.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PolicyIndex, rulesFor } from '../../../src/engine/compile.js';
import { lintContext } from '../../../src/engine/lint/context.js';
import { dnsAllowed, dnsFindings, KUBE_DNS } from '../../../src/engine/lint/dns.js';
import { selectorFindings } from '../../../src/engine/lint/selectors.js';
import { groupByWorkload } from '../../../src/engine/analysis/workload-groups.js';
import { SnapshotBuilder } from '../../fixtures/builder.js';
import type { Pod } from '../../../src/model/snapshot.js';

const NAMESPACES = ['x', 'y', 'kube-system'] as const;

const podArb = fc.record({
  ns: fc.constantFrom(...NAMESPACES),
  app: fc.constantFrom('a', 'b', 'dns'),
  tier: fc.constantFrom('1', '2', undefined),
  owner: fc.constantFrom('w1', 'w2', undefined),
  ipLast: fc.integer({ min: 1, max: 6 }),
  port: fc.constantFrom('dns-udp', 'dns-tcp', 'http'),
  hostNetwork: fc.boolean(),
});

const selectorArb = fc.constantFrom<Record<string, unknown> | undefined>(
  undefined,
  {},
  { matchLabels: { app: 'a' } },
  { matchLabels: { tier: '2' } },
  { matchLabels: { 'k8s-app': 'kube-dns' } },
  { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['a'] }] },
);
const namespaceSelectorArb = fc.constantFrom<Record<string, unknown> | undefined>(
  undefined,
  { matchLabels: { team: 'blue' } },
  { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
  { matchLabels: { team: 'none' } },
);

const peerArb = fc.oneof(
  { weight: 4, arbitrary: fc.record({ podSelector: selectorArb, namespaceSelector: namespaceSelectorArb }) },
  { weight: 1, arbitrary: fc.constant({ ipBlock: { cidr: '10.0.0.0/30' } }) },
);
const portArb = fc.constantFrom({ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }, { protocol: 'UDP', port: 'dns' }, { protocol: 'TCP', port: 'dns' }, { port: 'web' }, { port: 80 });
const ruleArb = fc.record({ to: fc.option(fc.array(peerArb, { minLength: 1, maxLength: 2 }), { nil: undefined }), ports: fc.option(fc.array(portArb, { maxLength: 2 }), { nil: undefined }) });

const policyArb = fc.record({
  ns: fc.constantFrom(...NAMESPACES),
  podSelector: fc.constantFrom({}, { matchLabels: { app: 'a' } }, { matchLabels: { app: 'b' } }, { matchLabels: { tier: '1' } }),
  egress: fc.array(ruleArb, { maxLength: 2 }),
  ingress: fc.array(ruleArb, { maxLength: 1 }),
});

const adminArb = fc.option(
  fc.record({ action: fc.constantFrom('Deny', 'Allow', 'Pass'), subjectApp: fc.constantFrom('a', 'b') }),
  { nil: undefined },
);

function cluster(pods: fc.TypeOf<typeof podArb>[], policies: fc.TypeOf<typeof policyArb>[], blue: readonly boolean[], admin: fc.TypeOf<typeof adminArb>) {
  const b = new SnapshotBuilder();
  NAMESPACES.forEach((ns, i) => b.namespace(ns, blue[i] ? { team: 'blue' } : {}));
  if (blue[0]) b.pod('kube-system', 'coredns', { labels: { 'k8s-app': 'kube-dns' }, ip: '10.0.0.53', ports: [{ name: 'dns', port: 53, protocol: 'UDP' }] });
  pods.forEach((p, i) => {
    const labels: Record<string, string> = p.app === 'dns' ? { 'k8s-app': 'kube-dns' } : { app: p.app };
    if (p.tier) labels['tier'] = p.tier;
    b.pod(p.ns, `p${i}`, {
      labels,
      ip: p.hostNetwork ? '172.18.0.2' : `10.0.0.${p.ipLast}`,
      hostIP: '172.18.0.2',
      hostNetwork: p.hostNetwork,
      ports: [p.port === 'http' ? { name: 'web', port: 80, protocol: 'TCP' } : { name: 'dns', port: 53, protocol: p.port === 'dns-udp' ? 'UDP' : 'TCP' }],
      ...(p.owner ? { owner: { kind: 'ReplicaSet', name: p.owner } } : {}),
    });
  });
  const peer = (p: fc.TypeOf<typeof peerArb>) =>
    'ipBlock' in p ? p : { ...(p.podSelector ? { podSelector: p.podSelector } : {}), ...(p.namespaceSelector ? { namespaceSelector: p.namespaceSelector } : {}) };
  policies.forEach((p, i) =>
    b.policy(p.ns, `np${i}`, {
      podSelector: p.podSelector,
      policyTypes: ['Egress', ...(p.ingress.length > 0 ? ['Ingress'] : [])],
      egress: p.egress.map((r) => ({ ...(r.to ? { to: r.to.map(peer) } : {}), ...(r.ports ? { ports: r.ports } : {}) })),
      ...(p.ingress.length > 0 ? { ingress: p.ingress.map((r) => ({ ...(r.to ? { from: r.to.map(peer) } : {}), ...(r.ports ? { ports: r.ports } : {}) })) } : {}),
    }),
  );
  if (admin) {
    b.object({
      apiVersion: 'policy.networking.k8s.io/v1alpha1',
      kind: 'AdminNetworkPolicy',
      metadata: { name: 'admin' },
      spec: {
        priority: 5,
        subject: { pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: admin.subjectApp } } } },
        egress: [{ name: 'dns', action: admin.action, to: [{ pods: { namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } } }], ports: [{ portNumber: { protocol: 'UDP', port: 53 } }] }],
      },
    });
  }
  const snapshot = b.build();
  return { snapshot, index: new PolicyIndex(snapshot) };
}

const arbs = [fc.array(podArb, { minLength: 1, maxLength: 10 }), fc.array(policyArb, { maxLength: 5 }), fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), adminArb] as const;

describe('lint answers shared between pods and peers', () => {
  it('egress-without-dns equals asking DNS for every selected pod on its own', () => {
    fc.assert(
      fc.property(...arbs, (pods, policies, blue, admin) => {
        const { snapshot, index } = cluster(pods, policies, blue, admin);
        const ctx = lintContext(snapshot, index, new Set());
        const dnsPods = ctx.pods.filter((p) => p.namespace === 'kube-system' && KUBE_DNS(p.labels));
        const missing = (pod: Pod) => (['UDP', 'TCP'] as const).filter((proto) => !dnsAllowed(pod, proto, dnsPods, index));
        // Every selected workload's first pod, judged on its own: the workloads lacking DNS and on what.
        const expected = index.all
          .filter((policy) => policy.egress !== undefined && ctx.selectedBy(policy).length > 0)
          .flatMap((policy) => {
            const lacking = groupByWorkload(ctx.selectedBy(policy))
              .map((g) => ({ name: g.name, missing: missing(g.pods[0]!) }))
              .filter((g) => g.missing.length > 0);
            if (lacking.length === 0) return [];
            const protocols = (['UDP', 'TCP'] as const).filter((proto) => lacking.some((g) => g.missing.includes(proto)));
            return [`${policy.ref.name}: ${lacking.map((g) => g.name).join(', ')} ${protocols.join(' and ')}`];
          });
        const found = dnsFindings(ctx)
          .filter((f) => !f.message.includes('the pods it selects'))
          .map((f) => `${f.object.name}: ${/egress of (.*), which may not reach DNS on (.*) 53/.exec(f.message)!.slice(1).join(' ')}`);
        expect(found).toEqual(expected);
      }),
      { numRuns: 400 },
    );
  });

  it('peer-selects-no-pod and namespace-selector-matches-nothing equal matching every namespace and pod for each peer', () => {
    fc.assert(
      fc.property(...arbs, (pods, policies, blue, admin) => {
        const { snapshot, index } = cluster(pods, policies, blue, admin);
        const ctx = lintContext(snapshot, index, new Set());
        const expected: string[] = [];
        for (const policy of index.all) {
          for (const direction of ['ingress', 'egress'] as const) {
            for (const rule of rulesFor(policy, direction) ?? []) {
              if (rule.peers === 'all') continue;
              for (const peer of rule.peers) {
                const raw = policy.policy[direction][rule.index]!.peers;
                const source = raw === 'all' ? undefined : raw[peer.index];
                if (peer.kind !== 'pods' || source?.kind !== 'pods') continue;
                const field = `spec.${direction}[${rule.index}].${direction === 'ingress' ? 'from' : 'to'}[${peer.index}]`;
                const match = peer.namespaces;
                const namespaces = match === 'own' ? snapshot.namespaces.filter((n) => n.name === policy.ref.namespace) : snapshot.namespaces.filter((n) => match(index.namespaceLabels(n.name)));
                if (match !== 'own' && source.namespaceSelector && namespaces.length === 0) {
                  expected.push(`${policy.ref.name} ${field}.namespaceSelector`);
                  continue;
                }
                if (!source.podSelector) continue;
                const inThem = ctx.pods.filter((p) => namespaces.some((n) => n.name === p.namespace));
                if (inThem.length > 0 && !inThem.some((p) => peer.pods(p.labels))) expected.push(`${policy.ref.name} ${field}.podSelector`);
              }
            }
          }
        }
        const found = index.all
          .flatMap((p) => selectorFindings(ctx, p))
          .filter((f) => f.code === 'peer-selects-no-pod' || f.code === 'namespace-selector-matches-nothing')
          .map((f) => `${f.object.name} ${f.field}`);
        expect(found).toEqual(expected);
      }),
      { numRuns: 400 },
    );
  });

  it('kube-dns pods alike in labels but not in container ports are each judged (a named port resolves on one of them)', () => {
    const messages = (tcpName: string) => {
      const snapshot = new SnapshotBuilder()
        .namespace('shop')
        .namespace('kube-system')
        .pod('kube-system', 'coredns-1', { labels: { 'k8s-app': 'kube-dns' }, ip: '10.0.0.53', ports: [{ name: 'dns', port: 53, protocol: 'UDP' }] })
        .pod('kube-system', 'coredns-2', { labels: { 'k8s-app': 'kube-dns' }, ip: '10.0.0.54', ports: [{ name: 'dns-tcp', port: 53, protocol: 'TCP' }] })
        .pod('shop', 'web', { labels: { app: 'web' }, ip: '10.0.0.1' })
        .policy('shop', 'dns', {
          podSelector: {},
          policyTypes: ['Egress'],
          egress: [{ to: [{ namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ protocol: 'UDP', port: 'dns' }, { protocol: 'TCP', port: tcpName }] }],
        })
        .build();
      return dnsFindings(lintContext(snapshot, new PolicyIndex(snapshot), new Set())).map((f) => f.message);
    };
    expect(messages('dns-tcp')).toEqual([]);
    // The near miss: a TCP name no DNS pod declares.
    expect(messages('dns-tls')).toEqual(['isolates egress of web, which may not reach DNS on TCP 53']);
  });
});
