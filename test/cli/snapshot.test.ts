// `kubectl netpol snapshot`: what was read, as manifests; `-f` on them must answer exactly as the
// original input did (can-reach, coverage, who-can-reach, reachable-from, matrix).
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, TempDir, type CliResult } from '../fixtures/cli.js';
import { CONTROL_VARIANTS, writeControlWorld } from '../fixtures/reports/control.js';
import { controlCharactersIn, deploymentPods, documents, namespace, outputLines, pod, statefulSetPods } from '../fixtures/reports/manifests.js';

// A cluster with a bit of everything the snapshot has to carry: namespace labels that YAML would
// read as other types if unquoted, replicas, a rollout with per-pod named ports, a dual-stack pod, a
// hostNetwork DaemonSet pod with its node IP, a finished Job pod, workload manifests without pods,
// Services with named and numeric targetPorts, and policies using defaulted policyTypes, endPort,
// SCTP, protocol-only ports, named ports, every selector operator, IPv4/IPv6 ipBlocks with except,
// and a namespace that only a policy names.
const CLUSTER = documents([
  namespace('shop', { team: 'shop', env: 'prod', flag: 'true', version: '1.0', empty: '', maybe: 'yes', hex: '0x1F', tilde: '~' }),
  namespace('ops', { team: 'ops' }),
  namespace('kube-system'),
  ...deploymentPods('shop', 'frontend', '6d5c4', ['aaaaa', 'bbbbb', 'ccccc'], ['172.20.0.1', '172.20.0.2', '172.20.0.3'], { app: 'frontend' }, {
    ports: ['http:8080'],
    extraLabels: [undefined, undefined, { access: 'db' }],
  }).map(pod),
  ...deploymentPods('shop', 'web', '6b7c8', ['aaaaa'], ['172.20.0.11'], { app: 'web' }, { ports: ['http:8080'] }).map(pod),
  ...deploymentPods('shop', 'web', '9f8e7', ['bbbbb'], ['172.20.0.12'], { app: 'web' }, { ports: ['http:9090'] }).map(pod),
  pod({ ns: 'shop', name: 'db', labels: { app: 'db', tier: 'data' }, ip: '172.20.0.20', ports: ['postgres:5432', 'metrics:9187'] }),
  `apiVersion: v1
kind: Pod
metadata: {name: dual, namespace: shop, labels: {app: dual}}
spec:
  nodeName: node-1
  containers: [{name: main, ports: [{name: grpc, containerPort: 50051}]}]
status:
  phase: Running
  hostIP: 192.168.1.11
  podIP: 172.20.0.50
  podIPs: [{ip: 172.20.0.50}, {ip: "fd00::50"}]
`,
  pod({ ns: 'ops', name: 'node-exporter-x7k2p', labels: { app: 'node-exporter' }, ip: '192.168.1.10', hostIP: '192.168.1.10', hostNetwork: true, ports: ['metrics:9100'], owner: { kind: 'DaemonSet', name: 'node-exporter' } }),
  pod({ ns: 'ops', name: 'backup-28123-xyz12', labels: { app: 'backup' }, ip: '172.20.1.99', phase: 'Succeeded', owner: { kind: 'Job', name: 'backup-28123' } }),
  ...statefulSetPods('ops', 'prometheus', ['172.20.1.1'], { app: 'prometheus' }).map(pod),
  ...deploymentPods('kube-system', 'coredns', '7f8g9', ['aaaaa', 'bbbbb'], ['172.20.2.1', '172.20.2.2'], { 'k8s-app': 'kube-dns' }, { ports: ['dns:53/UDP', 'dns-tcp:53'] }).map(pod),
  `apiVersion: apps/v1
kind: Deployment
metadata: {name: reports, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: reports}}
  template:
    metadata: {labels: {app: reports}}
    spec:
      containers: [{name: reports, ports: [{name: metrics, containerPort: 9090}]}]
`,
  `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly, namespace: ops}
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        metadata: {labels: {app: nightly}}
        spec:
          containers: [{name: nightly}]
`,
  `apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}]
`,
  `apiVersion: v1
kind: Service
metadata: {name: db, namespace: shop}
spec:
  selector: {app: db}
  clusterIP: 10.96.0.20
  ports: [{name: pg, port: 5432}]
`,
  `apiVersion: v1
kind: Service
metadata: {name: kube-dns, namespace: kube-system}
spec:
  selector: {k8s-app: kube-dns}
  ports:
  - {name: dns, port: 53, protocol: UDP, targetPort: dns}
  - {name: dns-tcp, port: 53, protocol: TCP, targetPort: dns-tcp}
`,
]);

