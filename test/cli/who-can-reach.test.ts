// `kubectl netpol who-can-reach`: sources folded by workload, Service ports after DNAT, named ports
// per pod, exact address partitions (IPv4 and IPv6), --denied, --explain, control characters.
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, TempDir, type CliResult, envelope } from '../fixtures/cli.js';
import { CONTROL_VARIANTS, writeControlWorld } from '../fixtures/reports/control.js';
import { controlCharactersIn, deploymentPods, documents, namespace, outputLines, pod, statefulSetPods, tableRow } from '../fixtures/reports/manifests.js';

// shop (team=shop):
//   deployment/frontend: frontend-6d5c4-aaaaa/-bbbbb/-ccccc (app=frontend; the third also access=db)
//   deployment/web, mid-rollout: web-6b7c8-aaaaa (http=8080) and web-9f8e7-bbbbb (http=9090), app=web
//   db (app=db, postgres=5432), gateway (app=gateway), ledger (app=ledger)
//   svc web: port 80 -> targetPort http
// ops (team=ops): statefulset/prometheus (prometheus-0), debug
// Pod IPs are in 172.20.0.0/16, outside every ipBlock below.
const CLUSTER = documents([
  namespace('shop', { team: 'shop' }),
  namespace('ops', { team: 'ops' }),
  ...deploymentPods('shop', 'frontend', '6d5c4', ['aaaaa', 'bbbbb', 'ccccc'], ['172.20.0.1', '172.20.0.2', '172.20.0.3'], { app: 'frontend' }, {
    extraLabels: [undefined, undefined, { access: 'db' }],
  }).map(pod),
  ...deploymentPods('shop', 'web', '6b7c8', ['aaaaa'], ['172.20.0.11'], { app: 'web' }, { ports: ['http:8080'] }).map(pod),
  ...deploymentPods('shop', 'web', '9f8e7', ['bbbbb'], ['172.20.0.12'], { app: 'web' }, { ports: ['http:9090'] }).map(pod),
  pod({ ns: 'shop', name: 'db', labels: { app: 'db' }, ip: '172.20.0.20', ports: ['postgres:5432'] }),
  pod({ ns: 'shop', name: 'gateway', labels: { app: 'gateway' }, ip: '172.20.0.30' }),
  pod({ ns: 'shop', name: 'ledger', labels: { app: 'ledger' }, ip: '172.20.0.40', ip2: 'fd00:20::40' }),
  ...statefulSetPods('ops', 'prometheus', ['172.20.1.1'], { app: 'prometheus' }).map(pod),
  pod({ ns: 'ops', name: 'debug', labels: { app: 'debug' }, ip: '172.20.1.2' }),
  `apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports:
  - {name: http, port: 80, targetPort: http}
`,
]);

const POLICIES = documents([
  // web pods: frontend on the pod's port named http; prometheus of team=ops namespaces on TCP 9100.
  `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-ingress, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: frontend}}}]
    ports: [{port: http}]
  - from: [{namespaceSelector: {matchLabels: {team: ops}}, podSelector: {matchLabels: {app: prometheus}}}]
    ports: [{port: 9100}]
`,
  // db: frontend on TCP 80; pods labelled access=db on the port named postgres.
  `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-ingress, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: frontend}}}]
    ports: [{port: 80}]
  - from: [{podSelector: {matchLabels: {access: db}}}]
    ports: [{port: postgres}]
`,
  // gateway: two overlapping blocks with different ports.
  `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: gateway-ingress, namespace: shop}
spec:
  podSelector: {matchLabels: {app: gateway}}
  ingress:
  - from: [{ipBlock: {cidr: 10.0.0.0/8}}]
    ports: [{port: 80}]
  - from: [{ipBlock: {cidr: 10.1.0.0/16}}]
    ports: [{port: 443}]
`,
  // ledger: an IPv6 block with a hole.
  `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ledger-ingress, namespace: shop}
spec:
  podSelector: {matchLabels: {app: ledger}}
  ingress:
  - from: [{ipBlock: {cidr: "2001:db8::/32", except: ["2001:db8:1::/48"]}}]
    ports: [{port: 443}]
`,
]);

