// `kubectl netpol lint`: every finding code fires on a fixture, and a near miss does not.
// The world (test/fixtures/cli-world.ts): namespace x (labels ns: x) with pods a, b (metrics 9100),
// c, d, web-1/web-2 (app: web, port http), db (app: db, port postgres), and api replicas (app: api).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, TempDir } from '../fixtures/cli.js';
import type { LintView } from '../../src/report/lint-view.js';
import { lintWith, netpol } from '../fixtures/lint.js';

let dir: TempDir;
beforeAll(() => {
  dir = new TempDir('netpol-lint-');
});
afterAll(() => dir.cleanup());

const lint = (manifests: string, args: readonly string[] = [], withPods = true) => lintWith(dir, manifests, args, withPods);

/** Runs `fires` and `misses`; `code` must be reported (on policy `p`) for the first only. */
async function firesNotNearMiss(code: string, fires: string, misses: string, args: readonly string[] = []) {
  const hit = await lint(fires, args);
  const miss = await lint(misses, args);
  const found = hit.code(code);
  expect(found.length, `${code} should fire`).toBeGreaterThan(0);
  expect(miss.code(code), `${code} should not fire on the near miss`).toEqual([]);
  return found;
}

describe('lint: objects the API server would reject', () => {
  const cases: [string, string, string, string][] = [
    ['invalid-cidr', 'ingress:\n- from:\n  - ipBlock: {cidr: 10.0.0.0/33}', 'ingress:\n- from:\n  - ipBlock: {cidr: 10.0.0.0/16}', 'spec.ingress[0].from[0].ipBlock.cidr'],
    ['except-not-in-cidr', 'ingress:\n- from:\n  - ipBlock: {cidr: 10.0.0.0/8, except: [192.168.0.0/16]}', 'ingress:\n- from:\n  - ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}', 'spec.ingress[0].from[0].ipBlock.except[0]'],
    ['endport-without-port', 'ingress:\n- ports: [{endPort: 90}]', 'ingress:\n- ports: [{port: 80, endPort: 90}]', 'spec.ingress[0].ports[0].endPort'],
    ['endport-below-port', 'ingress:\n- ports: [{port: 90, endPort: 80}]', 'ingress:\n- ports: [{port: 80, endPort: 90}]', 'spec.ingress[0].ports[0].endPort'],
    ['endport-with-named-port', 'ingress:\n- ports: [{port: http, endPort: 90}]', 'ingress:\n- ports: [{port: http}]', 'spec.ingress[0].ports[0].endPort'],
    ['ipblock-with-selector', 'ingress:\n- from:\n  - {ipBlock: {cidr: 10.0.0.0/8}, podSelector: {}}', 'ingress:\n- from:\n  - {ipBlock: {cidr: 10.0.0.0/8}}\n  - {podSelector: {}}', 'spec.ingress[0].from[0]'],
  ];
  for (const [code, bad, good, field] of cases) {
    it(`${code}: an error on the field, with the file and line; exit 0 without --fail-on`, async () => {
      const manifests = `${netpol('fine', 'podSelector: {}\npolicyTypes: [Ingress]')}---\n${netpol('p', `podSelector: {matchLabels: {app: web}}\n${bad}`)}`;
      const found = await firesNotNearMiss(code, manifests, netpol('p', `podSelector: {matchLabels: {app: web}}\n${good}`));
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ severity: 'error', object: { kind: 'NetworkPolicy', namespace: 'x', name: 'p' }, field, location: { document: 2, line: 10 } });
      expect(found[0]!.location!.file).toMatch(/lint-\d+\.yaml$/);
    });
  }

  it('other commands still refuse such a policy (exit 2); lint reports it as an error finding (exit 1, the default --fail-on error)', async () => {
    const bad = netpol('p', 'podSelector: {}\ningress:\n- from:\n  - ipBlock: {cidr: nonsense}');
    const run = await lint(bad);
    expect(run.result.code).toBe(1);
    expect(run.result.stderr).toBe('lint: 1 finding at or above --fail-on error\n');
    expect(run.code('invalid-cidr')).toHaveLength(1);
    // An invalid policy skips the other checks: no redundant noise about it.
    expect(run.view.findings.filter((f) => f.object.name === 'p').map((f) => f.code)).toEqual(['invalid-cidr']);
  });

  it('--fail-on none reports the errors and exits 0', async () => {
    const bad = netpol('p', 'podSelector: {}\ningress:\n- from:\n  - ipBlock: {cidr: nonsense}');
    const run = await lint(bad, ['--fail-on', 'none']);
    expect(run.result.code).toBe(0);
    expect(run.code('invalid-cidr')).toHaveLength(1);
  });
});

