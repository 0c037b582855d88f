// One test per NetworkPolicy semantic rule (networking.k8s.io/v1), each on the smallest cluster that shows it.
import { describe, expect, it } from 'vitest';
import { SnapshotBuilder, findPod } from '../fixtures/builder.js';
import { allowed, connect } from '../fixtures/reach.js';
import { PolicyIndex, DEFAULT_OPTIONS, NAMESPACE_NAME_LABEL } from '../../src/engine/compile.js';
import { isolatingPolicies, judgeSide, matchesFor, type Side, type SideVerdict } from '../../src/engine/evaluate.js';
import { podEndpoint } from '../../src/engine/endpoint.js';
import { PortSet } from '../../src/engine/sets/port-set.js';

const policed = (side: Side): SideVerdict => {
  if (side.kind !== 'policed') throw new Error(`expected a policed side, got ${side.kind}/${side.reason}`);
  return side;
};

describe('isolation', () => {
  it('a pod is isolated only when a policy in its namespace selects it with that direction in its effective policyTypes', () => {
    const s = new SnapshotBuilder()
      .pod('x', 'client', { labels: { app: 'client' }, ip: '10.0.0.1' })
      .pod('x', 'db', { labels: { app: 'db' }, ip: '10.0.0.2' })
      .pod('x', 'web', { labels: { app: 'web' }, ip: '10.0.0.3' })
      .pod('y', 'db', { labels: { app: 'db' }, ip: '10.0.1.2' })
      .policy('x', 'deny-db', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'] })
      .build();
    expect(allowed(s, 'x/client', 'x/db', 80)).toBe(false);
    expect(policed(connect(s, 'x/client', 'x/db').ingress).isolatedBy).toEqual([{ namespace: 'x', name: 'deny-db' }]);
    // Not selected: web. Other namespace: y/db. Other direction: db's egress.
    expect(allowed(s, 'x/client', 'x/web', 80)).toBe(true);
    expect(allowed(s, 'x/client', 'y/db', 80)).toBe(true);
    expect(policed(connect(s, 'x/db', 'x/client').egress).isolatedBy).toEqual([]);
    expect(allowed(s, 'x/db', 'x/client', 80)).toBe(true);
  });

  it('a pod not selected by any policy allows everything in both directions', () => {
    const s = new SnapshotBuilder()
      .pod('x', 'a', { ip: '10.0.0.1' })
      .pod('x', 'b', { ip: '10.0.0.2' })
      .policy('x', 'other', { podSelector: { matchLabels: { app: 'nothing' } }, policyTypes: ['Ingress', 'Egress'] })
      .build();
    const c = connect(s, 'x/a', 'x/b');
    expect(c.allowed.isAll()).toBe(true);
    expect(policed(c.egress).isolatedBy).toEqual([]);
    expect(policed(c.ingress).isolatedBy).toEqual([]);
    expect(connect(s, 'ip:203.0.113.9', 'x/b').allowed.isAll()).toBe(true);
    expect(connect(s, 'x/a', 'ip:203.0.113.9').allowed.isAll()).toBe(true);
  });

  it('a connection needs both the source egress and the destination ingress to allow it', () => {
    const pods = () =>
      new SnapshotBuilder()
        .pod('x', 'a', { labels: { app: 'a' }, ip: '10.0.0.1' })
        .pod('x', 'b', { labels: { app: 'b' }, ip: '10.0.0.2' });
    const egressDenies = pods()
      .policy('x', 'a-egress', { podSelector: { matchLabels: { app: 'a' } }, policyTypes: ['Egress'] })
      .policy('x', 'b-ingress', { podSelector: { matchLabels: { app: 'b' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'a' } } }] }] })
      .build();
    const ingressDenies = pods()
      .policy('x', 'a-egress', { podSelector: { matchLabels: { app: 'a' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { app: 'b' } } }] }] })
      .policy('x', 'b-ingress', { podSelector: { matchLabels: { app: 'b' } }, policyTypes: ['Ingress'] })
      .build();
    const c1 = connect(egressDenies, 'x/a', 'x/b');
    expect(policed(c1.ingress).allowed.has('TCP', 80)).toBe(true);
    expect(policed(c1.egress).allowed.isEmpty()).toBe(true);
    expect(c1.allowed.has('TCP', 80)).toBe(false);
    const c2 = connect(ingressDenies, 'x/a', 'x/b');
    expect(policed(c2.egress).allowed.has('TCP', 80)).toBe(true);
    expect(policed(c2.ingress).allowed.isEmpty()).toBe(true);
    expect(c2.allowed.has('TCP', 80)).toBe(false);
  });

  it('the connection allows the intersection of what egress and ingress allow', () => {
    const s = new SnapshotBuilder()
      .pod('x', 'a', { labels: { app: 'a' }, ip: '10.0.0.1' })
      .pod('x', 'b', { labels: { app: 'b' }, ip: '10.0.0.2' })
      .policy('x', 'a-out', { podSelector: { matchLabels: { app: 'a' } }, policyTypes: ['Egress'], egress: [{ ports: [{ port: 80, endPort: 90 }] }] })
      .policy('x', 'b-in', { podSelector: { matchLabels: { app: 'b' } }, ingress: [{ ports: [{ port: 85, endPort: 100 }] }] })
      .build();
    expect(connect(s, 'x/a', 'x/b').allowed.equals(PortSet.range('TCP', 85, 90))).toBe(true);
  });

  it('policies in another namespace never isolate a pod, even with podSelector {}', () => {
    const s = new SnapshotBuilder()
      .pod('x', 'a', { ip: '10.0.0.1' })
      .pod('y', 'b', { ip: '10.0.1.1' })
      .policy('y', 'deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] })
      .build();
    expect(policed(connect(s, 'ip:203.0.113.1', 'x/a').ingress).isolatedBy).toEqual([]);
    expect(allowed(s, 'ip:203.0.113.1', 'x/a', 80)).toBe(true);
    expect(allowed(s, 'ip:203.0.113.1', 'y/b', 80)).toBe(false);
  });

  it('an address outside the cluster is not policed on its side', () => {
    const s = new SnapshotBuilder().pod('x', 'a', { ip: '10.0.0.1' }).policy('x', 'deny', { podSelector: {} }).build();
    const c = connect(s, 'ip:203.0.113.1', 'x/a');
    expect(c.egress).toEqual({ kind: 'exempt', direction: 'egress', reason: 'external' });
    const out = connect(s, 'x/a', 'ip:203.0.113.1');
    expect(out.ingress).toEqual({ kind: 'exempt', direction: 'ingress', reason: 'external' });
    expect(out.allowed.isAll()).toBe(true); // deny has only Ingress
  });
});

