// `kubectl netpol coverage`: exact documents and lines on small hand-written clusters, exit codes,
// replica folding, exposure levels, every finding firing and its near miss, 80 columns, and
// control characters.
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, TempDir, type CliResult, envelope } from '../fixtures/cli.js';
import { CONTROL_VARIANTS, writeControlWorld } from '../fixtures/reports/control.js';
import {
  controlCharactersIn,
  deploymentPods,
  documents,
  linesWiderThan,
  namespace,
  outputLines,
  pod,
  statefulSetPods,
  tableRow,
} from '../fixtures/reports/manifests.js';

let dir: TempDir;
beforeAll(() => {
  dir = new TempDir('netpol-coverage-');
});
afterAll(() => dir.cleanup());

const json = (r: CliResult): Record<string, unknown> => JSON.parse(r.stdout) as Record<string, unknown>;
type FindingDoc = { code: string; severity: string; namespace: string; subject: string; field?: string; message: string; fix: string; location?: string };
/** The fix every report gives for a code: the one table of codes. */
const FIX = {
  'egress-without-dns': 'allow UDP and TCP 53 to kube-dns in kube-system',
  'no-default-deny-ingress': 'add a policy with podSelector {} and policyTypes [Ingress] and no rules',
  'no-default-deny-egress': 'add a policy with podSelector {} and policyTypes [Egress] and no rules',
  'pod-not-selected': 'add a policy that selects the workload, or a default deny (podSelector {}) in its namespace',
  'policy-selects-nothing': 'fix the podSelector labels, or delete the policy if the workload is gone',
  'rule-allows-everyone': 'list the peers that need access under from/to',
  'rule-allows-all-namespaces': 'select the namespaces that need access by label',
  'rule-allows-any-address': 'narrow the cidr to the addresses that need access',
} as const;
type WorkloadDoc = { namespace: string; name: string; kind: string; pods: number; ingress: string; egress: string; ingressFrom: string; hostNetwork: boolean; policies: string[] };

// ---------------------------------------------------------------------------------------------
// The main world.
//   web (team=web):  deployment/frontend 3 pods (app=frontend), deployment/api 2 pods (app=api)
//   data (team=data): statefulset/db 2 pods (app=db), bare pod adminer
//   idle: no pods, no policies
// policies.yaml:
//   1 web/deny-ingress            podSelector {} policyTypes [Ingress]            default deny ingress
//   2 web/frontend-from-anywhere  frontend <- ipBlock 0.0.0.0/0 on TCP 8080       internet, any-address
//   3 web/api-from-frontend       api <- frontend pods (own namespace)             namespace
//   4 web/api-egress              api -> namespaces team=data on TCP 5432         egress-isolated, no DNS
//   5 data/db-from-web            db <- every pod of namespaces team=web          namespaces
// ---------------------------------------------------------------------------------------------
const COV_CLUSTER = documents([
  namespace('web', { team: 'web' }),
  namespace('data', { team: 'data' }),
  namespace('idle'),
  ...deploymentPods('web', 'frontend', '5d8f9', ['aaaaa', 'bbbbb', 'ccccc'], ['172.20.0.1', '172.20.0.2', '172.20.0.3'], { app: 'frontend' }, { ports: ['http:8080'] }).map(pod),
  ...deploymentPods('web', 'api', '7c4b8', ['ddddd', 'eeeee'], ['172.20.0.4', '172.20.0.5'], { app: 'api' }).map(pod),
  ...statefulSetPods('data', 'db', ['172.20.1.1', '172.20.1.2'], { app: 'db' }, ['postgres:5432']).map(pod),
  pod({ ns: 'data', name: 'adminer', labels: { app: 'adminer' }, ip: '172.20.1.3' }),
]);

const COV_POLICIES = documents([
  `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-ingress, namespace: web}
spec:
  podSelector: {}
  policyTypes: [Ingress]
`,
  `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: frontend-from-anywhere, namespace: web}
spec:
  podSelector: {matchLabels: {app: frontend}}
  ingress:
  - from: [{ipBlock: {cidr: 0.0.0.0/0}}]
    ports: [{port: 8080}]
`,
  `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api-from-frontend, namespace: web}
spec:
  podSelector: {matchLabels: {app: api}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: frontend}}}]
`,
  `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api-egress, namespace: web}
spec:
  podSelector: {matchLabels: {app: api}}
  policyTypes: [Egress]
  egress:
  - to: [{namespaceSelector: {matchLabels: {team: data}}}]
    ports: [{port: 5432}]
`,
  `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-from-web, namespace: data}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from: [{namespaceSelector: {matchLabels: {team: web}}}]
`,
]);