let dir: TempDir;
let cluster: string;
let policies: string;
let source: string;
beforeAll(() => {
  dir = new TempDir('netpol-who-can-reach-');
  cluster = dir.write('cluster.yaml', CLUSTER);
  policies = dir.write('policies.yaml', POLICIES);
  source = `files: ${cluster}, ${policies}`;
});
afterAll(() => dir.cleanup());

const wcr = (...args: string[]): Promise<CliResult> => runCli(['who-can-reach', ...args, '-f', cluster, '-f', policies]);
type Row = { namespace: string; peer: string; pods: number; ports: Record<string, string[]>; ingress: string[]; egress: string[] };
type Doc = { pods: Row[]; addresses: { addresses: string[]; ports: Record<string, string[]>; rules: string[] }[]; denied: { namespace: string; peer: string; pods: number; reason: string }[] } & Record<string, unknown>;
const json = (r: CliResult): Doc => JSON.parse(r.stdout) as Doc;

const FRONTEND_TO_DB_80 = { namespace: 'shop', peer: 'deployment/frontend', pods: 2, ports: { TCP: ['80'] }, ingress: ['db-ingress ingress[0]'], egress: ['not isolated'] };
// The replica labelled access=db also matches rule 1 (postgres resolves to 5432 on db): its own row.
const FRONTEND_ACCESS_TO_DB = {
  namespace: 'shop',
  peer: 'deployment/frontend',
  pods: 1,
  ports: { TCP: ['80', '5432'] },
  ingress: ['db-ingress ingress[0]', 'db-ingress ingress[1]'],
  egress: ['not isolated'],
};
const DB_DENIED = [
  { namespace: 'ops', peer: 'debug', pods: 1, reason: 'ingress isolated by db-ingress' },
  { namespace: 'ops', peer: 'statefulset/prometheus', pods: 1, reason: 'ingress isolated by db-ingress' },
  { namespace: 'shop', peer: 'deployment/web', pods: 2, reason: 'ingress isolated by db-ingress' },
  { namespace: 'shop', peer: 'gateway', pods: 1, reason: 'ingress isolated by db-ingress' },
  { namespace: 'shop', peer: 'ledger', pods: 1, reason: 'ingress isolated by db-ingress' },
];