describe('policyTypes defaulting', () => {
  it('without policyTypes, a policy with egress rules isolates egress as well as ingress', () => {
    const s = new SnapshotBuilder()
      .pod('x', 'a', { ip: '10.0.0.1' })
      .policy('x', 'p', { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '192.168.0.0/16' } }] }] })
      .build();
    expect(s.policies[0]!.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(allowed(s, 'x/a', 'ip:192.168.1.1', 443)).toBe(true);
    expect(allowed(s, 'x/a', 'ip:10.9.9.9', 443)).toBe(false);
    expect(allowed(s, 'ip:192.168.1.1', 'x/a', 443)).toBe(false);
  });

  it('without policyTypes, `egress: []` does not isolate egress', () => {
    const s = new SnapshotBuilder().pod('x', 'a', { ip: '10.0.0.1' }).policy('x', 'p', { podSelector: {}, egress: [] }).build();
    expect(s.policies[0]!.policyTypes).toEqual(['Ingress']);
    expect(allowed(s, 'x/a', 'ip:10.9.9.9', 443)).toBe(true);
    expect(policed(connect(s, 'x/a', 'ip:10.9.9.9').egress).isolatedBy).toEqual([]);
    expect(allowed(s, 'ip:10.9.9.9', 'x/a', 443)).toBe(false);
  });

  it('without policyTypes, a policy with only ingress rules isolates ingress only', () => {
    const s = new SnapshotBuilder()
      .pod('x', 'a', { ip: '10.0.0.1' })
      .policy('x', 'p', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '192.168.0.0/16' } }] }] })
      .build();
    expect(allowed(s, 'ip:192.168.0.1', 'x/a', 80)).toBe(true);
    expect(allowed(s, 'ip:10.9.9.9', 'x/a', 80)).toBe(false);
    expect(allowed(s, 'x/a', 'ip:10.9.9.9', 80)).toBe(true);
  });

  it('explicit policyTypes [Ingress] makes egress rules inert (egress not isolated)', () => {
    const s = new SnapshotBuilder()
      .pod('x', 'a', { ip: '10.0.0.1' })
      .policy('x', 'p', {
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: [{}],
        egress: [{ to: [{ ipBlock: { cidr: '192.168.0.0/16' } }] }],
      })
      .build();
    expect(allowed(s, 'x/a', 'ip:10.9.9.9', 443)).toBe(true);
    expect(policed(connect(s, 'x/a', 'ip:10.9.9.9').egress).isolatedBy).toEqual([]);
  });

  it('explicit policyTypes [Egress] does not isolate ingress, and its ingress rules are inert', () => {
    const s = new SnapshotBuilder()
      .pod('x', 'a', { ip: '10.0.0.1' })
      .policy('x', 'p', { podSelector: {}, policyTypes: ['Egress'], ingress: [{ from: [{ ipBlock: { cidr: '192.168.0.0/16' } }] }] })
      .build();
    expect(allowed(s, 'ip:10.9.9.9', 'x/a', 80)).toBe(true);
    expect(policed(connect(s, 'ip:10.9.9.9', 'x/a').ingress).isolatedBy).toEqual([]);
    expect(allowed(s, 'x/a', 'ip:10.9.9.9', 80)).toBe(false);
  });
});

