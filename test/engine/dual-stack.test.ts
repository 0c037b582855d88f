// A connection uses one address family end to end: each family both ends have is judged on its own.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SnapshotBuilder } from '../fixtures/builder.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { PolicyIndex, DEFAULT_OPTIONS } from '../../src/engine/compile.js';
import { addressEndpoint, podEndpoint, type Endpoint } from '../../src/engine/endpoint.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { parseIp, type Family } from '../../src/engine/sets/ip.js';
import { PortSet } from '../../src/engine/sets/port-set.js';
import { checkReach } from '../../src/engine/reach.js';
import { parseTargetRef, resolveTarget, type ResolvedTarget } from '../../src/engine/target.js';
import { reachView } from '../../src/report/path-view.js';
import { renderReach } from '../../src/format/reach-text.js';
import { plainPalette } from '../../src/format/color.js';

const index = (s: Snapshot) => new PolicyIndex(s, DEFAULT_OPTIONS);
const pod = (s: Snapshot, key: string): Endpoint => podEndpoint(s.pods.find((p) => `${p.namespace}/${p.name}` === key)!);
const target = (s: Snapshot, text: string): ResolvedTarget => {
  const ref = parseTargetRef(text, 'default');
  if ('error' in ref) throw new Error(ref.error);
  const resolved = resolveTarget(ref, s);
  if ('error' in resolved) throw new Error(resolved.error);
  return resolved;
};

/**
 * client (10.1.0.5, fd00:1::5) -> server (10.0.0.10, fd00::10). The client's egress admits only the
 * server's IPv4 address; the server's ingress admits only the client's IPv6 address.
 */
const crossed = () =>
  new SnapshotBuilder()
    .pod('y', 'client', { labels: { app: 'client' }, ips: ['10.1.0.5', 'fd00:1::5'] })
    .pod('x', 'server', { labels: { app: 'server' }, ips: ['10.0.0.10', 'fd00::10'] })
    .policy('y', 'out', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/24' } }] }] })
    .policy('x', 'in', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: 'fd00:1::/64' } }] }] })
    .build();