describe('a pod target: replica folding and splitting', () => {
  it('-o json: the whole document; replicas with the same ports and rules fold, the one with extra labels splits', async () => {
    const r = await wcr('shop/db', '-o', 'json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(json(r)).toEqual({
      ...envelope('WhoCanReach'),
      direction: 'inbound',
      target: 'shop/db',
      targetPods: 1,
      probe: null,
      source,
      pods: [FRONTEND_TO_DB_80, FRONTEND_ACCESS_TO_DB],
      addresses: [],
      denied: [],
    });
    expect(r.stdout).toBe(`${JSON.stringify(json(r), null, 2)}\n`);
  });

  it('--denied -o json lists every other pod with the isolation that blocks it', async () => {
    const r = await wcr('shop/db', '--denied', '-o', 'json');
    expect(r.code).toBe(0);
    expect(json(r).denied).toEqual(DB_DENIED);
    expect(json(r).pods).toEqual([FRONTEND_TO_DB_80, FRONTEND_ACCESS_TO_DB]);
  });

  it('-o yaml is the same document', async () => {
    const y = await wcr('shop/db', '--denied', '-o', 'yaml');
    const j = await wcr('shop/db', '--denied', '-o', 'json');
    expect(parseYaml(y.stdout)).toEqual(json(j));
  });

  it('text --denied: exact lines', async () => {
    const r = await wcr('shop/db', '--denied');
    expect(r.code).toBe(0);
    const w = [9, 19, 4, 11, 44];
    const d = [9, 22, 4];
    expect(outputLines(r.stdout)).toEqual([
      `Who can reach shop/db [${source}]`,
      '',
      tableRow(w, ['NAMESPACE', 'SOURCE', 'PODS', 'PORTS', 'INGRESS RULE', 'EGRESS RULE']),
      tableRow(w, ['shop', 'deployment/frontend', '2', 'TCP 80', 'db-ingress ingress[0]', 'not isolated']),
      tableRow(w, ['shop', 'deployment/frontend', '1', 'TCP 80,5432', 'db-ingress ingress[0], db-ingress ingress[1]', 'not isolated']),
      '',
      'No address outside the cluster can reach it.',
      '',
      tableRow(d, ['NAMESPACE', 'DENIED SOURCE', 'PODS', 'WHY']),
      tableRow(d, ['ops', 'debug', '1', 'ingress isolated by db-ingress']),
      tableRow(d, ['ops', 'statefulset/prometheus', '1', 'ingress isolated by db-ingress']),
      tableRow(d, ['shop', 'deployment/web', '2', 'ingress isolated by db-ingress']),
      tableRow(d, ['shop', 'gateway', '1', 'ingress isolated by db-ingress']),
      tableRow(d, ['shop', 'ledger', '1', 'ingress isolated by db-ingress']),
    ]);
  });

  it('on a terminal: the same text once the colour codes are removed', async () => {
    const plain = await wcr('shop/db', '--denied');
    const tty = await runCli(['who-can-reach', 'shop/db', '--denied', '-f', cluster, '-f', policies], { isTTY: true, env: {} });
    expect(tty.stdout).not.toBe(plain.stdout);
    // eslint-disable-next-line no-control-regex
    expect(tty.stdout.replace(/\u001b\[[0-9;]*m/g, '')).toBe(plain.stdout);
  });

  it('--port 5432: only the replica labelled access=db, admitted by rule 1', async () => {
    const r = await wcr('shop/db', '--port', '5432', '-o', 'json');
    expect(r.code).toBe(0);
    const doc = json(r);
    expect(doc['probe']).toEqual({ protocol: 'TCP', port: 5432 });
    expect(doc.pods).toEqual([
      { namespace: 'shop', peer: 'deployment/frontend', pods: 1, ports: { TCP: ['5432'] }, ingress: ['db-ingress ingress[1]'], egress: ['not isolated'] },
    ]);
  });

  it('--port 5432 --denied: the other frontend replicas are blocked by db-ingress on that port', async () => {
    // They are allowed on TCP 80, so "no port allowed by both sides" would be false; on the probed
    // port it is db-ingress's isolation that blocks them, as for every other denied source.
    const r = await wcr('shop/db', '--port', '5432', '--denied', '-o', 'json');
    expect(json(r).denied.filter((d) => d.peer === 'deployment/frontend')).toEqual([
      { namespace: 'shop', peer: 'deployment/frontend', pods: 2, reason: 'ingress isolated by db-ingress' },
    ]);
  });

  it('--port 80 --explain: the table folds all 3 replicas, then every allowed path is explained', async () => {
    const r = await wcr('shop/db', '--port', '80', '--explain');
    expect(r.code).toBe(0);
    const w = [9, 19, 4, 6, 21];
    const path = (suffix: string) => [
      `shop/frontend-6d5c4-${suffix} -> shop/db: allowed on TCP 80`,
      `  egress of shop/frontend-6d5c4-${suffix}: not isolated (no policy selects it for egress): everything allowed`,
      '  ingress of shop/db: isolated by shop/db-ingress',
      '    admitted by shop/db-ingress spec.ingress[0].from[0] (TCP 80)',
    ];
    expect(outputLines(r.stdout)).toEqual([
      `Who can reach shop/db on TCP 80 [${source}]`,
      '',
      tableRow(w, ['NAMESPACE', 'SOURCE', 'PODS', 'PORTS', 'INGRESS RULE', 'EGRESS RULE']),
      tableRow(w, ['shop', 'deployment/frontend', '3', 'TCP 80', 'db-ingress ingress[0]', 'not isolated']),
      '',
      'No address outside the cluster can reach it on TCP 80.',
      '',
      'Explanations:',
      ...path('aaaaa'),
      ...path('bbbbb'),
      ...path('ccccc'),
    ]);
  });
});