describe('rules', () => {
  it('rules are unioned across all policies that select the pod', () => {
    const s = new SnapshotBuilder()
      .pod('x', 'a', { labels: { app: 'a' }, ip: '10.0.0.1' })
      .pod('x', 'c', { labels: { app: 'c' }, ip: '10.0.0.3' })
      .pod('x', 'b', { labels: { app: 'b' }, ip: '10.0.0.2' })
      .policy('x', 'from-a', { podSelector: { matchLabels: { app: 'b' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'a' } } }], ports: [{ port: 80 }] }] })
      .policy('x', 'from-c', { podSelector: {}, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'c' } } }], ports: [{ port: 443 }] }] })
      .build();
    expect(allowed(s, 'x/a', 'x/b', 80)).toBe(true);
    expect(allowed(s, 'x/a', 'x/b', 443)).toBe(false);
    expect(allowed(s, 'x/c', 'x/b', 443)).toBe(true);
    expect(allowed(s, 'x/c', 'x/b', 80)).toBe(false);
    expect(policed(connect(s, 'x/a', 'x/b').ingress).isolatedBy.map((p) => p.name)).toEqual(['from-a', 'from-c']);
  });

  it('rules are unioned within one policy', () => {
    const s = new SnapshotBuilder()
      .pod('x', 'a', { ip: '10.0.0.1' })
      .policy('x', 'p', { podSelector: {}, ingress: [{ ports: [{ port: 80 }] }, { ports: [{ port: 443 }] }] })
      .build();
    expect(connect(s, 'ip:203.0.113.1', 'x/a').allowed.equals(PortSet.range('TCP', 80).union(PortSet.range('TCP', 443)))).toBe(true);
  });

  it('`ingress: []` denies all ingress to selected pods', () => {
    const s = new SnapshotBuilder()
      .pod('x', 'a', { ip: '10.0.0.1' })
      .pod('x', 'b', { ip: '10.0.0.2' })
      .policy('x', 'p', { podSelector: {}, ingress: [] })
      .build();
    expect(connect(s, 'x/a', 'x/b').allowed.isEmpty()).toBe(true);
    expect(connect(s, 'ip:203.0.113.1', 'x/b').allowed.isEmpty()).toBe(true);
    expect(policed(connect(s, 'x/a', 'x/b').ingress).matches).toEqual([]);
  });

  it('a policy with no rules for an isolated direction denies that direction', () => {
    const s = new SnapshotBuilder().pod('x', 'a', { ip: '10.0.0.1' }).policy('x', 'p', { podSelector: {}, policyTypes: ['Egress'] }).build();
    expect(connect(s, 'x/a', 'ip:203.0.113.1').allowed.isEmpty()).toBe(true);
  });

  it('a rule without `from` admits every source, external addresses included', () => {
    const s = new SnapshotBuilder()
      .pod('x', 'b', { ips: ['10.0.0.2', 'fd00::2'] })
      .pod('y', 'other', { labels: { any: 'thing' }, ip: '10.0.1.1' })
      .policy('x', 'p', { podSelector: {}, ingress: [{ ports: [{ port: 80 }] }] })
      .build();
    expect(allowed(s, 'ip:203.0.113.1', 'x/b', 80)).toBe(true);
    expect(allowed(s, 'ip:2001:db8::1', 'x/b', 80)).toBe(true);
    expect(allowed(s, 'y/other', 'x/b', 80)).toBe(true);
    expect(allowed(s, 'y/other', 'x/b', 81)).toBe(false);
  });

  it('a rule with an empty `from: []` admits every source too', () => {
    const s = new SnapshotBuilder().pod('x', 'b', { ip: '10.0.0.2' }).policy('x', 'p', { podSelector: {}, ingress: [{ from: [], ports: [{ port: 80 }] }] }).build();
    expect(allowed(s, 'ip:203.0.113.1', 'x/b', 80)).toBe(true);
  });

  it('an egress rule without `to` admits every destination', () => {
    const s = new SnapshotBuilder()
      .pod('x', 'a', { ip: '10.0.0.1' })
      .policy('x', 'p', { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 53, protocol: 'UDP' }] }] })
      .build();
    expect(allowed(s, 'x/a', 'ip:8.8.8.8', 53, 'UDP')).toBe(true);
    expect(allowed(s, 'x/a', 'ip:8.8.8.8', 53, 'TCP')).toBe(false);
  });
});

describe('peers', () => {
  const cluster = () =>
    new SnapshotBuilder()
      .namespace('x', { team: 'blue' })
      .namespace('y', { team: 'red' })
      .namespace('z', { team: 'blue' })
      .pod('x', 'server', { labels: { app: 'server' }, ip: '10.0.0.10' })
      .pod('x', 'client', { labels: { role: 'client' }, ip: '10.0.0.1' })
      .pod('x', 'other', { labels: { role: 'other' }, ip: '10.0.0.2' })
      .pod('y', 'client', { labels: { role: 'client' }, ip: '10.0.1.1' })
      .pod('y', 'other', { labels: { role: 'other' }, ip: '10.0.1.2' })
      .pod('z', 'client', { labels: { role: 'client' }, ip: '10.0.2.1' })
      .pod('z', 'other', { labels: { role: 'other' }, ip: '10.0.2.2' });
  const from = (...peers: object[]) => ({ podSelector: { matchLabels: { app: 'server' } }, ingress: [{ from: peers }] });
  const sources = ['x/client', 'x/other', 'y/client', 'y/other', 'z/client', 'z/other'];
  const admitted = (s: ReturnType<ReturnType<typeof cluster>['build']>) => sources.filter((src) => allowed(s, src, 'x/server', 80));

  it('a podSelector-only peer selects matching pods in the policy namespace only', () => {
    const s = cluster().policy('x', 'p', from({ podSelector: { matchLabels: { role: 'client' } } })).build();
    expect(admitted(s)).toEqual(['x/client']);
    // y/client's address seen as a plain address is no pod of x either.
    expect(allowed(s, 'ip:10.0.1.1', 'x/server', 80)).toBe(false);
  });

  it('a namespaceSelector-only peer selects every pod in matching namespaces', () => {
    const s = cluster().policy('x', 'p', from({ namespaceSelector: { matchLabels: { team: 'blue' } } })).build();
    expect(admitted(s)).toEqual(['x/client', 'x/other', 'z/client', 'z/other']);
  });

  it('podSelector and namespaceSelector in one peer are ANDed', () => {
    const s = cluster()
      .policy('x', 'p', from({ namespaceSelector: { matchLabels: { team: 'blue' } }, podSelector: { matchLabels: { role: 'client' } } }))
      .build();
    expect(admitted(s)).toEqual(['x/client', 'z/client']);
  });

  it('two peers in one rule are ORed', () => {
    const s = cluster()
      .policy('x', 'p', from({ namespaceSelector: { matchLabels: { team: 'red' } } }, { podSelector: { matchLabels: { role: 'client' } } }))
      .build();
    expect(admitted(s)).toEqual(['x/client', 'y/client', 'y/other']);
  });

  it('podSelector {} alone selects every pod of the policy namespace, and no external address', () => {
    const s = cluster().policy('x', 'p', from({ podSelector: {} })).build();
    expect(admitted(s)).toEqual(['x/client', 'x/other']);
    expect(allowed(s, 'ip:203.0.113.1', 'x/server', 80)).toBe(false);
  });

  it('namespaceSelector {} selects every pod of every namespace, and no external address', () => {
    const s = cluster().policy('x', 'p', from({ namespaceSelector: {} })).build();
    expect(admitted(s)).toEqual(sources);
    expect(allowed(s, 'ip:203.0.113.1', 'x/server', 80)).toBe(false);
  });

  it('namespaceSelector {} with a podSelector selects matching pods in every namespace', () => {
    const s = cluster()
      .policy('x', 'p', from({ namespaceSelector: {}, podSelector: { matchLabels: { role: 'client' } } }))
      .build();
    expect(admitted(s)).toEqual(['x/client', 'y/client', 'z/client']);
  });

  it('matchExpressions in peers follow selector semantics (NotIn matches a missing key)', () => {
    const s = cluster()
      .policy('x', 'p', from({ namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'NotIn', values: ['blue'] }] } }))
      .build();
    expect(admitted(s)).toEqual(['y/client', 'y/other']);
  });

  it('every namespace carries kubernetes.io/metadata.name, declared or synthesized', () => {
    const s = cluster()
      .pod('undeclared', 'client', { labels: { role: 'client' }, ip: '10.0.3.1' })
      .policy('x', 'p', from({ namespaceSelector: { matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: 'In', values: ['y', 'undeclared'] }] } }))
      .build();
    expect(admitted(s)).toEqual(['y/client', 'y/other']);
    expect(allowed(s, 'undeclared/client', 'x/server', 80)).toBe(true);
    const undeclared = s.namespaces.find((n) => n.name === 'undeclared');
    expect(undeclared?.synthesized).toBe(true);
    expect(undeclared?.labels[NAMESPACE_NAME_LABEL]).toBe('undeclared');
    expect(s.namespaces.find((n) => n.name === 'y')?.labels).toEqual({ team: 'red', [NAMESPACE_NAME_LABEL]: 'y' });
  });

  it('the name label always equals the namespace name, whatever a manifest sets', () => {
    const s = new SnapshotBuilder()
      .namespace('x', { [NAMESPACE_NAME_LABEL]: 'spoofed' })
      .pod('x', 'a', { ip: '10.0.0.1' })
      .pod('x', 'server', { labels: { app: 'server' }, ip: '10.0.0.10' })
      .policy('x', 'p', from({ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: 'x' } } }))
      .build();
    expect(allowed(s, 'x/a', 'x/server', 80)).toBe(true);
  });

  it('a namespace the index never saw still matches by its name label', () => {
    const index = new PolicyIndex({ namespaces: [], policies: [] }, DEFAULT_OPTIONS);
    expect(index.namespaceLabels('ghost')).toEqual({ [NAMESPACE_NAME_LABEL]: 'ghost' });
  });
});

