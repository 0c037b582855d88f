// Input the API server would refuse is refused, and input it reads leniently is read as it reads it:
// unknown fields, object names, YAML aliases, concatenated JSON, legacy CIDRs and huge values.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, TempDir, type CliResult } from '../fixtures/cli.js';
import { writeWorld } from '../fixtures/cli-world.js';
import { lintWith, netpol } from '../fixtures/lint.js';

let dir: TempDir;
let world: ReturnType<typeof writeWorld>;

beforeAll(() => {
  dir = new TempDir('netpol-strict-');
  world = writeWorld(dir);
});
afterAll(() => dir.cleanup());

/** Exit 2, nothing on stdout, one `error:` line; returns the line. */
function usageError(r: CliResult): string {
  expect(r.code, `stderr: ${r.stderr.slice(0, 500)}`).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.split('\n').slice(0, -1);
  expect(lines).toHaveLength(1);
  expect(lines[0]!.startsWith('error: ')).toBe(true);
  expect(lines[0]!.length).toBeLessThanOrEqual(1000);
  return lines[0]!;
}

const canReach = (file: string, ...extra: string[]) => runCli(['can-reach', 'x/a', 'x/b', '--port', '80', ...world.files, '-f', file, ...extra]);

describe('unknown fields are errors, as with the API server (strict field validation)', () => {
  const policy = (spec: string) =>
    `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: bad, namespace: x}\nspec:\n  podSelector: {matchLabels: {pod: b}}\n${spec}`;

  it('a misspelt ingress is not a default deny: spec.ingres, with the nearest field', async () => {
    const file = dir.write('ingres.yaml', policy('  ingres:\n  - from: [{podSelector: {}}]\n'));
    expect(usageError(await canReach(file))).toBe(
      `error: ${file}: document 1: NetworkPolicy x/bad: spec.ingres: unknown field "ingres" (did you mean "ingress"?)`,
    );
  });

  it.each([
    ['policyType: [Egress]', 'spec.policyType: unknown field "policyType" (did you mean "policyTypes"?)'],
    ['ingress:\n  - form: [{podSelector: {}}]', 'spec.ingress[0].form: unknown field "form" (did you mean "from"?)'],
    ['ingress:\n  - to: [{podSelector: {}}]', 'spec.ingress[0].to: unknown field "to"'],
    ['ingress:\n  - ports: [{prot: 80}]', 'spec.ingress[0].ports[0].prot: unknown field "prot" (did you mean "port"?)'],
    ['egress:\n  - to: [{ipBlock: {cidr: 10.0.0.0/8, expect: [10.1.0.0/16]}}]', 'spec.egress[0].to[0].ipBlock.expect: unknown field "expect" (did you mean "except"?)'],
    ['ingress:\n  - from: [{namespaceSelector: {matchLabel: {ns: x}}}]', 'spec.ingress[0].from[0].namespaceSelector.matchLabel: unknown field "matchLabel" (did you mean "matchLabels"?)'],
  ])('%s', async (spec, expected) => {
    const file = dir.write('policy-field.yaml', policy(`  ${spec.replace(/\n/g, '\n  ')}\n`));
    expect(usageError(await canReach(file))).toBe(`error: ${file}: document 1: NetworkPolicy x/bad: ${expected}`);
  });

  it.each([
    ['Pod', 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: x}\nspec:\n  containers:\n  - name: c\n    ports: [{containerPrt: 80}]\n', 'Pod x/p: spec.containers[0].ports[0].containerPrt: unknown field "containerPrt" (did you mean "containerPort"?)'],
    ['Pod', 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: x}\nspec:\n  container: []\n', 'Pod x/p: spec.container: unknown field "container" (did you mean "containers"?)'],
    ['Service', 'apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: x}\nspec:\n  ports: [{port: 80, targetPrt: 8080}]\n', 'Service x/s: spec.ports[0].targetPrt: unknown field "targetPrt" (did you mean "targetPort"?)'],
    ['metadata', 'apiVersion: v1\nkind: Namespace\nmetadata: {name: n, lables: {a: b}}\n', 'Namespace n: metadata.lables: unknown field "lables" (did you mean "labels"?)'],
    ['top level', 'apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: x}\nspecs: {}\n', 'Service x/s: specs: unknown field "specs" (did you mean "spec"?)'],
    ['Deployment', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: x}\nspec:\n  template:\n    spec:\n      containers: [{name: c, port: [{containerPort: 80}]}]\n', 'Deployment x/d: spec.template.spec.containers[0].port: unknown field "port" (did you mean "ports"?)'],
    ['CronJob', 'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: j, namespace: x}\nspec:\n  jobTemplate:\n    spec:\n      templates: {}\n', 'CronJob x/j: spec.jobTemplate.spec.templates: unknown field "templates" (did you mean "template"?)'],
  ])('%s', async (_, text, expected) => {
    const file = dir.write('object-field.yaml', text);
    expect(usageError(await canReach(file))).toBe(`error: ${file}: document 1: ${expected}`);
  });

  it('fields the API defines but nothing here reads may hold anything; kinds not read are not checked', async () => {
    const file = dir.write(
      'open.yaml',
      `apiVersion: v1
kind: Pod
metadata:
  name: extra
  namespace: x
  annotations: {anything: goes}
  managedFields: [{manager: kubectl, fieldsV1: {f:spec: {}}}]
spec:
  volumes: [{name: v, someDriver: {whatever: 1}}]
  containers: [{name: c, securityContext: {futureSetting: true}, ports: [{containerPort: 80, hostIP: 0.0.0.0}]}]
status: {phase: Running, podIP: 10.0.1.77, futureStatus: {a: 1}, podIPs: [{ip: 10.0.1.77}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: d, namespace: x}
spec:
  strategy: {rollingUpdate: {maxSurge: 1, somethingNew: 2}}
  template: {metadata: {labels: {app: d}}, spec: {containers: [{name: c}]}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: c, namespace: x}
whatever: {at: all}
`,
    );
    const r = await canReach(file);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('a field of a newer Kubernetes in a PodSpec, Container or ServiceSpec is allowed; a typo of a field read there is not', async () => {
    const newer = dir.write(
      'newer.yaml',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: n, namespace: x}\nspec:\n  workloadRef: {name: w}\n  containers: [{name: c, stopSignal: SIGTERM, ports: [{containerPort: 80}]}]\n' +
        '---\napiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: x}\nspec: {selector: {app: n}, ports: [{port: 80}], futureRouting: {}}\n',
    );
    const r = await canReach(newer);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const typo = dir.write('typo.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: n, namespace: x}\nspec:\n  hostNetwrok: true\n  containers: [{name: c}]\n');
    expect(usageError(await canReach(typo))).toBe(`error: ${typo}: document 1: Pod x/n: spec.hostNetwrok: unknown field "hostNetwrok" (did you mean "hostNetwork"?)`);
  });

  it('an assertion with "prot: 80" does not pass on any port', async () => {
    const file = dir.write('prot.yaml', 'assertions:\n  - {from: x/a, to: x/b, prot: 80, expect: allow}\n');
    expect(usageError(await runCli(['assert', file, ...world.files]))).toBe(`error: ${file}: assertions[0].prot: unknown field "prot" (did you mean "port"?)`);
  });

  it('an expectations file with a misspelt top-level list names it', async () => {
    const file = dir.write('assertion.yaml', 'assertion:\n  - {from: x/a, to: x/b, port: 80, expect: allow}\n');
    expect(usageError(await runCli(['assert', file, ...world.files]))).toBe(`error: ${file}: assertion: unknown field "assertion" (did you mean "assertions"?)`);
  });
});

describe('object names and namespaces are validated as the API server does', () => {
  // A bad name changes no verdict: other commands answer and warn; lint reports an error.
  it('Bad_Name! in Not_A_Namespace fails lint (error findings naming metadata.name and metadata.namespace)', async () => {
    const file = dir.write('bad-name.yaml', netpol('Bad_Name!', 'podSelector: {}', 'Not_A_Namespace'));
    const r = await runCli(['lint', '-f', file, '--fail-on', 'error', '-o', 'json']);
    expect(r.code).toBe(1);
    const findings = (JSON.parse(r.stdout) as { findings: { code: string; severity: string; field?: string; message: string }[] }).findings;
    expect(findings.filter((f) => f.code === 'invalid-name').map((f) => [f.severity, f.field, f.message])).toEqual([
      ['error', 'metadata.name', `"Bad_Name!" is not a valid NetworkPolicy name (a DNS-1123 subdomain: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters)`],
      ['error', 'metadata.namespace', `"Not_A_Namespace" is not a valid namespace name (a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters)`],
    ]);
  });

  it('other commands answer and warn once per problem, naming file, document, object and field', async () => {
    const file = dir.write('bad-namespace.yaml', netpol('fine', 'podSelector: {}', 'Not_A_Namespace'));
    const r = await runCli(['coverage', '-f', file]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /^warning: [^\n]*bad-namespace\.yaml: document 1: NetworkPolicy Not_A_Namespace\/fine: metadata\.namespace: "Not_A_Namespace" is not a valid namespace name \(a DNS-1123 label: [^\n]*\)\n$/,
    );
  });

  it('Service names are DNS-1035 labels (no leading digit); Namespace names DNS-1123 labels (no dot); other names subdomains', async () => {
    const svc = dir.write('svc-name.yaml', 'apiVersion: v1\nkind: Service\nmetadata: {name: 1api, namespace: x}\nspec: {ports: [{port: 80}]}\n');
    expect((await canReach(svc)).stderr).toContain('metadata.name: "1api" is not a valid Service name (a DNS-1035 label: ');
    const ns = dir.write('ns-name.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a.b}\n');
    expect((await canReach(ns)).stderr).toContain('metadata.name: "a.b" is not a valid Namespace name (a DNS-1123 label: ');
    const pod = dir.write('pod-name.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: 1api.v2, namespace: x}\n');
    const r = await canReach(pod);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });
});

describe('a field written in another case than the API spells it', () => {
  it('is read as the API field (as case-insensitive decoders do), warned about, and an error in lint', async () => {
    const file = dir.write(
      'case.yaml',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: x, labels: {app: p}}\nspec:\n  containers:\n  - name: c\n    ports: [{name: http, containerport: 8080}]\nstatus: {phase: Running, podIP: 10.0.9.9}\n',
    );
    const r = await runCli(['who-can-reach', 'x/p', '--port', 'http', '-f', file, '-o', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      `warning: ${file}: document 1: Pod x/p: spec.containers[0].ports[0].containerport: field "containerport" is read as "containerPort" (the API server's strict field validation rejects this spelling)\n`,
    );
    // The named port resolved to 8080: the pod can be reached on it.
    expect(JSON.parse(r.stdout).addresses.length).toBeGreaterThan(0);
    const lint = await runCli(['lint', '-f', file, '-o', 'json']);
    expect((JSON.parse(lint.stdout) as { findings: { code: string; severity: string }[] }).findings.filter((f) => f.code === 'field-name-case').map((f) => f.severity)).toEqual(['error']);
  });
});

describe('YAML aliases', () => {
  it('an alias without an anchor is bad input (exit 2) naming the file and line', async () => {
    const file = dir.write('unresolved.yaml', `${netpol('p', 'podSelector: {}')}  ingress: *rules\n`);
    expect(usageError(await canReach(file))).toBe(`error: ${file}: line 8: invalid YAML: alias *rules has no anchor &rules before it`);
  });

  it('an alias inside the node its anchor names is refused', async () => {
    const file = dir.write('circular.yaml', netpol('p', 'podSelector: {}\ningress: &r\n- from: *r'));
    expect(usageError(await canReach(file))).toBe(`error: ${file}: line 9: invalid YAML: alias *r is inside the node its anchor names`);
  });

  it('aliases that would expand to a huge document are refused at the alias that crosses the bound (999 aliases of a 10,000-port rule)', async () => {
    const ports = Array.from({ length: 10_000 }, (_, i) => `{port: ${(i % 65535) + 1}}`).join(', ');
    const rules = Array.from({ length: 999 }, () => '  - *rule').join('\n');
    const text = `${netpol('p', 'podSelector: {}')}  ingress:\n  - &rule {ports: [${ports}]}\n${rules}\n`;
    expect(text.length).toBeGreaterThan(100_000);
    const file = dir.write('bomb.yaml', text);
        // Each alias adds 30,002 nodes (10,000 maps of a key and a value, the list and the rule): the fourth, on line 13, crosses 100,000.
    expect(usageError(await canReach(file))).toBe(`error: ${file}: line 13: invalid YAML: aliases expand to more than 100000 nodes`);
  });

  it('many aliases of a small anchor and merge keys are fine (1,200 aliases; <<: *defaults)', async () => {
    const peers = Array.from({ length: 1200 }, () => '    - *a').join('\n');
    const text = `${netpol('p', 'podSelector: {matchLabels: {pod: b}}')}  ingress:\n  - from:\n    - &a {podSelector: {matchLabels: {pod: a}}}\n${peers}\n    ports:\n    - &web {protocol: TCP, port: 80}\n    - {<<: *web, port: 81}\n`;
    const file = dir.write('aliases.yaml', text);
    const r = await runCli(['can-reach', 'x/a', 'x/b', '--port', '81', '-f', world.base, '-f', file]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});

describe('concatenated JSON objects in one file, as kubectl reads them', () => {
  const ns = JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'j' } });
  const pod = (name: string, ip: string) =>
    JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'j', labels: { app: name } }, status: { phase: 'Running', podIP: ip } });
  const deny = JSON.stringify({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny', namespace: 'j' }, spec: { podSelector: { matchLabels: { app: 'b' } } } });

  it('{...}{...} on one line and one object per line are read as separate objects', async () => {
    const file = dir.write('stream.json', `${ns}${pod('a', '10.7.0.1')}\n${pod('b', '10.7.0.2')}\n${deny}\n`);
    const r = await runCli(['can-reach', 'j/a', 'j/b', '--port', '80', '-f', file]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toBe('DENIED: j/a -> j/b on TCP 80');
  });

  it('errors name the object by its number in the stream and its line', async () => {
    const bad = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'c', namespace: 'j' }, spec: { containers: [{ name: 'c', ports: [{ containerPrt: 1 }] }] } });
    const file = dir.write('stream-bad.json', `${ns}\n${pod('a', '10.7.0.1')}\n\n${bad}\n`);
    expect(usageError(await runCli(['coverage', '-f', file]))).toBe(
      `error: ${file}: document 3: Pod j/c: spec.containers[0].ports[0].containerPrt: unknown field "containerPrt" (did you mean "containerPort"?)`,
    );
    const broken = dir.write('stream-broken.json', `${ns}\n${pod('a', '10.7.0.1')}\n{"kind": "Pod", "metadata": {"name": "x", "name": "y"}}\n`);
    expect(usageError(await runCli(['coverage', '-f', broken]))).toMatch(new RegExp(`^error: ${broken.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: line 3: invalid YAML: `));
  });
});

