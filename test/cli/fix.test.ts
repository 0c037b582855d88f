// `kubectl netpol fix` and `can-reach --explain/--suggest` through the real CLI: the printed YAML is
// laid over the input with --policies-from, the path is then allowed, and what the fix says it
// opens is exactly the difference of `matrix -A -o json` before and after.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { runCli, TempDir, type CliResult } from '../fixtures/cli.js';
import { SnapshotBuilder } from '../fixtures/builder.js';
import { renderManifests } from '../../src/format/manifests.js';
import { PortSet } from '../../src/engine/sets/port-set.js';
import type { Protocol } from '../../src/model/snapshot.js';

let dir: TempDir;
beforeAll(() => {
  dir = new TempDir('netpol-fix-');
});
afterAll(() => dir.cleanup());

const json = (r: CliResult): Record<string, unknown> => JSON.parse(r.stdout) as Record<string, unknown>;

const portSet = (ports: Record<string, string[]>): PortSet =>
  Object.entries(ports).reduce(
    (acc, [protocol, ranges]) =>
      ranges.reduce((a, r) => {
        const [lo, hi] = r.split('-').map(Number);
        return a.union(PortSet.range(protocol as Protocol, lo!, hi ?? lo!));
      }, acc),
    PortSet.empty,
  );

interface MatrixDoc {
  nodes: { label: string }[];
  edges: { from: number; to: number; ports: Record<string, string[]> }[];
}

async function matrixEdges(input: readonly string[]): Promise<Map<string, PortSet>> {
  const r = await runCli(['matrix', '-A', '--by', 'workload', '-o', 'json', ...input]);
  expect(r.code).toBe(0);
  const doc = json(r) as unknown as MatrixDoc;
  return new Map(doc.edges.map((e) => [`${doc.nodes[e.from]!.label} -> ${doc.nodes[e.to]!.label}`, portSet(e.ports)]));
}

/** What `matrix` says a proposal opens: pair -> ports, as text. */
async function matrixOpened(input: readonly string[], proposal: string): Promise<Record<string, string>> {
  const before = await matrixEdges(input);
  const after = await matrixEdges([...input, '--policies-from', proposal]);
  const opened: Record<string, string> = {};
  for (const [key, now] of after) {
    const more = now.subtract(before.get(key) ?? PortSet.empty);
    if (!more.isEmpty()) opened[key] = String(more);
  }
  return opened;
}

interface FixDoc {
  status: string;
  opened: { from: string; to: string; ports: Record<string, string[]>; requested: boolean }[];
  closed: unknown[];
  opensMore: boolean;
  verified: boolean;
  changes: { policy: string; action: string; rules: { field: string; peers: string[]; ports: string }[] }[];
  policies: { kind: string; metadata: { name: string; namespace: string } }[];
}

/** The fix's openings merged per pair, as text. */
const reportedOpened = (doc: FixDoc): Record<string, string> => {
  const byPair = new Map<string, PortSet>();
  for (const o of doc.opened) byPair.set(`${o.from} -> ${o.to}`, (byPair.get(`${o.from} -> ${o.to}`) ?? PortSet.empty).union(portSet(o.ports)));
  return Object.fromEntries([...byPair].map(([k, v]) => [k, String(v)]));
};

/**
 * Runs `fix` (text and JSON) on the input, writes the text output to a file, and checks it the way
 * a user would: valid YAML, accepted by --policies-from, the path allowed after, and the openings
 * equal to the matrix difference.
 */
async function checkFixCli(input: readonly string[], from: string, to: string, port: string[]): Promise<{ text: string; doc: FixDoc }> {
  const text = await runCli(['fix', from, to, ...port, ...input]);
  expect(text.stderr).toBe('');
  expect(text.code).toBe(0);
  for (const document of parseAllDocuments(text.stdout)) expect(document.errors).toEqual([]);
  const proposal = dir.write(`fix-${from.replace(/\W/g, '_')}-${to.replace(/\W/g, '_')}.yaml`, text.stdout);
  const after = await runCli(['can-reach', from, to, ...port, ...input, '--policies-from', proposal]);
  expect(after.code).toBe(0);
  expect(after.stdout).toMatch(/^ALLOWED: /m);
  const doc = json(await runCli(['fix', from, to, ...port, ...input, '-o', 'json'])) as unknown as FixDoc;
  expect(doc.status).toBe('fix');
  expect(doc.verified).toBe(true);
  expect(reportedOpened(doc)).toEqual(await matrixOpened(input, proposal));
  return { text: text.stdout, doc };
}