describe('coverage on a small cluster (web, data, idle)', () => {
  let cluster: string;
  let policies: string;
  let files: string[];
  beforeAll(() => {
    cluster = dir.write('cov-cluster.yaml', COV_CLUSTER);
    policies = dir.write('cov-policies.yaml', COV_POLICIES);
    files = ['-f', cluster, '-f', policies];
  });
  // Read as on an 80-column terminal without colour: free text wraps there (a pipe gets whole lines).
  const coverage = (...args: string[]) => runCli(['coverage', ...files, ...args], { isTTY: true, columns: 80, env: { NO_COLOR: '1' } });

  const findingsAll = (): FindingDoc[] => [
    // One finding per policy (it names the workloads): the policy is what to edit.
    {
      code: 'egress-without-dns',
      severity: 'warning',
      namespace: 'web',
      subject: 'policy api-egress',
      field: 'spec.egress',
      message: 'isolates egress of deployment/api, which may not reach DNS on UDP and TCP 53',
      fix: FIX['egress-without-dns'],
      location: `${policies}: document 4`,
    },
    {
      code: 'no-default-deny-ingress',
      severity: 'warning',
      namespace: 'data',
      subject: 'namespace data',
      message: 'namespace data has no default-deny ingress policy',
      fix: FIX['no-default-deny-ingress'],
    },
    {
      code: 'pod-not-selected',
      severity: 'warning',
      namespace: 'data',
      subject: 'adminer',
      message: 'adminer is selected by no NetworkPolicy: all traffic to and from it is allowed',
      fix: FIX['pod-not-selected'],
    },
    {
      code: 'rule-allows-any-address',
      severity: 'warning',
      namespace: 'web',
      subject: 'policy frontend-from-anywhere',
      field: 'spec.ingress[0].from[0].ipBlock.cidr',
      message: 'ipBlock 0.0.0.0/0 admits ingress from any address',
      fix: FIX['rule-allows-any-address'],
      location: `${policies}: document 2`,
    },
    { code: 'no-default-deny-egress', severity: 'info', namespace: 'data', subject: 'namespace data', message: 'namespace data has no default-deny egress policy', fix: FIX['no-default-deny-egress'] },
    // idle has neither pods nor policies: nothing to deny there.
    { code: 'no-default-deny-egress', severity: 'info', namespace: 'web', subject: 'namespace web', message: 'namespace web has no default-deny egress policy', fix: FIX['no-default-deny-egress'] },
  ];

  it('-o json: the whole document', async () => {
    const r = await coverage('-o', 'json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(json(r)).toEqual({
      ...envelope('Coverage'),
      source: `files: ${cluster}, ${policies}`,
      scope: 'all namespaces',
      // 8 pods; all but adminer are ingress-isolated (7 = 87.5%); only the 2 api pods for egress (25%).
      totals: { pods: 8, ingressIsolated: 7, egressIsolated: 2, ingressPercent: 87.5, egressPercent: 25 },
      namespaces: [
        // 2 of 3 pods isolated: 66.66..% floored to 66.6.
        { name: 'data', pods: 3, ingressPercent: 66.6, egressPercent: 0, defaultDeny: { ingress: false, egress: false }, policies: 1 },
        { name: 'idle', pods: 0, ingressPercent: null, egressPercent: null, defaultDeny: { ingress: false, egress: false }, policies: 0 },
        { name: 'web', pods: 5, ingressPercent: 100, egressPercent: 40, defaultDeny: { ingress: true, egress: false }, policies: 4 },
      ],
      workloads: [
        { namespace: 'data', name: 'adminer', kind: 'Pod', pods: 1, ingress: 'open', egress: 'open', ingressFrom: 'internet', hostNetwork: false, policies: [] },
        {
          namespace: 'data',
          name: 'statefulset/db',
          kind: 'StatefulSet',
          pods: 2,
          ingress: 'isolated',
          egress: 'open',
          // namespaceSelector team=web matches one namespace that is not the policy's own.
          ingressFrom: 'namespaces',
          hostNetwork: false,
          policies: ['db-from-web'],
        },
        {
          namespace: 'web',
          name: 'deployment/api',
          kind: 'Deployment',
          pods: 2,
          ingress: 'isolated',
          egress: 'isolated',
          ingressFrom: 'namespace',
          hostNetwork: false,
          policies: ['deny-ingress', 'api-from-frontend', 'api-egress'],
        },
        {
          namespace: 'web',
          name: 'deployment/frontend',
          kind: 'Deployment',
          // Three replicas of one ReplicaSet fold into one row.
          pods: 3,
          ingress: 'isolated',
          egress: 'open',
          ingressFrom: 'internet',
          hostNetwork: false,
          policies: ['deny-ingress', 'frontend-from-anywhere'],
        },
      ],
      findings: findingsAll(),
    });
    expect(r.stdout).toBe(`${JSON.stringify(json(r), null, 2)}\n`);
  });

  it('-o yaml: the same document as -o json', async () => {
    const y = await coverage('-o', 'yaml');
    const j = await coverage('-o', 'json');
    expect(y.code).toBe(0);
    expect(parseYaml(y.stdout)).toEqual(json(j));
  });

  /**
   * The header: source and scope wrapped at 80 columns (the two temp paths never fit on one line;
   * continuation lines are indented by two spaces), then the totals.
   */
  const header = (scope: string, totals: string) => [`files: ${cluster},`, `  ${policies}, ${scope}:`, totals];

  it('text: exact lines', async () => {
    const r = await coverage();
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const ns = [9, 4, 7, 6, 12];
    const wl = [9, 19, 4, 8, 8];
    expect(outputLines(r.stdout)).toEqual([
      ...header('all namespaces', '8 pods: 87.5% isolated for ingress (7), 25% for egress (2)'),
      '',
      tableRow(ns, ['NAMESPACE', 'PODS', 'INGRESS', 'EGRESS', 'DEFAULT DENY', 'POLICIES']),
      tableRow(ns, ['data', '3', '66.6%', '0%', 'none', '1']),
      // A namespace without pods shows no percentages.
      tableRow(ns, ['idle', '0', '-', '-', '-', '0']),
      tableRow(ns, ['web', '5', '100%', '40%', 'ingress', '4']),
      '',
      tableRow(wl, ['NAMESPACE', 'WORKLOAD', 'PODS', 'INGRESS', 'EGRESS', 'INGRESS FROM']),
      tableRow(wl, ['data', 'adminer', '1', 'open', 'open', 'internet']),
      tableRow(wl, ['data', 'statefulset/db', '2', 'isolated', 'open', 'namespaces']),
      tableRow(wl, ['web', 'deployment/api', '2', 'isolated', 'isolated', 'namespace']),
      tableRow(wl, ['web', 'deployment/frontend', '3', 'isolated', 'open', 'internet']),
      '',
      'Findings (6):',
      '  WARNING egress-without-dns (1)',
      // Findings wrap at 80 columns, continuation lines indented by 6.
      '    web: policy api-egress: isolates egress of deployment/api, which may not',
      '      reach DNS on UDP and TCP 53',
      `      [${policies}: document 4]`,
      '  WARNING no-default-deny-ingress (1)',
      '    data: namespace data has no default-deny ingress policy',
      '  WARNING pod-not-selected (1)',
      '    data: adminer is selected by no NetworkPolicy: all traffic to and from it is',
      '      allowed',
      '  WARNING rule-allows-any-address (1)',
      '    web: policy frontend-from-anywhere spec.ingress[0].from[0].ipBlock.cidr:',
      '      ipBlock 0.0.0.0/0 admits ingress from any address',
      `      [${policies}: document 2]`,
      '  INFO no-default-deny-egress (2)',
      '    data: namespace data has no default-deny egress policy',
      '    web: namespace web has no default-deny egress policy',
    ]);
  });

  it('in a pipe, each finding and the header are one whole line (scripts read lines)', async () => {
    const r = await runCli(['coverage', ...files]);
    expect(r.code).toBe(0);
    const lines = outputLines(r.stdout);
    expect(lines[0]).toBe(`files: ${cluster}, ${policies}, all namespaces:`);
    expect(lines).toContain('    data: adminer is selected by no NetworkPolicy: all traffic to and from it is allowed');
    expect(lines.filter((l) => l.startsWith('      '))).toEqual([]);
  });

  it('the table literally (kubectl look: upper-case headers, 3 spaces between columns)', async () => {
    const r = await coverage();
    const lines = outputLines(r.stdout);
    expect(lines[4]).toBe('NAMESPACE   PODS   INGRESS   EGRESS   DEFAULT DENY   POLICIES');
    expect(lines[5]).toBe('data        3      66.6%     0%       none           1');
    expect(lines[12]).toBe('web         deployment/api        2      isolated   isolated   namespace');
  });

  it('on a terminal: colour on status words, the same text once the colour codes are removed', async () => {
    const plain = await coverage();
    const tty = await runCli(['coverage', ...files], { isTTY: true, columns: 80, env: {} });
    expect(tty.stdout).toContain('\u001b[32misolated\u001b[39m');
    // eslint-disable-next-line no-control-regex
    expect(tty.stdout.replace(/\u001b\[[0-9;]*m/g, '')).toBe(plain.stdout);
    const noColor = await runCli(['coverage', ...files], { isTTY: true, columns: 80, env: { NO_COLOR: '1' } });
    expect(noColor.stdout).toBe(plain.stdout);
  });

  it('-o wide adds the policies selecting each workload', async () => {
    const r = await coverage('-o', 'wide');
    expect(r.code).toBe(0);
    const wl = [9, 19, 4, 8, 8, 12];
    const lines = outputLines(r.stdout);
    const start = lines.indexOf(tableRow(wl, ['NAMESPACE', 'WORKLOAD', 'PODS', 'INGRESS', 'EGRESS', 'INGRESS FROM', 'POLICIES']));
    expect(start).toBe(9);
    expect(lines.slice(start + 1, start + 5)).toEqual([
      tableRow(wl, ['data', 'adminer', '1', 'open', 'open', 'internet', '-']),
      tableRow(wl, ['data', 'statefulset/db', '2', 'isolated', 'open', 'namespaces', 'db-from-web']),
      tableRow(wl, ['web', 'deployment/api', '2', 'isolated', 'isolated', 'namespace', 'deny-ingress,api-from-frontend,api-egress']),
      tableRow(wl, ['web', 'deployment/frontend', '3', 'isolated', 'open', 'internet', 'deny-ingress,frontend-from-anywhere']),
    ]);
  });

  it('-n web: only that namespace, its workloads and its findings', async () => {
    const r = await coverage('-n', 'web', '-o', 'json');
    expect(r.code).toBe(0);
    const doc = json(r);
    expect(doc['scope']).toBe('namespace web');
    expect(doc['totals']).toEqual({ pods: 5, ingressIsolated: 5, egressIsolated: 2, ingressPercent: 100, egressPercent: 40 });
    expect((doc['namespaces'] as { name: string }[]).map((n) => n.name)).toEqual(['web']);
    expect((doc['workloads'] as WorkloadDoc[]).map((w) => w.name)).toEqual(['deployment/api', 'deployment/frontend']);
    expect(doc['findings']).toEqual(findingsAll().filter((f) => f.namespace === 'web'));
    const text = await coverage('-n', 'web');
    expect(outputLines(text.stdout).slice(0, 3)).toEqual(header('namespace web', '5 pods: 100% isolated for ingress (5), 40% for egress (2)'));
  });

  describe('exit codes', () => {
    it('--fail-under at the floored percentage passes (87.5 of 87.5)', async () => {
      const r = await coverage('--fail-under', '87.5');
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
    });

    it('--fail-under above it fails with 1 and says why on stderr; the report is still printed', async () => {
      const plain = await coverage();
      const r = await coverage('--fail-under', '87.6');
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('coverage: 87.5% of pods are isolated for ingress, below --fail-under 87.6%\n');
      expect(r.stdout).toBe(plain.stdout);
    });

    it('--fail-under 0 and 100', async () => {
      expect((await coverage('--fail-under', '0')).code).toBe(0);
      expect((await coverage('--fail-under', '100')).code).toBe(1);
      expect((await coverage('-n', 'web', '--fail-under', '100')).code).toBe(0);
    });

    it('-n data: 2 of 3 pods (66.66..%) pass 66.6 and fail 66.7', async () => {
      expect((await coverage('-n', 'data', '--fail-under', '66.6')).code).toBe(0);
      const r = await coverage('-n', 'data', '--fail-under', '66.7');
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('coverage: 66.6% of pods are isolated for ingress, below --fail-under 66.7%\n');
    });

    it('-n data: 66.66..% of pods are isolated, which is not fewer than 66.65%: exit 0', async () => {
      // "exit 1 when fewer pods are isolated for ingress" than the threshold: 2/3 > 0.6665.
      const r = await coverage('-n', 'data', '--fail-under', '66.65');
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    });

    it('--fail-on warning: 1, counting the warnings (not the infos)', async () => {
      const r = await coverage('--fail-on', 'warning');
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('coverage: 4 finding(s) at or above --fail-on warning\n');
    });

    it('--fail-on error: no finding is an error here, so 0', async () => {
      const r = await coverage('--fail-on', 'error');
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
    });

    it('--fail-under passing but --fail-on failing: 1', async () => {
      const r = await coverage('--fail-under', '50', '--fail-on', 'warning');
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('coverage: 4 finding(s) at or above --fail-on warning\n');
    });

    it('--fail-on warning with only info findings: 0', async () => {
      // quiet: ingress default deny, one pod, nothing for egress: the one finding is an info.
      const file = dir.write(
        'cov-quiet.yaml',
        documents([
          namespace('quiet'),
          pod({ ns: 'quiet', name: 'q', labels: { app: 'q' }, ip: '172.21.0.1' }),
          `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: quiet}
spec: {podSelector: {}, policyTypes: [Ingress]}
`,
        ]),
      );
      const r = await runCli(['coverage', '-f', file, '--fail-on', 'warning', '-o', 'json']);
      expect(r.code).toBe(0);
      expect(json(r)['findings']).toEqual([
        { code: 'no-default-deny-egress', severity: 'info', namespace: 'quiet', subject: 'namespace quiet', message: 'namespace quiet has no default-deny egress policy', fix: FIX['no-default-deny-egress'] },
      ]);
    });

    it('bad thresholds are bad input (2)', async () => {
      const r = await coverage('--fail-under', 'abc');
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('error: --fail-under: "abc" is not a percentage between 0 and 100\n');
      expect(r.stdout).toBe('');
      expect((await coverage('--fail-under', '101')).code).toBe(2);
      expect((await coverage('--fail-under', '-1')).code).toBe(2);
      expect((await coverage('--fail-on', 'info')).code).toBe(2);
    });
  });
});