const POLICIES = documents([
  `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: shop}
spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
`,
  `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-dns, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
  - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]
    ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]
`,
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
  `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-ingress, namespace: shop}
spec:
  podSelector: {matchExpressions: [{key: tier, operator: In, values: [data]}]}
  ingress:
  - from: [{podSelector: {matchLabels: {access: db}}}]
    ports: [{port: postgres}]
  - from:
    - ipBlock: {cidr: 192.168.0.0/16, except: [192.168.9.0/24]}
    - ipBlock: {cidr: "fd00::/8"}
    ports: [{port: 5000, endPort: 5999}, {protocol: SCTP, port: 7000}]
  - from: [{namespaceSelector: {matchExpressions: [{key: team, operator: NotIn, values: [shop]}]}, podSelector: {matchExpressions: [{key: app, operator: Exists}]}}]
    ports: [{port: metrics}]
`,
  // No policyTypes but egress rules: defaulted to [Ingress, Egress].
  `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: frontend-egress, namespace: shop}
spec:
  podSelector: {matchLabels: {app: frontend}}
  egress:
  - to: [{podSelector: {matchLabels: {app: web}}}, {podSelector: {matchLabels: {app: db}}}]
  - to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8, 172.16.0.0/12]}}]
    ports: [{protocol: UDP}]
`,
  `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: dual-ingress, namespace: shop}
spec:
  podSelector: {matchLabels: {app: dual}}
  ingress: [{}]
`,
  `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: reports-ingress, namespace: shop}
spec:
  podSelector: {matchLabels: {app: reports}}
  ingress: [{from: [{namespaceSelector: {matchLabels: {team: ops}}}], ports: [{port: metrics}]}]
`,
  `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: prom-egress, namespace: ops}
spec:
  podSelector: {matchExpressions: [{key: app, operator: In, values: [prometheus]}]}
  policyTypes: [Egress]
  egress: [{to: [{namespaceSelector: {}}], ports: [{port: 9100}, {port: metrics}, {port: 9090}]}]
`,
  `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: orphan, namespace: lab}
spec:
  podSelector: {matchExpressions: [{key: app, operator: DoesNotExist}]}
  policyTypes: [Ingress]
`,
]);

let dir: TempDir;
let original: string[];
let snapshotFile: string;
let snapshotText: string;
beforeAll(async () => {
  dir = new TempDir('netpol-snapshot-');
  const cluster = dir.write('cluster.yaml', CLUSTER);
  const policies = dir.write('policies.yaml', POLICIES);
  original = ['-f', cluster, '-f', policies];
  const r = await runCli(['snapshot', ...original]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  snapshotText = r.stdout;
  snapshotFile = dir.write('snapshot.yaml', snapshotText);
});
afterAll(() => dir.cleanup());

const replayed = () => ['-f', snapshotFile];

/** Drops what names the input files (the header source and file locations), nothing else. */
function withoutFileNames(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutFileNames);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'source' && k !== 'location').map(([k, v]) => [k, withoutFileNames(v)]));
  }
  return value;
}

async function both(args: readonly string[]): Promise<[CliResult, CliResult]> {
  return [await runCli([...args, ...original]), await runCli([...args, ...replayed()])];
}

describe('snapshot output', () => {
  it('starts with a comment header naming the input and counting what it holds', () => {
    const lines = outputLines(snapshotText);
    expect(lines.slice(0, 3)).toEqual([
      `# kubectl-netpol snapshot of files: ${original[1]}, ${original[3]}`,
      // shop, ops, kube-system and lab (named only by a policy); 12 pods + 2 made from templates.
      '# 4 namespaces, 14 pods, 3 services, 9 NetworkPolicies',
      '# Replay with: kubectl netpol <command> -f <this file>',
    ]);
  });

  it('is multi-document YAML of namespaces, pods, workloads without pods, services and policies (lab is not written: it was never declared)', () => {
    const docs = parseAllDocuments(snapshotText).map((d) => d.toJS() as { kind: string; metadata: { name: string; namespace?: string } });
    const names = (kind: string) => docs.filter((d) => d.kind === kind).map((d) => (d.metadata.namespace ? `${d.metadata.namespace}/${d.metadata.name}` : d.metadata.name));
    expect(names('Namespace')).toEqual(['shop', 'ops', 'kube-system']);
    expect(names('Pod')).toEqual([
      'shop/frontend-6d5c4-aaaaa',
      'shop/frontend-6d5c4-bbbbb',
      'shop/frontend-6d5c4-ccccc',
      'shop/web-6b7c8-aaaaa',
      'shop/web-9f8e7-bbbbb',
      'shop/db',
      'shop/dual',
      'ops/node-exporter-x7k2p',
      'ops/backup-28123-xyz12',
      'ops/prometheus-0',
      'kube-system/coredns-7f8g9-aaaaa',
      'kube-system/coredns-7f8g9-bbbbb',
    ]);
    // Pods made from templates are written as their workloads (a Pod named shop/deployment/reports is no valid Pod).
    expect(names('Deployment')).toEqual(['shop/reports']);
    expect(names('CronJob')).toEqual(['ops/nightly']);
    expect(names('Service')).toEqual(['shop/web', 'shop/db', 'kube-system/kube-dns']);
    expect(names('NetworkPolicy')).toEqual([
      'shop/default-deny',
      'shop/allow-dns',
      'shop/web-ingress',
      'shop/db-ingress',
      'shop/frontend-egress',
      'shop/dual-ingress',
      'shop/reports-ingress',
      'ops/prom-egress',
      'lab/orphan',
    ]);
    expect(docs).toHaveLength(3 + 12 + 2 + 3 + 9);
  });

  it('keeps label values that YAML would otherwise read as booleans, numbers or null as strings', () => {
    const shop = parseAllDocuments(snapshotText)
      .map((d) => d.toJS() as { kind: string; metadata: { name: string; labels?: Record<string, unknown> } })
      .find((d) => d.kind === 'Namespace' && d.metadata.name === 'shop');
    expect(shop?.metadata.labels).toEqual({
      team: 'shop',
      env: 'prod',
      flag: 'true',
      version: '1.0',
      empty: '',
      maybe: 'yes',
      hex: '0x1F',
      tilde: '~',
      'kubernetes.io/metadata.name': 'shop',
    });
  });

  it('replayed, it writes the same snapshot again (only the source line differs)', async () => {
    const again = await runCli(['snapshot', ...replayed()]);
    expect(again.code).toBe(0);
    const a = outputLines(snapshotText);
    const b = outputLines(again.stdout);
    expect(b[0]).toBe(`# kubectl-netpol snapshot of files: ${snapshotFile}`);
    expect(b.slice(1)).toEqual(a.slice(1));
  });
});