describe('ipBlock', () => {
  const withPolicy = (spec: object) =>
    new SnapshotBuilder()
      .pod('x', 'server', { labels: { app: 'server' }, ips: ['10.0.0.10', 'fd00::10'] })
      .policy('x', 'p', { podSelector: { matchLabels: { app: 'server' } }, ingress: [spec] })
      .build();

  it('ipBlock admits addresses in cidr and not in except (IPv4)', () => {
    const s = withPolicy({ from: [{ ipBlock: { cidr: '172.17.0.0/16', except: ['172.17.1.0/24'] } }] });
    expect(allowed(s, 'ip:172.17.0.255', 'x/server', 80)).toBe(true);
    expect(allowed(s, 'ip:172.17.2.0', 'x/server', 80)).toBe(true);
    expect(allowed(s, 'ip:172.17.1.0', 'x/server', 80)).toBe(false);
    expect(allowed(s, 'ip:172.17.1.255', 'x/server', 80)).toBe(false);
    expect(allowed(s, 'ip:172.18.0.1', 'x/server', 80)).toBe(false);
  });

  it('ipBlock admits addresses in cidr and not in except (IPv6), and never an IPv4 address', () => {
    const s = withPolicy({ from: [{ ipBlock: { cidr: '2001:db8::/32', except: ['2001:db8:1::/48'] } }] });
    expect(allowed(s, 'ip:2001:db8::1', 'x/server', 80)).toBe(true);
    expect(allowed(s, 'ip:2001:db8:2::1', 'x/server', 80)).toBe(true);
    expect(allowed(s, 'ip:2001:db8:1::1', 'x/server', 80)).toBe(false);
    expect(allowed(s, 'ip:2001:db9::1', 'x/server', 80)).toBe(false);
    expect(allowed(s, 'ip:32.1.13.184', 'x/server', 80)).toBe(false);
  });

  it('except removes addresses only from its own peer: another peer can still admit them', () => {
    const s = withPolicy({
      from: [{ ipBlock: { cidr: '172.17.0.0/16', except: ['172.17.1.0/24'] } }, { ipBlock: { cidr: '172.17.1.0/28' } }],
    });
    expect(allowed(s, 'ip:172.17.1.5', 'x/server', 80)).toBe(true);
    expect(allowed(s, 'ip:172.17.1.100', 'x/server', 80)).toBe(false);
    const m = policed(connect(s, 'ip:172.17.1.5', 'x/server').ingress).matches;
    expect(m.map((x) => x.peer)).toEqual([1]);
  });

  it('except in one policy does not remove addresses another policy admits', () => {
    const s = new SnapshotBuilder()
      .pod('x', 'server', { ip: '10.0.0.10' })
      .policy('x', 'p1', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['192.168.0.0/16'] } }] }] })
      .policy('x', 'p2', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '192.168.5.0/24' } }] }] })
      .build();
    expect(allowed(s, 'ip:192.168.5.5', 'x/server', 80)).toBe(true);
    expect(allowed(s, 'ip:192.168.6.5', 'x/server', 80)).toBe(false);
    expect(allowed(s, 'ip:8.8.8.8', 'x/server', 80)).toBe(true);
  });

  it('ipBlock cidr with host bits set covers its whole block', () => {
    const s = withPolicy({ from: [{ ipBlock: { cidr: '192.168.1.77/24' } }] });
    expect(allowed(s, 'ip:192.168.1.1', 'x/server', 80)).toBe(true);
    expect(allowed(s, 'ip:192.168.2.1', 'x/server', 80)).toBe(false);
  });

  it('ipBlock matches pod IPs by default', () => {
    const s = new SnapshotBuilder()
      .pod('y', 'client', { ip: '10.1.0.5' })
      .pod('x', 'server', { ip: '10.0.0.10' })
      .policy('x', 'p', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.1.0.0/16' } }] }] })
      .build();
    expect(allowed(s, 'y/client', 'x/server', 80)).toBe(true);
  });

  it('ipBlock matches a dual-stack pod by its address of the family the connection uses', () => {
    const s = new SnapshotBuilder()
      .pod('y', 'client', { ips: ['10.1.0.5', 'fd00:1::5'] })
      .pod('x', 'server', { ips: ['10.0.0.10', 'fd00::10'] })
      .policy('x', 'p', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: 'fd00:1::/64' } }] }] })
      .build();
    expect(allowed(s, 'y/client', 'x/server', 80)).toBe(true);
  });

  it('an ipBlock of the other family does not admit a connection the destination cannot receive over it', () => {
    // The server has no IPv6 address: the connection runs over IPv4, where 10.1.0.5 is not in fd00:1::/64.
    const s = new SnapshotBuilder()
      .pod('y', 'client', { ips: ['10.1.0.5', 'fd00:1::5'] })
      .pod('x', 'server', { ip: '10.0.0.10' })
      .policy('x', 'p', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: 'fd00:1::/64' } }] }] })
      .build();
    expect(allowed(s, 'y/client', 'x/server', 80)).toBe(false);
  });

  it('ipBlock does not match pod IPs with {ipBlockMatchesPods: false}', () => {
    const s = new SnapshotBuilder()
      .pod('y', 'client', { ip: '10.1.0.5' })
      .pod('x', 'server', { ip: '10.0.0.10' })
      .policy('x', 'p', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.1.0.0/16' } }] }] })
      .build();
    expect(allowed(s, 'y/client', 'x/server', 80, 'TCP', { ipBlockMatchesPods: false })).toBe(false);
    expect(allowed(s, 'ip:10.1.0.5', 'x/server', 80, 'TCP', { ipBlockMatchesPods: false })).toBe(true);
  });

  it('an egress ipBlock matches the destination pod IP by default and not with {ipBlockMatchesPods: false}', () => {
    const s = new SnapshotBuilder()
      .pod('x', 'client', { ip: '10.0.0.1' })
      .pod('y', 'server', { ip: '10.1.0.5' })
      .policy('x', 'p', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.1.0.0/16' } }] }] })
      .build();
    expect(allowed(s, 'x/client', 'y/server', 80)).toBe(true);
    expect(allowed(s, 'x/client', 'y/server', 80, 'TCP', { ipBlockMatchesPods: false })).toBe(false);
  });

  it('a pod without an IP is never matched by an ipBlock, even 0.0.0.0/0', () => {
    const s = new SnapshotBuilder()
      .pod('y', 'client', {})
      .pod('x', 'server', { ip: '10.0.0.10' })
      .policy('x', 'p', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }, { ipBlock: { cidr: '::/0' } }] }] })
      .build();
    expect(allowed(s, 'y/client', 'x/server', 80)).toBe(false);
  });
});

