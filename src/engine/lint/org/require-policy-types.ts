// requirePolicyTypes: every policy writes policyTypes, rather than leaving the directions it isolates
// to the API server's default (Ingress, plus Egress only when there are egress rules).
import type { LintConfig } from '../../../model/lint-config.js';
import { onPolicy } from '../finding.js';
import { EVERY_NAMESPACE, type OrgRule } from './org-rule.js';

export const requirePolicyTypes = (config: LintConfig): OrgRule[] =>
  config.requirePolicyTypes
    ? [
        {
          setting: 'requirePolicyTypes',
          code: 'org-require-policy-types',
          id: 'require-policy-types',
          scope: EVERY_NAMESPACE,
          judgement: {
            kind: 'lint-only',
            reason: 'the API server fills in policyTypes before admission policies see the object, so they cannot tell whether it was written',
            findings: (ctx) =>
              ctx.snapshot.policies
                .filter((p) => p.policyTypesDefaulted)
                .map((p) =>
                  onPolicy(p, 'org-require-policy-types', `policyTypes is not written: the API server will set it to [${p.policyTypes.join(', ')}] (requirePolicyTypes)`, {
                    field: 'spec.policyTypes',
                  }),
                ),
          },
        },
      ]
    : [];
