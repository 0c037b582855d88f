// The who-can-reach / reachable-from view model: rows folded by workload, denial reasons, address rows.
import { describe, expect, it } from 'vitest';
import { SnapshotBuilder } from '../fixtures/builder.js';
import { addressRows, peerRows } from '../../src/report/peer-list-view.js';
import { peerResults } from '../../src/engine/analysis/pod-reach.js';
import { analysablePods } from '../../src/engine/analysis/isolation.js';
import { resolveTarget } from '../../src/engine/target.js';
import type { AddressGrant } from '../../src/engine/analysis/address-reach.js';
import { IpSet } from '../../src/engine/sets/ip-set.js';
import { PortSet } from '../../src/engine/sets/port-set.js';

// x: db (isolated; accepts app=api on TCP 5432 and role=admin on every port); api-1, api-2, api-3 of
// Deployment api (api-3 also role=admin); batch (egress-isolated, reaches nothing); y/other.
const world = () =>
  new SnapshotBuilder()
    .pod('x', 'db', { labels: { app: 'db' }, ip: '10.0.0.1' })
    .pod('x', 'api-1', { labels: { app: 'api' }, ip: '10.0.0.2', owner: { kind: 'Deployment', name: 'api' } })
    .pod('x', 'api-2', { labels: { app: 'api' }, ip: '10.0.0.3', owner: { kind: 'Deployment', name: 'api' } })
    .pod('x', 'api-3', { labels: { app: 'api', role: 'admin' }, ip: '10.0.0.4', owner: { kind: 'Deployment', name: 'api' } })
    .pod('x', 'batch', { labels: { app: 'batch' }, ip: '10.0.0.5' })
    .pod('y', 'other', { labels: { app: 'other' }, ip: '10.0.1.1' })
    .policy('x', 'db', {
      podSelector: { matchLabels: { app: 'db' } },
      ingress: [
        { from: [{ podSelector: { matchLabels: { app: 'api' } } }], ports: [{ port: 5432 }] },
        { from: [{ podSelector: { matchLabels: { role: 'admin' } } }] },
      ],
    })
    .policy('x', 'batch', { podSelector: { matchLabels: { app: 'batch' } }, policyTypes: ['Egress'] });

function rowsFor(probe: { protocol: 'TCP'; port: number } | null) {
  const b = world();
  const s = b.build();
  const target = resolveTarget({ kind: 'pod', namespace: 'x', name: 'db' }, s);
  if ('error' in target) throw new Error(target.error);
  return peerRows(peerResults('inbound', target, analysablePods(s), b.index()), probe);
}

describe('peerRows', () => {
  it('folds pods of one workload with the same ports and rules; splits those that differ; sorts by namespace and peer', () => {
    const { rows, denied } = rowsFor(null);
    expect(rows).toEqual([
      { namespace: 'x', peer: 'deployment/api', pods: 2, ports: { TCP: ['5432'] }, ingress: ['db ingress[0]'], egress: ['not isolated'] },
      {
        namespace: 'x',
        peer: 'deployment/api',
        pods: 1,
        ports: { TCP: ['1-65535'], UDP: ['1-65535'], SCTP: ['1-65535'] },
        ingress: ['db ingress[0]', 'db ingress[1]'],
        egress: ['not isolated'],
      },
    ]);
    expect(denied).toEqual([
      // batch is blocked on both sides: its own egress and db's ingress.
      { namespace: 'x', peer: 'batch', pods: 1, reason: 'egress isolated by batch; ingress isolated by db' },
      { namespace: 'y', peer: 'other', pods: 1, reason: 'ingress isolated by db' },
    ]);
  });

  it('with a probe: the ports are the probe, the rules only those admitting it', () => {
    const { rows } = rowsFor({ protocol: 'TCP', port: 5432 });
    expect(rows).toEqual([
      { namespace: 'x', peer: 'deployment/api', pods: 2, ports: { TCP: ['5432'] }, ingress: ['db ingress[0]'], egress: ['not isolated'] },
      // Both of db's rules admit api-3 on 5432.
      { namespace: 'x', peer: 'deployment/api', pods: 1, ports: { TCP: ['5432'] }, ingress: ['db ingress[0]', 'db ingress[1]'], egress: ['not isolated'] },
    ]);
    const other = rowsFor({ protocol: 'TCP', port: 80 });
    expect(other.rows).toEqual([
      { namespace: 'x', peer: 'deployment/api', pods: 1, ports: { TCP: ['80'] }, ingress: ['db ingress[1]'], egress: ['not isolated'] },
    ]);
  });

  it('with a probe, a peer allowed on other ports is denied for the probe by the side that does not admit it', () => {
    // api-1 and api-2 are allowed on TCP 5432 only: on TCP 80, db's ingress isolation blocks them.
    const { denied } = rowsFor({ protocol: 'TCP', port: 80 });
    expect(denied.find((d) => d.peer === 'deployment/api')).toEqual({ namespace: 'x', peer: 'deployment/api', pods: 2, reason: 'ingress isolated by db' });
  });
});

