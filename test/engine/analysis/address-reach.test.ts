// address-reach: which outside addresses a pod accepts or reaches, and the partition of those
// grants into ranges that each have one port set.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SnapshotBuilder, findPod } from '../../fixtures/builder.js';
import { addressGrants, partitionGrants, type AddressGrant } from '../../../src/engine/analysis/address-reach.js';
import { PolicyIndex, DEFAULT_OPTIONS } from '../../../src/engine/compile.js';
import { IpSet } from '../../../src/engine/sets/ip-set.js';
import { PortSet } from '../../../src/engine/sets/port-set.js';
import { parseIp } from '../../../src/engine/sets/ip.js';

const cidrs = (...texts: string[]): IpSet => texts.reduce((acc, t) => acc.union(IpSet.parse(t)!), IpSet.empty);
const rule = (name: string, index: number, peer: number | 'all' = 0) => ({ policy: { namespace: 'x', name }, rule: index, peer });
const grant = (addresses: IpSet, ports: PortSet, rules: AddressGrant['rules'] = []): AddressGrant => ({ addresses, ports, rules });
/** A grant as plain strings, for exact comparisons. */
const show = (g: AddressGrant) => ({ addresses: g.addresses.toCidrs(), ports: g.ports.toString(), rules: g.rules.map((r) => `${r.policy.name}#${r.rule}#${r.peer}`) });

const TCP = (...ports: number[]) => ports.reduce((acc, p) => acc.union(PortSet.range('TCP', p)), PortSet.empty);

