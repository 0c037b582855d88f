// `lint`: organisation rules from --config, config errors, SARIF 2.1.0, the table, --fail-on and scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, TempDir } from '../fixtures/cli.js';
import { lintWith, netpol } from '../fixtures/lint.js';

let dir: TempDir;
beforeAll(() => {
  dir = new TempDir('netpol-lint-out-');
});
afterAll(() => dir.cleanup());

let n = 0;
const config = (text: string) => ['--config', dir.write(`config-${n++}.yaml`, text)];
const lint = (manifests: string, args: readonly string[] = []) => lintWith(dir, manifests, args);

const EGRESS_ONLY = netpol('egress-only', 'podSelector: {matchLabels: {pod: a}}\npolicyTypes: [Egress]\negress:\n- ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]');
const WITH_INGRESS = netpol('with-ingress', 'podSelector: {matchLabels: {app: web}}\ningress:\n- from:\n  - podSelector: {matchLabels: {app: api}}');
const DEFAULT_DENY = netpol('deny', 'podSelector: {}\npolicyTypes: [Ingress, Egress]');
const ANY = (ns = 'x') => netpol('any', 'podSelector: {matchLabels: {pod: d}}\npolicyTypes: [Egress]\negress:\n- to:\n  - ipBlock: {cidr: 0.0.0.0/0}', ns);

describe('organisation rules (--config)', () => {
  it('requireIngressRules: a policy without ingress rules is an error; a default deny is exempt', async () => {
    const run = await lint([EGRESS_ONLY, WITH_INGRESS, DEFAULT_DENY].join('---\n'), config('requireIngressRules: true\n'));
    expect(run.code('org-require-ingress-rules').map((f) => [f.object.name, f.severity, f.field])).toEqual([['egress-only', 'error', 'spec.policyTypes']]);
    const off = await lint(EGRESS_ONLY);
    expect(off.code('org-require-ingress-rules')).toEqual([]);
  });

  it('forbidCidrs: an ipBlock containing the range, only in the namespaces given', async () => {
    const rule = config('forbidCidrs:\n  - cidr: 0.0.0.0/0\n    namespaces: [x]\n');
    const hit = await lint(ANY('x'), rule);
    expect(hit.code('org-forbidden-cidr')).toMatchObject([
      { severity: 'error', field: 'spec.egress[0].to[0].ipBlock.cidr', message: 'ipBlock 0.0.0.0/0 contains 0.0.0.0/0, which no policy in namespace x may allow (forbidCidrs)' },
    ]);
    expect((await lint(ANY('prod'), rule)).code('org-forbidden-cidr')).toEqual([]);
    const narrower = netpol('narrow', 'podSelector: {}\npolicyTypes: [Egress]\negress:\n- to:\n  - ipBlock: {cidr: 10.0.0.0/8}');
    expect((await lint(narrower, config('forbidCidrs: [0.0.0.0/0]\n'))).code('org-forbidden-cidr')).toEqual([]);
    expect((await lint(narrower, config('forbidCidrs: [10.1.0.0/16]\n'))).code('org-forbidden-cidr')).toHaveLength(1);
  });

  it('requireDefaultDeny: an error on the namespace that replaces the plain warning', async () => {
    const hit = await lint(WITH_INGRESS, config('requireDefaultDeny: [ingress, egress]\n'));
    expect(hit.code('org-require-default-deny')).toMatchObject([{ severity: 'error', object: { kind: 'Namespace', name: 'x' }, message: 'namespace x has no default-deny ingress or egress policy (requireDefaultDeny)' }]);
    expect(hit.code('no-default-deny-ingress')).toEqual([]);
    const miss = await lint(`${WITH_INGRESS}---\n${DEFAULT_DENY}`, config('requireDefaultDeny: [ingress, egress]\n'));
    expect(miss.code('org-require-default-deny')).toEqual([]);
  });

  it('disable, severity and ignoreNamespaces', async () => {
    const run = await lint(`${ANY('x')}---\n${ANY('other')}`, config('disable: [no-default-deny-egress]\nseverity:\n  rule-allows-any-address: error\nignoreNamespaces: [other]\n'));
    expect(run.code('no-default-deny-egress')).toEqual([]);
    expect(run.code('rule-allows-any-address').map((f) => [f.object.namespace, f.severity])).toEqual([['x', 'error']]);
    expect(run.view.findings.some((f) => f.object.namespace === 'other')).toBe(false);
  });
});