describe('fix on the demo cluster', () => {
  it('checkout -> cart on 7070: a new policy for cart, verified, opening only the requested pair', async () => {
    const { text, doc } = await checkFixCli(['--demo'], 'shop/deployment/checkout', 'shop/deployment/cart', ['--port', '7070']);
    expect(text.split('\n').slice(0, 6)).toEqual([
      '# fix: shop/deployment/checkout -> shop/deployment/cart on TCP 7070',
      '#',
      '# + NetworkPolicy shop/cart-ingress-from-checkout (new)',
      '#   + spec.ingress[0]: from pods app=checkout on TCP grpc',
      '#',
      '# verified: with this change laid over the input, shop/deployment/checkout -> shop/deployment/cart is allowed on TCP 7070',
    ]);
    expect(text).toContain('#   + shop/deployment/checkout -> shop/deployment/cart: TCP 7070 (requested)\n');
    expect(doc.opensMore).toBe(false);
    expect(doc.policies.map((p) => `${p.kind} ${p.metadata.namespace}/${p.metadata.name}`)).toEqual(['NetworkPolicy shop/cart-ingress-from-checkout']);
  });

  it('grafana -> catalog on the named port: a rule added to shop/metrics-scrape', async () => {
    const { doc } = await checkFixCli(['--demo'], 'monitoring/deployment/grafana', 'shop/deployment/catalog', ['--port', 'metrics']);
    expect(doc.changes).toEqual([
      { policy: 'shop/metrics-scrape', action: 'add-rules', rules: [{ direction: 'ingress', rule: 1, field: 'spec.ingress[1]', peers: ['pods app=grafana in namespace monitoring'], ports: 'TCP metrics' }] },
    ]);
  });

  it('frontend -> a Service in another namespace: both sides are fixed, on the target port', async () => {
    const { doc } = await checkFixCli(['--demo'], 'shop/deployment/frontend', 'svc/payments/payment-api', ['--port', '443']);
    expect(doc.changes.map((c) => c.policy).sort()).toEqual(['payments/payment-api', 'shop/frontend']);
    expect(doc.opened).toEqual([{ from: 'shop/deployment/frontend', to: 'payments/deployment/payment-api', ports: { TCP: ['8443'] }, requested: true }]);
  });

  it('its output goes straight into --policies-from - (stdin)', async () => {
    const fix = await runCli(['fix', 'shop/deployment/catalog', 'shop/statefulset/redis', '--port', '6379', '--demo']);
    expect(fix.code).toBe(0);
    const after = await runCli(['can-reach', 'shop/deployment/catalog', 'shop/statefulset/redis', '--port', '6379', '--demo', '--policies-from', '-'], { stdin: fix.stdout });
    expect(after.code).toBe(0);
  });

  it('already allowed: exit 1 and nothing to apply', async () => {
    const r = await runCli(['fix', 'shop/deployment/frontend', 'shop/deployment/cart', '--port', '7070', '--demo']);
    expect(r).toEqual({
      code: 1,
      stdout: '# shop/deployment/frontend -> shop/deployment/cart is already allowed on TCP 7070: nothing to change\n',
      stderr: '',
    });
  });

  it.each([
    [['shop/deployment/nope', 'shop/deployment/cart'], 'error: FROM: deployment shop/nope not found (no running pod and no manifest of it)\n'],
    [['shop/deployment/checkout', 'shop/deployment/cart', '--port', '70000'], 'error: --port: 70000 is not between 1 and 65535\n'],
    [['shop/deployment/checkout', 'shop/deployment/cart', '--port', 'nope'], 'error: --port: no port named "nope" on shop/deployment/cart (ports: grpc 7070/TCP)\n'],
    [['shop/deployment/checkout', 'shop/deployment/cart', '--protocol', 'ICMP'], 'error: --protocol: "ICMP" is not TCP, UDP or SCTP\n'],
  ])('bad input %j: exit 2, one line', async (args, stderr) => {
    const r = await runCli(['fix', ...args, '--demo']);
    expect(r).toEqual({ code: 2, stdout: '', stderr });
  });
});