describe('lint: selectors that match nothing now', () => {
  it('policy-selects-nothing; not for a namespace the input has no pods in', async () => {
    const found = await firesNotNearMiss('policy-selects-nothing', netpol('p', 'podSelector: {matchLabels: {app: gone}}'), netpol('p', 'podSelector: {matchLabels: {app: web}}'));
    expect(found[0]).toMatchObject({ field: 'spec.podSelector', message: 'podSelector app=gone matches none of the 9 pods in namespace x' });
    expect((await lint(netpol('p', 'podSelector: {matchLabels: {app: gone}}', 'elsewhere'))).code('policy-selects-nothing')).toEqual([]);
  });

  it('namespace-selector-matches-nothing; not when no namespace was declared (labels unknown)', async () => {
    const peer = (labels: string) => netpol('p', `podSelector: {}\ningress:\n- from:\n  - namespaceSelector: {matchLabels: {${labels}}}`);
    const found = await firesNotNearMiss('namespace-selector-matches-nothing', peer('team: nobody'), peer('ns: x'));
    // Files hold some namespaces, not all: one they lack is unknown, so this is info, worded so.
    expect(found[0]).toMatchObject({
      severity: 'info',
      field: 'spec.ingress[0].from[0].namespaceSelector',
      message: 'namespaceSelector team=nobody matches no namespace in the input: it may match namespaces the input does not contain',
    });
    expect((await lint(peer('team: nobody'), [], false)).code('namespace-selector-matches-nothing')).toEqual([]);
  });

  it('namespace-selector-matches-nothing on files: a namespace pinned by name that the input lacks is unknown (info)', async () => {
    const dns = netpol(
      'p',
      'podSelector: {}\npolicyTypes: [Egress]\negress:\n- to:\n  - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}\n    podSelector: {matchLabels: {k8s-app: kube-dns}}\n  ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]',
    );
    const run = await lint(dns);
    expect(run.code('namespace-selector-matches-nothing')).toEqual([
      expect.objectContaining({ severity: 'info', message: 'namespaceSelector kubernetes.io/metadata.name=kube-system matches no namespace in the input; kube-system is not in it' }),
    ]);
    expect(run.view.findings.filter((f) => f.object.name === 'p' && f.severity !== 'info')).toEqual([]);
  });

  it('namespace-selector-matches-nothing on files: pinned to a namespace the input declares, it is provably empty (warning)', async () => {
    const peer = netpol('p', 'podSelector: {}\ningress:\n- from:\n  - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: x, team: nobody}}');
    expect((await lint(peer)).code('namespace-selector-matches-nothing')).toEqual([
      expect.objectContaining({ severity: 'warning', message: 'namespaceSelector kubernetes.io/metadata.name=x,team=nobody matches no namespace' }),
    ]);
  });

  it('namespace-selector-matches-nothing on the demo (every namespace known): a warning', async () => {
    const file = dir.write('demo-overlay.yaml', netpol('p', 'podSelector: {}\ningress:\n- from:\n  - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: nowhere}}', 'shop'));
    const r = await runCli(['lint', '--demo', '--policies-from', file, '-n', 'shop', '-o', 'json']);
    const found = (JSON.parse(r.stdout) as LintView).findings.filter((f) => f.code === 'namespace-selector-matches-nothing');
    expect(found).toEqual([expect.objectContaining({ severity: 'warning', message: 'namespaceSelector kubernetes.io/metadata.name=nowhere matches no namespace' })]);
  });

  it('peer-selects-no-pod: a podSelector without namespaceSelector looks only in the policy namespace', async () => {
    const peer = (app: string) => netpol('p', `podSelector: {}\ningress:\n- from:\n  - podSelector: {matchLabels: {app: ${app}}}`);
    const found = await firesNotNearMiss('peer-selects-no-pod', peer('ghost'), peer('web'));
    expect(found[0]).toMatchObject({ field: 'spec.ingress[0].from[0].podSelector' });
    expect(found[0]!.message).toContain("namespace x (no namespaceSelector: only the policy's own)");
  });

  it('named-port-not-declared: ingress ports resolve on the selected pods', async () => {
    const rule = (port: string) => netpol('p', `podSelector: {matchLabels: {app: web}}\ningress:\n- ports: [{port: ${port}}]`);
    const found = await firesNotNearMiss('named-port-not-declared', rule('grpc'), rule('http'));
    expect(found[0]).toMatchObject({ field: 'spec.ingress[0].ports[0].port', message: 'no selected pod declares a TCP container port named "grpc" (2 pods checked)' });
  });

  it('named-port-not-declared: egress ports resolve on the destination pods', async () => {
    const rule = (port: string) => netpol('p', `podSelector: {matchLabels: {pod: a}}\npolicyTypes: [Egress]\negress:\n- to:\n  - podSelector: {matchLabels: {app: db}}\n  ports: [{port: ${port}}]`);
    const found = await firesNotNearMiss('named-port-not-declared', rule('mysql'), rule('postgres'));
    expect(found[0]!.message).toBe('no destination pod declares a TCP container port named "mysql" (1 pod checked)');
  });
});