describe('dual-stack paths', () => {
  it('egress allowed over IPv4 and ingress allowed over IPv6 is no connection', () => {
    const s = crossed();
    const c = evaluate(pod(s, 'y/client'), pod(s, 'x/server'), index(s));
    expect(c.allowed.isEmpty()).toBe(true);
    expect(c.families?.map((v) => [v.family, v.allowed.isEmpty()])).toEqual([
      [4, true],
      [6, true],
    ]);
  });

  it('a path allowed over one family only is allowed, and says which family', () => {
    const s = new SnapshotBuilder()
      .pod('y', 'client', { ips: ['10.1.0.5', 'fd00:1::5'] })
      .pod('x', 'server', { ips: ['10.0.0.10', 'fd00::10'] })
      .policy('x', 'in', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: 'fd00:1::/64' } }], ports: [{ port: 443 }] }] })
      .build();
    const result = checkReach(target(s, 'y/client'), target(s, 'x/server'), index(s), { protocol: 'TCP', port: 443 });
    expect(result.verdict).toBe('allowed');
    const view = reachView(result);
    expect(view.paths[0]!.families).toEqual(['IPv6']);
    expect(view.paths[0]!.ingress.admittedBy.map((r) => r.field)).toEqual(['spec.ingress[0].from[0]']);
    expect(renderReach(view, plainPalette).split('\n')[0]).toBe('ALLOWED: y/client -> x/server on TCP 443 over IPv6 only');
  });

  it('a path denied over both families for different reasons explains each family', () => {
    const s = crossed();
    const view = reachView(checkReach(target(s, 'y/client'), target(s, 'x/server'), index(s), { protocol: 'TCP', port: 80 }));
    expect(view.verdict).toBe('denied');
    expect(view.paths[0]!.byFamily?.map((f) => [f.family, f.allowed, f.egress.allows, f.ingress.allows])).toEqual([
      ['IPv4', false, true, false],
      ['IPv6', false, false, true],
    ]);
    const text = renderReach(view, plainPalette).split('\n');
    expect(text.filter((l) => l.startsWith('  over '))).toEqual(['  over IPv4: denied', '  over IPv6: denied']);
  });

  it('families judged alike carry no per-family detail', () => {
    const s = new SnapshotBuilder()
      .pod('y', 'client', { labels: { app: 'client' }, ips: ['10.1.0.5', 'fd00:1::5'] })
      .pod('x', 'server', { ips: ['10.0.0.10', 'fd00::10'] })
      .policy('x', 'in', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: 'client' } } }] }] })
      .build();
    const c = evaluate(pod(s, 'y/client'), pod(s, 'x/server'), index(s));
    expect(c.allowed.equals(PortSet.all)).toBe(true);
    expect(c.families).toBeUndefined();
  });

  it('an IPv4-only pod and an IPv6-only pod have no family in common: no connection, said so', () => {
    const s = new SnapshotBuilder().pod('y', 'v4', { ip: '10.1.0.5' }).pod('x', 'v6', { ip: 'fd00::10' }).build();
    const c = evaluate(pod(s, 'y/v4'), pod(s, 'x/v6'), index(s));
    expect(c.noCommonFamily).toBe(true);
    expect(c.allowed.isEmpty()).toBe(true);
    const view = reachView(checkReach(target(s, 'y/v4'), target(s, 'x/v6'), index(s)));
    expect(view.verdict).toBe('denied');
    expect(renderReach(view, plainPalette)).toContain('no address family in common');
  });

  it('an IPv4-only pod cannot reach an IPv6 address outside the cluster, even when not isolated', () => {
    const s = new SnapshotBuilder().pod('y', 'v4', { ip: '10.1.0.5' }).build();
    expect(evaluate(pod(s, 'y/v4'), addressEndpoint('2001:db8::1')!, index(s)).allowed.isEmpty()).toBe(true);
    expect(evaluate(pod(s, 'y/v4'), addressEndpoint('192.0.2.1')!, index(s)).allowed.equals(PortSet.all)).toBe(true);
  });

  it('a pod made from a template (no address yet) is judged without a family', () => {
    const s = new SnapshotBuilder()
      .pod('y', 'template', {})
      .pod('x', 'server', { ips: ['10.0.0.10', 'fd00::10'] })
      .policy('x', 'in', { podSelector: {}, ingress: [{ from: [{ podSelector: {} , namespaceSelector: {} }] }] })
      .build();
    const c = evaluate(pod(s, 'y/template'), pod(s, 'x/server'), index(s));
    expect(c.allowed.equals(PortSet.all)).toBe(true);
    expect(c.noCommonFamily).toBeUndefined();
  });

  it("traffic from the pod's own node counts over each of the node's addresses", () => {
    const s = new SnapshotBuilder()
      .pod('kube-system', 'agent', { hostNetwork: true, ips: ['172.18.0.2', 'fd01::2'], hostIP: '172.18.0.2' })
      .pod('x', 'server', { ips: ['10.0.0.10', 'fd00::10'], hostIP: '172.18.0.2' })
      .policy('x', 'deny', { podSelector: {}, policyTypes: ['Ingress'] })
      .build();
    const withHostIPs: Snapshot = {
      ...s,
      pods: s.pods.map((p) => ({ ...p, hostIPs: ['172.18.0.2', 'fd01::2'] })),
    };
    const c = evaluate(pod(withHostIPs, 'kube-system/agent'), pod(withHostIPs, 'x/server'), index(withHostIPs));
    expect(c.allowed.equals(PortSet.all)).toBe(true);
    expect(c.families).toBeUndefined();
  });
});

// ---- Property: the per-family rule equals a direct evaluation on each single-family cluster ----