describe('fix on scenario clusters', () => {
  it('says at the top when it opens more than the requested pair, and lists it', async () => {
    // x/b and x/c carry no labels: only {} selects b, with the whole namespace.
    const snapshot = new SnapshotBuilder()
      .namespace('x')
      .pod('x', 'a', { labels: { app: 'a' }, ip: '10.0.0.1' })
      .pod('x', 'b', { ip: '10.0.0.2' })
      .pod('x', 'c', { ip: '10.0.0.3' })
      .policy('x', 'deny', { podSelector: {}, policyTypes: ['Ingress'] })
      .build();
    const file = dir.write('unlabelled.yaml', renderManifests(snapshot, 'scenario'));
    const { text, doc } = await checkFixCli(['-f', file], 'x/a', 'x/b', ['--port', '80']);
    expect(text.split('\n')[1]).toBe('# NOTE: this also opens 1 connection that was not asked for (see "opens")');
    expect(text).toContain('#   + x/a -> x/c: TCP 80\n');
    expect(doc.opensMore).toBe(true);
  });

  it('says when a NetworkPolicy cannot override an Admin-tier Deny, and proposes nothing', async () => {
    const snapshot = new SnapshotBuilder()
      .namespace('x')
      .pod('x', 'a', { labels: { app: 'a' }, ip: '10.0.0.1' })
      .pod('x', 'b', { labels: { app: 'b' }, ip: '10.0.0.2' })
      .object({
        apiVersion: 'policy.networking.k8s.io/v1alpha1',
        kind: 'AdminNetworkPolicy',
        metadata: { name: 'allow-web' },
        spec: {
          priority: 1,
          subject: { pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: 'b' } } } },
          ingress: [{ name: 'web', action: 'Allow', from: [{ pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: 'web' } } } }] }],
        },
      })
      .object({
        apiVersion: 'policy.networking.k8s.io/v1alpha1',
        kind: 'AdminNetworkPolicy',
        metadata: { name: 'no-a' },
        spec: {
          priority: 5,
          subject: { pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: 'b' } } } },
          ingress: [{ name: 'deny-a', action: 'Deny', from: [{ pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: 'a' } } } }] }],
        },
      })
      .build();
    const file = dir.write('admin.yaml', renderManifests(snapshot, 'scenario'));
    const r = await runCli(['fix', 'x/a', 'x/b', '--port', '80', '-f', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      '# no NetworkPolicy can allow x/a -> x/b on TCP 80:\n' +
        '#   ingress of x/b is denied by AdminNetworkPolicy no-a (Admin, priority 5) ingress[0] "deny-a"\n' +
        '#   a NetworkPolicy cannot override an Admin-tier Deny: only a change to that admin policy can allow it\n',
    );
    const explained = await runCli(['can-reach', 'x/a', 'x/b', '--port', '80', '--explain', '-f', file]);
    // The rule that decided, and the earlier rule the walk passed over, with why.
    expect(explained.stdout.split('\n').slice(-5)).toEqual([
      '  ingress of x/b: denied by AdminNetworkPolicy no-a (Admin, priority 5) ingress[0] "deny-a"',
      '    admin rules passed over first:',
      '      - Allow AdminNetworkPolicy allow-web (Admin, priority 1) ingress[0] "web": the source has app=a (wants app=web)',
      '    a NetworkPolicy cannot override an Admin-tier Deny: only a change to AdminNetworkPolicy no-a (Admin, priority 5) ingress[0] "deny-a" can allow it',
      '',
    ]);
    const doc = json(await runCli(['fix', 'x/a', 'x/b', '--port', '80', '-f', file, '-o', 'json']));
    expect(doc['status']).toBe('admin-denied');
    expect(doc['blockedBy']).toMatchObject({ kind: 'AdminNetworkPolicy', name: 'no-a', action: 'Deny', direction: 'ingress' });
  });
});

