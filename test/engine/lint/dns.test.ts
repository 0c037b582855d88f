// dnsFindings and dnsAllowed: egress-without-dns fires on its cases and not on its near misses.
import { describe, expect, it } from 'vitest';
import { PolicyIndex } from '../../../src/engine/compile.js';
import { lintContext } from '../../../src/engine/lint/context.js';
import { dnsAllowed, dnsFindings, KUBE_DNS } from '../../../src/engine/lint/dns.js';
import { findPod, SnapshotBuilder } from '../../fixtures/builder.js';

const ctxOf = (b: SnapshotBuilder) => {
  const snapshot = b.build();
  return lintContext(snapshot, new PolicyIndex(snapshot), new Set());
};
const world = () =>
  new SnapshotBuilder()
    .namespace('shop')
    .namespace('kube-system')
    .pod('kube-system', 'coredns', { labels: { 'k8s-app': 'kube-dns' }, ip: '10.0.0.53' })
    .pod('shop', 'web', { labels: { app: 'web' }, ip: '10.0.0.1' });
const toDns = (ports: unknown[]) => ({
  to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
  ports,
});
const egress = (rules: unknown[]) => ({ podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: rules });
const found = (b: SnapshotBuilder) => dnsFindings(ctxOf(b)).map((f) => [f.code, f.severity, f.field, f.object.name, f.message]);

describe('dnsFindings', () => {
  it('egress-without-dns: an egress deny for web is a warning; near miss: UDP and TCP 53 to kube-dns', () => {
    expect(found(world().policy('shop', 'deny', egress([])))).toEqual([
      ['egress-without-dns', 'warning', 'spec.egress', 'deny', 'isolates egress of web, which may not reach DNS on UDP and TCP 53'],
    ]);
    expect(found(world().policy('shop', 'dns', egress([toDns([{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }])])))).toEqual([]);
  });

  it('only TCP missing is an info; only UDP missing is a warning', () => {
    expect(found(world().policy('shop', 'dns', egress([toDns([{ protocol: 'UDP', port: 53 }])])))).toEqual([
      ['egress-without-dns', 'info', 'spec.egress', 'dns', 'isolates egress of web, which may not reach DNS on TCP 53'],
    ]);
    expect(found(world().policy('shop', 'dns', egress([toDns([{ protocol: 'TCP', port: 53 }])]))).map((f) => [f[1], f[4]])).toEqual([
      ['warning', 'isolates egress of web, which may not reach DNS on UDP 53'],
    ]);
  });

  it('without pods in the namespace: judged on the policies alike; near miss: pods exist but none is selected', () => {
    const bare = new SnapshotBuilder().namespace('shop').policy('shop', 'deny', egress([]));
    expect(found(bare)).toEqual([['egress-without-dns', 'warning', 'spec.egress', 'deny', 'isolates egress of the pods it selects, which may not reach DNS on UDP and TCP 53']]);
    const unselected = new SnapshotBuilder().namespace('shop').pod('shop', 'db', { labels: { app: 'db' }, ip: '10.0.0.2' }).policy('shop', 'deny', egress([]));
    expect(found(unselected)).toEqual([]);
  });

  it('dnsAllowed: port 53 to kube-dns counts, another port does not; KUBE_DNS matches k8s-app=kube-dns', () => {
    const snapshot = world().policy('shop', 'dns', egress([toDns([{ protocol: 'UDP', port: 53 }])])).build();
    const index = new PolicyIndex(snapshot);
    const web = findPod(snapshot, 'shop/web');
    const dns = [findPod(snapshot, 'kube-system/coredns')];
    expect([dnsAllowed(web, 'UDP', dns, index), dnsAllowed(web, 'TCP', dns, index)]).toEqual([true, false]);
    expect([KUBE_DNS({ 'k8s-app': 'kube-dns' }), KUBE_DNS({ 'k8s-app': 'other' })]).toEqual([true, false]);
  });
});