describe('ports', () => {
  const ingressPorts = (ports: object[], serverPorts: { name?: string; port: number; protocol: 'TCP' | 'UDP' | 'SCTP' }[] = []) =>
    new SnapshotBuilder()
      .pod('x', 'server', { ip: '10.0.0.10', ports: serverPorts })
      .policy('x', 'p', { podSelector: {}, ingress: [{ ports }] })
      .build();
  const client = 'ip:203.0.113.1';

  it('a port without protocol defaults to TCP', () => {
    const s = ingressPorts([{ port: 80 }]);
    expect(s.policies[0]!.ingress[0]!.ports).toEqual([{ protocol: 'TCP', port: 80 }]);
    expect(allowed(s, client, 'x/server', 80, 'TCP')).toBe(true);
    expect(allowed(s, client, 'x/server', 80, 'UDP')).toBe(false);
    expect(allowed(s, client, 'x/server', 80, 'SCTP')).toBe(false);
  });

  it('a numeric port admits exactly that port', () => {
    const s = ingressPorts([{ protocol: 'TCP', port: 8080 }]);
    expect(connect(s, client, 'x/server').allowed.equals(PortSet.range('TCP', 8080))).toBe(true);
  });

  it('a named port resolves on the destination pod, by name and protocol (ingress)', () => {
    const s = ingressPorts([{ port: 'http' }], [
      { name: 'http', port: 8080, protocol: 'TCP' },
      { name: 'metrics', port: 9090, protocol: 'TCP' },
    ]);
    expect(allowed(s, client, 'x/server', 8080)).toBe(true);
    expect(allowed(s, client, 'x/server', 9090)).toBe(false);
    expect(allowed(s, client, 'x/server', 80)).toBe(false);
  });

  it('a named port must match the container port protocol too', () => {
    const s = ingressPorts([{ port: 'dns' }], [{ name: 'dns', port: 53, protocol: 'UDP' }]);
    expect(allowed(s, client, 'x/server', 53, 'TCP')).toBe(false);
    expect(allowed(s, client, 'x/server', 53, 'UDP')).toBe(false);
    const udp = ingressPorts([{ port: 'dns', protocol: 'UDP' }], [{ name: 'dns', port: 53, protocol: 'UDP' }]);
    expect(allowed(udp, client, 'x/server', 53, 'UDP')).toBe(true);
    expect(allowed(udp, client, 'x/server', 53, 'TCP')).toBe(false);
  });

  it('a named port resolves on the destination pod for egress, per destination pod', () => {
    const s = new SnapshotBuilder()
      .pod('x', 'client', { labels: { app: 'client' }, ip: '10.0.0.1', ports: [{ name: 'http', port: 7777, protocol: 'TCP' }] })
      .pod('y', 'b', { ip: '10.1.0.2', ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] })
      .pod('y', 'c', { ip: '10.1.0.3', ports: [{ name: 'http', port: 9090, protocol: 'TCP' }] })
      .policy('x', 'p', { podSelector: { matchLabels: { app: 'client' } }, policyTypes: ['Egress'], egress: [{ ports: [{ port: 'http' }] }] })
      .build();
    expect(connect(s, 'x/client', 'y/b').allowed.equals(PortSet.range('TCP', 8080))).toBe(true);
    expect(connect(s, 'x/client', 'y/c').allowed.equals(PortSet.range('TCP', 9090))).toBe(true);
    // Never the source's own port of that name.
    expect(allowed(s, 'x/client', 'y/b', 7777)).toBe(false);
  });

  it('a named port resolves on the egress destination by protocol too', () => {
    const s = new SnapshotBuilder()
      .pod('x', 'client', { ip: '10.0.0.1' })
      .pod('y', 'udp', { ip: '10.1.0.2', ports: [{ name: 'http', port: 8080, protocol: 'UDP' }] })
      .policy('x', 'p', { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 'http' }] }] })
      .build();
    expect(connect(s, 'x/client', 'y/udp').allowed.isEmpty()).toBe(true);
  });

  it('a named port resolves per destination pod on ingress (same name, different numbers)', () => {
    const s = new SnapshotBuilder()
      .pod('x', 'one', { ip: '10.0.0.1', ports: [{ name: 'web', port: 8080, protocol: 'TCP' }] })
      .pod('x', 'two', { ip: '10.0.0.2', ports: [{ name: 'web', port: 9090, protocol: 'TCP' }] })
      .policy('x', 'p', { podSelector: {}, ingress: [{ ports: [{ port: 'web' }] }] })
      .build();
    expect(allowed(s, client, 'x/one', 8080)).toBe(true);
    expect(allowed(s, client, 'x/one', 9090)).toBe(false);
    expect(allowed(s, client, 'x/two', 9090)).toBe(true);
    expect(allowed(s, client, 'x/two', 8080)).toBe(false);
  });

  it('a named port the destination does not declare matches nothing', () => {
    const s = ingressPorts([{ port: 'http' }], [{ name: 'web', port: 8080, protocol: 'TCP' }]);
    const c = connect(s, client, 'x/server');
    expect(c.allowed.isEmpty()).toBe(true);
    expect(policed(c.ingress).matches).toEqual([]);
  });

  it('a named port to an address destination allows nothing', () => {
    const s = new SnapshotBuilder()
      .pod('x', 'client', { ip: '10.0.0.1', ports: [{ name: 'http', port: 80, protocol: 'TCP' }] })
      .policy('x', 'p', { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 'http' }] }] })
      .build();
    expect(connect(s, 'x/client', 'ip:203.0.113.1').allowed.isEmpty()).toBe(true);
  });

  it('endPort admits the inclusive range port..endPort', () => {
    const s = ingressPorts([{ protocol: 'TCP', port: 32000, endPort: 32768 }]);
    expect(allowed(s, client, 'x/server', 32000)).toBe(true);
    expect(allowed(s, client, 'x/server', 32400)).toBe(true);
    expect(allowed(s, client, 'x/server', 32768)).toBe(true);
    expect(allowed(s, client, 'x/server', 31999)).toBe(false);
    expect(allowed(s, client, 'x/server', 32769)).toBe(false);
  });

  it('a rule without ports admits every port of every protocol', () => {
    const s = new SnapshotBuilder()
      .pod('x', 'server', { ip: '10.0.0.10' })
      .policy('x', 'p', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '203.0.113.0/24' } }] }] })
      .build();
    expect(connect(s, client, 'x/server').allowed.isAll()).toBe(true);
  });

  it('a rule with `ports: []` admits every port too', () => {
    const s = ingressPorts([]);
    expect(connect(s, client, 'x/server').allowed.isAll()).toBe(true);
  });

  it('a protocol without a port admits every port of that protocol only', () => {
    const s = ingressPorts([{ protocol: 'UDP' }]);
    expect(connect(s, client, 'x/server').allowed.equals(PortSet.protocol('UDP'))).toBe(true);
  });

  it('a UDP-only or SCTP-only allow never allows TCP', () => {
    const udp = ingressPorts([{ protocol: 'UDP', port: 53 }]);
    expect(allowed(udp, client, 'x/server', 53, 'UDP')).toBe(true);
    expect(allowed(udp, client, 'x/server', 53, 'TCP')).toBe(false);
    const sctp = ingressPorts([{ protocol: 'SCTP', port: 9000 }]);
    expect(allowed(sctp, client, 'x/server', 9000, 'SCTP')).toBe(true);
    expect(allowed(sctp, client, 'x/server', 9000, 'TCP')).toBe(false);
    expect(connect(sctp, client, 'x/server').allowed.protocols()).toEqual(['SCTP']);
  });

  it('several port entries in one rule are unioned', () => {
    const s = ingressPorts([{ port: 80 }, { protocol: 'UDP', port: 53 }]);
    expect(connect(s, client, 'x/server').allowed.equals(PortSet.range('TCP', 80).union(PortSet.range('UDP', 53)))).toBe(true);
  });

  it('a port entry with an unsupported protocol admits nothing', () => {
    const s = ingressPorts([{ protocol: 'ICMP', port: 80 }]);
    expect(connect(s, client, 'x/server').allowed.isEmpty()).toBe(true);
  });

  it('ports and peers of one rule are ANDed', () => {
    const s = new SnapshotBuilder()
      .pod('x', 'server', { ip: '10.0.0.10' })
      .policy('x', 'p', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '203.0.113.0/24' } }], ports: [{ port: 80 }] }] })
      .build();
    expect(allowed(s, 'ip:203.0.113.1', 'x/server', 80)).toBe(true);
    expect(allowed(s, 'ip:203.0.113.1', 'x/server', 81)).toBe(false);
    expect(allowed(s, 'ip:198.51.100.1', 'x/server', 80)).toBe(false);
  });
});

