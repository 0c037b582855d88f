// The organisation rules added for admission (and the ones before them) through `lint --config`: on a
// corpus of policies each rule refuses exactly the ones the table says, with lint's messages, fields
// and scopes; the rules admission cannot judge (policyTypes written, named ports declared) in lint.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS, corpusYaml, RULE_CASES } from '../fixtures/admission/corpus.js';
import { runCli, TempDir } from '../fixtures/cli.js';
import { lintWith, netpol } from '../fixtures/lint.js';

let dir: TempDir;
beforeAll(() => {
  dir = new TempDir('netpol-lint-org-');
});
afterAll(() => dir.cleanup());

let n = 0;
const config = (text: string) => ['--config', dir.write(`config-${n++}.yaml`, text)];

describe('each rule on the corpus refuses the policies the table lists', () => {
  for (const rule of RULE_CASES) {
    it(rule.setting, async () => {
      const run = await lintWith(dir, corpusYaml('corpus'), config(rule.config('corpus')), false);
      const refused = [...new Set(run.code(rule.code).map((f) => f.object.name))].sort();
      expect(refused).toEqual([...rule.refuses].sort());
      expect(run.code(rule.code).every((f) => f.severity === 'error')).toBe(true);
      // Off, the same policies give no finding with the code.
      const off = await lintWith(dir, corpusYaml('corpus'), [], false);
      expect(off.code(rule.code)).toEqual([]);
    });
  }

  it('the corpus has a policy every rule accepts and one for each rule it refuses', () => {
    const refusedByAny = new Set(RULE_CASES.flatMap((r) => r.refuses));
    expect(CORPUS.some((p) => !refusedByAny.has(p.name))).toBe(true);
    for (const rule of RULE_CASES) expect(rule.refuses.length).toBeGreaterThan(0);
  });
});

describe('messages and fields', () => {
  const findings = async (settings: string, code: string) => {
    const run = await lintWith(dir, corpusYaml('corpus'), config(settings), false);
    return run.code(code).map((f) => [f.object.name, f.field, f.message]);
  };

  it('forbidAnyAddressEgress names the ipBlock or the rule without to', async () => {
    expect(await findings('forbidAnyAddressEgress: true\n', 'org-any-address-egress')).toEqual([
      ['egress-any-v4', 'spec.egress[0].to[0].ipBlock.cidr', 'egress to ipBlock 0.0.0.0/0 allows every address (forbidAnyAddressEgress)'],
      ['egress-any-v6', 'spec.egress[0].to[0].ipBlock.cidr', 'egress to ipBlock ::/0 allows every address (forbidAnyAddressEgress)'],
      ['egress-no-to', 'spec.egress[0]', 'an egress rule without to allows every address (forbidAnyAddressEgress)'],
    ]);
  });

  it('forbidAllowAllPeers names the direction', async () => {
    expect(await findings('forbidAllowAllPeers: true\n', 'org-allow-all-peers')).toEqual([
      ['allow-all-ingress', 'spec.ingress[0]', 'an ingress rule without from admits every source (forbidAllowAllPeers)'],
      ['egress-no-to', 'spec.egress[0]', 'an egress rule without to admits every destination (forbidAllowAllPeers)'],
      ['ingress-ports-only', 'spec.ingress[0]', 'an ingress rule without from admits every source (forbidAllowAllPeers)'],
    ]);
  });

  it('requirePodSelectorLabels points at the podSelector {} of the peer', async () => {
    expect(await findings('requirePodSelectorLabels: true\n', 'org-empty-pod-selector')).toEqual([
      ['egress-all-pods', 'spec.egress[0].to[0].podSelector', 'a to peer has podSelector {}, which selects every pod: select the pods by label (requirePodSelectorLabels)'],
      ['peer-all-pods', 'spec.ingress[0].from[0].podSelector', 'a from peer has podSelector {}, which selects every pod: select the pods by label (requirePodSelectorLabels)'],
      ['peer-all-pods-of-team', 'spec.ingress[0].from[1].podSelector', 'a from peer has podSelector {}, which selects every pod: select the pods by label (requirePodSelectorLabels)'],
    ]);
  });

  it('allowedPorts names each entry outside the list: ranges, names, a protocol without port, a rule without ports', async () => {
    expect(await findings('allowedPorts: [53, 80, 81, 443, 8000-8100, http]\n', 'org-port-not-allowed')).toEqual([
      ['allow-all-ingress', 'spec.ingress[0]', 'ingress allows every port: not one of the allowed ports (allowedPorts)'],
      ['egress-only', 'spec.egress[0].ports[0]', 'egress allows port 5432/TCP: not one of the allowed ports (allowedPorts)'],
      ['ports-named-other', 'spec.ingress[0].ports[1]', 'ingress allows port metrics/TCP: not one of the allowed ports (allowedPorts)'],
      ['ports-protocol-only', 'spec.ingress[0].ports[0]', 'ingress allows every UDP port: not one of the allowed ports (allowedPorts)'],
      ['ports-range-too-wide', 'spec.ingress[0].ports[0]', 'ingress allows ports 8000-8200/TCP: not one of the allowed ports (allowedPorts)'],
    ]);
  });

  it('forbidCidrs reports each forbidden range a block contains, only where the entry applies', async () => {
    const both = await findings('forbidCidrs: [10.0.0.0/8, {cidr: 192.168.0.0/16, namespaces: [corpus]}, {cidr: 0.0.0.0/0, namespaces: [other]}]\n', 'org-forbidden-cidr');
    expect(both).toEqual([
      ['egress-any-v4', 'spec.egress[0].to[0].ipBlock.cidr', 'ipBlock 0.0.0.0/0 contains 10.0.0.0/8, which no policy may allow (forbidCidrs)'],
      ['egress-any-v4', 'spec.egress[0].to[0].ipBlock.cidr', 'ipBlock 0.0.0.0/0 contains 192.168.0.0/16, which no policy in namespace corpus may allow (forbidCidrs)'],
      ['egress-narrow', 'spec.egress[0].to[0].ipBlock.cidr', 'ipBlock 192.168.0.0/16 contains 192.168.0.0/16, which no policy in namespace corpus may allow (forbidCidrs)'],
      ['ingress-from-10-8', 'spec.ingress[0].from[0].ipBlock.cidr', 'ipBlock 10.0.0.0/8 contains 10.0.0.0/8, which no policy may allow (forbidCidrs)'],
    ]);
  });

  it('forbidAnyAddressEgress exceptNamespaces: the namespaces listed may', async () => {
    const text = 'forbidAnyAddressEgress:\n  exceptNamespaces: [edge]\n';
    expect((await lintWith(dir, corpusYaml('edge'), config(text), false)).code('org-any-address-egress')).toEqual([]);
    expect((await lintWith(dir, corpusYaml('core'), config(text), false)).code('org-any-address-egress')).toHaveLength(3);
  });

  it('a disabled organisation code is not reported', async () => {
    const run = await lintWith(dir, corpusYaml('corpus'), config('forbidAllowAllPeers: true\ndisable: [org-allow-all-peers]\n'), false);
    expect(run.code('org-allow-all-peers')).toEqual([]);
  });
});

