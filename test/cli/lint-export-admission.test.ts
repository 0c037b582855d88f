// `lint --config FILE --export-admission [vap|kyverno]`: the admission objects on stdout as YAML for
// kubectl apply, the rules admission cannot judge on stderr, and the flag errors (exit 2, one line).
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, TempDir } from '../fixtures/cli.js';

let dir: TempDir;
let rules: string;
beforeAll(() => {
  dir = new TempDir('netpol-lint-export-');
  rules = dir.write(
    'rules.yaml',
    'requireIngressRules: true\nforbidCidrs: [{cidr: 0.0.0.0/0, namespaces: [prod]}]\nrequireDefaultDeny: [ingress]\nrequirePolicyTypes: true\nallowedPorts: [443]\nignoreNamespaces: [kube-system]\n',
  );
});
afterAll(() => dir.cleanup());

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const documents = (yaml: string): any[] => parseAllDocuments(yaml).map((d) => d.toJS());

describe('--export-admission', () => {
  it('writes a ValidatingAdmissionPolicy and binding per rule it can judge; the others on stderr', async () => {
    const r = await runCli(['lint', '--config', rules, '--export-admission']);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('# ValidatingAdmissionPolicies (Kubernetes 1.30 or later) for the organisation rules of the lint config; bindings Deny.\n')).toBe(true);
    const docs = documents(r.stdout);
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual([
      'ValidatingAdmissionPolicy/netpol-require-ingress-rules',
      'ValidatingAdmissionPolicyBinding/netpol-require-ingress-rules',
      'ValidatingAdmissionPolicy/netpol-forbidden-cidr-0',
      'ValidatingAdmissionPolicyBinding/netpol-forbidden-cidr-0',
      'ValidatingAdmissionPolicy/netpol-port-not-allowed',
      'ValidatingAdmissionPolicyBinding/netpol-port-not-allowed',
    ]);
    expect(docs.filter((d) => d.kind === 'ValidatingAdmissionPolicyBinding').every((b) => b.spec.validationActions[0] === 'Deny')).toBe(true);
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      'lint: requireDefaultDeny is not exported: it is about a namespace, not one policy: admission judges each object alone and cannot require another policy to exist',
      'lint: requirePolicyTypes is not exported: the API server fills in policyTypes before admission policies see the object, so they cannot tell whether it was written',
    ]);
  });

  it('kyverno: one ClusterPolicy with the same CEL; --admission-action Audit', async () => {
    const vap = documents((await runCli(['lint', '--config', rules, '--export-admission'])).stdout);
    const r = await runCli(['lint', '--config', rules, '--export-admission', 'kyverno', '--admission-action', 'Audit']);
    expect(r.code).toBe(0);
    const [policy, ...rest] = documents(r.stdout);
    expect(rest).toEqual([]);
    expect(policy).toMatchObject({ apiVersion: 'kyverno.io/v1', kind: 'ClusterPolicy', spec: { validationFailureAction: 'Audit' } });
    expect(policy.spec.rules.map((rule: { validate: { cel: unknown } }) => rule.validate.cel)).toEqual(
      vap.filter((d) => d.kind === 'ValidatingAdmissionPolicy').map((d) => ({ variables: d.spec.variables, expressions: d.spec.validations })),
    );
  });

  const errors: [string, string[], RegExp][] = [
    ['without --config', ['--export-admission'], /^error: --export-admission needs --config FILE: the organisation rules to export\n$/],
    ['with -f', ['--export-admission', '--config', 'RULES', '-f', 'RULES'], /^error: option '--export-admission \[engine\]' cannot be used with option '-f, --filename <path>'\n/],
    ['with -o', ['--export-admission', '--config', 'RULES', '-o', 'json'], /cannot be used with option '-o, --output <format>'/],
    ['an unknown engine', ['--export-admission', 'gatekeeper', '--config', 'RULES'], /argument 'gatekeeper' is invalid\. Allowed choices are vap, kyverno\./],
    ['an unknown action', ['--export-admission', '--config', 'RULES', '--admission-action', 'Block'], /argument 'Block' is invalid\. Allowed choices are Deny, Warn, Audit\./],
    ['--admission-action alone', ['--demo', '--admission-action', 'Warn'], /^error: --admission-action needs --export-admission\n$/],
  ];
  for (const [what, args, message] of errors) {
    it(`exit 2: ${what}`, async () => {
      const r = await runCli(['lint', ...args.map((a) => (a === 'RULES' ? rules : a))]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
    });
  }

  it('exit 2 when no rule of the config can be judged at admission, after naming why', async () => {
    const only = dir.write('only-default-deny.yaml', 'requireDefaultDeny: [ingress]\n');
    const r = await runCli(['lint', '--config', only, '--export-admission']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toEqual([
      expect.stringMatching(/^lint: requireDefaultDeny is not exported: /),
      `error: --export-admission: ${only} turns on no organisation rule that admission can judge`,
      '',
    ]);
  });

  it('examples/org-rules.yaml (the README example) exports six rules and names two it cannot', async () => {
    const r = await runCli(['lint', '--config', 'examples/org-rules.yaml', '--export-admission']);
    expect(r.code).toBe(0);
    expect(documents(r.stdout).filter((d) => d.kind === 'ValidatingAdmissionPolicy').map((d) => d.metadata.annotations['kubectl-netpol/rule'])).toEqual([
      'requireIngressRules',
      'forbidCidrs[0]',
      'forbidAnyAddressEgress',
      'forbidAllowAllPeers',
      'requirePodSelectorLabels',
      'allowedPorts',
    ]);
    expect(r.stderr.split('\n').filter(Boolean).map((l) => l.split(' is not exported')[0])).toEqual(['lint: requireDefaultDeny', 'lint: requirePolicyTypes']);
  });

  it('a bad config is exit 2, as for lint', async () => {
    const bad = dir.write('bad.yaml', 'allowedPorts: [0]\n');
    const r = await runCli(['lint', '--config', bad, '--export-admission']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: ${bad}: allowedPorts[0]: "0" is not a port (1-65535), a range FIRST-LAST or a port name\n`);
  });
});