describe('hostNetwork, node traffic, pod phases', () => {
  it('hostNetwork pods are never selected by a policy podSelector (their traffic is not isolated)', () => {
    const s = new SnapshotBuilder()
      .pod('x', 'host', { hostNetwork: true, ip: '192.168.1.10', hostIP: '192.168.1.10' })
      .policy('x', 'deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] })
      .build();
    expect(isolatingPolicies(findPod(s, 'x/host'), 'ingress', new PolicyIndex(s))).toEqual([]);
    const inbound = connect(s, 'ip:203.0.113.1', 'x/host');
    expect(inbound.ingress).toEqual({ kind: 'exempt', direction: 'ingress', reason: 'host-network' });
    expect(inbound.allowed.isAll()).toBe(true);
    const outbound = connect(s, 'x/host', 'ip:203.0.113.1');
    expect(outbound.egress).toEqual({ kind: 'exempt', direction: 'egress', reason: 'host-network' });
    expect(outbound.allowed.isAll()).toBe(true);
  });

  it('hostNetwork pods are not matched by pod or namespace selectors in peers', () => {
    const s = new SnapshotBuilder()
      .pod('x', 'host', { labels: { app: 'agent' }, hostNetwork: true, ip: '192.168.1.10', hostIP: '192.168.1.10' })
      .pod('x', 'server', { ip: '10.0.0.10', hostIP: '192.168.1.20' })
      .policy('x', 'p', { podSelector: {}, ingress: [{ from: [{ podSelector: {} }, { namespaceSelector: {} }, { podSelector: { matchLabels: { app: 'agent' } } }] }] })
      .build();
    expect(allowed(s, 'x/host', 'x/server', 80)).toBe(false);
  });

  it('hostNetwork pods are matched by an ipBlock of their node address, even with {ipBlockMatchesPods: false}', () => {
    const s = new SnapshotBuilder()
      .pod('x', 'host', { hostNetwork: true, hostIP: '192.168.1.10' })
      .pod('x', 'server', { ip: '10.0.0.10', hostIP: '192.168.1.20' })
      .policy('x', 'p', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '192.168.1.10/32' } }] }] })
      .build();
    expect(allowed(s, 'x/host', 'x/server', 80)).toBe(true);
    expect(allowed(s, 'x/host', 'x/server', 80, 'TCP', { ipBlockMatchesPods: false })).toBe(true);
  });

  it('a hostNetwork destination is reached by egress only through an ipBlock of its node address', () => {
    const build = (to: object[]) =>
      new SnapshotBuilder()
        .pod('x', 'client', { ip: '10.0.0.1', hostIP: '192.168.1.20' })
        .pod('x', 'host', { labels: { app: 'agent' }, hostNetwork: true, ip: '192.168.1.10', hostIP: '192.168.1.10' })
        .policy('x', 'p', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to }] })
        .build();
    const selectors = build([{ podSelector: {} }, { namespaceSelector: {} }, { podSelector: { matchLabels: { app: 'agent' } } }]);
    expect(allowed(selectors, 'x/client', 'x/host', 80)).toBe(false);
    const block = build([{ ipBlock: { cidr: '192.168.1.10/32' } }]);
    expect(allowed(block, 'x/client', 'x/host', 80)).toBe(true);
    expect(allowed(block, 'x/client', 'x/host', 80, 'TCP', { ipBlockMatchesPods: false })).toBe(true);
  });

  it('ingress from the destination pod own node (source address == hostIP) is always allowed', () => {
    const s = new SnapshotBuilder()
      .pod('x', 'server', { ip: '10.0.0.10', hostIP: '192.168.1.20' })
      .policy('x', 'deny', { podSelector: {}, policyTypes: ['Ingress'] })
      .build();
    const c = connect(s, 'ip:192.168.1.20', 'x/server');
    expect(c.ingress).toEqual({ kind: 'exempt', direction: 'ingress', reason: 'own-node' });
    expect(c.allowed.isAll()).toBe(true);
    expect(allowed(s, 'ip:192.168.1.21', 'x/server', 80)).toBe(false);
  });

  it('a hostNetwork pod on the same node reaches an isolated pod; one on another node does not', () => {
    const s = new SnapshotBuilder()
      .pod('kube-system', 'agent-1', { hostNetwork: true, ip: '192.168.1.20', hostIP: '192.168.1.20' })
      .pod('kube-system', 'agent-2', { hostNetwork: true, ip: '192.168.1.21', hostIP: '192.168.1.21' })
      .pod('x', 'server', { ip: '10.0.0.10', hostIP: '192.168.1.20' })
      .policy('x', 'deny', { podSelector: {}, policyTypes: ['Ingress'] })
      .build();
    expect(allowed(s, 'kube-system/agent-1', 'x/server', 80)).toBe(true);
    expect(allowed(s, 'kube-system/agent-2', 'x/server', 80)).toBe(false);
  });

  it('Succeeded and Failed pods are not selected by policies', () => {
    const s = new SnapshotBuilder()
      .pod('x', 'done', { phase: 'Succeeded', ip: '10.0.0.1' })
      .pod('x', 'failed', { phase: 'Failed', ip: '10.0.0.2' })
      .pod('x', 'running', { phase: 'Running', ip: '10.0.0.3' })
      .pod('x', 'pending', { phase: 'Pending', ip: '10.0.0.4' })
      .policy('x', 'deny', { podSelector: {}, policyTypes: ['Ingress'] })
      .build();
    const index = new PolicyIndex(s);
    expect(isolatingPolicies(findPod(s, 'x/done'), 'ingress', index)).toEqual([]);
    expect(isolatingPolicies(findPod(s, 'x/failed'), 'ingress', index)).toEqual([]);
    expect(isolatingPolicies(findPod(s, 'x/running'), 'ingress', index).map((p) => p.ref.name)).toEqual(['deny']);
    expect(isolatingPolicies(findPod(s, 'x/pending'), 'ingress', index).map((p) => p.ref.name)).toEqual(['deny']);
  });

  it('Succeeded and Failed pods are not matched by peer selectors', () => {
    const s = new SnapshotBuilder()
      .pod('x', 'done', { labels: { role: 'client' }, phase: 'Succeeded', ip: '10.0.0.1' })
      .pod('x', 'failed', { labels: { role: 'client' }, phase: 'Failed', ip: '10.0.0.2' })
      .pod('x', 'live', { labels: { role: 'client' }, ip: '10.0.0.3' })
      .pod('x', 'server', { labels: { app: 'server' }, ip: '10.0.0.10' })
      .policy('x', 'p', { podSelector: { matchLabels: { app: 'server' } }, ingress: [{ from: [{ podSelector: { matchLabels: { role: 'client' } } }] }] })
      .build();
    const index = new PolicyIndex(s);
    const server = findPod(s, 'x/server');
    for (const name of ['x/done', 'x/failed']) {
      expect(judgeSide(server, 'ingress', podEndpoint(findPod(s, name)), index).matches, name).toEqual([]);
    }
    expect(judgeSide(server, 'ingress', podEndpoint(findPod(s, 'x/live')), index).matches).toHaveLength(1);
  });

  it('a selected pod without an IP is still isolated', () => {
    const s = new SnapshotBuilder()
      .pod('x', 'pending', { phase: 'Pending' })
      .pod('x', 'client', { ip: '10.0.0.1' })
      .policy('x', 'deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] })
      .build();
    expect(policed(connect(s, 'ip:203.0.113.1', 'x/pending').ingress).isolatedBy).toEqual([{ namespace: 'x', name: 'deny' }]);
    expect(allowed(s, 'ip:203.0.113.1', 'x/pending', 80)).toBe(false);
    expect(allowed(s, 'x/pending', 'ip:203.0.113.1', 80)).toBe(false);
  });

  it('a pod without an IP is still matched by label selectors', () => {
    const s = new SnapshotBuilder()
      .pod('x', 'client', { labels: { role: 'client' } })
      .pod('x', 'server', { ip: '10.0.0.10' })
      .policy('x', 'p', { podSelector: {}, ingress: [{ from: [{ podSelector: { matchLabels: { role: 'client' } } }] }] })
      .build();
    expect(allowed(s, 'x/client', 'x/server', 80)).toBe(true);
  });

  it('a pod can always reach itself', () => {
    const s = new SnapshotBuilder()
      .pod('x', 'a', { ip: '10.0.0.1' })
      .policy('x', 'deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] })
      .build();
    const c = connect(s, 'x/a', 'x/a');
    expect(c.self).toBe(true);
    expect(c.allowed.isAll()).toBe(true);
    expect(connect(s, 'ip:203.0.113.1', 'x/a').self).toBe(false);
  });
});

