// requireIngressRules: every policy restricts ingress with rules; a namespace default deny
// (podSelector {}, no rules) is exempt.
import type { LintConfig } from '../../../model/lint-config.js';
import type { NetworkPolicy } from '../../../model/policy.js';
import { isEmptySelector } from '../../selector.js';
import { celEmptySelector, celRules, celWhole } from './cel.js';
import { EVERY_NAMESPACE, type CelVariable, type ObjectCheck, type OrgRule } from './org-rule.js';

const isDefaultDeny = (p: NetworkPolicy) => isEmptySelector(p.podSelector) && p.ingress.length === 0 && p.egress.length === 0;

// The API server fills policyTypes in before admission; `has` only guards an object that skipped defaulting.
const hasIngressType = (p: NetworkPolicy) => p.policyTypes.includes('Ingress');

const HELPERS: readonly CelVariable[] = [
  { name: 'isDefaultDeny', expression: `${celEmptySelector('object.spec.podSelector')} && size(${celRules('ingress')}) == 0 && size(${celRules('egress')}) == 0` },
  { name: 'hasIngressType', expression: `has(object.spec.policyTypes) && 'Ingress' in object.spec.policyTypes` },
];

const CHECKS: readonly ObjectCheck[] = [
  {
    name: 'ingressNotInTypes',
    message: 'policyTypes has no Ingress: the policy does not restrict ingress (requireIngressRules)',
    violations: (p) => (isDefaultDeny(p) || hasIngressType(p) ? [] : [{ field: 'spec.policyTypes', detail: '' }]),
    cel: celWhole('variables.isDefaultDeny || variables.hasIngressType'),
  },
  {
    name: 'noIngressRule',
    message: 'the policy has no ingress rule (requireIngressRules)',
    violations: (p) => (isDefaultDeny(p) || !hasIngressType(p) || p.ingress.length > 0 ? [] : [{ field: 'spec.ingress', detail: '' }]),
    cel: celWhole(`variables.isDefaultDeny || !variables.hasIngressType || size(${celRules('ingress')}) > 0`),
  },
];

export const requireIngressRules = (config: LintConfig): OrgRule[] =>
  config.requireIngressRules
    ? [{ setting: 'requireIngressRules', code: 'org-require-ingress-rules', id: 'require-ingress-rules', scope: EVERY_NAMESPACE, judgement: { kind: 'per-object', checks: CHECKS, helpers: HELPERS } }]
    : [];