describe('lint: rules broader than they look', () => {
  it('rule-allows-everyone: a rule without from', async () => {
    const found = await firesNotNearMiss(
      'rule-allows-everyone',
      netpol('p', 'podSelector: {matchLabels: {app: web}}\ningress:\n- ports: [{port: 8080}]'),
      netpol('p', 'podSelector: {matchLabels: {app: web}}\ningress:\n- from:\n  - podSelector: {}\n  ports: [{port: 8080}]'),
    );
    expect(found[0]).toMatchObject({ field: 'spec.ingress[0]', message: 'ingress rule 0 has no "from": it admits ingress from every pod and every address on its ports' });
  });

  it('rule-allows-all-namespaces: namespaceSelector {}', async () => {
    const peer = (ns: string) => netpol('p', `podSelector: {matchLabels: {app: web}}\ningress:\n- from:\n  - namespaceSelector: ${ns}\n    podSelector: {matchLabels: {app: api}}`);
    const found = await firesNotNearMiss('rule-allows-all-namespaces', peer('{}'), peer('{matchLabels: {ns: x}}'));
    expect(found[0]).toMatchObject({ field: 'spec.ingress[0].from[0].namespaceSelector', message: 'namespaceSelector {} admits ingress from pods app=api in every namespace' });
  });

  it('rule-allows-any-address: 0.0.0.0/0 and ::/0 warn; with excepts it is info; /1 is not "any"', async () => {
    const block = (cidr: string) => netpol('p', `podSelector: {matchLabels: {pod: d}}\npolicyTypes: [Egress]\negress:\n- to:\n  - ipBlock: {cidr: ${cidr}}`);
    const found = await firesNotNearMiss('rule-allows-any-address', block('0.0.0.0/0'), block('0.0.0.0/1'));
    expect(found[0]).toMatchObject({ severity: 'warning', field: 'spec.egress[0].to[0].ipBlock.cidr' });
    expect((await lint(block("'::/0'"))).code('rule-allows-any-address')[0]!.severity).toBe('warning');
    const except = await lint(block('0.0.0.0/0, except: [10.0.0.0/8]'));
    expect(except.code('rule-allows-any-address')[0]).toMatchObject({ severity: 'info', message: 'ipBlock 0.0.0.0/0 except 10.0.0.0/8 admits egress to any address outside those blocks' });
  });

  it('cidr-host-bits: a cidr or except with host bits set (strict API servers reject it); the network address does not fire', async () => {
    const block = (cidr: string) => netpol('p', `podSelector: {matchLabels: {pod: d}}\npolicyTypes: [Egress]\negress:\n- to:\n  - ipBlock: {cidr: ${cidr}}`);
    const found = await firesNotNearMiss('cidr-host-bits', block('10.0.0.5/24'), block('10.0.0.0/24, except: [10.0.0.128/25]'));
    expect(found[0]).toMatchObject({ severity: 'warning', field: 'spec.egress[0].to[0].ipBlock.cidr', message: '10.0.0.5/24 has host bits set: it means 10.0.0.0/24' });
    const except = await lint(block("'2001:db8::/32', except: ['2001:db8:1::1/48']"));
    expect(except.code('cidr-host-bits')).toMatchObject([{ field: 'spec.egress[0].to[0].ipBlock.except[0]', message: '2001:db8:1::1/48 has host bits set: it means 2001:db8:1::/48' }]);
  });

  it('selectors-in-separate-peers: podSelector-only next to namespaceSelector-only (the two-peers mistake)', async () => {
    const found = await firesNotNearMiss(
      'selectors-in-separate-peers',
      netpol('p', 'podSelector: {matchLabels: {app: db}}\ningress:\n- from:\n  - podSelector: {matchLabels: {app: api}}\n  - namespaceSelector: {matchLabels: {ns: x}}'),
      netpol('p', 'podSelector: {matchLabels: {app: db}}\ningress:\n- from:\n  - podSelector: {matchLabels: {app: api}}\n    namespaceSelector: {matchLabels: {ns: x}}'),
    );
    expect(found[0]).toMatchObject({ field: 'spec.ingress[0].from', fix: 'if you meant pods app=api in namespaces ns=x, write one peer: {namespaceSelector: ns=x, podSelector: app=api}' });
  });

  it('ignored-rules: egress rules when policyTypes lacks Egress', async () => {
    const spec = (types: string) => netpol('p', `podSelector: {matchLabels: {pod: a}}\npolicyTypes: [${types}]\negress:\n- to:\n  - podSelector: {}`);
    const found = await firesNotNearMiss('ignored-rules', spec('Ingress'), spec('Ingress, Egress'));
    expect(found[0]).toMatchObject({ field: 'spec.policyTypes', message: 'spec.egress has 1 rule(s) but policyTypes does not include Egress: they are ignored' });
  });
});