describe('can-reach --explain and --suggest', () => {
  /** x/server is selected by four policies, each of whose rules misses x/client differently. */
  const world = () =>
    new SnapshotBuilder()
      .namespace('x', { team: 'x' })
      .pod('x', 'client', { labels: { app: 'client' }, ip: '10.0.0.1' })
      .pod('x', 'server', { labels: { app: 'server' }, ip: '10.0.0.2', ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] })
      .policy('x', 'p1-port', { podSelector: { matchLabels: { app: 'server' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'client' } } }], ports: [{ port: 9090 }] }] })
      .policy('x', 'p2-label', { podSelector: { matchLabels: { app: 'server' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }] })
      .policy('x', 'p3-two', { podSelector: { matchLabels: { app: 'server' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 1 }] }] })
      .policy('x', 'p4-ns', { podSelector: { matchLabels: { app: 'server' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'y' } }, podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 2 }] }] })
      .build();

  it('text: the three closest rules of the denied side, then how many more', async () => {
    const file = dir.write('four.yaml', renderManifests(world(), 'scenario'));
    const r = await runCli(['can-reach', 'x/client', 'x/server', '--port', '8080', '--explain', '-f', file]);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')).toEqual([
      'DENIED: x/client -> x/server on TCP 8080',
      'x/client -> x/server: denied on TCP 8080',
      '  egress of x/client: not isolated (no policy selects it for egress): everything allowed',
      '  ingress of x/server: isolated by x/p1-port, x/p2-label, x/p3-two, x/p4-ns',
      '    no ingress rule admits x/client on TCP 8080',
      '    why not (closest rule first):',
      '      1. x/p1-port spec.ingress[0].from[0]: admits TCP 9090 only, not TCP 8080',
      '      2. x/p2-label spec.ingress[0].from[0]: the source has app=client (wants app=web)',
      '      3. x/p3-two spec.ingress[0].from[0]: the source has app=client (wants app=web); admits TCP 1 only, not TCP 8080',
      '      ... and 1 more (-o json lists them all)',
      '',
    ]);
    // Without --explain, text is as before.
    const plain = await runCli(['can-reach', 'x/client', 'x/server', '--port', '8080', '-f', file]);
    expect(plain.stdout).not.toContain('why not');
  });

  it('-o json: every near miss, each criterion structured', async () => {
    const file = dir.write('four-json.yaml', renderManifests(world(), 'scenario'));
    const doc = json(await runCli(['can-reach', 'x/client', 'x/server', '--port', '8080', '-f', file, '-o', 'json'])) as { paths: { nearMisses: { policy: string; failed: { criterion: string }[] }[] }[] };
    expect(doc.paths[0]!.nearMisses.map((m) => [m.policy, m.failed.map((f) => f.criterion)])).toEqual([
      ['x/p1-port', ['port-not-in-rule']],
      ['x/p2-label', ['pod-label-different']],
      ['x/p3-two', ['pod-label-different', 'port-not-in-rule']],
      ['x/p4-ns', ['namespace-label-different', 'pod-label-different', 'port-not-in-rule']],
    ]);
  });

  it('--suggest: the verdict, then the fix; the exit status stays the verdict', async () => {
    const file = dir.write('four-suggest.yaml', renderManifests(world(), 'scenario'));
    const r = await runCli(['can-reach', 'x/client', 'x/server', '--port', '8080', '--suggest', '-f', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('\n# fix: x/client -> x/server on TCP 8080\n#\n# ~ NetworkPolicy x/p1-port (the whole policy below, with the rule added)\n#   + spec.ingress[1]: from pods app=client on TCP http\n');
    const doc = json(await runCli(['can-reach', 'x/client', 'x/server', '--port', '8080', '--suggest', '-f', file, '-o', 'json']));
    expect(doc['fix']).toMatchObject({ status: 'fix', verified: true, opensMore: false });
    // Allowed paths get no suggestion.
    const allowed = json(await runCli(['can-reach', 'x/server', 'x/client', '--suggest', '-f', file, '-o', 'json']));
    expect(allowed['fix']).toBeUndefined();
  });

  it('the demo path of the README: checkout -> cart', async () => {
    const r = await runCli(['can-reach', 'shop/deployment/checkout', 'shop/deployment/cart', '--port', '7070', '--explain', '--demo']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('    why not (closest rule first):\n      1. shop/api-from-frontend spec.ingress[0].from[0]: the source has app=checkout (wants app=frontend)\n');
  });
});
