// What each screen shows, computed from the demo cluster.
import { describe, expect, it } from 'vitest';
import {
  describePolicy,
  findingsTab,
  findPolicy,
  namespaceRows,
  overviewRows,
  pathResult,
  policiesTab,
  reachTab,
  WORKLOAD_TABS,
} from '../../../src/ui/store/selectors.js';
import type { View } from '../../../src/ui/store/state.js';
import { demoAnalysis } from '../helpers/demo.js';

const analysis = demoAnalysis();
const view = (change: Partial<View> = {}): View => ({ screen: { kind: 'overview' }, cursor: 0, filter: '', filtering: false, tab: 0, sort: 'name', yaml: false, ...change });
const names = (rows: readonly { name: string }[]) => rows.map((r) => r.name);
const policy = (namespace: string, name: string) => {
  const p = findPolicy(analysis, namespace, name);
  if (!p) throw new Error(`no policy ${namespace}/${name} in the demo`);
  return p;
};

describe('overviewRows', () => {
  it('lists the five demo namespaces with pods, isolation percentages, default deny and findings', () => {
    expect(overviewRows(analysis, view())).toEqual([
      { name: 'ingress-nginx', pods: 1, ingress: 0, egress: 0, defaultDeny: 'none', findings: 2 },
      { name: 'kube-system', pods: 2, ingress: 0, egress: 0, defaultDeny: 'none', findings: 2 },
      { name: 'monitoring', pods: 2, ingress: 0, egress: 0, defaultDeny: 'none', findings: 3 },
      { name: 'payments', pods: 3, ingress: 100, egress: 33.3, defaultDeny: 'ingress', findings: 2 },
      { name: 'shop', pods: 9, ingress: 100, egress: 100, defaultDeny: 'in+eg', findings: 0 },
    ]);
  });

  it('counts warnings and errors but not info findings', () => {
    const infos = analysis.findings.filter((f) => f.namespace === 'payments' && f.severity === 'info').length;
    const all = analysis.findings.filter((f) => f.namespace === 'payments').length;
    expect(infos).toBeGreaterThan(0);
    expect(overviewRows(analysis, view()).find((r) => r.name === 'payments')!.findings).toBe(all - infos);
  });

  it('filters by a name substring', () => {
    expect(names(overviewRows(analysis, view({ filter: 'pay' })))).toEqual(['payments']);
    expect(names(overviewRows(analysis, view({ filter: 'in' })))).toEqual(['ingress-nginx', 'monitoring']);
    expect(names(overviewRows(analysis, view({ filter: '  shop ' })))).toEqual(['shop']);
    expect(overviewRows(analysis, view({ filter: 'nothing-like-this' }))).toEqual([]);
  });

  it('filters by a namespace label k=v, or by a label key', () => {
    expect(names(overviewRows(analysis, view({ filter: 'team=platform' })))).toEqual(['ingress-nginx', 'monitoring']);
    expect(names(overviewRows(analysis, view({ filter: 'env=prod' })))).toEqual(['payments', 'shop']);
    expect(names(overviewRows(analysis, view({ filter: 'team = shop' })))).toEqual(['shop']);
    expect(names(overviewRows(analysis, view({ filter: 'pci-scope' })))).toEqual(['payments']);
    expect(overviewRows(analysis, view({ filter: 'team=nobody' }))).toEqual([]);
  });

  it('sorts by isolation: least isolated first, ties by name', () => {
    expect(names(overviewRows(analysis, view({ sort: 'isolation' })))).toEqual(['ingress-nginx', 'kube-system', 'monitoring', 'payments', 'shop']);
  });

  it('sorts by exposure: most findings first, ties by name', () => {
    expect(names(overviewRows(analysis, view({ sort: 'exposure' })))).toEqual(['monitoring', 'ingress-nginx', 'kube-system', 'payments', 'shop']);
  });

  it('applies filter and sort together', () => {
    expect(names(overviewRows(analysis, view({ filter: 'team=platform', sort: 'exposure' })))).toEqual(['monitoring', 'ingress-nginx']);
  });
});