describe('-f on the snapshot answers exactly as the original input', () => {
  const CAN_REACH: readonly (readonly string[])[] = [
    ['shop/deployment/frontend', 'svc/shop/web', '--port', '80'],
    ['shop/deployment/frontend', 'shop/deployment/web'],
    ['shop/deployment/frontend', 'shop/db', '--port', 'postgres'],
    ['shop/deployment/frontend', 'svc/shop/db', '--port', 'pg'],
    ['ops/statefulset/prometheus', 'shop/deployment/reports', '--port', 'metrics'],
    ['ops/statefulset/prometheus', 'shop/db', '--port', '9187'],
    ['ops/cronjob/nightly', 'shop/deployment/web'],
    ['ip:192.168.1.7', 'shop/db', '--port', '5500'],
    ['ip:192.168.9.7', 'shop/db', '--port', '5500'],
    ['ip:fd00::1', 'shop/db', '--port', '7000', '--protocol', 'SCTP'],
    ['shop/dual', 'ip:fd00::9'],
    ['shop/deployment/frontend', 'ip:8.8.8.8', '--port', '53', '--protocol', 'UDP'],
    ['ops/daemonset/node-exporter', 'shop/db', '--port', '5432'],
    ['shop/deployment/frontend', 'svc/kube-system/kube-dns', '--port', '53', '--protocol', 'UDP'],
    ['shop/db', 'lab/ghost'],
  ];

  for (const args of CAN_REACH) {
    it(`can-reach ${args.join(' ')}`, async () => {
      const [a, b] = await both(['can-reach', ...args, '-o', 'json']);
      expect(b.stderr).toBe(a.stderr);
      expect(b.code).toBe(a.code);
      // Identical answers; only the source (which files) differs.
      if (a.code === 2) expect(b.stdout).toBe(a.stdout);
      else expect(withoutFileNames(JSON.parse(b.stdout))).toEqual(withoutFileNames(JSON.parse(a.stdout)));
    });
  }

  it('the can-reach answers are not all alike (the comparisons above mean something)', async () => {
    const codes = new Set<number>();
    for (const args of CAN_REACH) codes.add((await runCli(['can-reach', ...args, '-o', 'json', ...original])).code);
    expect([...codes].sort()).toEqual([0, 1, 2]);
  });

  it('coverage -o json (all namespaces, and -n shop)', async () => {
    for (const scope of [[], ['-n', 'shop']]) {
      const [a, b] = await both(['coverage', ...scope, '-o', 'json']);
      expect(b.code).toBe(a.code);
      expect(withoutFileNames(JSON.parse(b.stdout))).toEqual(withoutFileNames(JSON.parse(a.stdout)));
    }
  });

  it('coverage text, apart from the source in its first line and file locations', async () => {
    const [a, b] = await both(['coverage', '-o', 'wide']);
    // The header names the source (it may wrap); findings wrap with a 6-space indent: unwrap, then drop locations.
    const strip = (r: CliResult) => {
      const lines = outputLines(r.stdout);
      const totals = lines.findIndex((l) => /^\d+ pods: /.test(l));
      return lines
        .slice(totals)
        .join('\n')
        .replace(/\n {6}/g, ' ')
        .split('\n')
        .map((l) => l.replace(/ \[[^\]]*: document \d+\]$/, ''));
    };
    expect(strip(b)).toEqual(strip(a));
  });

  for (const args of [
    ['who-can-reach', 'shop/db', '--denied'],
    ['who-can-reach', 'svc/shop/web', '--denied'],
    ['who-can-reach', 'shop/deployment/reports'],
    ['reachable-from', 'shop/deployment/frontend', '--denied'],
    ['reachable-from', 'ops/statefulset/prometheus'],
  ]) {
    it(`${args.join(' ')} -o json`, async () => {
      const [a, b] = await both([...args, '-o', 'json']);
      expect(b.code).toBe(a.code);
      expect(withoutFileNames(JSON.parse(b.stdout))).toEqual(withoutFileNames(JSON.parse(a.stdout)));
    });
  }

  it('matrix -o json', async () => {
    const [a, b] = await both(['matrix', '-o', 'json']);
    expect(b.code).toBe(0);
    expect(withoutFileNames(JSON.parse(b.stdout))).toEqual(withoutFileNames(JSON.parse(a.stdout)));
  });

  it('--demo round-trips too', async () => {
    const snap = await runCli(['snapshot', '--demo']);
    const file = dir.write('demo-snapshot.yaml', snap.stdout);
    const a = await runCli(['coverage', '--demo', '-o', 'json']);
    const b = await runCli(['coverage', '-f', file, '-o', 'json']);
    expect(withoutFileNames(JSON.parse(b.stdout))).toEqual(withoutFileNames(JSON.parse(a.stdout)));
    const c = await runCli(['can-reach', '--demo', 'shop/deployment/checkout', 'svc/payments/payment-api', '--port', '443', '-o', 'json']);
    const d = await runCli(['can-reach', '-f', file, 'shop/deployment/checkout', 'svc/payments/payment-api', '--port', '443', '-o', 'json']);
    expect(d.code).toBe(c.code);
    expect(withoutFileNames(JSON.parse(d.stdout))).toEqual(withoutFileNames(JSON.parse(c.stdout)));
  });
});