describe('replica folding', () => {
  // r: deployment/client has 2 replicas, only the first labelled access=db; policy reader-ingress
  // selects access=db pods. db is a bare pod selected by nothing.
  let files: string[];
  beforeAll(() => {
    const file = dir.write(
      'cov-replicas.yaml',
      documents([
        namespace('r'),
        ...deploymentPods('r', 'client', '8a9b7', ['aaaaa', 'bbbbb'], ['172.22.0.1', '172.22.0.2'], { app: 'client' }, { extraLabels: [{ access: 'db' }] }).map(pod),
        pod({ ns: 'r', name: 'db', labels: { app: 'db' }, ip: '172.22.0.10' }),
        `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: reader-ingress, namespace: r}
spec:
  podSelector: {matchLabels: {access: db}}
  ingress:
  - from: [{podSelector: {}}]
`,
      ]),
    );
    files = ['-f', file];
  });

  it('replicas of one Deployment whose labels differ: one row, isolation "partial", the broadest exposure', async () => {
    const r = await runCli(['coverage', ...files, '-o', 'json']);
    expect(r.code).toBe(0);
    const doc = json(r);
    expect(doc['workloads']).toEqual([
      { namespace: 'r', name: 'db', kind: 'Pod', pods: 1, ingress: 'open', egress: 'open', ingressFrom: 'internet', hostNetwork: false, policies: [] },
      // One replica isolated (exposed to its namespace), one open (exposed to everyone).
      { namespace: 'r', name: 'deployment/client', kind: 'Deployment', pods: 2, ingress: 'partial', egress: 'open', ingressFrom: 'internet', hostNetwork: false, policies: ['reader-ingress'] },
    ]);
    expect(doc['totals']).toEqual({ pods: 3, ingressIsolated: 1, egressIsolated: 0, ingressPercent: 33.3, egressPercent: 0 });
    const text = await runCli(['coverage', ...files]);
    expect(outputLines(text.stdout)).toContain(tableRow([9, 17, 4, 7, 6], ['r', 'deployment/client', '2', 'partial', 'open', 'internet']));
  });
});

