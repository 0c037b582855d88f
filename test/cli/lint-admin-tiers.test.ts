// lint on admin policies through the CLI: rules that never apply (a warning, so --fail-on warning
// fails) and Pass rules with nothing below them (info), on the README's example and on a file.
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runCli, TempDir } from '../fixtures/cli.js';

const dir = new TempDir('netpol-lint-admin-');
afterAll(() => dir.cleanup());

type Finding = { code: string; severity: string; object: { kind: string; name: string }; field?: string; location?: { file: string; line?: number } };

describe('lint of admin policy tiers', () => {
  it('the example: billing-egress passes pod traffic to nothing below it (info); no rule is shadowed', async () => {
    const { code, stdout } = await runCli(['lint', '-f', 'examples/admin-tiers.yaml', '-A', '-o', 'json']);
    expect(code).toBe(0);
    const findings = (JSON.parse(stdout) as { findings: Finding[] }).findings.filter((f) => f.code === 'admin-pass-to-nothing' || f.code === 'admin-rule-shadowed');
    expect(findings.map((f) => `${f.severity} ${f.code} ${f.object.kind}/${f.object.name} ${f.field}`)).toEqual(['info admin-pass-to-nothing ClusterNetworkPolicy/billing-egress spec.egress[0]']);
  });

  it('a shadowed rule is a warning naming the rule that decides first; --fail-on warning exits 1', async () => {
    const file = dir.write(
      'shadowed.yaml',
      [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' } },
        {
          apiVersion: 'policy.networking.k8s.io/v1beta1',
          kind: 'ClusterNetworkPolicy',
          metadata: { name: 'egress-guard' },
          spec: {
            tier: 'Admin',
            priority: 10,
            subject: { namespaces: {} },
            egress: [
              { name: 'no-private', action: 'Deny', to: [{ networks: ['10.0.0.0/8'] }] },
              { name: 'allow-registry', action: 'Accept', to: [{ networks: ['10.20.0.0/16'] }], protocols: [{ tcp: { destinationPort: { number: 443 } } }] },
            ],
          },
        },
      ]
        .map((d) => stringify(d))
        .join('---\n'),
    );
    const text = await runCli(['lint', '-f', file, '--fail-on', 'warning']);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(
      /warning +admin-rule-shadowed +ClusterNetworkPolicy egress-guard +spec\.egress\[1\] +egress\[1\] "allow-registry" \(Accept\) never applies: egress\[0\] "no-private" of this policy \(Deny\) is evaluated first and matches every connection it matches\n/,
    );
    const sarif = JSON.parse((await runCli(['lint', '-f', file, '-o', 'sarif'])).stdout) as { runs: { tool: { driver: { rules: { id: string }[] } } }[] };
    expect(sarif.runs[0]!.tool.driver.rules.map((r) => r.id)).toEqual(expect.arrayContaining(['admin-rule-shadowed', 'admin-pass-to-nothing']));
  });
});