const V4 = ['10.0.0.1', '10.0.1.1', '10.0.2.1', '10.0.3.1'];
const V6 = ['fd00::1', 'fd00:1::1', 'fd00:2::1', 'fd00:3::1'];
const BLOCKS = [{ cidr: '10.0.0.0/23' }, { cidr: '10.0.0.0/16', except: ['10.0.1.0/24'] }, { cidr: 'fd00::/31' }, { cidr: 'fd00::/16', except: ['fd00:1::/32'] }, { cidr: '0.0.0.0/0' }, { cidr: '::/0' }];
const stack = fc.constantFrom('v4', 'v6', 'dual', 'none');
const ports = fc.constantFrom([{ port: 80 }], [{ port: 443 }], [{ protocol: 'UDP', port: 53 }], []);
const peers = fc.array(
  fc.oneof(fc.constantFrom(...BLOCKS).map((ipBlock) => ({ ipBlock })), fc.constant({ podSelector: { matchLabels: { app: 'a' } } })),
  { maxLength: 2 },
);
const draft = fc.record({
  stacks: fc.array(stack, { minLength: 2, maxLength: 4 }),
  labels: fc.array(fc.constantFrom('a', 'b'), { minLength: 4, maxLength: 4 }),
  ingress: fc.array(fc.record({ from: peers, ports }), { maxLength: 2 }),
  egress: fc.array(fc.record({ to: peers, ports }), { maxLength: 2 }),
  isolateEgress: fc.boolean(),
});
type Draft = { stacks: string[]; labels: string[]; ingress: object[]; egress: object[]; isolateEgress: boolean };

function buildCluster(d: Draft, keep?: Family): Snapshot {
  const b = new SnapshotBuilder();
  d.stacks.forEach((st, i) => {
    const ips = [...(st === 'v4' || st === 'dual' ? [V4[i]!] : []), ...(st === 'v6' || st === 'dual' ? [V6[i]!] : [])];
    b.pod('x', `p${i}`, { labels: { app: d.labels[i]! }, ips: ips.filter((ip) => keep === undefined || parseIp(ip)!.family === keep) });
  });
  b.policy('x', 'p', { podSelector: { matchLabels: { app: 'b' } }, policyTypes: d.isolateEgress ? ['Ingress', 'Egress'] : ['Ingress'], ingress: d.ingress, egress: d.egress });
  return b.build();
}

const ADDRESSES = ['10.0.0.9', '10.0.1.9', '192.0.2.1', 'fd00::9', 'fd00:1::9', '2001:db8::1'];

describe('dual-stack property', () => {
  it('allowed ports = the union over common families of a single-family evaluation', () => {
    fc.assert(
      fc.property(draft, (d) => {
        const s = buildCluster(d);
        const idx = index(s);
        const perFamily = ([4, 6] as const).map((f) => {
          const single = buildCluster(d, f);
          return { family: f, snapshot: single, index: index(single) };
        });
        const ends = (snap: Snapshot): Endpoint[] => [...snap.pods.map(podEndpoint), ...ADDRESSES.map((a) => addressEndpoint(a)!)];
        const all = ends(s);
        all.forEach((from, i) =>
          all.forEach((to, j) => {
            if (from.kind === 'address' && to.kind === 'address') return;
            const actual = evaluate(from, to, idx).allowed;
            const fam = (e: Endpoint) => new Set(e.kind === 'address' ? [e.address.family] : e.pod.ips.map((ip) => parseIp(ip)!.family));
            const common = [...fam(from)].filter((f) => fam(to).has(f));
            let expected: PortSet;
            if (fam(from).size === 0 || fam(to).size === 0) expected = actual; // no family known: covered by the other tests
            else if (i === j) expected = PortSet.all;
            else
              expected = common.reduce((acc, f) => {
                const single = perFamily.find((p) => p.family === f)!;
                const e = ends(single.snapshot);
                return acc.union(evaluate(e[i]!, e[j]!, single.index).allowed);
              }, PortSet.empty);
            expect(actual.equals(expected), `${i} -> ${j}`).toBe(true);
          }),
        );
      }),
      { numRuns: 200 },
    );
  }, 60_000);
});