describe('control characters in pod names and labels', () => {
  for (const v of CONTROL_VARIANTS) {
    describe(v.title, () => {
      let files: string[];
      let text: string;
      beforeAll(async () => {
        files = writeControlWorld(dir, v);
        text = (await runCli(['snapshot', ...files])).stdout;
      });

      it('never reach stdout', () => {
        expect(text).toContain('kind: Pod');
        expect(controlCharactersIn(text)).toEqual([]);
      });

      it('survive the round trip unchanged (escaped, not stripped)', async () => {
        const file = dir.write(`control-snapshot-${CONTROL_VARIANTS.indexOf(v)}.yaml`, text);
        const docs = parseAllDocuments(text).map((d) => d.toJS() as { kind: string; metadata: { name: string; labels?: Record<string, string> } });
        const target = docs.find((d) => d.kind === 'Pod' && d.metadata.labels?.['app'] === 'target');
        expect(target?.metadata.name).toBe(v.podName);
        expect(target?.metadata.labels?.['note']).toBe(v.labelValue);
        const a = await runCli(['coverage', ...files, '-o', 'json']);
        const b = await runCli(['coverage', '-f', file, '-o', 'json']);
        expect(withoutFileNames(JSON.parse(b.stdout))).toEqual(withoutFileNames(JSON.parse(a.stdout)));
      });
    });
  }
});

describe('snapshot -n and -o json', () => {
  it('-n narrows every input to that namespace', async () => {
    const r = await runCli(['snapshot', '--demo', '-n', 'payments']);
    expect(r.code).toBe(0);
    const namespaces = new Set(parseAllDocuments(r.stdout).map((d) => (d.toJS() as { metadata: { namespace?: string; name: string }; kind: string })).map((o) => (o.kind === 'Namespace' ? o.metadata.name : o.metadata.namespace)));
    expect([...namespaces]).toEqual(['payments']);
  });

  it('-o json writes a List that -f reads back to the same answers', async () => {
    const dir = new TempDir('netpol-snapshot-json-');
    const r = await runCli(['snapshot', '--demo', '-o', 'json']);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as { apiVersion: string; kind: string; items: unknown[] };
    expect([list.apiVersion, list.kind]).toEqual(['v1', 'List']);
    const file = dir.write('snapshot.json', r.stdout);
    const a = await runCli(['coverage', '--demo', '-o', 'json']);
    const b = await runCli(['coverage', '-f', file, '-o', 'json']);
    expect(withoutFileNames(JSON.parse(b.stdout))).toEqual(withoutFileNames(JSON.parse(a.stdout)));
    dir.cleanup();
  });
});
