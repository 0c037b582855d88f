// The admin tiers through the commands: explanations that name the deciding tier, policy, priority
// and rule; the "unknown" verdict of domainNames and unread Nodes (exit 5); nodes peers; host-network
// pods; admin policies the API would reject.
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runCli, TempDir } from '../fixtures/cli.js';

const dir = new TempDir('netpol-admin-');
afterAll(() => dir.cleanup());

const yaml = (docs: readonly object[]): string => docs.map((d) => stringify(d)).join('---\n');

const namespace = (name: string, labels: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
const pod = (ns: string, name: string, ip: string, extra: { hostNetwork?: boolean; hostIP?: string; nodeName?: string; ports?: object[] } = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: ns, labels: { app: name } },
  spec: { ...(extra.hostNetwork ? { hostNetwork: true } : {}), ...(extra.nodeName ? { nodeName: extra.nodeName } : {}), containers: [{ name: 'c', image: 'i', ports: extra.ports ?? [] }] },
  status: { phase: 'Running', podIP: ip, podIPs: [{ ip }], ...(extra.hostIP ? { hostIP: extra.hostIP, hostIPs: [{ ip: extra.hostIP }] } : {}) },
});
const cnp = (name: string, spec: object) => ({ apiVersion: 'policy.networking.k8s.io/v1beta1', kind: 'ClusterNetworkPolicy', metadata: { name }, spec });
const node = (name: string, address: string, labels: Record<string, string>) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels }, status: { addresses: [{ type: 'InternalIP', address }] } });

const world = [
  namespace('shop', { tenant: 'shop' }),
  namespace('untrusted', { trust: 'none' }),
  namespace('monitoring'),
  pod('shop', 'cart', '10.1.0.5', { ports: [{ containerPort: 8080, name: 'http' }] }),
  pod('shop', 'web', '10.1.0.6'),
  pod('untrusted', 'scanner', '10.1.1.5'),
  pod('monitoring', 'prometheus', '10.1.2.5'),
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'default-deny', namespace: 'shop' }, spec: { podSelector: {}, policyTypes: ['Ingress'] } },
  cnp('block-untrusted', {
    tier: 'Admin',
    priority: 10,
    subject: { namespaces: {} },
    ingress: [{ name: 'deny-untrusted', action: 'Deny', from: [{ namespaces: { matchLabels: { trust: 'none' } } }] }],
  }),
  cnp('allow-monitoring', {
    tier: 'Admin',
    priority: 5,
    subject: { namespaces: {} },
    ingress: [{ name: 'scrape', action: 'Accept', from: [{ namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], protocols: [{ destinationNamedPort: 'http' }] }],
  }),
  cnp('tenants', {
    tier: 'Admin',
    priority: 20,
    subject: { namespaces: { matchExpressions: [{ key: 'tenant', operator: 'Exists' }] } },
    ingress: [{ name: 'delegate-same-tenant', action: 'Pass', from: [{ namespaces: { matchExpressions: [{ key: 'tenant', operator: 'Exists' }] } }] }],
    egress: [
      { name: 'allow-names', action: 'Accept', to: [{ domainNames: ['api.example.com'] }] },
      { name: 'no-internet', action: 'Deny', to: [{ networks: ['0.0.0.0/0'] }] },
    ],
  }),
];
const worldFile = dir.write('world.yaml', yaml(world));