describe('a Service target: service ports after DNAT', () => {
  const FRONTEND_TO_WEB_SVC = { namespace: 'shop', peer: 'deployment/frontend', pods: 3, ports: { TCP: ['80'] }, ingress: ['web-ingress ingress[0]'], egress: ['not isolated'] };

  it('-o json: frontend may use service port 80 (targetPort http is 8080 on one pod, 9090 on the other; both admitted)', async () => {
    const r = await wcr('svc/shop/web', '-o', 'json');
    expect(r.code).toBe(0);
    expect(json(r)).toEqual({
      ...envelope('WhoCanReach'),
      direction: 'inbound',
      target: 'svc/shop/web',
      targetPods: 2,
      probe: null,
      source,
      // prometheus is admitted on 9100 only, which no service port maps to: not a source of the Service.
      pods: [FRONTEND_TO_WEB_SVC],
      addresses: [],
      denied: [],
      endpointsFrom: 'selector',
    });
  });

  it('shop/svc/web is the same target', async () => {
    const a = await wcr('svc/shop/web', '-o', 'json');
    const b = await wcr('shop/svc/web', '-o', 'json');
    expect({ ...json(b), target: 'svc/shop/web' }).toEqual(json(a));
  });

  it('text: exact lines', async () => {
    const r = await wcr('svc/shop/web');
    const w = [9, 19, 4, 6, 22];
    expect(outputLines(r.stdout)).toEqual([
      `Who can reach svc/shop/web (2 pods) [${source}]`,
      "endpoints: the pods the Service's selector picks (no EndpointSlice read)",
      '',
      tableRow(w, ['NAMESPACE', 'SOURCE', 'PODS', 'PORTS', 'INGRESS RULE', 'EGRESS RULE']),
      tableRow(w, ['shop', 'deployment/frontend', '3', 'TCP 80', 'web-ingress ingress[0]', 'not isolated']),
      '',
      'No address outside the cluster can reach it.',
    ]);
  });

  it('--port 80 (a service port): the row names the ingress rule that admits the target ports', async () => {
    const r = await wcr('svc/shop/web', '--port', '80', '-o', 'json');
    expect(r.code).toBe(0);
    expect(json(r).pods).toEqual([{ ...FRONTEND_TO_WEB_SVC, ports: { TCP: ['80'] } }]);
  });

  it('--denied: prometheus is blocked by web-ingress for every service port', async () => {
    // It is admitted on TCP 9100, so "no port allowed by both sides" would be false.
    const r = await wcr('svc/shop/web', '--denied', '-o', 'json');
    expect(json(r).denied.find((d) => d.peer === 'statefulset/prometheus')).toEqual({
      namespace: 'ops',
      peer: 'statefulset/prometheus',
      pods: 1,
      reason: 'ingress isolated by web-ingress',
    });
  });
});