describe('exposure levels', () => {
  // prod (team=prod, tier=back), dev (team=dev), ops (team=ops, tier=back). Every prod pod is bare
  // and named after the case it shows; each policy is named after the pod it selects.
  const podNames = ['vault', 'ghostns', 'api', 'queue', 'db', 'cache', 'metrics', 'mixed', 'web', 'edge', 'loose', 'egressonly'];
  const ingressPolicy = (name: string, ingress: string, podLabel = name) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: prod}
spec:
  podSelector: {matchLabels: {app: ${podLabel}}}
  policyTypes: [Ingress]
  ingress: ${ingress}
`;
  let files: string[];
  beforeAll(() => {
    const file = dir.write(
      'cov-exposure.yaml',
      documents([
        namespace('prod', { team: 'prod', tier: 'back' }),
        namespace('dev', { team: 'dev' }),
        namespace('ops', { team: 'ops', tier: 'back' }),
        ...podNames.map((name, i) => pod({ ns: 'prod', name, labels: { app: name }, ip: `172.23.0.${i + 1}` })),
        pod({ ns: 'ops', name: 'agent', labels: { app: 'agent' }, ip: '172.23.1.1' }),
        // nobody: isolated, no rule at all; and a rule whose namespaceSelector matches no namespace.
        ingressPolicy('vault', '[]'),
        ingressPolicy('ghostns', '[{from: [{namespaceSelector: {matchLabels: {team: nonexistent}}}]}]'),
        // namespace: pods of its own namespace, by podSelector or by a namespaceSelector naming it.
        ingressPolicy('api', '[{from: [{podSelector: {matchLabels: {app: web}}}]}]'),
        ingressPolicy('queue', '[{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: prod}}}]}]'),
        // namespaces: some but not all namespaces (2 of 3; or 1 that is not its own).
        ingressPolicy('db', '[{from: [{namespaceSelector: {matchLabels: {tier: back}}}]}]'),
        ingressPolicy('cache', '[{from: [{namespaceSelector: {matchLabels: {team: ops}}, podSelector: {matchLabels: {app: agent}}}]}]'),
        // cluster: every namespace (empty selector, or an expression every namespace satisfies).
        ingressPolicy('metrics', '[{from: [{namespaceSelector: {}, podSelector: {matchLabels: {app: prometheus}}}]}]'),
        ingressPolicy('mixed-a', '[{from: [{podSelector: {}}]}]', 'mixed'),
        ingressPolicy('mixed-b', '[{from: [{namespaceSelector: {matchExpressions: [{key: team, operator: Exists}]}}]}]', 'mixed'),
        // internet: a rule without from, an ipBlock, no policy, or only an egress policy.
        ingressPolicy('web', '[{ports: [{port: 443}]}]'),
        ingressPolicy('edge', '[{from: [{ipBlock: {cidr: 203.0.113.0/24}}]}]'),
        `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: egressonly, namespace: prod}
