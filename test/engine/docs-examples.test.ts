// The examples of the Kubernetes documentation's "Network Policies" concepts page, with the behaviour
// the page describes for each, checked through the real normalizer and engine.
import { describe, expect, it } from 'vitest';
import { SnapshotBuilder } from '../fixtures/builder.js';
import { allowed, connect } from '../fixtures/reach.js';
import { PortSet } from '../../src/engine/sets/port-set.js';

const EXTERNAL = 'ip:203.0.113.50';

describe('the test-network-policy example', () => {
  // Pods: role=db in default (the target), role=frontend in default and in another namespace, any
  // pod in a project=myproject namespace, and plain pods.
  const cluster = () =>
    new SnapshotBuilder()
      .namespace('default')
      .namespace('myproject', { project: 'myproject' })
      .namespace('other', { project: 'other' })
      .pod('default', 'db', { labels: { role: 'db' }, ip: '10.244.0.10' })
      .pod('default', 'frontend', { labels: { role: 'frontend' }, ip: '10.244.0.11' })
      .pod('default', 'backend', { labels: { role: 'backend' }, ip: '10.244.0.12' })
      .pod('myproject', 'anything', { labels: { role: 'whatever' }, ip: '10.244.1.10' })
      .pod('other', 'frontend', { labels: { role: 'frontend' }, ip: '10.244.2.10' })
      .policy('default', 'test-network-policy', {
        podSelector: { matchLabels: { role: 'db' } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          {
            from: [
              { ipBlock: { cidr: '172.17.0.0/16', except: ['172.17.1.0/24'] } },
              { namespaceSelector: { matchLabels: { project: 'myproject' } } },
              { podSelector: { matchLabels: { role: 'frontend' } } },
            ],
            ports: [{ protocol: 'TCP', port: 6379 }],
          },
        ],
        egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/24' } }], ports: [{ protocol: 'TCP', port: 5978 }] }],
      })
      .build();

  it('isolates role=db pods in default for ingress and egress', () => {
    const s = cluster();
    const c = connect(s, 'default/backend', 'default/db');
    expect(c.ingress.kind === 'policed' && c.ingress.isolatedBy.map((p) => p.name)).toEqual(['test-network-policy']);
    expect(allowed(s, 'default/backend', 'default/db', 6379)).toBe(false);
    expect(allowed(s, 'default/db', 'default/backend', 80)).toBe(false);
  });

  it('admits TCP 6379 from role=frontend pods of default', () => {
    const s = cluster();
    expect(allowed(s, 'default/frontend', 'default/db', 6379)).toBe(true);
    expect(allowed(s, 'default/frontend', 'default/db', 6380)).toBe(false);
    expect(allowed(s, 'default/frontend', 'default/db', 6379, 'UDP')).toBe(false);
  });

  it('admits TCP 6379 from any pod in a namespace labelled project=myproject', () => {
    const s = cluster();
    expect(allowed(s, 'myproject/anything', 'default/db', 6379)).toBe(true);
  });

  it('does not admit role=frontend pods of other namespaces (the podSelector peer is local)', () => {
    expect(allowed(cluster(), 'other/frontend', 'default/db', 6379)).toBe(false);
  });

  it('admits 172.17.0.0–172.17.0.255 and 172.17.2.0–172.17.255.255, not 172.17.1.0/24', () => {
    const s = cluster();
    for (const a of ['172.17.0.0', '172.17.0.255', '172.17.2.0', '172.17.255.255']) expect(allowed(s, `ip:${a}`, 'default/db', 6379), a).toBe(true);
    for (const a of ['172.17.1.0', '172.17.1.128', '172.17.1.255', '172.16.255.255', '172.18.0.0']) {
      expect(allowed(s, `ip:${a}`, 'default/db', 6379), a).toBe(false);
    }
  });

  it('allows egress from role=db to 10.0.0.0/24 on TCP 5978 only', () => {
    const s = cluster();
    expect(allowed(s, 'default/db', 'ip:10.0.0.1', 5978)).toBe(true);
    expect(allowed(s, 'default/db', 'ip:10.0.0.255', 5978)).toBe(true);
    expect(allowed(s, 'default/db', 'ip:10.0.1.0', 5978)).toBe(false);
    expect(allowed(s, 'default/db', 'ip:10.0.0.1', 5979)).toBe(false);
    expect(connect(s, 'default/db', 'ip:10.0.0.1').allowed.equals(PortSet.range('TCP', 5978))).toBe(true);
  });

  it('leaves pods it does not select alone', () => {
    const s = cluster();
    expect(connect(s, EXTERNAL, 'default/backend').allowed.isAll()).toBe(true);
    expect(connect(s, 'default/backend', EXTERNAL).allowed.isAll()).toBe(true);
  });
});