describe('named ports that differ per pod', () => {
  it('each web pod: frontend on its own http port, prometheus on 9100', async () => {
    const a = await wcr('shop/web-6b7c8-aaaaa', '-o', 'json');
    expect(json(a).pods).toEqual([
      { namespace: 'ops', peer: 'statefulset/prometheus', pods: 1, ports: { TCP: ['9100'] }, ingress: ['web-ingress ingress[1]'], egress: ['not isolated'] },
      { namespace: 'shop', peer: 'deployment/frontend', pods: 3, ports: { TCP: ['8080'] }, ingress: ['web-ingress ingress[0]'], egress: ['not isolated'] },
    ]);
    const b = await wcr('shop/web-9f8e7-bbbbb', '-o', 'json');
    expect(json(b).pods).toEqual([
      { namespace: 'ops', peer: 'statefulset/prometheus', pods: 1, ports: { TCP: ['9100'] }, ingress: ['web-ingress ingress[1]'], egress: ['not isolated'] },
      { namespace: 'shop', peer: 'deployment/frontend', pods: 3, ports: { TCP: ['9090'] }, ingress: ['web-ingress ingress[0]'], egress: ['not isolated'] },
    ]);
  });

  it('the whole Deployment: frontend can open a connection to every web pod (each on its http port), so it is a source', async () => {
    // can-reach shop/deployment/frontend shop/deployment/web says ALLOWED for every path.
    const r = await wcr('shop/deployment/web', '-o', 'json');
    expect(r.code).toBe(0);
    expect(json(r).pods.map((p) => `${p.namespace}/${p.peer}`)).toEqual(['ops/statefulset/prometheus', 'shop/deployment/frontend']);
  });
});

describe('a Service whose port maps to another targetPort (80 -> http)', () => {
  it('--explain explains the allowed paths on the target port, and --denied does not list an allowed source', async () => {
    const r = await wcr('svc/shop/web', '--port', '80', '--explain', '--denied');
    expect(r.code).toBe(0);
    const [table, explanations] = r.stdout.split('\nExplanations:\n') as [string, string];
    expect(table).toMatch(/\n *shop +deployment\/frontend +\d/);
    // Each web pod is reached on its own port named http: 8080 on one, 9090 on the other.
    expect(explanations).toMatch(/-> shop\/web-6b7c8-aaaaa: allowed on TCP 8080/);
    expect(explanations).toMatch(/-> shop\/web-9f8e7-bbbbb: allowed on TCP 9090/);
    const denied = table.slice(table.indexOf('DENIED SOURCE'));
    expect(denied).not.toContain('deployment/frontend ');
    expect(explanations).not.toMatch(/frontend[^\n]*: denied on TCP 80\b/);
  });
});