describe('namespaceRows', () => {
  const shop = (change: Partial<View> = {}, changed: ReadonlySet<string> = new Set()) => namespaceRows(analysis, 'shop', view({ screen: { kind: 'namespace', namespace: 'shop' }, ...change }), changed);

  it('lists the shop workloads with replicas folded, isolation and exposure', () => {
    expect(shop().map(({ key, name, pods, ingress, egress, exposure }) => ({ key, name, pods, ingress, egress, exposure }))).toEqual([
      { key: 'shop/deployment/cart', name: 'deployment/cart', pods: 2, ingress: 'isolated', egress: 'isolated', exposure: 'namespace' },
      { key: 'shop/deployment/catalog', name: 'deployment/catalog', pods: 2, ingress: 'isolated', egress: 'isolated', exposure: 'namespaces' },
      { key: 'shop/deployment/checkout', name: 'deployment/checkout', pods: 1, ingress: 'isolated', egress: 'isolated', exposure: 'namespace' },
      { key: 'shop/deployment/frontend', name: 'deployment/frontend', pods: 3, ingress: 'isolated', egress: 'isolated', exposure: 'namespaces' },
      { key: 'shop/statefulset/redis', name: 'statefulset/redis', pods: 1, ingress: 'isolated', egress: 'isolated', exposure: 'namespace' },
    ]);
  });

  it('shows open workloads in a namespace without policies', () => {
    const rows = namespaceRows(analysis, 'monitoring', view(), new Set());
    expect(names(rows)).toEqual(['deployment/grafana', 'statefulset/prometheus']);
    for (const r of rows) expect([r.ingress, r.egress]).toEqual(['open', 'open']);
  });

  it('shows partial egress isolation in payments', () => {
    const rows = namespaceRows(analysis, 'payments', view(), new Set());
    expect(rows.find((r) => r.name === 'deployment/fraud-check')).toMatchObject({ ingress: 'isolated', egress: 'isolated' });
    expect(rows.find((r) => r.name === 'deployment/payment-api')).toMatchObject({ ingress: 'isolated', egress: 'open' });
  });

  it('marks the workloads that changed at the last reload', () => {
    const rows = shop({}, new Set(['shop/deployment/cart', 'monitoring/deployment/grafana']));
    expect(rows.filter((r) => r.changed).map((r) => r.key)).toEqual(['shop/deployment/cart']);
    expect(shop().some((r) => r.changed)).toBe(false);
  });

  it('filters by name and by pod label', () => {
    expect(names(shop({ filter: 'cart' }))).toEqual(['deployment/cart']);
    expect(names(shop({ filter: 'tier=api' }))).toEqual(['deployment/cart', 'deployment/catalog', 'deployment/checkout']);
    expect(names(shop({ filter: 'tier=data' }))).toEqual(['statefulset/redis']);
    expect(shop({ filter: 'tier=nope' })).toEqual([]);
  });

  it('sorts by exposure: the most exposed first', () => {
    expect(names(shop({ sort: 'exposure' }))).toEqual(['deployment/catalog', 'deployment/frontend', 'deployment/cart', 'deployment/checkout', 'statefulset/redis']);
  });

  it('sorts by isolation: the least isolated first', () => {
    expect(names(namespaceRows(analysis, 'payments', view({ sort: 'isolation' }), new Set()))).toEqual(['deployment/payment-api', 'deployment/fraud-check']);
  });

  it('is empty for an unknown namespace', () => {
    expect(namespaceRows(analysis, 'nope', view(), new Set())).toEqual([]);
  });
});