describe('default policies', () => {
  const twoPods = () =>
    new SnapshotBuilder()
      .namespace('default')
      .pod('default', 'a', { labels: { app: 'a' }, ip: '10.244.0.1' })
      .pod('default', 'b', { labels: { app: 'b' }, ip: '10.244.0.2' })
      .pod('elsewhere', 'c', { ip: '10.244.9.1' });

  it('default deny all ingress: selects every pod, isolates ingress, leaves egress open', () => {
    const s = twoPods().policy('default', 'default-deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] }).build();
    expect(allowed(s, 'default/a', 'default/b', 80)).toBe(false);
    expect(allowed(s, EXTERNAL, 'default/a', 80)).toBe(false);
    expect(allowed(s, 'default/a', 'elsewhere/c', 80)).toBe(true);
    expect(allowed(s, 'default/a', EXTERNAL, 80)).toBe(true);
    expect(allowed(s, 'elsewhere/c', EXTERNAL, 80)).toBe(true);
  });

  it('allow all ingress: every incoming connection is admitted even with a deny-all alongside', () => {
    const s = twoPods()
      .policy('default', 'default-deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] })
      .policy('default', 'allow-all-ingress', { podSelector: {}, ingress: [{}], policyTypes: ['Ingress'] })
      .build();
    expect(connect(s, 'default/a', 'default/b').allowed.isAll()).toBe(true);
    expect(connect(s, EXTERNAL, 'default/b').allowed.isAll()).toBe(true);
    expect(connect(s, 'elsewhere/c', 'default/b').allowed.isAll()).toBe(true);
  });

  it('default deny all egress: selects every pod, isolates egress, leaves ingress open', () => {
    const s = twoPods().policy('default', 'default-deny-egress', { podSelector: {}, policyTypes: ['Egress'] }).build();
    expect(allowed(s, 'default/a', 'default/b', 80)).toBe(false);
    expect(allowed(s, 'default/a', EXTERNAL, 53, 'UDP')).toBe(false);
    expect(allowed(s, EXTERNAL, 'default/a', 80)).toBe(true);
    expect(allowed(s, 'elsewhere/c', 'default/a', 80)).toBe(true);
  });

  it('allow all egress: every outgoing connection is allowed even with a deny-all alongside', () => {
    const s = twoPods()
      .policy('default', 'default-deny-egress', { podSelector: {}, policyTypes: ['Egress'] })
      .policy('default', 'allow-all-egress', { podSelector: {}, egress: [{}], policyTypes: ['Egress'] })
      .build();
    expect(connect(s, 'default/a', EXTERNAL).allowed.isAll()).toBe(true);
    expect(connect(s, 'default/a', 'elsewhere/c').allowed.isAll()).toBe(true);
  });

  it('default deny all ingress and all egress', () => {
    const s = twoPods().policy('default', 'default-deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }).build();
    expect(connect(s, 'default/a', 'default/b').allowed.isEmpty()).toBe(true);
    expect(connect(s, 'default/a', EXTERNAL).allowed.isEmpty()).toBe(true);
    expect(connect(s, EXTERNAL, 'default/a').allowed.isEmpty()).toBe(true);
    expect(connect(s, 'elsewhere/c', 'default/a').allowed.isEmpty()).toBe(true);
    expect(connect(s, 'default/a', 'elsewhere/c').allowed.isEmpty()).toBe(true);
    // Untouched namespace.
    expect(connect(s, 'elsewhere/c', EXTERNAL).allowed.isAll()).toBe(true);
  });
});

describe('targeting a range of ports (endPort)', () => {
  const s = new SnapshotBuilder()
    .pod('default', 'db', { labels: { role: 'db' }, ip: '10.244.0.10' })
    .policy('default', 'multi-port-egress', {
      podSelector: { matchLabels: { role: 'db' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/24' } }], ports: [{ protocol: 'TCP', port: 32000, endPort: 32768 }] }],
    })
    .build();

  it('allows egress to 10.0.0.0/24 on TCP 32000 through 32768 inclusive', () => {
    expect(connect(s, 'default/db', 'ip:10.0.0.7').allowed.equals(PortSet.range('TCP', 32000, 32768))).toBe(true);
    expect(allowed(s, 'default/db', 'ip:10.0.0.7', 32000)).toBe(true);
    expect(allowed(s, 'default/db', 'ip:10.0.0.7', 32768)).toBe(true);
    expect(allowed(s, 'default/db', 'ip:10.0.0.7', 31999)).toBe(false);
    expect(allowed(s, 'default/db', 'ip:10.0.0.7', 32769)).toBe(false);
  });

  it('allows nothing outside 10.0.0.0/24', () => {
    expect(connect(s, 'default/db', 'ip:10.0.1.7').allowed.isEmpty()).toBe(true);
  });
});

describe('targeting multiple namespaces by label, and one by name', () => {
  it('kubernetes.io/metadata.name selects a namespace by its name', () => {
    const s = new SnapshotBuilder()
      .namespace('prod')
      .namespace('monitoring')
      .pod('prod', 'api', { labels: { app: 'api' }, ip: '10.244.0.10' })
      .pod('monitoring', 'prometheus', { ip: '10.244.1.10' })
      .pod('prod', 'worker', { ip: '10.244.0.11' })
      .pod('staging', 'prometheus', { ip: '10.244.2.10' })
      .policy('prod', 'allow-monitoring', {
        podSelector: { matchLabels: { app: 'api' } },
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }] }],
      })
      .build();
    expect(allowed(s, 'monitoring/prometheus', 'prod/api', 9090)).toBe(true);
    expect(allowed(s, 'staging/prometheus', 'prod/api', 9090)).toBe(false);
    expect(allowed(s, 'prod/worker', 'prod/api', 9090)).toBe(false);
  });

  it('a namespaceSelector with matchExpressions In selects several namespaces by name', () => {
    const s = new SnapshotBuilder()
      .pod('a', 'p', { ip: '10.244.0.1' })
      .pod('b', 'p', { ip: '10.244.0.2' })
      .pod('c', 'p', { ip: '10.244.0.3' })
      .pod('t', 'server', { ip: '10.244.0.9' })
      .policy('t', 'p', {
        podSelector: {},
        ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['a', 'b'] }] } }] }],
      })
      .build();
    expect(['a/p', 'b/p', 'c/p'].filter((p) => allowed(s, p, 't/server', 80))).toEqual(['a/p', 'b/p']);
  });
});

