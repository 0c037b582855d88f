// `kubectl netpol matrix`: the grid, JSON/YAML, CSV, DOT and Mermaid on a 3-workload namespace,
// --port, namespace summaries, replicas that differ, 80 columns, control characters.
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, TempDir, type CliResult, envelope } from '../fixtures/cli.js';
import { CONTROL_VARIANTS, writeControlWorld } from '../fixtures/reports/control.js';
import { controlCharactersIn, deploymentPods, documents, linesWiderThan, namespace, outputLines, pod, statefulSetPods } from '../fixtures/reports/manifests.js';

// m: deployment/frontend (2 pods), deployment/api (1 pod), statefulset/db (db-0).
//   api-ingress: api accepts frontend on TCP 8080 only
//   db-ingress: db accepts api on every port
//   frontend-ingress: frontend accepts nobody
// extra.yaml adds namespace n with deployment/batch (1 pod, no policy).
const M = documents([
  namespace('m'),
  ...deploymentPods('m', 'frontend', '7b8c9', ['aaaaa', 'bbbbb'], ['10.30.0.1', '10.30.0.2'], { app: 'frontend' }).map(pod),
  ...deploymentPods('m', 'api', '4d5e6', ['aaaaa'], ['10.30.0.10'], { app: 'api' }, { ports: ['http:8080'] }).map(pod),
  ...statefulSetPods('m', 'db', ['10.30.0.20'], { app: 'db' }).map(pod),
  `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api-ingress, namespace: m}
spec:
  podSelector: {matchLabels: {app: api}}
  ingress: [{from: [{podSelector: {matchLabels: {app: frontend}}}], ports: [{port: 8080}]}]
`,
  `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-ingress, namespace: m}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress: [{from: [{podSelector: {matchLabels: {app: api}}}]}]
`,
  `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: frontend-ingress, namespace: m}
spec:
  podSelector: {matchLabels: {app: frontend}}
  policyTypes: [Ingress]
`,
]);
const EXTRA = documents([namespace('n'), ...deploymentPods('n', 'batch', '1a2b3', ['aaaaa'], ['10.31.0.1'], { app: 'batch' }).map(pod)]);

let dir: TempDir;
let mFile: string;
let extraFile: string;
beforeAll(() => {
  dir = new TempDir('netpol-matrix-');
  mFile = dir.write('m.yaml', M);
  extraFile = dir.write('extra.yaml', EXTRA);
});
afterAll(() => dir.cleanup());

const matrix = (...args: string[]): Promise<CliResult> => runCli(['matrix', '-f', mFile, ...args]);
const ALL = { TCP: ['1-65535'], UDP: ['1-65535'], SCTP: ['1-65535'] };
const LEGEND = 'A: all ports   P: some ports (-o csv or -o json lists them)   .: nothing';