describe('explanations', () => {
  it('names the denying ClusterNetworkPolicy, its tier, priority, rule index and rule name', async () => {
    const { code, stdout } = await runCli(['can-reach', '-f', worldFile, 'untrusted/scanner', 'shop/cart', '--port', '8080']);
    expect(code).toBe(1);
    expect(stdout).toContain('  ingress of shop/cart: denied by ClusterNetworkPolicy block-untrusted (Admin, priority 10) ingress[0] "deny-untrusted"\n');
  });

  it('an Accept over the namespace default deny, on the named port it lists', async () => {
    const { code, stdout } = await runCli(['can-reach', '-f', worldFile, 'monitoring/prometheus', 'shop/cart', '--port', 'http']);
    expect(code).toBe(0);
    expect(stdout).toContain('  ingress of shop/cart: accepted by ClusterNetworkPolicy allow-monitoring (Admin, priority 5) ingress[0] "scrape"\n');
  });

  it('a Pass names the passing rule, then the NetworkPolicies that decide', async () => {
    const { stdout } = await runCli(['can-reach', '-f', worldFile, 'shop/web', 'shop/cart', '--port', '8080']);
    expect(stdout).toContain(
      '  ingress of shop/cart: passed by ClusterNetworkPolicy tenants (Admin, priority 20) ingress[0] "delegate-same-tenant" -> NetworkPolicies: isolated by shop/default-deny\n' +
        '    no ingress rule admits shop/web on TCP 8080\n',
    );
    // networks peers match pod IPs: 0.0.0.0/0 denies the tenant's egress to pods too.
    expect(stdout).toContain('  egress of shop/web: denied by ClusterNetworkPolicy tenants (Admin, priority 20) egress[1] "no-internet"\n');
  });

  it('-o json has the deciding tier, object, priority, rule, peer and action', async () => {
    const { stdout } = await runCli(['can-reach', '-f', worldFile, 'untrusted/scanner', 'shop/cart', '--port', '8080', '-o', 'json']);
    const view = JSON.parse(stdout) as { paths: { ingress: { tiers: unknown[] } }[] };
    expect(view.paths[0]!.ingress.tiers).toEqual([
      {
        tier: 'Admin',
        outcome: 'deny',
        // Every port this rule decided (the rule has no protocols).
        ports: { TCP: ['1-65535'], UDP: ['1-65535'], SCTP: ['1-65535'] },
        rule: {
          kind: 'ClusterNetworkPolicy',
          name: 'block-untrusted',
          tier: 'Admin',
          priority: 10,
          field: 'spec.ingress[0].from[0]',
          rule: 0,
          ruleName: 'deny-untrusted',
          action: 'Deny',
          peer: 0,
          ports: { TCP: ['1-65535'], UDP: ['1-65535'], SCTP: ['1-65535'] },
        },
        passedBy: [],
      },
    ]);
  });

  it('the assert reason is the deciding rule', async () => {
    const expectations = dir.write('e1.yaml', stringify({ assertions: [{ from: 'untrusted/scanner', to: 'shop/cart', port: 8080, expect: 'deny' }] }));
    const { code, stdout } = await runCli(['assert', expectations, '-f', worldFile, '-o', 'json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).results[0].reason).toBe('ingress denied by ClusterNetworkPolicy block-untrusted (Admin, priority 10) ingress[0] "deny-untrusted"');
  });
});

describe('unknown verdicts', () => {
  it('a domainNames rule makes egress to an outside address unknown: can-reach exits 5', async () => {
    const { code, stdout } = await runCli(['can-reach', '-f', worldFile, 'shop/web', 'ip:93.184.216.34', '--port', '443']);
    expect(code).toBe(5);
    expect(stdout).toContain('UNKNOWN: shop/web -> ip:93.184.216.34 on TCP 443\n');
    expect(stdout).toContain('unknown, depends on DNS (a domainNames peer): ClusterNetworkPolicy tenants (Admin, priority 20) egress[0] "allow-names" would accept it if it matched');
  });

  it('assert counts unknown results apart: neither pass nor failure, exit 5', async () => {
    const expectations = dir.write(
      'e2.yaml',
      stringify({
        assertions: [
          { from: 'shop/web', to: 'ip:93.184.216.34', port: 443, expect: 'allow' },
          { from: 'untrusted/scanner', to: 'shop/cart', port: 8080, expect: 'deny' },
        ],
      }),
    );
    const json = await runCli(['assert', expectations, '-f', worldFile, '-o', 'json']);
    expect(json.code).toBe(5);
    const doc = JSON.parse(json.stdout) as { results: { actual: string; pass: boolean }[]; passed: number; failed: number; unknown: number };
    expect(doc.results.map((r) => [r.actual, r.pass])).toEqual([
      ['unknown', false],
      ['deny', true],
    ]);
    expect([doc.passed, doc.failed, doc.unknown]).toEqual([1, 0, 1]);
    const text = await runCli(['assert', expectations, '-f', worldFile]);
    expect(text.stdout).toContain('1 passed, 0 failed, 1 unknown (depend on DNS or on Nodes not read)\n');
    // A real failure wins: exit 1.
    const failing = dir.write('e3.yaml', stringify({ assertions: [{ from: 'shop/web', to: 'ip:93.184.216.34', port: 443, expect: 'allow' }, { from: 'untrusted/scanner', to: 'shop/cart', port: 8080, expect: 'allow' }] }));
    expect((await runCli(['assert', failing, '-f', worldFile])).code).toBe(1);
  });
});

describe('nodes peers', () => {
  const nodesWorld = [
    namespace('app'),
    namespace('infra'),
    pod('app', 'client', '10.2.0.5', { nodeName: 'n1', hostIP: '192.168.0.1' }),
    pod('infra', 'agent', '192.168.0.2', { hostNetwork: true, nodeName: 'n2', hostIP: '192.168.0.2' }),
    pod('infra', 'local-agent', '192.168.0.1', { hostNetwork: true, nodeName: 'n1', hostIP: '192.168.0.1' }),
    cnp('no-infra-nodes', { tier: 'Admin', priority: 1, subject: { namespaces: {} }, egress: [{ name: 'deny-infra', action: 'Deny', to: [{ nodes: { matchLabels: { role: 'infra' } } }] }] }),
  ];

  it('match the addresses of the Nodes the selector selects, host-network pods on them included', async () => {
    const file = dir.write('nodes.yaml', yaml([...nodesWorld, node('n1', '192.168.0.1', { role: 'worker' }), node('n2', '192.168.0.2', { role: 'infra' })]));
    const toAgent = await runCli(['can-reach', '-f', file, 'app/client', 'infra/agent', '--port', '9100']);
    expect(toAgent.code).toBe(1);
    expect(toAgent.stdout).toContain('denied by ClusterNetworkPolicy no-infra-nodes (Admin, priority 1) egress[0] "deny-infra"');
    expect((await runCli(['can-reach', '-f', file, 'app/client', 'ip:192.168.0.2', '--port', '22'])).code).toBe(1);
    // n1 is not infra: its own host-network agent is reached (and an address that is no node's is too).
    expect((await runCli(['can-reach', '-f', file, 'app/client', 'infra/local-agent', '--port', '9100'])).code).toBe(0);
    expect((await runCli(['can-reach', '-f', file, 'app/client', 'ip:203.0.113.9', '--port', '22'])).code).toBe(0);
  });

  it('apply to traffic with the pod own node too: NetworkPolicy exempts it, admin policies do not', async () => {
    const file = dir.write('own-node.yaml', yaml([...nodesWorld, node('n1', '192.168.0.1', { role: 'infra' }), node('n2', '192.168.0.2', { role: 'worker' })]));
    const { code, stdout } = await runCli(['can-reach', '-f', file, 'app/client', 'infra/local-agent', '--port', '9100']);
    expect(code).toBe(1);
    expect(stdout).toContain('  egress of app/client: denied by ClusterNetworkPolicy no-infra-nodes (Admin, priority 1) egress[0] "deny-infra"\n');
  });

  it('a node that pods run on but that no Node object describes has unknown labels: unknown, exit 5', async () => {
    const file = dir.write('no-nodes.yaml', yaml(nodesWorld));
    const { code, stdout } = await runCli(['can-reach', '-f', file, 'app/client', 'infra/agent', '--port', '9100']);
    expect(code).toBe(5);
    expect(stdout).toContain('unknown, depends on Nodes that could not be read (a nodes peer)');
    // An address that no pod shows as a node's is no node: the files list every node there is.
    expect((await runCli(['can-reach', '-f', file, 'app/client', 'ip:203.0.113.9', '--port', '22'])).code).toBe(0);
  });
});

describe('host-network pods', () => {
  it('are never subjects, and never pods or namespaces peers', async () => {
    const file = dir.write(
      'host.yaml',
      yaml([
        namespace('app'),
        pod('app', 'normal', '10.3.0.5'),
        pod('app', 'host', '192.168.5.5', { hostNetwork: true, hostIP: '192.168.5.5' }),
        cnp('deny-all-in', { tier: 'Admin', priority: 1, subject: { namespaces: {} }, ingress: [{ action: 'Deny', from: [{ namespaces: {} }] }] }),
      ]),
    );
    // The host-network pod is no subject: nothing is denied into it.
    expect((await runCli(['can-reach', '-f', file, 'app/normal', 'app/host', '--port', '80'])).code).toBe(0);
    // ... and no peer: its traffic into the normal pod is not matched by `namespaces: {}`.
    expect((await runCli(['can-reach', '-f', file, 'app/host', 'app/normal', '--port', '80'])).code).toBe(0);
    // A pod peer is denied.
    const file2 = dir.write('host2.yaml', yaml([namespace('app'), pod('app', 'normal', '10.3.0.5'), pod('app', 'other', '10.3.0.6'), cnp('deny-all-in', { tier: 'Admin', priority: 1, subject: { namespaces: {} }, ingress: [{ action: 'Deny', from: [{ namespaces: {} }] }] })]));
    expect((await runCli(['can-reach', '-f', file2, 'app/other', 'app/normal', '--port', '80'])).code).toBe(1);
  });
});

describe('invalid admin policies', () => {
  it('a networks CIDR that does not parse leaves nothing to evaluate: exit 2 naming file, object and field', async () => {
    const file = dir.write('bad.yaml', yaml([cnp('bad', { tier: 'Admin', priority: 1, subject: { namespaces: {} }, egress: [{ action: 'Deny', to: [{ networks: ['10.0.0/8'] }] }] })]));
    const { code, stderr } = await runCli(['can-reach', '-f', worldFile, '-f', file, 'shop/web', 'shop/cart']);
    expect(code).toBe(2);
    expect(stderr).toBe(`error: ${file}: document 1: ClusterNetworkPolicy bad: spec.egress[0].to[0].networks[0]: "10.0.0/8" is not a valid CIDR\n`);
  });

  it('what the CRD rejects but has a clear meaning is read, and lint reports it (host bits, named port with a networks peer, empty peer, ties)', async () => {
    const file = dir.write(
      'lintable.yaml',
      yaml([
        cnp('one', { tier: 'Admin', priority: 5, subject: { namespaces: {} }, egress: [{ action: 'Deny', to: [{ networks: ['10.0.0.1/8'] }, {}], protocols: [{ destinationNamedPort: 'http' }] }] }),
        cnp('two', { tier: 'Admin', priority: 5, subject: { namespaces: {} }, egress: [{ action: 'Accept', to: [{ domainNames: ['example.com'] }] }] }),
      ]),
    );
    // Read as meant: 10.0.0.1/8 is 10.0.0.0/8, and the empty peer makes the Deny rule deny everything.
    const reach = await runCli(['can-reach', '-f', worldFile, '-f', file, 'shop/web', 'ip:1.1.1.1']);
    expect(reach.code).toBe(1);
    expect(reach.stdout).toContain('denied by ClusterNetworkPolicy one (Admin, priority 5) egress[0] (a peer with no field it knows: fails closed)');
    const lint = await runCli(['lint', '-f', worldFile, '-f', file, '-o', 'json']);
    const findings = (JSON.parse(lint.stdout) as { findings: { code: string; object: { kind: string; name: string }; field?: string }[] }).findings.filter((f) => f.code.startsWith('admin-') && ['one', 'two'].includes(f.object.name));
    expect(findings.map((f) => `${f.code} ${f.object.kind}/${f.object.name} ${f.field}`).sort()).toEqual([
      'admin-cidr-host-bits ClusterNetworkPolicy/one spec.egress[0].to[0].networks[0]',
      'admin-experimental-field ClusterNetworkPolicy/one spec.egress[0].protocols[0]',
      'admin-experimental-field ClusterNetworkPolicy/two spec.egress[0].to[0]',
      'admin-named-port-with-address-peer ClusterNetworkPolicy/one spec.egress[0].protocols',
      'admin-peer-fails-closed ClusterNetworkPolicy/one spec.egress[0].to[1]',
      'admin-priority-tie ClusterNetworkPolicy/two spec.priority',
    ]);
  });
});

describe('what-if on admin policies', () => {
  it('--without-policy ClusterNetworkPolicy/NAME takes it away: diff lists what opens', async () => {
    const { code, stdout } = await runCli(['diff', '-f', worldFile, '--without-policy', 'ClusterNetworkPolicy/block-untrusted', '-o', 'json']);
    expect(code).toBe(0);
    const view = JSON.parse(stdout) as { policies: { removed: string[] }; connections: { opened: { from: string; to: string }[]; closed: unknown[] } };
    expect(view.policies.removed).toEqual(['ClusterNetworkPolicy/block-untrusted']);
    // shop still denies untrusted (its default deny); monitoring did only because of the Admin Deny.
    expect(view.connections.opened.map((c) => `${c.from} -> ${c.to}`)).toEqual(['untrusted/scanner -> monitoring/prometheus']);
    expect(view.connections.closed).toEqual([]);
  });

  it('--policies-from with a ClusterNetworkPolicy: can-reach answers with it', async () => {
    const proposal = dir.write(
      'proposal.yaml',
      yaml([cnp('quarantine', { tier: 'Admin', priority: 1, subject: { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }, egress: [{ action: 'Deny', to: [{ namespaces: {} }] }] })]),
    );
    const before = await runCli(['can-reach', '-f', worldFile, 'monitoring/prometheus', 'shop/cart', '--port', 'http']);
    expect(before.code).toBe(0);
    const after = await runCli(['can-reach', '-f', worldFile, '--policies-from', proposal, 'monitoring/prometheus', 'shop/cart', '--port', 'http']);
    expect(after.code).toBe(1);
    expect(after.stdout).toContain('(1 added)');
    expect(after.stdout).toContain('egress of monitoring/prometheus: denied by ClusterNetworkPolicy quarantine (Admin, priority 1) egress[0]');
  });

  it('--without-policy of an admin policy that does not exist is exit 2', async () => {
    const { code, stderr } = await runCli(['can-reach', '-f', worldFile, '--without-policy', 'AdminNetworkPolicy/nope', 'shop/web', 'shop/cart']);
    expect(code).toBe(2);
    expect(stderr).toBe(`error: --without-policy AdminNetworkPolicy/nope: no such AdminNetworkPolicy in files: ${worldFile}\n`);
  });
});

describe('list commands with admin policies', () => {
  it('reachable-from judges peers that differ only by address apart when a networks peer looks at addresses', async () => {
    const client = (name: string, ip: string) => ({ ...pod('src', name, ip), metadata: { name, namespace: 'src', labels: { app: 'client' } } });
    const file = dir.write(
      'reach.yaml',
      yaml([
        namespace('src'),
        namespace('dst'),
        client('p1', '10.9.0.5'),
        client('p2', '10.9.0.6'),
        pod('dst', 'server', '10.8.0.1'),
        cnp('no-p1', { tier: 'Admin', priority: 1, subject: { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'dst' } } }, egress: [{ action: 'Deny', to: [{ networks: ['10.9.0.5/32'] }] }] }),
      ]),
    );
    const { code, stdout } = await runCli(['reachable-from', '-f', file, 'dst/server', '--port', '80', '-o', 'json']);
    expect(code).toBe(0);
    const view = JSON.parse(stdout) as { pods: { namespace: string; peer: string; egress: string[] }[]; addresses: { cidrs: string[] }[] };
    expect(view.pods.map((p) => `${p.namespace}/${p.peer}`)).toEqual(['src/p2']);
    // The addresses it reaches are judged through the tiers too: every IPv4 address but 10.9.0.5.
    const cidrs = view.addresses.flatMap((a) => a.cidrs);
    expect(cidrs).toContain('10.9.0.4/32');
    expect(cidrs).toContain('10.9.0.6/31');
    expect(cidrs).not.toContain('0.0.0.0/0');
    expect(cidrs.some((c) => c.startsWith('10.9.0.5'))).toBe(false);
  });
});