describe('behaviour of to and from selectors: AND versus OR', () => {
  const cluster = () =>
    new SnapshotBuilder()
      .namespace('default')
      .namespace('alice', { user: 'alice' })
      .namespace('bob', { user: 'bob' })
      .pod('default', 'server', { labels: { app: 'server' }, ip: '10.244.0.10' })
      .pod('default', 'client', { labels: { role: 'client' }, ip: '10.244.0.11' })
      .pod('alice', 'client', { labels: { role: 'client' }, ip: '10.244.1.11' })
      .pod('alice', 'other', { labels: { role: 'other' }, ip: '10.244.1.12' })
      .pod('bob', 'client', { labels: { role: 'client' }, ip: '10.244.2.11' });
  const sources = ['default/client', 'alice/client', 'alice/other', 'bob/client'];

  it('one from element with both selectors: role=client pods in namespaces labelled user=alice', () => {
    const s = cluster()
      .policy('default', 'and', {
        podSelector: { matchLabels: { app: 'server' } },
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { user: 'alice' } }, podSelector: { matchLabels: { role: 'client' } } }] }],
      })
      .build();
    expect(sources.filter((src) => allowed(s, src, 'default/server', 80))).toEqual(['alice/client']);
  });

  it('two from elements: role=client pods of the local namespace, or any pod in namespaces labelled user=alice', () => {
    const s = cluster()
      .policy('default', 'or', {
        podSelector: { matchLabels: { app: 'server' } },
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { user: 'alice' } } }, { podSelector: { matchLabels: { role: 'client' } } }] }],
      })
      .build();
    expect(sources.filter((src) => allowed(s, src, 'default/server', 80))).toEqual(['default/client', 'alice/client', 'alice/other']);
  });
});

describe('what you cannot do with NetworkPolicy', () => {
  it('a pod cannot block loopback traffic to itself', () => {
    const s = new SnapshotBuilder()
      .pod('default', 'a', { ip: '10.244.0.1', hostIP: '192.168.0.1' })
      .policy('default', 'default-deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] })
      .build();
    expect(connect(s, 'default/a', 'default/a').allowed.isAll()).toBe(true);
  });

  it('a pod cannot block incoming traffic from its resident node', () => {
    const s = new SnapshotBuilder()
      .pod('default', 'a', { ip: '10.244.0.1', hostIP: '192.168.0.1' })
      .policy('default', 'default-deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] })
      .build();
    expect(connect(s, 'ip:192.168.0.1', 'default/a').allowed.isAll()).toBe(true);
    expect(connect(s, 'ip:192.168.0.2', 'default/a').allowed.isEmpty()).toBe(true);
  });
});