describe('lint: redundancy', () => {
  const rules = (second: string) => netpol('p', `podSelector: {matchLabels: {pod: b}}\ningress:\n- from:\n  - podSelector: {matchLabels: {pod: a}}\n  ports: [{port: 80}, {port: 8000, endPort: 8080}]\n${second}`);

  it('redundant-rule: a rule inside another (narrower peer, port inside the range)', async () => {
    const found = await firesNotNearMiss(
      'redundant-rule',
      rules('- from:\n  - podSelector: {matchLabels: {pod: a, extra: "yes"}}\n  ports: [{port: 8080}]'),
      rules('- from:\n  - podSelector: {matchLabels: {pod: a}}\n  ports: [{port: 8081}]'),
    );
    expect(found[0]).toMatchObject({ severity: 'info', field: 'spec.ingress[1]', message: 'ingress rule 1 admits nothing ingress rule 0 does not already admit' });
  });

  it('redundant-rule: of two identical rules only the later is reported', async () => {
    const run = await lint(rules('- from:\n  - podSelector: {matchLabels: {pod: a}}\n  ports: [{port: 80}, {port: 8000, endPort: 8080}]'));
    expect(run.code('redundant-rule').map((f) => [f.field, f.message])).toEqual([['spec.ingress[1]', 'ingress rule 1 is identical to ingress rule 0']]);
  });

  it('duplicate-policy: same podSelector, types and rules (key order does not matter)', async () => {
    const one = netpol('one', 'podSelector: {matchLabels: {app: web, tier: x}}\ningress:\n- ports: [{port: 80, protocol: TCP}]');
    const two = netpol('two', 'podSelector: {matchLabels: {tier: x, app: web}}\ningress:\n- ports: [{protocol: TCP, port: 80}]');
    const three = netpol('two', 'podSelector: {matchLabels: {app: web}}\ningress:\n- ports: [{port: 80}]');
    const found = await firesNotNearMiss('duplicate-policy', `${one}---\n${two}`, `${one}---\n${three}`);
    expect(found.map((f) => [f.object.name, f.message])).toEqual([['two', 'same podSelector, policyTypes and rules as x/one']]);
  });
});