describe('legacy CIDRs stored by API servers without strict IP validation', () => {
  it('leading zeros in a policy of another namespace do not stop the analysis', async () => {
    const file = dir.write('zeros.yaml', netpol('zeros', 'podSelector: {}\ningress:\n- from: [{ipBlock: {cidr: 010.0.0.0/8}}]', 'other'));
    const r = await canReach(file);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('an IPv4-mapped IPv6 block is the IPv4 block it maps; leading zeros are decimal', async () => {
    const file = dir.write('mapped.yaml', netpol('mapped', 'podSelector: {matchLabels: {pod: c}}\ningress:\n- from: [{ipBlock: {cidr: "::ffff:192.168.7.0/120"}}, {ipBlock: {cidr: 172.016.0.0/16}}]'));
    const run = (from: string) => runCli(['can-reach', from, 'x/c', '--port', '80', ...world.files, '-f', file]);
    expect((await run('ip:192.168.7.9')).code).toBe(0);
    expect((await run('ip:192.168.8.9')).code).toBe(1);
    expect((await run('ip:172.16.3.4')).code).toBe(0); // 016 is sixteen, not octal fourteen
    expect((await run('ip:172.14.3.4')).code).toBe(1);
  });

  it('lint reports legacy-cidr (warning) with the strict form as the fix', async () => {
    const run = await lintWith(dir, netpol('p', 'podSelector: {matchLabels: {app: web}}\ningress:\n- from:\n  - ipBlock: {cidr: 010.0.0.0/8, except: ["::ffff:10.1.0.0/112"]}'));
    expect(run.code('legacy-cidr')).toMatchObject([
      { severity: 'warning', field: 'spec.ingress[0].from[0].ipBlock.cidr', message: '010.0.0.0/8 is in a legacy form (leading zeros): read as 10.0.0.0/8', fix: 'write 10.0.0.0/8' },
      { severity: 'warning', field: 'spec.ingress[0].from[0].ipBlock.except[0]', message: '::ffff:10.1.0.0/112 is in a legacy form (an IPv4-mapped IPv6 address): read as 10.1.0.0/16', fix: 'write 10.1.0.0/16' },
    ]);
    const strict = await lintWith(dir, netpol('p', 'podSelector: {matchLabels: {app: web}}\ningress:\n- from:\n  - ipBlock: {cidr: 10.0.0.0/8}'));
    expect(strict.code('legacy-cidr')).toEqual([]);
  });
});

describe('huge values are cut short in error messages', () => {
  const huge = 'v'.repeat(2_000_000);

  it('a 2 MB label value in a selector', async () => {
    const file = dir.write('huge-label.yaml', netpol('p', `podSelector: {matchLabels: {app: "${huge}"}}`));
    const line = usageError(await canReach(file));
    expect(line).toContain('spec.podSelector.matchLabels.app: "vvvvvvvvvv');
    expect(line).toContain('..." (2000000 characters) is not a valid label value');
  });

  it('a 2 MB name, a 2 MB unknown field and a 2 MB CIDR', async () => {
    const name = dir.write('huge-name.yaml', `apiVersion: v1\nkind: Pod\nmetadata: {name: ${huge}, namespace: x}\n`);
    const warned = await canReach(name);
    expect(warned.stderr).toContain('(2000000 characters) is not a valid Pod name');
    expect(warned.stderr.length).toBeLessThan(1000);
    const field = dir.write('huge-field.json', JSON.stringify({ kind: 'NetworkPolicy', metadata: { name: 'p', namespace: 'x' }, spec: { [huge]: 1 } }));
    expect(usageError(await canReach(field))).toMatch(/: spec\.v{97}\.\.\. \(2000000 characters\): unknown field "v{97}\.\.\." \(2000000 characters\)$/);
    const cidr = dir.write('huge-cidr.yaml', netpol('p', `podSelector: {}\ningress:\n- from: [{ipBlock: {cidr: "${huge}"}}]`));
    expect(usageError(await canReach(cidr))).toContain('(2000000 characters) is not a valid CIDR');
  });

  it('a huge target or flag value', async () => {
    expect(usageError(await runCli(['can-reach', `x/${huge}`, 'x/b', ...world.files]))).toContain('(2000002 characters)');
    expect(usageError(await runCli(['can-reach', 'x/a', 'x/b', '--port', huge, ...world.files]))).toContain('(2000000 characters)');
  });
});