describe('three workloads', () => {
  it('-o json: nodes sorted by namespace and name, one edge per allowed pair', async () => {
    const r = await matrix('-o', 'json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      ...envelope('Matrix'),
      grouping: 'workload',
      probe: null,
      nodes: [
        { label: 'm/deployment/api', namespace: 'm', pods: 1 },
        { label: 'm/deployment/frontend', namespace: 'm', pods: 2 },
        { label: 'm/statefulset/db', namespace: 'm', pods: 1 },
      ],
      edges: [
        { from: 0, to: 2, ports: ALL, allPorts: true },
        { from: 1, to: 0, ports: { TCP: ['8080'] }, allPorts: false },
      ],
    });
  });

  it('-o yaml is the same document', async () => {
    expect(parseYaml((await matrix('-o', 'yaml')).stdout)).toEqual(JSON.parse((await matrix('-o', 'json')).stdout));
  });

  it('table: exact lines', async () => {
    const r = await matrix();
    expect(r.code).toBe(0);
    expect(outputLines(r.stdout)).toEqual([
      '# SOURCE \\ DESTINATION  1 2 3',
      '1 m/deployment/api        . A',
      '2 m/deployment/frontend P   .',
      '3 m/statefulset/db      . .',
      '',
      LEGEND,
    ]);
  });

  it('table on a terminal: coloured marks, the same grid once the colour codes are removed', async () => {
    const plain = await matrix();
    const tty = await runCli(['matrix', '-f', mFile], { isTTY: true, env: {} });
    expect(tty.code).toBe(0);
    expect(tty.stdout).toContain('\u001b[32mA\u001b[39m');
    // eslint-disable-next-line no-control-regex
    expect(tty.stdout.replace(/\u001b\[[0-9;]*m/g, '')).toBe(plain.stdout);
  });

  it('-o csv: exact', async () => {
    const r = await matrix('-o', 'csv');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(['from,to,ports', 'm/deployment/api,m/statefulset/db,all ports', 'm/deployment/frontend,m/deployment/api,TCP 8080', ''].join('\n'));
  });

  it('-o dot: exact', async () => {
    const r = await matrix('-o', 'dot');
    expect(r.stdout).toBe(
      [
        'digraph netpol {',
        '  rankdir=LR;',
        '  node [shape=box];',
        '  n0 [label="m/deployment/api"];',
        '  n1 [label="m/deployment/frontend"];',
        '  n2 [label="m/statefulset/db"];',
        '  n0 -> n2 [label="all ports"];',
        '  n1 -> n0 [label="TCP 8080"];',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('-o mermaid: exact', async () => {
    const r = await matrix('-o', 'mermaid');
    expect(r.stdout).toBe(
      [
        'flowchart LR',
        '  n0["m/deployment/api"]',
        '  n1["m/deployment/frontend"]',
        '  n2["m/statefulset/db"]',
        '  n0 -->|"all ports"| n2',
        '  n1 -->|"TCP 8080"| n0',
        '',
      ].join('\n'),
    );
  });

  it('--port 8080: both edges carry it; the legend says so', async () => {
    const r = await matrix('--port', '8080');
    expect(outputLines(r.stdout)).toEqual([
      '# SOURCE \\ DESTINATION  1 2 3',
      '1 m/deployment/api        . A',
      '2 m/deployment/frontend A   .',
      '3 m/statefulset/db      . .',
      '',
      'A: allowed on TCP 8080   .: denied',
    ]);
    const csv = await matrix('--port', '8080', '-o', 'csv');
    expect(csv.stdout).toBe('from,to,ports\nm/deployment/api,m/statefulset/db,TCP 8080\nm/deployment/frontend,m/deployment/api,TCP 8080\n');
    const j = JSON.parse((await matrix('--port', '8080', '-o', 'json')).stdout) as { probe: unknown; edges: unknown[] };
    expect(j.probe).toEqual({ protocol: 'TCP', port: 8080 });
    expect(j.edges).toEqual([
      { from: 0, to: 2, ports: { TCP: ['8080'] }, allPorts: true },
      { from: 1, to: 0, ports: { TCP: ['8080'] }, allPorts: false },
    ]);
  });

  it('--port 5432: only api -> db', async () => {
    const r = await matrix('--port', '5432', '-o', 'mermaid');
    expect(outputLines(r.stdout).slice(4)).toEqual(['  n0 -->|"TCP 5432"| n2']);
  });

  it('--port 8080 --protocol UDP: only api -> db (db accepts api on every port of every protocol)', async () => {
    const r = await matrix('--port', '8080', '--protocol', 'UDP', '-o', 'csv');
    expect(r.stdout).toBe('from,to,ports\nm/deployment/api,m/statefulset/db,UDP 8080\n');
  });
});

describe('namespace summaries', () => {
  const both = (...args: string[]) => runCli(['matrix', '-f', mFile, '-f', extraFile, ...args]);

  it('--by namespace -o json: pods summed, an edge counts the workload pairs that connect', async () => {
    const r = await both('--by', 'namespace', '-o', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      ...envelope('Matrix'),
      grouping: 'namespace',
      probe: null,
      nodes: [
        { label: 'm', namespace: 'm', pods: 4 },
        { label: 'n', namespace: 'n', pods: 1 },
      ],
      // api, frontend and db may all reach batch (nothing isolates it); batch reaches nothing in m.
      edges: [{ from: 0, to: 1, paths: 3, allPorts: true, ports: {} }],
    });
  });

  it('--by namespace table: exact lines', async () => {
    const r = await both('--by', 'namespace');
    expect(outputLines(r.stdout)).toEqual(['# NAMESPACE 1 2', '1 m           A', '2 n         .', '', LEGEND]);
  });

  it('--by namespace -o csv/dot/mermaid: an allowed namespace edge is not labelled "no port"', async () => {
    const csv = outputLines((await both('--by', 'namespace', '-o', 'csv')).stdout);
    expect(csv).toHaveLength(2);
    expect(csv[1]).toMatch(/^m,n,/);
    expect(csv[1]).not.toContain('no port');
    const dot = outputLines((await both('--by', 'namespace', '-o', 'dot')).stdout);
    expect(dot.filter((l) => l.includes('->'))).toHaveLength(1);
    expect(dot.find((l) => l.includes('n0 -> n1'))).not.toContain('no port');
    const mermaid = outputLines((await both('--by', 'namespace', '-o', 'mermaid')).stdout);
    expect(mermaid.find((l) => l.includes('-->'))).not.toContain('no port');
  });

  describe('more than 25 workloads', () => {
    let big: string;
    beforeAll(() => {
      const pods = Array.from({ length: 26 }, (_, i) => {
        const n = String(i + 1).padStart(2, '0');
        return pod({ ns: i < 13 ? 'a' : 'b', name: `pod-${n}`, labels: { app: `p${n}` }, ip: `10.40.0.${i + 1}` });
      });
      big = dir.write('big.yaml', documents([namespace('a'), namespace('b'), ...pods]));
    });

    it('the table is summarized by namespace, and says so', async () => {
      const r = await runCli(['matrix', '-f', big]);
      expect(r.code).toBe(0);
      expect(outputLines(r.stdout)).toEqual([
        '26 workloads: summarized by namespace (--by workload for the full grid)',
        '# NAMESPACE 1 2',
        '1 a           A',
        '2 b         A',
        '',
        LEGEND,
      ]);
    });

    it('-o json stays per workload: 26 nodes, every ordered pair (26 * 25) connected', async () => {
      const doc = JSON.parse((await runCli(['matrix', '-f', big, '-o', 'json'])).stdout) as { grouping: string; nodes: unknown[]; edges: unknown[] };
      expect(doc.grouping).toBe('workload');
      expect(doc.nodes).toHaveLength(26);
      expect(doc.edges).toHaveLength(650);
      const summary = JSON.parse((await runCli(['matrix', '-f', big, '--by', 'namespace', '-o', 'json'])).stdout) as { edges: unknown[] };
      expect(summary.edges).toEqual([
        { from: 0, to: 1, paths: 169, allPorts: true, ports: {} },
        { from: 1, to: 0, paths: 169, allPorts: true, ports: {} },
      ]);
    });

    it('--by workload forces the full grid', async () => {
      const lines = outputLines((await runCli(['matrix', '-f', big, '--by', 'workload'])).stdout);
      expect(lines).toHaveLength(26 + 3);
      expect(lines[1]).toMatch(/^1  a\/pod-01 {3}/);
    });
  });
});

describe('replicas whose labels differ', () => {
  it('split into separate rows: only the replica labelled access=db may reach db', async () => {
    const file = dir.write(
      'replicas.yaml',
      documents([
        namespace('r'),
        ...deploymentPods('r', 'client', '9c8d7', ['aaaaa', 'bbbbb'], ['10.50.0.1', '10.50.0.2'], { app: 'client' }, { extraLabels: [{ access: 'db' }] }).map(pod),
        pod({ ns: 'r', name: 'db', labels: { app: 'db' }, ip: '10.50.0.10' }),
        `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-ingress, namespace: r}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress: [{from: [{podSelector: {matchLabels: {access: db}}}]}]
`,
      ]),
    );
    const doc = JSON.parse((await runCli(['matrix', '-f', file, '-o', 'json'])).stdout) as {
      nodes: { label: string; pods: number }[];
      edges: { from: number; to: number }[];
    };
    const db = doc.nodes.findIndex((n) => n.label === 'r/db');
    const clients = doc.nodes.flatMap((n, i) => (n.label.startsWith('r/deployment/client') ? [{ ...n, i }] : []));
    // Two rows of one pod each, not one row claiming that both pods reach db.
    expect(clients.map((c) => c.pods)).toEqual([1, 1]);
    expect(clients.filter((c) => doc.edges.some((e) => e.from === c.i && e.to === db))).toHaveLength(1);
  });
});

describe('80 columns', () => {
  it('the 3-workload grid', async () => {
    expect(linesWiderThan((await matrix()).stdout, 80)).toEqual([]);
  });

  it('the demo cluster, all namespaces (11 workloads)', async () => {
    const r = await runCli(['matrix', '--demo', '-A']);
    expect(r.code).toBe(0);
    expect(linesWiderThan(r.stdout, 80)).toEqual([]);
  });

  it('20 workloads (the most shown as a grid) with short names: shop/deployment/svc-NN', async () => {
    const pods = Array.from({ length: 20 }, (_, i) => {
      const n = String(i + 1).padStart(2, '0');
      return deploymentPods('shop', `svc-${n}`, '5b6c7', ['aaaaa'], [`10.60.0.${i + 1}`], { app: `svc-${n}` }).map(pod);
    }).flat();
    const file = dir.write('wide.yaml', documents([namespace('shop'), ...pods]));
    const r = await runCli(['matrix', '-f', file]);
    expect(r.code).toBe(0);
    expect(outputLines(r.stdout)).toHaveLength(20 + 3);
    expect(linesWiderThan(r.stdout, 80)).toEqual([]);
    // Labels keep their full name at this size.
    expect(r.stdout).toContain('shop/deployment/svc-20');
  });
});

describe('control characters in pod names and labels never reach stdout', () => {
  for (const v of CONTROL_VARIANTS) {
    it(v.title, async () => {
      const files = writeControlWorld(dir, v);
      const leaks: Record<string, string[]> = {};
      for (const output of ['table', 'json', 'yaml', 'csv', 'dot', 'mermaid']) {
        for (const by of ['workload', 'namespace']) {
          const r = await runCli(['matrix', ...files, '-o', output, '--by', by]);
          expect(r.code).toBe(0);
          const found = controlCharactersIn(r.stdout);
          if (found.length > 0) leaks[`-o ${output} --by ${by}`] = found;
        }
      }
      expect(leaks).toEqual({});
      const table = await runCli(['matrix', ...files]);
      expect(table.stdout).toContain(`evil/${v.podNameClean}`);
      expect(table.stdout).toContain(`evil/deployment/${v.deploymentClean}`);
    });
  }
});