describe('lint: isolation', () => {
  const egress = (ports: string) =>
    netpol('p', `podSelector: {matchLabels: {pod: a}}\npolicyTypes: [Egress]\negress:\n- to:\n  - podSelector: {matchLabels: {app: db}}\n  ports: [{port: 5432}]\n- ports: [${ports}]`);

  it('egress-without-dns: warning without UDP 53, info without only TCP 53, nothing with both', async () => {
    const found = await firesNotNearMiss('egress-without-dns', egress('{port: 443}'), egress('{protocol: UDP, port: 53}, {protocol: TCP, port: 53}'));
    expect(found[0]).toMatchObject({ severity: 'warning', field: 'spec.egress', message: 'isolates egress of a, which may not reach DNS on UDP and TCP 53' });
    expect((await lint(egress('{protocol: UDP, port: 53}'))).code('egress-without-dns')[0]).toMatchObject({ severity: 'info', message: 'isolates egress of a, which may not reach DNS on TCP 53' });
  });

  it('egress-without-dns with policies only (no pods): judged on the policy and those sure to select the same pods', async () => {
    const noDns = netpol('p', 'podSelector: {matchLabels: {app: web}}\npolicyTypes: [Egress]\negress:\n- ports: [{port: 443}]');
    const dns = netpol('dns', 'podSelector: {}\npolicyTypes: [Egress]\negress:\n- ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]');
    expect((await lint(noDns, [], false)).code('egress-without-dns').map((f) => f.object.name)).toEqual(['p']);
    expect((await lint(`${noDns}---\n${dns}`, [], false)).code('egress-without-dns')).toEqual([]);
    // With pods in the namespace, a policy selecting none of them isolates nothing: no DNS finding.
    const none = netpol('p', 'podSelector: {matchLabels: {app: gone}}\npolicyTypes: [Egress]\negress:\n- ports: [{port: 443}]');
    expect((await lint(none)).code('egress-without-dns')).toEqual([]);
  });

  it('no-default-deny-ingress / -egress: on the namespace; not once a default deny exists', async () => {
    const fine = netpol('p', 'podSelector: {matchLabels: {app: web}}\ningress: []');
    const deny = netpol('deny', 'podSelector: {}\npolicyTypes: [Ingress, Egress]');
    const hit = await lint(fine);
    expect(hit.code('no-default-deny-ingress')).toMatchObject([{ severity: 'warning', object: { kind: 'Namespace', name: 'x' }, message: 'namespace x has no default-deny ingress policy' }]);
    expect(hit.code('no-default-deny-egress')).toMatchObject([{ severity: 'info', object: { kind: 'Namespace', name: 'x' } }]);
    const miss = await lint(`${fine}---\n${deny}`);
    expect(miss.code('no-default-deny-ingress')).toEqual([]);
    expect(miss.code('no-default-deny-egress')).toEqual([]);
  });

  it('policy-denies-all: policyTypes Ingress and no ingress rule is reported as info', async () => {
    const found = await firesNotNearMiss(
      'policy-denies-all',
      netpol('p', 'podSelector: {matchLabels: {app: db}}\npolicyTypes: [Ingress]'),
      netpol('p', 'podSelector: {matchLabels: {app: db}}\npolicyTypes: [Ingress]\ningress:\n- from:\n  - podSelector: {matchLabels: {app: api}}'),
    );
    expect(found).toMatchObject([{ severity: 'info', field: 'spec.policyTypes', message: 'Ingress in policyTypes and no ingress rule: denies all ingress of the pods it selects' }]);
  });
});