spec:
  podSelector: {matchLabels: {app: egressonly}}
  policyTypes: [Egress]
`,
      ]),
    );
    files = ['-f', file];
  });

  it('nobody < namespace < namespaces < cluster < internet, per workload', async () => {
    const r = await runCli(['coverage', ...files, '-n', 'prod', '-o', 'json']);
    expect(r.code).toBe(0);
    const exposure = Object.fromEntries((json(r)['workloads'] as WorkloadDoc[]).map((w) => [w.name, w.ingressFrom]));
    expect(exposure).toEqual({
      vault: 'nobody',
      ghostns: 'nobody',
      api: 'namespace',
      queue: 'namespace',
      db: 'namespaces',
      cache: 'namespaces',
      metrics: 'cluster',
      mixed: 'cluster',
      web: 'internet',
      edge: 'internet',
      loose: 'internet',
      egressonly: 'internet',
    });
  });
});

describe('findings: each fires on its fixture, and its near miss does not', () => {
  // One namespace per case (see policies below); kube-system runs kube-dns (k8s-app=kube-dns) on
  // UDP and TCP 53. Policies are listed with their document number in policies.yaml.
  const egressPolicy = (ns: string, name: string, podApp: string, egress: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: ${ns}}
spec:
  podSelector: {matchLabels: {app: ${podApp}}}
  policyTypes: [Egress]
  egress: ${egress}
`;
  const KUBE_DNS_PEER = '{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}';
  const FINDING_POLICIES = [
    // 1: selects worker for egress only: worker is selected (no pod-not-selected); 0.0.0.0/0 with an
    // except admits every address outside it (an info); the block covers the kube-dns pod IPs on every port.
    egressPolicy('egress-only', 'worker-egress', 'worker', '[{to: [{ipBlock: {cidr: 0.0.0.0/0, except: [169.254.169.254/32]}}]}]'),
    // 2, 3: default deny both ways, and DNS to kube-dns on UDP and TCP 53.
    `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: locked}
spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
`,
    egressPolicy('locked', 'a-dns', 'a', `[{to: [${KUBE_DNS_PEER}], ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]}]`),
    // 4: no policyTypes and no rules: defaulted to [Ingress], so a default deny for ingress only.
    `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: implicit-deny, namespace: half}
spec: {podSelector: {}}
`,
    // 5: a rule without from; 6: from every pod of the namespace (not everyone).
    `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-all-ingress, namespace: allowall}
spec:
  podSelector: {}
  ingress: [{}]
`,
    `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: same-namespace, namespace: allowall}
spec:
  podSelector: {}
  ingress: [{from: [{podSelector: {}}]}]
`,
    // 7: every kind of broad and almost-broad peer.
    `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: c-ingress, namespace: wide}
spec:
  podSelector: {matchLabels: {app: c}}
  ingress:
  - from: [{namespaceSelector: {}}]
  - from: [{namespaceSelector: {matchLabels: {team: ops}}}]
  - from: [{podSelector: {}}]
  - from: [{ipBlock: {cidr: 0.0.0.0/0}}]
  - from: [{ipBlock: {cidr: "::/0"}}]
  - from: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}]
`,
    // 8: selects no pod at all; 9: selects only a hostNetwork pod, which policies cannot select.
    `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ghost-policy, namespace: wide}
spec: {podSelector: {matchLabels: {app: ghost}}, policyTypes: [Ingress]}
`,
    `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: agent-policy, namespace: wide}
spec: {podSelector: {matchLabels: {app: agent}}, policyTypes: [Ingress]}
`,
    // 10: egress only to an outside range on TCP 443: no DNS at all.
    egressPolicy('dns-none', 'p-egress', 'p', '[{to: [{ipBlock: {cidr: 203.0.113.0/24}}], ports: [{port: 443}]}]'),
    // 11: kube-dns on UDP 53 only.
    egressPolicy('dns-udp', 'p-egress', 'p', `[{to: [${KUBE_DNS_PEER}], ports: [{protocol: UDP, port: 53}]}]`),
    // 12: UDP and TCP 53, but to k8s-app=kube-dns pods of its own namespace (there are none).
    egressPolicy('dns-wrongns', 'p-egress', 'p', '[{to: [{podSelector: {matchLabels: {k8s-app: kube-dns}}}], ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]}]'),
  ];
  const FINDING_CLUSTER = documents([
    ...['kube-system', 'open', 'egress-only', 'locked', 'half', 'allowall', 'wide', 'dns-none', 'dns-udp', 'dns-wrongns'].map((n) => namespace(n)),
    ...deploymentPods('kube-system', 'coredns', '6f7b8', ['aaaaa', 'bbbbb'], ['10.96.0.10', '10.96.0.11'], { 'k8s-app': 'kube-dns' }, { ports: ['dns:53/UDP', 'dns-tcp:53'] }).map(pod),
    pod({ ns: 'open', name: 'lonely', labels: { app: 'lonely' }, ip: '10.1.0.1' }),
    pod({ ns: 'egress-only', name: 'worker', labels: { app: 'worker' }, ip: '10.1.1.1' }),
    pod({ ns: 'locked', name: 'a', labels: { app: 'a' }, ip: '10.1.2.1' }),
    pod({ ns: 'half', name: 'h', labels: { app: 'h' }, ip: '10.1.3.1' }),
    pod({ ns: 'allowall', name: 'b', labels: { app: 'b' }, ip: '10.1.4.1' }),
    pod({ ns: 'wide', name: 'c', labels: { app: 'c' }, ip: '10.1.5.1' }),
    pod({ ns: 'wide', name: 'node-agent', labels: { app: 'agent' }, hostNetwork: true, ip: '192.168.1.5', hostIP: '192.168.1.5' }),
    pod({ ns: 'dns-none', name: 'p1', labels: { app: 'p' }, ip: '10.1.6.1' }),
    pod({ ns: 'dns-udp', name: 'p2', labels: { app: 'p' }, ip: '10.1.7.1' }),
    pod({ ns: 'dns-wrongns', name: 'p3', labels: { app: 'p' }, ip: '10.1.8.1' }),
  ]);

  let cluster: string;
  let policies: string;
  let findings: FindingDoc[];
  beforeAll(async () => {
    cluster = dir.write('findings-cluster.yaml', FINDING_CLUSTER);
    policies = dir.write('findings-policies.yaml', documents(FINDING_POLICIES));
    const r = await runCli(['coverage', '-f', cluster, '-f', policies, '-o', 'json']);
    expect(r.code).toBe(0);
    findings = json(r)['findings'] as FindingDoc[];
  });
  const byCode = (code: string) => findings.filter((f) => f.code === code);
  const at = (doc: number) => `${policies}: document ${doc}`;

  it('pod-not-selected: unselected pods fire; a pod selected only for egress and a hostNetwork pod do not', () => {
    const f = (namespace: string, subject: string, message: string) => ({ code: 'pod-not-selected', severity: 'warning', namespace, subject, message, fix: FIX['pod-not-selected'] });
    expect(byCode('pod-not-selected')).toEqual([
      f('kube-system', 'deployment/coredns', 'deployment/coredns (2 pods) is selected by no NetworkPolicy: all traffic to and from it is allowed'),
      f('open', 'lonely', 'lonely is selected by no NetworkPolicy: all traffic to and from it is allowed'),
    ]);
  });

  it('no-default-deny-ingress: not for locked (deny-all) nor half (policyTypes defaulted to Ingress); allowall allows, so it fires', () => {
    const expected = ['allowall', 'dns-none', 'dns-udp', 'dns-wrongns', 'egress-only', 'kube-system', 'open', 'wide'];
    expect(byCode('no-default-deny-ingress')).toEqual(
      expected.map((ns) => ({
        code: 'no-default-deny-ingress',
        severity: 'warning',
        namespace: ns,
        subject: `namespace ${ns}`,
        message: `namespace ${ns} has no default-deny ingress policy`,
        fix: FIX['no-default-deny-ingress'],
      })),
    );
  });

  it('no-default-deny-egress: only locked has one (half\'s policy has no Egress type)', () => {
    const expected = ['allowall', 'dns-none', 'dns-udp', 'dns-wrongns', 'egress-only', 'half', 'kube-system', 'open', 'wide'];
    expect(byCode('no-default-deny-egress')).toEqual(
      expected.map((ns) => ({
        code: 'no-default-deny-egress',
        severity: 'info',
        namespace: ns,
        subject: `namespace ${ns}`,
        message: `namespace ${ns} has no default-deny egress policy`,
        fix: FIX['no-default-deny-egress'],
      })),
    );
  });

  it('policy-selects-nothing: a selector matching no pod, and one matching only a hostNetwork pod; c-ingress selects c', () => {
    const f = (name: string, app: string, doc: number) => ({
      code: 'policy-selects-nothing',
      severity: 'warning',
      namespace: 'wide',
      subject: `policy ${name}`,
      field: 'spec.podSelector',
      // wide has one pod policies can select (c); node-agent is hostNetwork.
      message: `podSelector app=${app} does not match the 1 pod in namespace wide`,
      fix: FIX['policy-selects-nothing'],
      location: at(doc),
    });
    expect(byCode('policy-selects-nothing')).toEqual([f('agent-policy', 'agent', 9), f('ghost-policy', 'ghost', 8)]);
  });

  it('rule-allows-everyone: a rule without from; not from: [podSelector: {}]', () => {
    expect(byCode('rule-allows-everyone')).toEqual([
      {
        code: 'rule-allows-everyone',
        severity: 'warning',
        namespace: 'allowall',
        subject: 'policy allow-all-ingress',
        field: 'spec.ingress[0]',
        message: 'ingress rule 0 has no "from": it admits ingress from every pod and every address on every port',
        fix: FIX['rule-allows-everyone'],
        location: at(5),
      },
    ]);
  });

  it('rule-allows-all-namespaces: namespaceSelector {}; not a namespaceSelector with labels, nor podSelector {}', () => {
    expect(byCode('rule-allows-all-namespaces')).toEqual([
      {
        code: 'rule-allows-all-namespaces',
        severity: 'warning',
        namespace: 'wide',
        subject: 'policy c-ingress',
        field: 'spec.ingress[0].from[0].namespaceSelector',
        message: 'namespaceSelector {} admits ingress from every pod in every namespace',
        fix: FIX['rule-allows-all-namespaces'],
        location: at(7),
      },
    ]);
  });

  it('rule-allows-any-address: 0.0.0.0/0 and ::/0 are warnings; 0.0.0.0/0 with an except admits every address outside it: an info (as lint says)', () => {
    const f = (severity: string, namespace: string, policy: string, field: string, message: string, doc: number) => ({
      code: 'rule-allows-any-address',
      severity,
      namespace,
      subject: `policy ${policy}`,
      field: `${field}.ipBlock.cidr`,
      message,
      fix: FIX['rule-allows-any-address'],
      location: at(doc),
    });
    expect(byCode('rule-allows-any-address')).toEqual([
      f('warning', 'wide', 'c-ingress', 'spec.ingress[3].from[0]', 'ipBlock 0.0.0.0/0 admits ingress from any address', 7),
      f('warning', 'wide', 'c-ingress', 'spec.ingress[4].from[0]', 'ipBlock ::/0 admits ingress from any address', 7),
      f('info', 'egress-only', 'worker-egress', 'spec.egress[0].to[0]', 'ipBlock 0.0.0.0/0 except 169.254.169.254/32 admits egress to any address outside those blocks', 1),
      f('info', 'wide', 'c-ingress', 'spec.ingress[5].from[0]', 'ipBlock 0.0.0.0/0 except 10.0.0.0/8 admits ingress from any address outside those blocks', 7),
    ]);
  });

  const dns = (severity: string, namespace: string, policy: string, message: string, location: string) => ({
    code: 'egress-without-dns',
    severity,
    namespace,
    subject: `policy ${policy}`,
    field: 'spec.egress',
    message,
    fix: FIX['egress-without-dns'],
    location,
  });

  it('egress-without-dns: kube-dns allowed on UDP+TCP 53 (locked) is fine; nothing, UDP only, or the wrong namespace fire', () => {
    expect(byCode('egress-without-dns')).toEqual([
      dns('warning', 'dns-none', 'p-egress', 'isolates egress of p1, which may not reach DNS on UDP and TCP 53', at(10)),
      dns('warning', 'dns-wrongns', 'p-egress', 'isolates egress of p3, which may not reach DNS on UDP and TCP 53', at(12)),
      // Only TCP missing: DNS mostly works, so an info.
      dns('info', 'dns-udp', 'p-egress', 'isolates egress of p2, which may not reach DNS on TCP 53', at(11)),
    ]);
  });

  it('egress-without-dns with --ipblock-external-only: the ipBlock no longer reaches the kube-dns pods', async () => {
    const r = await runCli(['coverage', '-f', cluster, '-f', policies, '-o', 'json', '--ipblock-external-only', '-n', 'egress-only']);
    expect(r.code).toBe(0);
    expect((json(r)['findings'] as FindingDoc[]).filter((f) => f.code === 'egress-without-dns')).toEqual([
      dns('warning', 'egress-only', 'worker-egress', 'isolates egress of worker, which may not reach DNS on UDP and TCP 53', at(1)),
    ]);
  });

  it('egress-without-dns without kube-dns in the input: an egress rule allowing UDP and TCP 53 anywhere is enough', async () => {
    const file = dir.write(
      'findings-nodns.yaml',
      documents([
        namespace('solo'),
        pod({ ns: 'solo', name: 's', labels: { app: 's' }, ip: '10.2.0.1' }),
        pod({ ns: 'solo', name: 't', labels: { app: 't' }, ip: '10.2.0.2' }),
        egressPolicy('solo', 's-egress', 's', '[{ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]}]'),
        egressPolicy('solo', 't-egress', 't', '[{ports: [{protocol: UDP, port: 53}]}]'),
      ]),
    );
    const r = await runCli(['coverage', '-f', file, '-o', 'json']);
    expect((json(r)['findings'] as FindingDoc[]).filter((f) => f.code === 'egress-without-dns')).toEqual([
      dns('info', 'solo', 't-egress', 'isolates egress of t, which may not reach DNS on TCP 53', `${file}: document 5`),
    ]);
  });

  it('text: at most 5 findings per code, then a count of the rest; -o wide lists all', async () => {
    const r = await runCli(['coverage', '-f', cluster, '-f', policies]);
    const lines = outputLines(r.stdout);
    const start = lines.indexOf('  WARNING no-default-deny-ingress (8)');
    expect(start).toBeGreaterThan(0);
    expect(lines.slice(start + 1, start + 7)).toEqual([
      '    allowall: namespace allowall has no default-deny ingress policy',
      '    dns-none: namespace dns-none has no default-deny ingress policy',
      '    dns-udp: namespace dns-udp has no default-deny ingress policy',
      '    dns-wrongns: namespace dns-wrongns has no default-deny ingress policy',
      '    egress-only: namespace egress-only has no default-deny ingress policy',
      '    ... and 3 more (-o wide or -o json lists all)',
    ]);
    const wide = outputLines((await runCli(['coverage', '-f', cluster, '-f', policies, '-o', 'wide'])).stdout);
    const w = wide.indexOf('  WARNING no-default-deny-ingress (8)');
    expect(wide.slice(w + 6, w + 9)).toEqual([
      '    kube-system: namespace kube-system has no default-deny ingress policy',
      '    open: namespace open has no default-deny ingress policy',
      '    wide: namespace wide has no default-deny ingress policy',
    ]);
    // 2 + 8 + 9 + 2 + 1 + 1 + 4 + 3 findings in all.
    expect(lines).toContain('Findings (30):');
  });

  it('hostNetwork workloads show "host" for isolation', async () => {
    const r = await runCli(['coverage', '-f', cluster, '-f', policies, '-n', 'wide', '-o', 'json']);
    expect(json(r)['workloads']).toEqual([
      { namespace: 'wide', name: 'c', kind: 'Pod', pods: 1, ingress: 'isolated', egress: 'open', ingressFrom: 'internet', hostNetwork: false, policies: ['c-ingress'] },
      { namespace: 'wide', name: 'node-agent', kind: 'Pod', pods: 1, ingress: 'open', egress: 'open', ingressFrom: 'internet', hostNetwork: true, policies: [] },
    ]);
    const text = outputLines((await runCli(['coverage', '-f', cluster, '-f', policies, '-n', 'wide'])).stdout);
    expect(text).toContain(tableRow([9, 10, 4, 8, 6], ['wide', 'node-agent', '1', 'host', 'host', 'internet']));
  });
});

