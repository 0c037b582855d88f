// `kubectl netpol reachable-from`: destinations folded by workload, named ports resolved on each
// destination, exact outside ranges, --denied, --port, addresses as sources, control characters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, TempDir, type CliResult, envelope } from '../fixtures/cli.js';
import { CONTROL_VARIANTS, writeControlWorld } from '../fixtures/reports/control.js';
import { controlCharactersIn, deploymentPods, documents, namespace, outputLines, pod, tableRow } from '../fixtures/reports/manifests.js';

// app (team=app): deployment/client (2 pods, app=client), server (http=8080), cache (redis=6379),
//   svc server (80 -> http)
// other (team=other): ext
// Pod IPs are in 10.20.0.0/16, inside the except of client-egress's ipBlock.
const CLUSTER = documents([
  namespace('app', { team: 'app' }),
  namespace('other', { team: 'other' }),
  ...deploymentPods('app', 'client', '5f6a7', ['aaaaa', 'bbbbb'], ['10.20.0.1', '10.20.0.2'], { app: 'client' }).map(pod),
  pod({ ns: 'app', name: 'server', labels: { app: 'server' }, ip: '10.20.0.10', ports: ['http:8080'] }),
  pod({ ns: 'app', name: 'cache', labels: { app: 'cache' }, ip: '10.20.0.11', ports: ['redis:6379'] }),
  pod({ ns: 'other', name: 'ext', labels: { app: 'ext' }, ip: '10.20.1.1' }),
  `apiVersion: v1
kind: Service
metadata: {name: server, namespace: app}
spec:
  selector: {app: server}
  ports: [{port: 80, targetPort: http}]
`,
]);

const POLICIES = documents([
  // client may reach: server on its port named http; outside addresses except 10.0.0.0/8 on TCP 443;
  // every pod of namespaces labelled team=other on every port.
  `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: client-egress, namespace: app}
spec:
  podSelector: {matchLabels: {app: client}}
  policyTypes: [Egress]
  egress:
  - to: [{podSelector: {matchLabels: {app: server}}}]
    ports: [{port: http}]
  - to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}]
    ports: [{port: 443}]
  - to: [{namespaceSelector: {matchLabels: {team: other}}}]
`,
  `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: cache-ingress, namespace: app}
spec:
  podSelector: {matchLabels: {app: cache}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: server}}}]
`,
]);

let dir: TempDir;
let cluster: string;
let policies: string;
let source: string;
beforeAll(() => {
  dir = new TempDir('netpol-reachable-from-');
  cluster = dir.write('cluster.yaml', CLUSTER);
  policies = dir.write('policies.yaml', POLICIES);
  source = `files: ${cluster}, ${policies}`;
});
afterAll(() => dir.cleanup());

const rf = (...args: string[]): Promise<CliResult> => runCli(['reachable-from', ...args, '-f', cluster, '-f', policies]);
type Doc = {
  pods: { namespace: string; peer: string; pods: number; ports: Record<string, string[]>; ingress: string[]; egress: string[] }[];
  addresses: { addresses: string[]; ports: Record<string, string[]>; rules: string[] }[];
  denied: { namespace: string; peer: string; pods: number; reason: string }[];
} & Record<string, unknown>;
const json = (r: CliResult): Doc => JSON.parse(r.stdout) as Doc;

const ALL = { TCP: ['1-65535'], UDP: ['1-65535'], SCTP: ['1-65535'] };
// 0.0.0.0/0 minus 10.0.0.0/8 in the fewest CIDRs.
const NOT_TEN = ['0.0.0.0/5', '8.0.0.0/7', '11.0.0.0/8', '12.0.0.0/6', '16.0.0.0/4', '32.0.0.0/3', '64.0.0.0/2', '128.0.0.0/1'];
// The same range as the policy writes it.
const NOT_TEN_WRITTEN = ['0.0.0.0/0 except 10.0.0.0/8'];

