// Admission objects: a ValidatingAdmissionPolicy and binding per rule, or one Kyverno ClusterPolicy,
// well-formed and carrying the same CEL as each other.
import { describe, expect, it } from 'vitest';
import { DEFAULT_LINT_CONFIG } from '../../src/engine/lint/config-check.js';
import { admissionPlan } from '../../src/engine/lint/org/admission.js';
import { admissionObjects } from '../../src/report/admission-view.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = any;

const plan = admissionPlan({
  ...DEFAULT_LINT_CONFIG,
  requireIngressRules: true,
  forbidCidrs: [{ cidr: '10.0.0.0/8', namespaces: ['prod'] }],
  forbidAllowAllPeers: true,
  allowedPorts: [443],
  ignoreNamespaces: ['kube-system'],
});

describe('ValidatingAdmissionPolicy export', () => {
  const objects = admissionObjects(plan, 'vap', 'Deny') as Obj[];

  it('a policy and its binding per rule, named after the rule', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ValidatingAdmissionPolicy/netpol-require-ingress-rules',
      'ValidatingAdmissionPolicyBinding/netpol-require-ingress-rules',
      'ValidatingAdmissionPolicy/netpol-forbidden-cidr-0',
      'ValidatingAdmissionPolicyBinding/netpol-forbidden-cidr-0',
      'ValidatingAdmissionPolicy/netpol-allow-all-peers',
      'ValidatingAdmissionPolicyBinding/netpol-allow-all-peers',
      'ValidatingAdmissionPolicy/netpol-port-not-allowed',
      'ValidatingAdmissionPolicyBinding/netpol-port-not-allowed',
    ]);
    for (const o of objects) expect(o.apiVersion).toBe('admissionregistration.k8s.io/v1');
  });

  it('the policy matches NetworkPolicy creates and updates, fails closed, and holds the plan\'s CEL', () => {
    const [policy] = objects;
    expect(policy.spec.failurePolicy).toBe('Fail');
    expect(policy.spec.matchConstraints.resourceRules).toEqual([
      { apiGroups: ['networking.k8s.io'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['networkpolicies'] },
    ]);
    expect(policy.spec.variables).toEqual(plan.rules[0]!.variables);
    expect(policy.spec.validations).toEqual(plan.rules[0]!.validations);
    expect(policy.metadata.annotations).toEqual({ 'kubectl-netpol/rule': 'requireIngressRules', 'kubectl-netpol/code': 'org-require-ingress-rules' });
  });

  it('the binding names its policy, the action, and the namespaces on kubernetes.io/metadata.name', () => {
    const bindings = objects.filter((o) => o.kind === 'ValidatingAdmissionPolicyBinding');
    expect(bindings[0].spec).toEqual({
      policyName: 'netpol-require-ingress-rules',
      validationActions: ['Deny'],
      matchResources: { namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system'] }] } },
    });
    expect(bindings[1].spec.matchResources.namespaceSelector).toEqual({ matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['prod'] }] });
    const warn = admissionObjects(plan, 'vap', 'Warn') as Obj[];
    expect(warn.filter((o) => o.kind === 'ValidatingAdmissionPolicyBinding').map((b) => b.spec.validationActions)).toEqual([['Warn'], ['Warn'], ['Warn'], ['Warn']]);
  });

  it('a rule in every namespace has no matchResources', () => {
    const all = admissionObjects(admissionPlan({ ...DEFAULT_LINT_CONFIG, forbidAllowAllPeers: true }), 'vap', 'Audit') as Obj[];
    expect(all[1].spec).toEqual({ policyName: 'netpol-allow-all-peers', validationActions: ['Audit'] });
  });
});

describe('Kyverno export', () => {
  const [policy, ...rest] = admissionObjects(plan, 'kyverno', 'Deny') as Obj[];
  const vap = admissionObjects(plan, 'vap', 'Deny') as Obj[];

  it('one ClusterPolicy, enforcing, with a rule per exported rule matching NetworkPolicy creates and updates', () => {
    expect(rest).toEqual([]);
    expect(policy).toMatchObject({ apiVersion: 'kyverno.io/v1', kind: 'ClusterPolicy', metadata: { name: 'netpol-organisation-rules' }, spec: { validationFailureAction: 'Enforce' } });
    expect(policy.spec.emitWarning).toBeUndefined();
    expect(policy.spec.rules.map((r: Obj) => r.name)).toEqual(['require-ingress-rules', 'forbidden-cidr-0', 'allow-all-peers', 'port-not-allowed']);
    for (const rule of policy.spec.rules) {
      expect(rule.match.any).toHaveLength(1);
      expect(rule.match.any[0].resources.kinds).toEqual(['networking.k8s.io/v1/NetworkPolicy']);
      expect(rule.match.any[0].resources.operations).toEqual(['CREATE', 'UPDATE']);
      expect(Object.keys(rule.validate)).toEqual(['cel']);
    }
  });

  it('the same CEL, messages and namespaces as the ValidatingAdmissionPolicies', () => {
    const policies = vap.filter((o) => o.kind === 'ValidatingAdmissionPolicy');
    const bindings = vap.filter((o) => o.kind === 'ValidatingAdmissionPolicyBinding');
    policy.spec.rules.forEach((rule: Obj, i: number) => {
      expect(rule.validate.cel.variables).toEqual(policies[i].spec.variables);
      expect(rule.validate.cel.expressions).toEqual(policies[i].spec.validations);
      expect(rule.match.any[0].resources.namespaceSelector).toEqual(bindings[i].spec.matchResources?.namespaceSelector);
    });
  });

  it('Warn and Audit: Audit, with API warnings for Warn', () => {
    const [warn] = admissionObjects(plan, 'kyverno', 'Warn') as Obj[];
    expect(warn.spec).toMatchObject({ validationFailureAction: 'Audit', emitWarning: true });
    const [audit] = admissionObjects(plan, 'kyverno', 'Audit') as Obj[];
    expect(audit.spec.validationFailureAction).toBe('Audit');
    expect(audit.spec.emitWarning).toBeUndefined();
  });
});