describe('80 columns', () => {
  // A small namespace as a team would write it: two Deployments, default deny for ingress,
  // frontend reachable from the edge namespace, cart only from frontend.
  const SMALL = documents([
    namespace('shop', { team: 'shop' }),
    namespace('edge', { team: 'edge' }),
    ...deploymentPods('shop', 'frontend', '5c6d7', ['aaaaa', 'bbbbb'], ['172.24.0.1', '172.24.0.2'], { app: 'frontend' }).map(pod),
    ...deploymentPods('shop', 'cart', '8e9f0', ['ccccc', 'ddddd'], ['172.24.0.3', '172.24.0.4'], { app: 'cart' }).map(pod),
    `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: shop}
spec: {podSelector: {}, policyTypes: [Ingress]}
`,
    `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: frontend, namespace: shop}
spec:
  podSelector: {matchLabels: {app: frontend}}
  ingress: [{from: [{namespaceSelector: {matchLabels: {team: edge}}}], ports: [{port: 8080}]}]
`,
    `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: cart, namespace: shop}
spec:
  podSelector: {matchLabels: {app: cart}}
  ingress: [{from: [{podSelector: {matchLabels: {app: frontend}}}]}]
`,
  ]);

  it('text coverage of a small namespace (read from stdin) has no line longer than 80 characters', async () => {
    const r = await runCli(['coverage', '-f', '-', '-n', 'shop'], { stdin: SMALL });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('deployment/frontend');
    expect(linesWiderThan(r.stdout, 80)).toEqual([]);
  });
});

describe('control characters in pod names and labels never reach stdout', () => {
  for (const v of CONTROL_VARIANTS) {
    describe(v.title, () => {
      let files: string[];
      beforeAll(() => {
        files = writeControlWorld(dir, v);
      });

      it('text and -o wide', async () => {
        for (const args of [[], ['-o', 'wide']]) {
          const r = await runCli(['coverage', ...files, ...args]);
          expect(r.code).toBe(0);
          expect(r.stdout).toContain(v.podNameClean);
          expect(r.stdout).toContain(`deployment/${v.deploymentClean}`);
          expect(controlCharactersIn(r.stdout)).toEqual([]);
        }
      });

      it('-o json and -o yaml', async () => {
        const leaks: Record<string, string[]> = {};
        for (const format of ['json', 'yaml']) {
          const r = await runCli(['coverage', ...files, '-o', format]);
          expect(r.code).toBe(0);
          const found = controlCharactersIn(r.stdout);
          if (found.length > 0) leaks[`-o ${format}`] = found;
        }
        expect(leaks).toEqual({});
      });
    });
  }
});