describe('an egress-isolated Deployment', () => {
  it('-o json --denied: the whole document', async () => {
    const r = await rf('app/deployment/client', '--denied', '-o', 'json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(json(r)).toEqual({
      ...envelope('ReachableFrom'),
      direction: 'outbound',
      target: 'app/deployment/client',
      targetPods: 2,
      probe: null,
      source,
      pods: [
        // The named port http resolves on the destination: 8080 on server.
        { namespace: 'app', peer: 'server', pods: 1, ports: { TCP: ['8080'] }, ingress: ['not isolated'], egress: ['client-egress egress[0]'] },
        { namespace: 'other', peer: 'ext', pods: 1, ports: ALL, ingress: ['not isolated'], egress: ['client-egress egress[2]'] },
      ],
      // Named ports never apply towards an address, so rule 0 grants no address; rule 2 has no ipBlock.
      addresses: [{ addresses: NOT_TEN_WRITTEN, cidrs: NOT_TEN, ports: { TCP: ['443'] }, rules: ['client-egress egress[1]'] }],
      // cache is blocked on both sides.
      denied: [{ namespace: 'app', peer: 'cache', pods: 1, reason: 'egress isolated by client-egress; ingress isolated by cache-ingress' }],
    });
  });

  it('text --denied: exact lines', async () => {
    const r = await rf('app/deployment/client', '--denied');
    expect(r.code).toBe(0);
    const p = [9, 11, 4, 9, 12];
    // Text writes the range as the policy does.
    const notTen = NOT_TEN_WRITTEN[0]!;
    const a = [notTen.length, 7];
    const d = [9, 18, 4];
    expect(outputLines(r.stdout)).toEqual([
      `What app/deployment/client (2 pods) can reach [${source}]`,
      '',
      tableRow(p, ['NAMESPACE', 'DESTINATION', 'PODS', 'PORTS', 'INGRESS RULE', 'EGRESS RULE']),
      tableRow(p, ['app', 'server', '1', 'TCP 8080', 'not isolated', 'client-egress egress[0]']),
      tableRow(p, ['other', 'ext', '1', 'all ports', 'not isolated', 'client-egress egress[2]']),
      '',
      tableRow(a, ['TO ADDRESSES', 'PORTS', 'EGRESS RULE']),
      tableRow(a, [notTen, 'TCP 443', 'client-egress egress[1]']),
      '',
      tableRow(d, ['NAMESPACE', 'DENIED DESTINATION', 'PODS', 'WHY']),
      tableRow(d, ['app', 'cache', '1', 'egress isolated by client-egress; ingress isolated by cache-ingress']),
    ]);
  });

  it('--port 443: ext (all ports through rule 2) and the outside ranges; server is only reachable on 8080', async () => {
    const r = await rf('app/deployment/client', '--port', '443', '-o', 'json');
    expect(r.code).toBe(0);
    const doc = json(r);
    expect(doc['probe']).toEqual({ protocol: 'TCP', port: 443 });
    expect(doc.pods).toEqual([{ namespace: 'other', peer: 'ext', pods: 1, ports: { TCP: ['443'] }, ingress: ['not isolated'], egress: ['client-egress egress[2]'] }]);
    expect(doc.addresses).toEqual([{ addresses: NOT_TEN_WRITTEN, cidrs: NOT_TEN, ports: { TCP: ['443'] }, rules: ['client-egress egress[1]'] }]);
    const text = outputLines((await rf('app/deployment/client', '--port', '443')).stdout);
    expect(text[0]).toBe(`What app/deployment/client (2 pods) can reach on TCP 443 [${source}]`);
  });

  it('--port 8080 --protocol UDP: not server (its http port is TCP), only ext through the all-ports rule', async () => {
    const r = await rf('app/deployment/client', '--port', '8080', '--protocol', 'UDP');
    expect(r.code).toBe(0);
    const p = [9, 11, 4, 8, 12];
    expect(outputLines(r.stdout)).toEqual([
      `What app/deployment/client (2 pods) can reach on UDP 8080 [${source}]`,
      '',
      tableRow(p, ['NAMESPACE', 'DESTINATION', 'PODS', 'PORTS', 'INGRESS RULE', 'EGRESS RULE']),
      tableRow(p, ['other', 'ext', '1', 'UDP 8080', 'not isolated', 'client-egress egress[2]']),
      '',
      'No address outside the cluster is reachable on UDP 8080.',
    ]);
  });
});

