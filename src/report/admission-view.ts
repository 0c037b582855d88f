// The organisation rules as admission objects: a ValidatingAdmissionPolicy and its binding per rule
// (admissionregistration.k8s.io/v1), or one Kyverno ClusterPolicy with a CEL rule per rule. Both
// carry the same CEL, from the rules' own definitions (engine/lint/org).
import type { AdmissionPlan, AdmissionRule } from '../engine/lint/org/admission.js';

export type AdmissionEngine = 'vap' | 'kyverno';
/** The binding's validationActions; for Kyverno: Enforce, or Audit (with API warnings for Warn). */
export type AdmissionAction = 'Deny' | 'Warn' | 'Audit';

export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'kubectl-netpol' };
export const KYVERNO_POLICY_NAME = 'netpol-organisation-rules';

export const admissionObjectName = (rule: AdmissionRule): string => `netpol-${rule.id}`;

const annotations = (rule: AdmissionRule) => ({ 'kubectl-netpol/rule': rule.setting, 'kubectl-netpol/code': rule.code });

/** A namespaceSelector on the name label every namespace carries; undefined: every namespace. */
function namespaceSelector(rule: AdmissionRule): object | undefined {
  const { in: only, notIn } = rule.namespaces;
  const expressions = [
    ...(only ? [{ key: NAMESPACE_NAME_LABEL, operator: 'In', values: [...only] }] : []),
    ...(notIn.length > 0 ? [{ key: NAMESPACE_NAME_LABEL, operator: 'NotIn', values: [...notIn] }] : []),
  ];
  return expressions.length > 0 ? { matchExpressions: expressions } : undefined;
}

const variables = (rule: AdmissionRule) => rule.variables.map((v) => ({ name: v.name, expression: v.expression }));

const validations = (rule: AdmissionRule) =>
  rule.validations.map((v) => ({ expression: v.expression, message: v.message, ...(v.messageExpression ? { messageExpression: v.messageExpression } : {}) }));

function validatingAdmissionPolicy(rule: AdmissionRule, action: AdmissionAction): object[] {
  const name = admissionObjectName(rule);
  const selector = namespaceSelector(rule);
  return [
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name, labels: MANAGED_BY, annotations: annotations(rule) },
      spec: {
        // An expression that cannot be evaluated refuses the object rather than letting it through.
        failurePolicy: 'Fail',
        matchConstraints: {
          resourceRules: [{ apiGroups: ['networking.k8s.io'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['networkpolicies'] }],
        },
        variables: variables(rule),
        validations: validations(rule),
      },
    },
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name, labels: MANAGED_BY, annotations: annotations(rule) },
      spec: {
        policyName: name,
        validationActions: [action],
        ...(selector ? { matchResources: { namespaceSelector: selector } } : {}),
      },
    },
  ];
}

/**
 * One ClusterPolicy (kyverno.io/v1) with a `validate.cel` rule per organisation rule (Kyverno 1.11
 * and later). The failure action is the policy-wide validationFailureAction, which every release
 * with CEL rules reads; emitWarning (1.13 and later) turns Audit results into API warnings.
 */
function kyvernoClusterPolicy(rules: readonly AdmissionRule[], action: AdmissionAction): object {
  return {
    apiVersion: 'kyverno.io/v1',
    kind: 'ClusterPolicy',
    metadata: { name: KYVERNO_POLICY_NAME, labels: MANAGED_BY },
    spec: {
      validationFailureAction: action === 'Deny' ? 'Enforce' : 'Audit',
      ...(action === 'Warn' ? { emitWarning: true } : {}),
      rules: rules.map((rule) => {
        const selector = namespaceSelector(rule);
        return {
          name: rule.id,
          match: {
            any: [{ resources: { kinds: ['networking.k8s.io/v1/NetworkPolicy'], operations: ['CREATE', 'UPDATE'], ...(selector ? { namespaceSelector: selector } : {}) } }],
          },
          validate: { cel: { variables: variables(rule), expressions: validations(rule) } },
        };
      }),
    },
  };
}

/** The admission objects for a plan, in the order `kubectl apply -f` should create them. */
export function admissionObjects(plan: AdmissionPlan, engine: AdmissionEngine, action: AdmissionAction): object[] {
  if (plan.rules.length === 0) return [];
  return engine === 'kyverno' ? [kyvernoClusterPolicy(plan.rules, action)] : plan.rules.flatMap((rule) => validatingAdmissionPolicy(rule, action));
}