describe('explanations', () => {
  const s = new SnapshotBuilder()
    .pod('x', 'client', { labels: { role: 'client' }, ip: '10.0.0.1' })
    .pod('x', 'server', { labels: { app: 'server' }, ip: '10.0.0.10', ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] })
    .policy('x', 'deny', { podSelector: {} })
    .policy('x', 'allow', {
      podSelector: { matchLabels: { app: 'server' } },
      ingress: [
        { from: [{ ipBlock: { cidr: '198.51.100.0/24' } }] },
        { from: [{ namespaceSelector: { matchLabels: { team: 'none' } } }, { podSelector: { matchLabels: { role: 'client' } } }], ports: [{ port: 'http' }, { port: 9000 }] },
        { ports: [{ protocol: 'UDP', port: 53 }] },
      ],
    })
    .build();

  it('isolatedBy lists every policy that selects the pod for that direction, in input order', () => {
    const side = policed(connect(s, 'x/client', 'x/server').ingress);
    expect(side.kind).toBe('policed');
    expect(side.direction).toBe('ingress');
    expect(side.pod.name).toBe('server');
    expect(side.isolatedBy).toEqual([
      { namespace: 'x', name: 'deny' },
      { namespace: 'x', name: 'allow' },
    ]);
  });

  it('each RuleMatch names the policy, direction, rule index, peer index and resolved ports', () => {
    const side = policed(connect(s, 'x/client', 'x/server').ingress);
    expect(side.matches).toHaveLength(2);
    const [m1, m2] = side.matches;
    expect(m1!.policy).toEqual({ namespace: 'x', name: 'allow' });
    expect(m1!.direction).toBe('ingress');
    expect(m1!.rule).toBe(1);
    expect(m1!.peer).toBe(1);
    expect(m1!.ports.equals(PortSet.range('TCP', 8080).union(PortSet.range('TCP', 9000)))).toBe(true);
    expect(m1!.portEntries).not.toBe('all');
    const entries = m1!.portEntries as readonly { index: number; ports: PortSet }[];
    expect(entries.map((e) => e.index)).toEqual([0, 1]);
    expect(entries[0]!.ports.equals(PortSet.range('TCP', 8080))).toBe(true);
    expect(entries[1]!.ports.equals(PortSet.range('TCP', 9000))).toBe(true);
    expect(m2!.rule).toBe(2);
    expect(m2!.peer).toBe('all');
    expect(m2!.ports.equals(PortSet.range('UDP', 53))).toBe(true);
    expect(side.allowed.equals(m1!.ports.union(m2!.ports))).toBe(true);
  });

  it('a rule without ports reports portEntries `all`', () => {
    const side = policed(connect(s, 'ip:198.51.100.7', 'x/server').ingress);
    const m = side.matches.find((x) => x.rule === 0)!;
    expect(m.peer).toBe(0);
    expect(m.portEntries).toBe('all');
    expect(m.ports.isAll()).toBe(true);
  });

  it('matchesFor picks the matches that admit one port', () => {
    const c = connect(s, 'x/client', 'x/server');
    expect(matchesFor(c.ingress, 'TCP', 8080).map((m) => m.rule)).toEqual([1]);
    expect(matchesFor(c.ingress, 'UDP', 53).map((m) => m.rule)).toEqual([2]);
    expect(matchesFor(c.ingress, 'TCP', 80)).toEqual([]);
    expect(matchesFor(c.egress, 'TCP', 80)).toEqual([]);
  });

  it('egress matches carry direction egress', () => {
    const e = new SnapshotBuilder()
      .pod('x', 'a', { ip: '10.0.0.1' })
      .policy('x', 'out', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] })
      .build();
    const side = policed(connect(e, 'x/a', 'ip:1.1.1.1').egress);
    expect(side.matches.map((m) => [m.policy.name, m.direction, m.rule, m.peer])).toEqual([['out', 'egress', 0, 0]]);
  });
});
