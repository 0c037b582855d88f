// The admission plan: which organisation rules are exported and where they apply, and the CEL text
// (literals, variables, messages) each validation gets from the rule's own checks.
import { describe, expect, it } from 'vitest';
import { DEFAULT_LINT_CONFIG } from '../../../../src/engine/lint/config-check.js';
import { admissionPlan } from '../../../../src/engine/lint/org/admission.js';
import { celString, celStrings } from '../../../../src/engine/lint/org/cel.js';
import type { LintConfig } from '../../../../src/model/lint-config.js';

const config = (over: Partial<LintConfig>): LintConfig => ({ ...DEFAULT_LINT_CONFIG, ...over });

const EVERYTHING = config({
  requireIngressRules: true,
  forbidCidrs: [{ cidr: '10.0.0.0/8', namespaces: ['prod', 'kube-system'] }, { cidr: '::/0' }],
  requireDefaultDeny: ['ingress'],
  requirePolicyTypes: true,
  forbidAnyAddressEgress: { exceptNamespaces: ['edge'] },
  forbidAllowAllPeers: true,
  requirePodSelectorLabels: true,
  allowedPorts: [53, 443, 'http'],
  requireDeclaredNamedPorts: true,
  ignoreNamespaces: ['kube-system', 'team-*'],
});

describe('celString', () => {
  it('quotes with single quotes and escapes quotes, backslashes and control characters', () => {
    expect(celString('plain')).toBe("'plain'");
    expect(celString("it's")).toBe("'it\\'s'");
    expect(celString('a\\b')).toBe("'a\\\\b'");
    expect(celString('line\nnext\ttab\u0001')).toBe("'line\\nnext\\ttab\\x01'");
    expect(celStrings(['a', "b'"])).toBe("['a', 'b\\'']");
  });
});

describe('admissionPlan', () => {
  const plan = admissionPlan(EVERYTHING);
  const byId = new Map(plan.rules.map((r) => [r.id, r]));

  it('exports every rule judged per object, in the table order, and names the others with the reason', () => {
    expect(plan.rules.map((r) => [r.id, r.setting, r.code])).toEqual([
      ['require-ingress-rules', 'requireIngressRules', 'org-require-ingress-rules'],
      ['forbidden-cidr-0', 'forbidCidrs[0]', 'org-forbidden-cidr'],
      ['forbidden-cidr-1', 'forbidCidrs[1]', 'org-forbidden-cidr'],
      ['any-address-egress', 'forbidAnyAddressEgress', 'org-any-address-egress'],
      ['allow-all-peers', 'forbidAllowAllPeers', 'org-allow-all-peers'],
      ['empty-pod-selector', 'requirePodSelectorLabels', 'org-empty-pod-selector'],
      ['port-not-allowed', 'allowedPorts', 'org-port-not-allowed'],
    ]);
    expect(plan.notExported.map((n) => n.setting)).toEqual(['requireDefaultDeny', 'requirePolicyTypes', 'requireDeclaredNamedPorts']);
    expect(plan.notExported.find((n) => n.setting === 'requirePolicyTypes')?.reason).toMatch(/fills in policyTypes before admission/);
  });

  it('scopes: ignored namespaces never (names that cannot be namespaces dropped), listed namespaces only, excepted ones never', () => {
    expect(byId.get('require-ingress-rules')?.namespaces).toEqual({ notIn: ['kube-system'] });
    expect(byId.get('forbidden-cidr-0')?.namespaces).toEqual({ in: ['prod'], notIn: [] });
    expect(byId.get('forbidden-cidr-1')?.namespaces).toEqual({ notIn: ['kube-system'] });
    expect(byId.get('any-address-egress')?.namespaces).toEqual({ notIn: ['edge', 'kube-system'] });
  });

  it('a rule whose every namespace is ignored is not exported, and says why', () => {
    const only = admissionPlan(config({ forbidCidrs: [{ cidr: '0.0.0.0/0', namespaces: ['kube-system'] }], ignoreNamespaces: ['kube-system'] }));
    expect(only.rules).toEqual([]);
    expect(only.notExported).toEqual([{ setting: 'forbidCidrs[0]', reason: 'every namespace it applies to is in ignoreNamespaces' }]);
  });

  it('a disabled code is neither exported nor listed', () => {
    const plan2 = admissionPlan(config({ forbidAllowAllPeers: true, requireDefaultDeny: ['egress'], disable: ['org-allow-all-peers', 'org-require-default-deny'] }));
    expect(plan2).toEqual({ rules: [], notExported: [] });
  });

  it('a validation passes when the check finds nothing; the message is lint\'s, computed when it names the item', () => {
    const ingress = byId.get('require-ingress-rules')!;
    expect(ingress.validations).toEqual([
      { expression: 'variables.ingressNotInTypes.all(l, size(l) == 0)', message: 'policyTypes has no Ingress: the policy does not restrict ingress (requireIngressRules)' },
      { expression: 'variables.noIngressRule.all(l, size(l) == 0)', message: 'the policy has no ingress rule (requireIngressRules)' },
    ]);
    const cidr = byId.get('forbidden-cidr-0')!;
    expect(cidr.validations[1]).toEqual({
      expression: 'variables.egressBlocks.all(l, size(l) == 0)',
      message: 'Organisation rule: this address range may not be allowed here.',
      messageExpression:
        "'ipBlock ' + variables.egressBlocks.filter(l, size(l) > 0)[0][0] + ' contains 10.0.0.0/8, which no policy in namespace ' + object.metadata.namespace + ' may allow (forbidCidrs)'",
    });
  });

  it('variables: helpers first, then one per check; names are unique CEL identifiers; every validation reads a variable defined', () => {
    for (const rule of plan.rules) {
      const names = rule.variables.map((v) => v.name);
      expect(new Set(names).size).toBe(names.length);
      for (const name of names) expect(name).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
      for (const v of rule.validations) expect(names).toContain(/^variables\.(\w+)\./.exec(v.expression)?.[1]);
    }
    expect(byId.get('require-ingress-rules')!.variables.map((v) => v.name)).toEqual(['isDefaultDeny', 'hasIngressType', 'ingressNotInTypes', 'noIngressRule']);
  });

  it('forbidCidrs compares with the block in the strict form the CEL library reads', () => {
    const legacy = admissionPlan(config({ forbidCidrs: [{ cidr: '10.0.0.5/8' }] }));
    expect(legacy.rules[0]!.variables[0]!.expression).toContain("containsCIDR('10.0.0.0/8')");
    expect(legacy.rules[0]!.validations[0]!.messageExpression).toContain("' contains 10.0.0.5/8, which no policy may allow (forbidCidrs)'");
  });

  it('allowedPorts: numbers merged into ranges, names as a list; no names or no numbers is false', () => {
    const ports = admissionPlan(config({ allowedPorts: [81, 80, '8000-8100', 'http'] })).rules[0]!.variables[0]!.expression;
    expect(ports).toContain("p.port in ['http']");
    expect(ports).toContain('[[80, 81], [8000, 8100]].exists(a, p.port >= a[0] && (has(p.endPort) ? p.endPort : p.port) <= a[1])');
    const namesOnly = admissionPlan(config({ allowedPorts: ['http'] })).rules[0]!.variables[0]!.expression;
    expect(namesOnly).toContain("type(p.port) == string ? p.port in ['http'] : false");
  });
});