describe('reachTab', () => {
  it('who can reach shop/deployment/cart: only the frontend, on every port, admitted by api-from-frontend', () => {
    const tab = reachTab(analysis, 'shop/deployment/cart', 'inbound');
    expect(tab.addresses).toEqual([]);
    expect(tab.pods).toHaveLength(1);
    expect(tab.pods[0]).toMatchObject({ namespace: 'shop', peer: 'deployment/frontend', pods: 3, ingress: ['api-from-frontend ingress[0]'] });
    expect(tab.pods[0]!.ports['TCP']).toEqual(['1-65535']);
  });

  it('what shop/deployment/cart can reach: DNS and redis', () => {
    const tab = reachTab(analysis, 'shop/deployment/cart', 'outbound');
    expect(tab.pods.map((r) => [`${r.namespace}/${r.peer}`, r.ports, r.egress])).toEqual([
      ['kube-system/deployment/coredns', { TCP: ['53'], UDP: ['53'] }, ['allow-dns egress[0]']],
      ['shop/statefulset/redis', { TCP: ['6379'] }, ['cart-to-redis egress[0]']],
    ]);
  });

  it('addresses: fraud-check reaches the internet on 443 outside the private ranges', () => {
    const tab = reachTab(analysis, 'payments/deployment/fraud-check', 'outbound');
    expect(tab.pods).toEqual([]);
    expect(tab.addresses).toHaveLength(1);
    expect(tab.addresses[0]!.ports).toEqual({ TCP: ['443'] });
    expect(tab.addresses[0]!.rules).toEqual(['fraud-check-egress egress[0]']);
    // Outside 10/8, 172.16/12 and 192.168/16 (as ranges or CIDRs, whichever the report uses).
    const addresses = tab.addresses[0]!.addresses;
    expect(addresses.length).toBeGreaterThan(0);
    for (const a of addresses) expect(a, a).not.toMatch(/^(10\.|172\.(1[6-9]|2\d|3[01])\.|192\.168\.)/);
    expect(addresses.some((a) => a.startsWith('0.0.0.0'))).toBe(true);
  });

  it('is empty for an unknown workload', () => {
    expect(reachTab(analysis, 'shop/deployment/nope', 'inbound')).toEqual({ pods: [], addresses: [] });
  });
});

describe('policiesTab', () => {
  it('lists the policies selecting cart with their types and what they isolate', () => {
    expect(policiesTab(analysis, 'shop/deployment/cart')).toEqual([
      { namespace: 'shop', name: 'default-deny', types: 'Ingress+Egress', ingress: true, egress: true },
      { namespace: 'shop', name: 'allow-dns', types: 'Egress', ingress: false, egress: true },
      { namespace: 'shop', name: 'api-from-frontend', types: 'Ingress', ingress: true, egress: false },
      { namespace: 'shop', name: 'cart-to-redis', types: 'Egress', ingress: false, egress: true },
    ]);
  });

  it('is empty for a workload no policy selects, and for an unknown one', () => {
    expect(policiesTab(analysis, 'monitoring/deployment/grafana')).toEqual([]);
    expect(policiesTab(analysis, 'shop/deployment/nope')).toEqual([]);
  });
});

describe('findingsTab', () => {
  it('lists the findings of the policies selecting it, as coverage words them', () => {
    expect(findingsTab(analysis, 'payments/deployment/fraud-check')).toEqual([
      'WARNING egress-without-dns: policy fraud-check-egress: isolates egress of deployment/fraud-check, which may not reach DNS on UDP and TCP 53',
      'INFO no-default-deny-egress: namespace payments has no default-deny egress policy',
      'INFO rule-allows-any-address: policy fraud-check-egress spec.egress[0].to[0].ipBlock.cidr: ipBlock 0.0.0.0/0 except 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 admits egress to any address outside those blocks',
    ]);
  });

  it('lists the workload findings and those of its namespace', () => {
    const lines = findingsTab(analysis, 'monitoring/deployment/grafana');
    expect(lines).toContain('WARNING pod-not-selected: deployment/grafana is selected by no NetworkPolicy: all traffic to and from it is allowed');
    expect(lines.some((l) => l.startsWith('WARNING no-default-deny-ingress:') && l.includes('namespace monitoring'))).toBe(true);
    expect(lines.some((l) => l.startsWith('INFO no-default-deny-egress:'))).toBe(true);
    // Not the findings of its neighbour.
    expect(lines.join('\n')).not.toContain('prometheus');
  });

  it('is empty for a well-covered workload and for an unknown one', () => {
    expect(findingsTab(analysis, 'shop/deployment/cart')).toEqual([]);
    expect(findingsTab(analysis, 'nope/deployment/x')).toEqual([]);
  });

  it('has the six tabs in order', () => {
    expect(WORKLOAD_TABS).toEqual(['Who can reach', 'Denied sources', 'Can reach', 'Policies', 'Findings', 'Pods']);
  });
});

