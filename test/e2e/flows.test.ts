// Monitor, then enforce, on a real kube-apiserver: a small cluster and a Hubble flow file of its
// traffic; audit finds what today's policies would break; suggest writes least-privilege policies
// with their proof; kubectl applies them; audit of the same flows then finds nothing to break, and
// the live matrix is exactly what the proof said would be allowed. The suggested policies and the
// pods are removed afterwards, so that other files see the cluster as it was.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'kubectl-netpol');
const plane = inject('controlPlane');
const hasKubectl = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
let api: Any;
let work: string;

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

const env = () => ({ PATH: process.env['PATH'], HOME: work, KUBECONFIG: plane!.kubeconfigPath, NO_COLOR: '1' });

function cli(args: string[]): Result {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: env(), encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function kubectl(args: string[]): Result {
  const r = spawnSync('kubectl', ['--kubeconfig', plane!.kubeconfigPath, ...args], { env: env(), encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const WEB = 'flows-web';
const APP = 'flows-app';
const DATA = 'flows-data';
const DNS = 'kube-system';

interface PodSpec {
  readonly namespace: string;
  readonly name: string;
  readonly ip: string;
  readonly labels: Record<string, string>;
  readonly owner: { kind: 'ReplicaSet' | 'StatefulSet'; name: string };
  readonly ports: { name: string; containerPort: number; protocol: 'TCP' | 'UDP' }[];
}

const http = { name: 'http', containerPort: 8080, protocol: 'TCP' } as const;
const deployment = (namespace: string, app: string, hash: string, replicas: number, ip: number, ports: PodSpec['ports'], labels: Record<string, string> = {}): PodSpec[] =>
  Array.from({ length: replicas }, (_, i) => ({
    namespace,
    name: `${app}-${hash}-${'abcde'[i]}${i}x${i}q`,
    ip: `10.251.0.${ip + i}`,
    labels: { app, 'pod-template-hash': hash, ...labels },
    owner: { kind: 'ReplicaSet', name: `${app}-${hash}` },
    ports,
  }));

const PODS: readonly PodSpec[] = [
  ...deployment(WEB, 'web', '6d8f9b7c4', 2, 10, [http], { tier: 'frontend' }),
  ...deployment(APP, 'api', '5c7d8f6b9', 2, 20, [http, { name: 'metrics', containerPort: 9090, protocol: 'TCP' }]),
  ...deployment(APP, 'worker', '7b9c6d5f8', 1, 30, []),
  { namespace: DATA, name: 'db-0', ip: '10.251.0.40', labels: { app: 'db', 'statefulset.kubernetes.io/pod-name': 'db-0' }, owner: { kind: 'StatefulSet', name: 'db' }, ports: [{ name: 'postgres', containerPort: 5432, protocol: 'TCP' }] },
  ...deployment(DNS, 'flows-coredns', '8c9d7b6f5', 1, 50, [{ name: 'dns', containerPort: 53, protocol: 'UDP' }, { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' }], { 'k8s-app': 'kube-dns' }),
];
const pods = (namespace: string, app: string) => PODS.filter((p) => p.namespace === namespace && p.labels['app'] === app);

/** One `hubble observe -o jsonpb` line. */
function hubble(n: number, from: PodSpec | string, to: PodSpec | string, protocol: 'TCP' | 'UDP', port: number, verdict = 'FORWARDED', extra: object = {}): string {
  const ip = (end: PodSpec | string) => (typeof end === 'string' ? end : end.ip);
  const endpoint = (end: PodSpec | string) =>
    typeof end === 'string' ? { identity: 2, labels: ['reserved:world'] } : { identity: 1000 + n, namespace: end.namespace, labels: Object.entries(end.labels).map(([k, v]) => `k8s:${k}=${v}`), pod_name: end.name };
  const time = new Date(Date.UTC(2026, 11, 7, 9, 0, 0) + n * 1000).toISOString();
  return JSON.stringify({
    flow: {
      time,
      verdict,
      IP: { source: ip(from), destination: ip(to), ipVersion: 'IPv4' },
      l4: { [protocol]: { source_port: 40000 + n, destination_port: port } },
      source: endpoint(from),
      destination: endpoint(to),
      Type: 'L3_L4',
      node_name: 'node-1',
      is_reply: false,
      traffic_direction: 'EGRESS',
      ...extra,
    },
    node_name: 'node-1',
    time,
  });
}

/** The cluster's traffic: web -> api, api and worker -> db, everyone -> DNS, api -> the internet; a reply and a drop. */
function flowFile(): string {
  const lines: string[] = [];
  let n = 0;
  const [web0, web1] = pods(WEB, 'web') as [PodSpec, PodSpec];
  const [api0, api1] = pods(APP, 'api') as [PodSpec, PodSpec];
  const worker = pods(APP, 'worker')[0]!;
  const db = pods(DATA, 'db')[0]!;
  const dns = PODS.find((p) => p.labels['k8s-app'] === 'kube-dns')!;
  for (let i = 0; i < 3; i++) {
    lines.push(hubble(++n, web0, api0, 'TCP', 8080), hubble(++n, web1, api1, 'TCP', 8080));
    lines.push(hubble(++n, api0, db, 'TCP', 5432), hubble(++n, api1, db, 'TCP', 5432), hubble(++n, worker, db, 'TCP', 5432));
  }
  for (const p of [web0, api0, worker]) lines.push(hubble(++n, p, dns, 'UDP', 53));
  lines.push(hubble(++n, api0, '93.184.216.34', 'TCP', 443));
  // A reply is no new connection; a drop is not traffic to allow.
  lines.push(hubble(++n, api0, web0, 'TCP', 40001, 'FORWARDED', { is_reply: true }));
  lines.push(hubble(++n, web0, db, 'TCP', 5432, 'DROPPED', { drop_reason_desc: 'POLICY_DENIED' }));
  return `${lines.join('\n')}\n`;
}

let flows: string;
let suggested: string;

describe.runIf(plane && hasKubectl)('observed traffic: audit, suggest, apply with kubectl, audit again', () => {
  beforeAll(async () => {
    api = await import('../../scripts/test-cluster/control-plane.mjs');
    work = mkdtempSync(join(tmpdir(), 'netpol-e2e-flows-'));
    await api.createNamespace(plane, WEB, { team: 'web' });
    await api.createNamespace(plane, APP, { team: 'app' });
    await api.createNamespace(plane, DATA, { team: 'data' });
    for (const p of PODS) {
      await api.createRunningPod(
        plane,
        {
          metadata: { name: p.name, namespace: p.namespace, labels: p.labels, ownerReferences: [{ apiVersion: 'apps/v1', kind: p.owner.kind, name: p.owner.name, uid: '00000000-0000-4000-8000-000000000001', controller: true }] },
          spec: { containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10', ports: p.ports }] },
        },
        { podIP: p.ip },
      );
    }
    await api.createObject(plane, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'api', namespace: APP }, spec: { selector: { app: 'api' }, ports: [{ port: 80, targetPort: 'http' }] } });
    await api.createObject(plane, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db', namespace: DATA }, spec: { selector: { app: 'db' }, ports: [{ port: 5432, targetPort: 'postgres' }] } });
    // Today: the database admits only the api, on its port (the worker's connections would break).
    await api.createObject(plane, {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'db-from-api', namespace: DATA },
      spec: { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'app' } }, podSelector: { matchLabels: { app: 'api' } } }], ports: [{ port: 'postgres' }] }] },
    });
    flows = join(work, 'flows.jsonl');
    writeFileSync(flows, flowFile());
    suggested = join(work, 'suggested.yaml');
  });

  afterAll(async () => {
    if (!api) return;
    if (suggested) kubectl(['delete', '--ignore-not-found', '-f', suggested]);
    await api.kubeFetch(plane, 'DELETE', `/apis/networking.k8s.io/v1/namespaces/${DATA}/networkpolicies/db-from-api`);
    for (const [ns, name] of [[APP, 'api'], [DATA, 'db']] as const) await api.kubeFetch(plane, 'DELETE', `/api/v1/namespaces/${ns}/services/${name}`);
    // No kubelet: a pod goes at once only with a grace period of 0.
    for (const p of PODS) await api.kubeFetch(plane, 'DELETE', `/api/v1/namespaces/${p.namespace}/pods/${p.name}?gracePeriodSeconds=0`);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('audit before: the worker -> db connections would break under the policies in force', () => {
    const r = cli(['audit', '-A', '--flows', flows, '--fail-on', 'would-break', '-o', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { flows: { read: number; replies: number }; wouldBreak: { source: string; destination: string; port: number; flows: number }[] };
    expect(doc.flows).toMatchObject({ read: 20, replies: 1 });
    expect(doc.wouldBreak.map((w) => [w.source, w.destination, w.port, w.flows])).toEqual([[`${APP}/deployment/worker`, `${DATA}/statefulset/db`, 5432, 3]]);
  });

  it('suggest, kubectl apply, audit again: nothing breaks, and the live matrix is what the proof said', () => {
    const json = cli(['suggest', '-A', '--flows', flows, '-o', 'json']);
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.stdout) as {
      kind: string;
      policies: { metadata: { name: string; namespace: string }; spec: object }[];
      proof: { observed: { connections: number; allowed: number; notAllowed: unknown[] }; allowed: { from: string; to: string; ports: Record<string, string[]>; observed: boolean }[]; beyondObserved: number };
    };
    expect(doc.kind).toBe('Suggestion');
    // Distinct pod-to-pod connections: two web->api, two api->db, worker->db, three to DNS, api->outside.
    expect(doc.proof.observed).toEqual({ connections: 9, allowed: 9, notAllowed: [] });

    const text = cli(['suggest', '-A', '--flows', flows]);
    expect(text.code).toBe(0);
    expect(text.stderr).toMatch(/^proof: 9 of 9 observed connections allowed\n/);
    writeFileSync(suggested, text.stdout);
    const manifests = parseAllDocuments(text.stdout).map((d) => d.toJS() as { metadata: { name: string; namespace: string } });
    expect(manifests).toEqual(doc.policies);
    expect(manifests.map((m) => `${m.metadata.namespace}/${m.metadata.name}`)).toEqual(
      expect.arrayContaining([`${APP}/suggested-api-ingress`, `${APP}/suggested-api-egress`, `${DATA}/suggested-db-ingress`, `${DNS}/suggested-allow-dns-ingress`, `${WEB}/suggested-default-deny`]),
    );

    const applied = kubectl(['apply', '-f', suggested]);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.stdout.trim().split('\n')).toHaveLength(manifests.length);

    const after = cli(['audit', '-A', '--flows', flows, '--fail-on', 'would-break', '-o', 'json']);
    expect(after.code).toBe(0);
    const audit = JSON.parse(after.stdout) as { wouldBreak: unknown[]; unmatched: unknown[] };
    expect(audit.wouldBreak).toEqual([]);
    expect(audit.unmatched).toEqual([]);

    const matrix = cli(['matrix', '-A', '--by', 'workload', '-o', 'json']);
    expect(matrix.code).toBe(0);
    const m = JSON.parse(matrix.stdout) as { nodes: { label: string }[]; edges: { from: number; to: number; ports: Record<string, string[]> }[] };
    const live = m.edges.map((e) => ({ from: m.nodes[e.from]!.label, to: m.nodes[e.to]!.label, ports: e.ports }));
    expect(live).toEqual(doc.proof.allowed.map(({ from, to, ports }) => ({ from, to, ports })));
    // The observed pairs are among them, on their ports.
    const pair = (from: string, to: string) => live.find((e) => e.from === from && e.to === to);
    expect(pair(`${WEB}/deployment/web`, `${APP}/deployment/api`)?.ports).toEqual({ TCP: ['8080'] });
    expect(pair(`${APP}/deployment/worker`, `${DATA}/statefulset/db`)?.ports).toEqual({ TCP: ['5432'] });
    expect(pair(`${WEB}/deployment/web`, `${DATA}/statefulset/db`)).toBeUndefined();
  });
});