describe('config errors name the file, the line and the setting (exit 2)', () => {
  const cases: [string, RegExp][] = [
    ['requireIngresRules: true\n', /: line 1: requireIngresRules: unknown setting "requireIngresRules" \(did you mean "requireIngressRules"\?\)$/],
    ['strict: true\n', /: line 1: strict: unknown setting \(requireIngressRules, forbidCidrs, /],
    ['forbidCidrs:\n  - cidr: 10.0.0/8\n', /: forbidCidrs\[0\]\.cidr: "10\.0\.0\/8" is not a valid CIDR$/],
    ['forbidCidrs:\n  - {cidr: 0.0.0.0/0, namespace: [x]}\n', /: line 2: forbidCidrs\[0\]\.namespace: unknown setting "namespace" \(did you mean "namespaces"\?\)$/],
    ['requireDefaultDeny: [ingres]\n', /: line 1: requireDefaultDeny\[0\]: "ingres" is not ingress or egress$/],
    ['disable: [no-such-code]\n', /: disable\[0\]: unknown finding code "no-such-code"$/],
    ['severity:\n  redundant-rule: loud\n', /: line 2: severity\.redundant-rule: expected error, warning or info$/],
    ['requireIngressRules: yes please\n', /: line 1: requireIngressRules: expected true or false$/],
    ['- a list\n', /: line 1: expected a mapping of settings/],
  ];
  for (const [text, message] of cases) {
    it(JSON.stringify(text), async () => {
      const args = config(text);
      const r = await runCli(['lint', '--demo', ...args]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.startsWith(`error: ${args[1]}: `)).toBe(true);
      expect(r.stderr.trimEnd()).toMatch(message);
      expect(r.stderr.split('\n')).toHaveLength(2);
    });
  }

  it('a missing config file', async () => {
    const r = await runCli(['lint', '--demo', '--config', dir.file('nope.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --config .*nope\.yaml: cannot read the lint config file\n$/);
  });
});

describe('lint -o sarif', () => {
  it('is SARIF 2.1.0: schema, rules with ids = codes, results with level, message and the line of the document', async () => {
    const manifests = `${netpol('fine', 'podSelector: {}\npolicyTypes: [Ingress]')}---\n# a comment\n${ANY('x')}`;
    const run = await lint(manifests, ['-o', 'sarif']);
    const log = JSON.parse(run.result.stdout) as {
      $schema: string;
      version: string;
      runs: {
        tool: { driver: { name: string; version: string; rules: { id: string; shortDescription: { text: string }; defaultConfiguration: { level: string } }[] } };
        results: { ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: { physicalLocation?: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[];
      }[];
    };
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.runs).toHaveLength(1);
    const { driver } = log.runs[0]!.tool;
    expect(driver.name).toBe('kubectl-netpol');
    const ids = driver.rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['invalid-cidr', 'rule-allows-any-address', 'selectors-in-separate-peers', 'org-forbidden-cidr']));
    // A code only coverage shows is no rule lint can break.
    expect(ids).not.toContain('pod-not-selected');
    for (const rule of driver.rules) {
      expect(['error', 'warning', 'note']).toContain(rule.defaultConfiguration.level);
      expect(rule.shortDescription.text.length).toBeGreaterThan(10);
    }
    const results = log.runs[0]!.results;
    expect(results.length).toBeGreaterThan(0);
    for (const result of results) {
      expect(driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
      expect(['error', 'warning', 'note']).toContain(result.level);
      expect(result.message.text.length).toBeGreaterThan(0);
    }
    const any = results.find((r) => r.ruleId === 'rule-allows-any-address')!;
    expect(any.level).toBe('warning');
    expect(any.message.text).toMatch(/^x\/any spec\.egress\[0\]\.to\[0\]\.ipBlock\.cidr: ipBlock 0\.0\.0\.0\/0 admits egress to any address\. Fix: /);
    // Document 1 has 8 lines; then `---` and a comment: document 2's `apiVersion:` is on line 11.
    const physical = any.locations[0]!.physicalLocation!;
    expect(physical.region.startLine).toBe(11);
    expect(physical.artifactLocation.uri).toMatch(/^file:\/\/\/.*\/lint-\d+\.yaml$/);
    const info = results.find((r) => r.ruleId === 'policy-denies-all')!;
    expect(info.level).toBe('note');
  });

  it('relative paths stay relative URIs; objects not read from files get only a logical location', async () => {
    const { fileUri } = await import('../../src/format/sarif.js');
    expect(fileUri('k8s/net pol/a.yaml')).toBe('k8s/net%20pol/a.yaml');
    expect(fileUri('/abs/p.yaml')).toBe('file:///abs/p.yaml');
    const demo = JSON.parse((await runCli(['lint', '--demo', '-o', 'sarif'])).stdout) as { runs: { results: { locations: Record<string, unknown>[] }[] }[] };
    const first = demo.runs[0]!.results[0]!.locations[0]!;
    expect(first['physicalLocation']).toBeUndefined();
    expect(first['logicalLocations']).toBeDefined();
  });
});

describe('lint text, --fail-on, scope, what-if', () => {
  it('a kubectl-style table with the summary line; -o wide adds fix and location', async () => {
    const file = dir.write('text.yaml', ANY('x'));
    const r = await runCli(['lint', '-f', file]);
    const lines = r.stdout.split('\n');
    expect(lines[0]!.split(/ {2,}/)).toEqual(['SEVERITY', 'CODE', 'OBJECT', 'FIELD', 'MESSAGE']);
    expect(r.stdout).toMatch(/\n\n0 errors, 2 warnings, 1 info: 1 policy in files: .*text\.yaml, all namespaces\n$/);
    const wide = await runCli(['lint', '-f', file, '-o', 'wide']);
    expect(wide.stdout.split('\n')[0]!.split(/ {2,}/)).toEqual(['SEVERITY', 'CODE', 'OBJECT', 'FIELD', 'MESSAGE', 'FIX', 'LOCATION']);
    expect(wide.stdout).toContain(`${file}:1`);
  });

  it('no findings is a sentence', async () => {
    const clean = netpol('deny', 'podSelector: {}\npolicyTypes: [Ingress]');
    const r = await runCli(['lint', '-f', dir.write('clean.yaml', clean), '--config', dir.write('quiet.yaml', 'disable: [policy-denies-all, no-default-deny-egress]\n')]);
    expect(r.stdout).toMatch(/^No findings: 1 policy in files: .*clean\.yaml, all namespaces\.\n$/);
  });

  it('--fail-on error fails only on errors; --fail-on warning also on warnings', async () => {
    const warnOnly = dir.write('warn.yaml', ANY('x'));
    expect((await runCli(['lint', '-f', warnOnly, '--fail-on', 'error'])).code).toBe(0);
    const r = await runCli(['lint', '-f', warnOnly, '--fail-on', 'warning']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('lint: 2 findings at or above --fail-on warning\n');
    const broken = dir.write('broken.yaml', netpol('p', 'podSelector: {}\ningress:\n- from:\n  - ipBlock: {cidr: 300.0.0.0/8}'));
    expect((await runCli(['lint', '-f', broken, '--fail-on', 'error'])).code).toBe(1);
  });

  it('-n reports only on that namespace', async () => {
    const run = await lint(`${ANY('x')}---\n${ANY('other')}`, ['-n', 'other']);
    expect(run.view.scope).toBe('namespace other');
    expect(new Set(run.view.findings.map((f) => f.object.namespace))).toEqual(new Set(['other']));
  });

  it('--policies-from lints the proposed state and says so', async () => {
    const base = dir.write('wi-base.yaml', ANY('x'));
    const fix = dir.write('wi-fix.yaml', netpol('any', 'podSelector: {matchLabels: {pod: d}}\npolicyTypes: [Egress]\negress:\n- to:\n  - ipBlock: {cidr: 192.168.0.0/16}'));
    const r = await runCli(['lint', '-f', base, '--policies-from', fix, '-o', 'json']);
    const view = JSON.parse(r.stdout) as { source: string; findings: { code: string }[] };
    expect(view.source).toMatch(/^what-if: files: .*wi-base\.yaml with policies from .*wi-fix\.yaml \(1 replaced\)$/);
    expect(view.findings.map((f) => f.code)).not.toContain('rule-allows-any-address');
  });
});