describe('rules lint judges and admission cannot', () => {
  it('requirePolicyTypes: a policy that leaves policyTypes to the default', async () => {
    const unwritten = netpol('unwritten', 'podSelector: {matchLabels: {app: web}}\negress:\n- to: [{podSelector: {matchLabels: {app: db}}}]');
    const written = netpol('written', 'podSelector: {matchLabels: {app: web}}\npolicyTypes: [Egress]\negress:\n- to: [{podSelector: {matchLabels: {app: db}}}]');
    const run = await lintWith(dir, `${unwritten}---\n${written}`, config('requirePolicyTypes: true\n'));
    expect(run.code('org-require-policy-types').map((f) => [f.object.name, f.field, f.message, f.severity])).toEqual([
      ['unwritten', 'spec.policyTypes', 'policyTypes is not written: the API server will set it to [Ingress, Egress] (requirePolicyTypes)', 'error'],
    ]);
  });

  it('requireDeclaredNamedPorts: the named-port-not-declared warning becomes an organisation error', async () => {
    const policy = netpol('web-https', 'podSelector: {matchLabels: {app: web}}\ningress:\n- ports: [{port: https}]');
    const plain = await lintWith(dir, policy);
    expect(plain.code('named-port-not-declared')).toHaveLength(1);
    const org = await lintWith(dir, policy, config('requireDeclaredNamedPorts: true\n'));
    expect(org.code('named-port-not-declared')).toEqual([]);
    expect(org.code('org-named-port-not-declared')).toMatchObject([
      { severity: 'error', field: 'spec.ingress[0].ports[0].port', message: 'no selected pod declares a TCP container port named "https" (2 pods checked) (requireDeclaredNamedPorts)' },
    ]);
  });
});

describe('config errors for the new settings (exit 2, one line)', () => {
  const cases: [string, RegExp][] = [
    ['allowedPorts: [80, 70000]\n', /: allowedPorts\[1\]: "70000" is not a port \(1-65535\), a range FIRST-LAST or a port name$/],
    ['allowedPorts: [9000-8000]\n', /: allowedPorts\[0\]: "9000-8000" is not a port/],
    ['allowedPorts: [Http]\n', /: allowedPorts\[0\]: "Http" is not a port/],
    ['allowedPorts: 80\n', /: line 1: allowedPorts: expected a list of ports/],
    ['allowedPorts: [{port: 80}]\n', /: line 1: allowedPorts\[0\]: expected a port \(443\), a range \(8000-8100\) or a port name \(http\)$/],
    ['forbidAnyAddressEgress: {exceptNamespace: [a]}\n', /: line 1: forbidAnyAddressEgress\.exceptNamespace: unknown setting "exceptNamespace" \(did you mean "exceptNamespaces"\?\)$/],
    ['forbidAnyAddressEgress: yes\n', /: line 1: forbidAnyAddressEgress: expected true, false or \{exceptNamespaces: \[\.\.\.\]\}$/],
    ['forbidAnyAddressEgress: {exceptNamespaces: [Edge]}\n', /: forbidAnyAddressEgress\.exceptNamespaces\[0\]: "Edge" is not a namespace name$/],
    ['forbidCidrs: [{cidr: 10.0.0.0/8, namespaces: [a_b]}]\n', /: forbidCidrs\[0\]\.namespaces\[0\]: "a_b" is not a namespace name$/],
    ['requirePodSelectorLabels: 1\n', /: line 1: requirePodSelectorLabels: expected true or false$/],
  ];
  for (const [text, message] of cases) {
    it(JSON.stringify(text), async () => {
      const args = config(text);
      const r = await runCli(['lint', '--demo', ...args]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd()).toMatch(message);
      expect(r.stderr.split('\n')).toHaveLength(2);
    });
  }
});