describe('address ranges', () => {
  const LOW = ['10.0.0.0/16', '10.2.0.0/15', '10.4.0.0/14', '10.8.0.0/13', '10.16.0.0/12', '10.32.0.0/11', '10.64.0.0/10', '10.128.0.0/9'];
  // The same range as people write it: the block and its hole.
  const LOW_WRITTEN = ['10.0.0.0/8 except 10.1.0.0/16'];

  it('two overlapping ipBlocks with different ports: the exact partition, each range with its ports and rules', async () => {
    const r = await wcr('shop/gateway', '-o', 'json');
    expect(r.code).toBe(0);
    expect(json(r)).toEqual({
      ...envelope('WhoCanReach'),
      direction: 'inbound',
      target: 'shop/gateway',
      targetPods: 1,
      probe: null,
      source,
      pods: [],
      addresses: [
        // 10.0.0.0/8 minus 10.1.0.0/16: TCP 80 only.
        { addresses: LOW_WRITTEN, cidrs: LOW, ports: { TCP: ['80'] }, rules: ['gateway-ingress ingress[0]'] },
        // 10.1.0.0/16 is in both blocks.
        { addresses: ['10.1.0.0/16'], cidrs: ['10.1.0.0/16'], ports: { TCP: ['80', '443'] }, rules: ['gateway-ingress ingress[0]', 'gateway-ingress ingress[1]'] },
      ],
      denied: [],
    });
  });

  it('text: exact lines', async () => {
    const r = await wcr('shop/gateway');
    // Text writes the range as the policy does: the block and its hole.
    const low = LOW_WRITTEN[0]!;
    const w = [low.length, 10];
    expect(outputLines(r.stdout)).toEqual([
      `Who can reach shop/gateway [${source}]`,
      '',
      'No pod can reach it.',
      '',
      tableRow(w, ['FROM ADDRESSES', 'PORTS', 'INGRESS RULE']),
      tableRow(w, [low, 'TCP 80', 'gateway-ingress ingress[0]']),
      tableRow(w, ['10.1.0.0/16', 'TCP 80,443', 'gateway-ingress ingress[0], gateway-ingress ingress[1]']),
    ]);
  });

  it('--port 443: only the overlap, and only the rule that admits 443', async () => {
    const r = await wcr('shop/gateway', '--port', '443', '-o', 'json');
    expect(json(r).addresses).toEqual([{ addresses: ['10.1.0.0/16'], cidrs: ['10.1.0.0/16'], ports: { TCP: ['443'] }, rules: ['gateway-ingress ingress[1]'] }]);
  });

  it('--port 80: both ranges', async () => {
    const r = await wcr('shop/gateway', '--port', '80', '-o', 'json');
    expect(json(r).addresses.map((a) => a.addresses)).toEqual([LOW_WRITTEN, ['10.1.0.0/16']]);
  });

  it('IPv6: 2001:db8::/32 except 2001:db8:1::/48, as written and as the exact minimal CIDRs', async () => {
    const r = await wcr('shop/ledger', '-o', 'json');
    expect(r.code).toBe(0);
    expect(json(r).addresses).toEqual([
      {
        addresses: ['2001:db8::/32 except 2001:db8:1::/48'],
        cidrs: [
          '2001:db8::/48',
          '2001:db8:2::/47',
          '2001:db8:4::/46',
          '2001:db8:8::/45',
          '2001:db8:10::/44',
          '2001:db8:20::/43',
          '2001:db8:40::/42',
          '2001:db8:80::/41',
          '2001:db8:100::/40',
          '2001:db8:200::/39',
          '2001:db8:400::/38',
          '2001:db8:800::/37',
          '2001:db8:1000::/36',
          '2001:db8:2000::/35',
          '2001:db8:4000::/34',
          '2001:db8:8000::/33',
        ],
        ports: { TCP: ['443'] },
        rules: ['ledger-ingress ingress[0]'],
      },
    ]);
  });

  it('a pod that is not isolated for ingress: every address of its family (IPv4 only here), every port', async () => {
    const r = await wcr('ops/debug', '-o', 'json');
    expect(json(r).addresses).toEqual([{ addresses: ['0.0.0.0/0'], cidrs: ['0.0.0.0/0'], ports: { TCP: ['1-65535'], UDP: ['1-65535'], SCTP: ['1-65535'] }, rules: ['not isolated'] }]);
    const text = outputLines((await wcr('ops/debug')).stdout);
    expect(text.slice(-2)).toEqual([tableRow([14, 9], ['FROM ADDRESSES', 'PORTS', 'INGRESS RULE']), tableRow([14, 9], ['0.0.0.0/0', 'all ports', 'not isolated'])]);
  });
});

describe('control characters in pod names and labels never reach stdout', () => {
  for (const v of CONTROL_VARIANTS) {
    it(v.title, async () => {
      const files = writeControlWorld(dir, v);
      const leaks: Record<string, string[]> = {};
      for (const [what, target] of [['pod', `evil/${v.podName}`], ['deployment', `evil/deployment/${v.deployment}`]] as const) {
        for (const args of [['--denied', '--explain'], ['-o', 'json'], ['-o', 'yaml']]) {
          const r = await runCli(['who-can-reach', target, ...files, ...args]);
          expect(r.code).toBe(0);
          if (what === 'pod' && args[0] === '--denied') {
            expect(r.stdout).toContain(`Who can reach evil/${v.podNameClean} [`);
            expect(r.stdout).toContain(`deployment/${v.deploymentClean}`);
          }
          const found = controlCharactersIn(r.stdout);
          if (found.length > 0) leaks[`${what} ${args.join(' ')}`] = found;
        }
      }
      expect(leaks).toEqual({});
    });
  }
});