describe('coverage with admin policies', () => {
  it('counts the pods each admin tier selects, per direction, and names the policies', async () => {
    const file = dir.write(
      'coverage.yaml',
      yaml([
        namespace('a', { team: 'a' }),
        namespace('b'),
        pod('a', 'one', '10.4.0.1'),
        pod('a', 'two', '10.4.0.2'),
        pod('b', 'three', '10.4.0.3'),
        cnp('a-in', { tier: 'Admin', priority: 1, subject: { namespaces: { matchLabels: { team: 'a' } } }, ingress: [{ action: 'Deny', from: [{ namespaces: {} }] }] }),
        cnp('all-out', { tier: 'Baseline', priority: 1, subject: { namespaces: {} }, egress: [{ action: 'Deny', to: [{ networks: ['0.0.0.0/0'] }] }] }),
      ]),
    );
    const { code, stdout } = await runCli(['coverage', '-f', file, '-o', 'json']);
    expect(code).toBe(0);
    const view = JSON.parse(stdout) as { adminTiers: { pods: number; covered: number; ingress: object; egress: object; workloads: { name: string; policies: string[] }[] } };
    expect(view.adminTiers.pods).toBe(3);
    expect(view.adminTiers.covered).toBe(3);
    expect(view.adminTiers.ingress).toEqual({ admin: 2, baseline: 0 });
    expect(view.adminTiers.egress).toEqual({ admin: 0, baseline: 3 });
    expect(view.adminTiers.workloads.map((w) => [w.name, w.policies])).toEqual([
      ['one', ['ClusterNetworkPolicy/a-in', 'ClusterNetworkPolicy/all-out']],
      ['two', ['ClusterNetworkPolicy/a-in', 'ClusterNetworkPolicy/all-out']],
      ['three', ['ClusterNetworkPolicy/all-out']],
    ]);
    const text = await runCli(['coverage', '-f', file]);
    expect(text.stdout).toContain('Admin tiers: 3 of 3 pods selected by an admin policy (Admin tier: ingress 2, egress 0; Baseline tier: ingress 0, egress 3)\n');
  });
});