describe('partitionGrants', () => {
  it('no grants: no ranges', () => {
    expect(partitionGrants([])).toEqual([]);
  });

  it('one grant: itself', () => {
    const out = partitionGrants([grant(cidrs('192.0.2.0/24'), TCP(443), [rule('p', 0)])]);
    expect(out.map(show)).toEqual([{ addresses: ['192.0.2.0/24'], ports: 'TCP 443', rules: ['p#0#0'] }]);
  });

  it('two overlapping blocks with different ports, one with an except: three ranges, exact', () => {
    // rule 0: 10.0.0.0/8 except 10.0.0.0/24 on TCP 80; rule 1: 10.0.0.0/16 on TCP 443.
    const g0 = grant(cidrs('10.0.0.0/8').subtract(cidrs('10.0.0.0/24')), TCP(80), [rule('p', 0)]);
    const g1 = grant(cidrs('10.0.0.0/16'), TCP(443), [rule('p', 1)]);
    expect(partitionGrants([g0, g1]).map(show)).toEqual([
      // The hole of rule 0 is only in rule 1.
      { addresses: ['10.0.0.0/24'], ports: 'TCP 443', rules: ['p#1#0'] },
      // The rest of 10.0.0.0/16 is in both.
      {
        addresses: ['10.0.1.0/24', '10.0.2.0/23', '10.0.4.0/22', '10.0.8.0/21', '10.0.16.0/20', '10.0.32.0/19', '10.0.64.0/18', '10.0.128.0/17'],
        ports: 'TCP 80,443',
        rules: ['p#0#0', 'p#1#0'],
      },
      // The rest of 10.0.0.0/8 only in rule 0.
      {
        addresses: ['10.1.0.0/16', '10.2.0.0/15', '10.4.0.0/14', '10.8.0.0/13', '10.16.0.0/12', '10.32.0.0/11', '10.64.0.0/10', '10.128.0.0/9'],
        ports: 'TCP 80',
        rules: ['p#0#0'],
      },
    ]);
  });

  it('ranges with equal port sets merge, adjacent ones into one CIDR', () => {
    const out = partitionGrants([
      grant(cidrs('192.168.0.0/24'), TCP(80), [rule('a', 0)]),
      grant(cidrs('192.168.1.0/24'), TCP(80), [rule('b', 0)]),
      grant(cidrs('192.168.4.0/24'), TCP(80), [rule('c', 0)]),
    ]);
    expect(out.map(show)).toEqual([{ addresses: ['192.168.0.0/23', '192.168.4.0/24'], ports: 'TCP 80', rules: ['a#0#0', 'b#0#0', 'c#0#0'] }]);
  });

  it('a block inside a block: the inner range gets the union of both, and the same rule is listed once', () => {
    const out = partitionGrants([
      grant(IpSet.parse('0.0.0.0/0')!, TCP(443), [rule('p', 0)]),
      grant(cidrs('10.0.0.0/8'), TCP(80), [rule('p', 1)]),
      grant(cidrs('10.1.0.0/16'), TCP(443), [rule('p', 2)]),
    ]);
    expect(out.map(show)).toEqual([
      { addresses: ['0.0.0.0/5', '8.0.0.0/7', '11.0.0.0/8', '12.0.0.0/6', '16.0.0.0/4', '32.0.0.0/3', '64.0.0.0/2', '128.0.0.0/1'], ports: 'TCP 443', rules: ['p#0#0'] },
      // 10.1.0.0/16 has the same ports (80 and 443) as the rest of 10/8, so it merges back.
      { addresses: ['10.0.0.0/8'], ports: 'TCP 80,443', rules: ['p#0#0', 'p#1#0', 'p#2#0'] },
    ]);
  });

  it('IPv4 and IPv6 are partitioned separately, IPv4 first', () => {
    const out = partitionGrants([
      grant(cidrs('2001:db8::/32').subtract(cidrs('2001:db8:1::/48')), PortSet.range('UDP', 53), [rule('v6', 0)]),
      grant(cidrs('198.51.100.0/24'), TCP(443), [rule('v4', 0)]),
    ]);
    // The first cut point is IPv4's.
    expect(out.map((g) => g.ports.toString())).toEqual(['TCP 443', 'UDP 53']);
    expect(out[1]!.addresses.ranges(6)).toEqual([
      [0x20010db8n << 96n, (0x20010db8n << 96n) + (1n << 80n) - 1n],
      [(0x20010db8n << 96n) + (2n << 80n), (0x20010db8n << 96n) + (1n << 96n) - 1n],
    ]);
    expect(out[1]!.addresses.toRangeStrings()).toEqual(['2001:db8::-2001:db8:0:ffff:ffff:ffff:ffff:ffff', '2001:db8:2::-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff']);
    expect(out[1]!.addresses.toCidrs()).toHaveLength(16);
  });

  it('everything, every port: one range covering both families', () => {
    const out = partitionGrants([grant(IpSet.all, PortSet.all)]);
    expect(out).toHaveLength(1);
    expect(out[0]!.addresses.toCidrs()).toEqual(['0.0.0.0/0', '::/0']);
    expect(out[0]!.ports.isAll()).toBe(true);
    expect(out[0]!.rules).toEqual([]);
  });

  it('property: the ranges are disjoint, cover exactly the grants, and each has the union of the ports of the grants covering it', () => {
    const block = fc.record({ a: fc.integer({ min: 0, max: 255 }), b: fc.integer({ min: 0, max: 255 }), prefix: fc.integer({ min: 8, max: 24 }) });
    const arbGrant = fc.record({
      blocks: fc.array(block, { minLength: 1, maxLength: 3 }),
      ports: fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 3 }),
    });
    fc.assert(
      fc.property(fc.array(arbGrant, { minLength: 1, maxLength: 5 }), (specs) => {
        const grants = specs.map((s, i) =>
          grant(
            s.blocks.reduce((acc, b) => acc.union(IpSet.parse(`10.${b.a}.${b.b}.0/${b.prefix}`)!), IpSet.empty),
            TCP(...s.ports),
            [rule('p', i)],
          ),
        );
        const out = partitionGrants(grants);
        const union = grants.reduce((acc, g) => acc.union(g.addresses), IpSet.empty);
        expect(out.reduce((acc, g) => acc.union(g.addresses), IpSet.empty).equals(union)).toBe(true);
        for (let i = 0; i < out.length; i++) {
          for (let j = i + 1; j < out.length; j++) expect(out[i]!.addresses.intersect(out[j]!.addresses).isEmpty()).toBe(true);
          // Every range of the output: its first address is covered by exactly the grants whose ports make up its port set.
          for (const [lo] of out[i]!.addresses.ranges(4)) {
            const covering = grants.filter((g) => g.addresses.has({ family: 4, value: lo }));
            expect(out[i]!.ports.equals(covering.reduce((acc, g) => acc.union(g.ports), PortSet.empty))).toBe(true);
          }
          // No two ranges share a port set (equal port sets are merged).
          for (let j = i + 1; j < out.length; j++) expect(out[i]!.ports.equals(out[j]!.ports)).toBe(false);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('addressGrants', () => {
  const world = () =>
    new SnapshotBuilder()
      .pod('x', 'web', { labels: { app: 'web' }, ips: ['10.0.0.1', 'fd00::1'], ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] })
      .pod('x', 'open', { labels: { app: 'open' }, ips: ['10.0.0.2', 'fd00::2'] })
      .pod('x', 'open4', { labels: { app: 'open' }, ip: '10.0.0.4' })
      .pod('x', 'node', { labels: { app: 'web' }, ips: ['192.168.0.5', 'fd01::5'], hostNetwork: true, hostIP: '192.168.0.5' })
      .pod('x', 'locked', { labels: { app: 'locked' }, ip: '10.0.0.3' })
      .policy('x', 'web-ingress', {
        podSelector: { matchLabels: { app: 'web' } },
        ingress: [
          { from: [{ ipBlock: { cidr: '203.0.113.0/24', except: ['203.0.113.128/25'] } }, { podSelector: {} }], ports: [{ port: 'http' }] },
          { ports: [{ protocol: 'UDP', port: 53 }] },
          { from: [{ ipBlock: { cidr: '198.51.100.0/24' } }], ports: [{ port: 'missing' }] },
        ],
        egress: [
          { to: [{ ipBlock: { cidr: '198.51.100.0/24' } }], ports: [{ port: 'http' }] },
          { to: [{ ipBlock: { cidr: '198.51.100.0/24' } }], ports: [{ port: 443 }] },
          { to: [{ podSelector: {} }] },
        ],
      })
      .policy('x', 'locked', { podSelector: { matchLabels: { app: 'locked' } }, policyTypes: ['Ingress', 'Egress'] });

  const grantsOf = (pod: string, direction: 'ingress' | 'egress') => {
    const s = world().build();
    return addressGrants(findPod(s, `x/${pod}`), direction, new PolicyIndex(s, DEFAULT_OPTIONS)).map(show);
  };

  it('ingress: ipBlock peers (minus except) with named ports resolved on the pod; a rule without from grants everything', () => {
    expect(grantsOf('web', 'ingress')).toEqual([
      // Only the ipBlock peer of rule 0 grants addresses; http is 8080 on this pod.
      { addresses: ['203.0.113.0/25'], ports: 'TCP 8080', rules: ['web-ingress#0#0'] },
      { addresses: ['0.0.0.0/0', '::/0'], ports: 'UDP 53', rules: ['web-ingress#1#all'] },
      // Rule 2 names a port the pod does not declare: it grants nothing.
    ]);
  });

  it('egress: a named port never applies towards an address; numbered ports do; pod selectors grant no address', () => {
    expect(grantsOf('web', 'egress')).toEqual([{ addresses: ['198.51.100.0/24'], ports: 'TCP 443', rules: ['web-ingress#1#0'] }]);
  });

  it('not isolated in that direction: everything, every port, no rule', () => {
    expect(grantsOf('open', 'ingress')).toEqual([{ addresses: ['0.0.0.0/0', '::/0'], ports: 'all ports', rules: [] }]);
  });

  it('a single-stack pod talks over its own family only', () => {
    expect(grantsOf('open4', 'ingress')).toEqual([{ addresses: ['0.0.0.0/0'], ports: 'all ports', rules: [] }]);
    expect(grantsOf('open4', 'egress')).toEqual([{ addresses: ['0.0.0.0/0'], ports: 'all ports', rules: [] }]);
  });

  it('a hostNetwork pod is never isolated, whatever selects its labels', () => {
    expect(grantsOf('node', 'ingress')).toEqual([{ addresses: ['0.0.0.0/0', '::/0'], ports: 'all ports', rules: [] }]);
  });

  it('isolated without rules: nothing', () => {
    expect(grantsOf('locked', 'ingress')).toEqual([]);
    expect(grantsOf('locked', 'egress')).toEqual([]);
  });

  it('the partition of the grants of web ingress', () => {
    const s = world().build();
    const out = partitionGrants(addressGrants(findPod(s, 'x/web'), 'ingress', new PolicyIndex(s, DEFAULT_OPTIONS)));
    expect(out.map(show)).toEqual([
      // Everything but 203.0.113.0/25 only through rule 1 (UDP 53).
      {
        addresses: [...IpSet.all.subtract(cidrs('203.0.113.0/25')).toCidrs()],
        ports: 'UDP 53',
        rules: ['web-ingress#1#all'],
      },
      { addresses: ['203.0.113.0/25'], ports: 'TCP 8080; UDP 53', rules: ['web-ingress#0#0', 'web-ingress#1#all'] },
    ]);
    expect(out[1]!.addresses.has(parseIp('203.0.113.5')!)).toBe(true);
  });
});