describe('describePolicy', () => {
  it('a namespaceSelector AND podSelector in one peer reads as one peer', () => {
    expect(describePolicy(analysis, policy('shop', 'metrics-scrape'))).toEqual([
      'Selects app=catalog in shop: deployment/catalog (2)',
      'Policy types: Ingress',
      'ingress[0]: from pods app=prometheus in namespaces team=platform; TCP metrics',
    ]);
  });

  it('two peers read as an OR', () => {
    const lines = describePolicy(analysis, policy('shop', 'checkout'));
    expect(lines).toContain('egress[0]: to pods tier=api in namespace shop OR to pods app=redis in namespace shop; all ports');
    expect(lines).toContain('egress[1]: to all pods in namespaces team=payments OR to pods app=payment-api in namespace shop; TCP 8443');
  });

  it('an ipBlock with except lists its holes', () => {
    expect(describePolicy(analysis, policy('payments', 'fraud-check-egress'))).toEqual([
      'Selects app=fraud-check in payments: deployment/fraud-check',
      'Policy types: Egress',
      'egress[0]: to ipBlock 0.0.0.0/0 except 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16; TCP 443',
    ]);
  });

  it('a default deny allows nothing either way', () => {
    const lines = describePolicy(analysis, policy('shop', 'default-deny'));
    expect(lines[0]).toMatch(/^Selects \{\} in shop: .*deployment\/cart \(2\).*statefulset\/redis/);
    expect(lines.slice(1)).toEqual(['Policy types: Ingress, Egress', 'ingress: nothing allowed (deny all)', 'egress: nothing allowed (deny all)']);
  });

  it('a policy that selects nothing says so', () => {
    expect(describePolicy(analysis, policy('payments', 'legacy-batch'))[0]).toBe('Selects app=batch in payments: no pod');
  });
});

describe('pathResult', () => {
  const verdict = (fields: [string, string, string]) => {
    const result = pathResult(analysis, fields);
    if ('error' in result) throw new Error(`unexpected error: ${result.error}`);
    return result.view;
  };

  it('frontend -> cart on 7070 is allowed', () => {
    const view = verdict(['shop/deployment/frontend', 'shop/deployment/cart', '7070']);
    expect(view.verdict).toBe('allowed');
    expect(view.allowed).toBe(true);
    expect(view.probe).toEqual({ protocol: 'TCP', port: 7070 });
    expect(view.paths.length).toBeGreaterThan(0);
  });

  it('frontend -> redis on 6379 is denied', () => {
    const view = verdict(['shop/deployment/frontend', 'shop/statefulset/redis', '6379']);
    expect(view.verdict).toBe('denied');
    expect(view.allowed).toBe(false);
  });

  it('trims the fields', () => {
    expect(verdict(['  shop/deployment/frontend ', ' shop/deployment/cart', ' 7070 ']).verdict).toBe('allowed');
  });

  it('an unknown pod is an error naming it', () => {
    const result = pathResult(analysis, ['shop/nope', 'shop/deployment/cart', '7070']);
    expect(result).toHaveProperty('error');
    expect((result as { error: string }).error).toMatch(/shop\/nope not found/);
    const to = pathResult(analysis, ['shop/deployment/cart', 'shop/deployment/nope', '']);
    expect((to as { error: string }).error).toMatch(/deployment shop\/nope not found/);
  });

  it('an empty field is an error', () => {
    expect(pathResult(analysis, ['', 'shop/deployment/cart', ''])).toHaveProperty('error');
  });

  it('a port with /UDP (any case) probes UDP', () => {
    const view = verdict(['shop/deployment/cart', 'kube-system/deployment/coredns', '53/udp']);
    expect(view.probe).toEqual({ protocol: 'UDP', port: 53 });
    expect(view.verdict).toBe('allowed');
    // fraud-check may only reach the internet on 443: no DNS.
    expect(verdict(['payments/deployment/fraud-check', 'kube-system/deployment/coredns', '53/UDP']).verdict).toBe('denied');
  });

  it('an unknown protocol is an error', () => {
    expect(pathResult(analysis, ['shop/deployment/cart', 'kube-system/deployment/coredns', '53/ICMP'])).toEqual({ error: 'port: unknown protocol ICMP' });
  });

  it('a named port stays a name; an empty port asks about every port', () => {
    expect(verdict(['monitoring/statefulset/prometheus', 'shop/deployment/catalog', 'metrics'])).toMatchObject({ probe: { protocol: 'TCP', port: 'metrics' }, verdict: 'allowed' });
    expect(verdict(['shop/deployment/frontend', 'shop/deployment/cart', '']).probe).toBeNull();
  });
});