describe('addressRows', () => {
  const r = (name: string, rule: number, ports: PortSet) => ({ policy: { namespace: 'x', name }, rule, peer: 0 as const, ports });
  const TCP80 = PortSet.range('TCP', 80);
  const TCP443 = PortSet.range('TCP', 443);
  const UDP53 = PortSet.range('UDP', 53);
  const grants: AddressGrant[] = [
    { addresses: IpSet.all, ports: PortSet.all, rules: [] },
    { addresses: IpSet.parse('10.0.0.0/8')!.subtract(IpSet.parse('10.1.0.0/16')!), ports: TCP80, rules: [r('p', 0, TCP80)] },
    // Everything minus 10.0.0.0/8 and 192.168.0.0/16: 22 CIDRs, all of them (exact; the text view shortens).
    { addresses: IpSet.parse('0.0.0.0/0')!.subtract(IpSet.parse('10.0.0.0/8')!).subtract(IpSet.parse('192.168.0.0/16')!), ports: TCP443, rules: [r('p', 1, TCP443), r('p', 1, TCP443)] },
    // Two rules cover this block: one on UDP 53, one on TCP 80 (a probe keeps only the rule admitting it).
    { addresses: IpSet.parse('2001:db8::/32')!, ports: UDP53.union(TCP80), rules: [r('q', 0, UDP53), r('p', 2, TCP80)] },
  ];

  it('anywhere; as written (block except holes) and as exact minimal CIDRs; rules named once each', () => {
    expect(addressRows(grants, null, 'egress')).toEqual([
      { addresses: ['anywhere'], cidrs: ['0.0.0.0/0', '::/0'], ports: { TCP: ['1-65535'], UDP: ['1-65535'], SCTP: ['1-65535'] }, rules: ['not isolated'] },
      {
        addresses: ['10.0.0.0/8 except 10.1.0.0/16'],
        cidrs: ['10.0.0.0/16', '10.2.0.0/15', '10.4.0.0/14', '10.8.0.0/13', '10.16.0.0/12', '10.32.0.0/11', '10.64.0.0/10', '10.128.0.0/9'],
        ports: { TCP: ['80'] },
        rules: ['p egress[0]'],
      },
      {
        addresses: ['0.0.0.0/0 except 10.0.0.0/8, 192.168.0.0/16'],
        cidrs: [
          '0.0.0.0/5', '8.0.0.0/7', '11.0.0.0/8', '12.0.0.0/6', '16.0.0.0/4', '32.0.0.0/3', '64.0.0.0/2', '128.0.0.0/2',
          '192.0.0.0/9', '192.128.0.0/11', '192.160.0.0/13', '192.169.0.0/16', '192.170.0.0/15', '192.172.0.0/14', '192.176.0.0/12',
          '192.192.0.0/10', '193.0.0.0/8', '194.0.0.0/7', '196.0.0.0/6', '200.0.0.0/5', '208.0.0.0/4', '224.0.0.0/3',
        ],
        ports: { TCP: ['443'] },
        rules: ['p egress[1]'],
      },
      { addresses: ['2001:db8::/32'], cidrs: ['2001:db8::/32'], ports: { TCP: ['80'], UDP: ['53'] }, rules: ['q egress[0]', 'p egress[2]'] },
    ]);
  });

  it('a probe keeps the grants allowing it and shows just that port', () => {
    expect(addressRows(grants, { protocol: 'UDP', port: 53 }, 'ingress')).toEqual([
      { addresses: ['anywhere'], cidrs: ['0.0.0.0/0', '::/0'], ports: { UDP: ['53'] }, rules: ['not isolated'] },
      { addresses: ['2001:db8::/32'], cidrs: ['2001:db8::/32'], ports: { UDP: ['53'] }, rules: ['q ingress[0]'] },
    ]);
  });
});