describe('a pod that is not isolated for egress', () => {
  it('-o json: every pod that admits it, on every port, and every outside address of its family', async () => {
    const r = await rf('app/server', '-o', 'json');
    expect(r.code).toBe(0);
    expect(json(r)).toEqual({
      ...envelope('ReachableFrom'),
      direction: 'outbound',
      target: 'app/server',
      targetPods: 1,
      probe: null,
      source,
      pods: [
        { namespace: 'app', peer: 'cache', pods: 1, ports: ALL, ingress: ['cache-ingress ingress[0]'], egress: ['not isolated'] },
        // Both client replicas fold into one row.
        { namespace: 'app', peer: 'deployment/client', pods: 2, ports: ALL, ingress: ['not isolated'], egress: ['not isolated'] },
        { namespace: 'other', peer: 'ext', pods: 1, ports: ALL, ingress: ['not isolated'], egress: ['not isolated'] },
      ],
      // app/server has an IPv4 address only: it reaches outside addresses over IPv4.
      addresses: [{ addresses: ['0.0.0.0/0'], cidrs: ['0.0.0.0/0'], ports: ALL, rules: ['not isolated'] }],
      denied: [],
    });
  });

  it('text: exact lines', async () => {
    const r = await rf('app/server');
    const p = [9, 17, 4, 9, 24];
    expect(outputLines(r.stdout)).toEqual([
      `What app/server can reach [${source}]`,
      '',
      tableRow(p, ['NAMESPACE', 'DESTINATION', 'PODS', 'PORTS', 'INGRESS RULE', 'EGRESS RULE']),
      tableRow(p, ['app', 'cache', '1', 'all ports', 'cache-ingress ingress[0]', 'not isolated']),
      tableRow(p, ['app', 'deployment/client', '2', 'all ports', 'not isolated', 'not isolated']),
      tableRow(p, ['other', 'ext', '1', 'all ports', 'not isolated', 'not isolated']),
      '',
      tableRow([12, 9], ['TO ADDRESSES', 'PORTS', 'EGRESS RULE']),
      tableRow([12, 9], ['0.0.0.0/0', 'all ports', 'not isolated']),
    ]);
  });
});

describe('an address as the source', () => {
  it('ip:203.0.113.7: pods whose ingress admits it; its own egress is outside any policy', async () => {
    const r = await rf('ip:203.0.113.7', '--denied', '-o', 'json');
    expect(r.code).toBe(0);
    expect(json(r)).toEqual({
      ...envelope('ReachableFrom'),
      direction: 'outbound',
      target: 'ip:203.0.113.7',
      targetPods: 1,
      probe: null,
      source,
      pods: [
        { namespace: 'app', peer: 'deployment/client', pods: 2, ports: ALL, ingress: ['not isolated'], egress: ['-'] },
        { namespace: 'app', peer: 'server', pods: 1, ports: ALL, ingress: ['not isolated'], egress: ['-'] },
        { namespace: 'other', peer: 'ext', pods: 1, ports: ALL, ingress: ['not isolated'], egress: ['-'] },
      ],
      addresses: [],
      denied: [{ namespace: 'app', peer: 'cache', pods: 1, reason: 'ingress isolated by cache-ingress' }],
    });
  });
});

describe('bad input', () => {
  it('a Service cannot be a source (2)', async () => {
    const r = await rf('svc/app/server');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('error: reachable-from takes a pod, a workload or an address (traffic leaves from pods, not from a Service)\n');
  });

  it('a named --port resolves on each destination; a name no pod declares is bad input', async () => {
    const r = await rf('app/deployment/client', '--port', 'http', '--denied', '-o', 'json');
    expect(r.code).toBe(0);
    const view = JSON.parse(r.stdout) as { pods: { peer: string; ports: unknown }[]; denied: { peer: string; reason: string }[] };
    expect(view.pods.map((p) => [p.peer, p.ports])).toEqual([['server', { TCP: ['8080'] }]]);
    expect(view.denied).toContainEqual(expect.objectContaining({ peer: 'cache', reason: 'declares no TCP port named "http"' }));
    const bad = await rf('app/server', '--port', 'htp');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('error: --port: no port named "htp" on any pod in the input\n');
  });
});

describe('control characters in pod names and labels never reach stdout', () => {
  for (const v of CONTROL_VARIANTS) {
    it(v.title, async () => {
      const files = writeControlWorld(dir, v);
      const leaks: Record<string, string[]> = {};
      for (const [what, source] of [['pod', `evil/${v.podName}`], ['deployment', `evil/deployment/${v.deployment}`]] as const) {
        for (const args of [['--denied', '--explain'], ['-o', 'json'], ['-o', 'yaml']]) {
          const r = await runCli(['reachable-from', source, ...files, ...args]);
          expect(r.code).toBe(0);
          const found = controlCharactersIn(r.stdout);
          if (found.length > 0) leaks[`${what} ${args.join(' ')}`] = found;
        }
      }
      expect(leaks).toEqual({});
      const text = await runCli(['reachable-from', `evil/deployment/${v.deployment}`, ...files, '--denied', '--explain']);
      expect(text.stdout).toContain(`What evil/deployment/${v.deploymentClean} (2 pods) can reach [`);
      // The clients reach only the target pod (client-egress): its name is in the table.
      expect(text.stdout).toContain(v.podNameClean);
    });
  }
});
