// forbidAllowAllPeers: no rule without `from` / `to` (missing or empty), which admits every peer:
// every pod of every namespace and every address.
import type { LintConfig } from '../../../model/lint-config.js';
import { celNoPeers, celRules } from './cel.js';
import { EVERY_NAMESPACE, type ObjectCheck, type OrgRule } from './org-rule.js';
import { DIRECTIONS, rulesOf } from './walk.js';

const CHECKS: readonly ObjectCheck[] = DIRECTIONS.map((direction) => ({
  name: `${direction}WithoutPeers`,
  message:
    direction === 'ingress'
      ? 'an ingress rule without from admits every source (forbidAllowAllPeers)'
      : 'an egress rule without to admits every destination (forbidAllowAllPeers)',
  violations: (policy) => rulesOf(policy, direction).flatMap(({ rule, field }) => (rule.peers === 'all' ? [{ field, detail: '' }] : [])),
  cel: `${celRules(direction)}.map(r, ${celNoPeers(direction)} ? [''] : [])`,
}));

export const forbidAllowAllPeers = (config: LintConfig): OrgRule[] =>
  config.forbidAllowAllPeers
    ? [{ setting: 'forbidAllowAllPeers', code: 'org-allow-all-peers', id: 'allow-all-peers', scope: EVERY_NAMESPACE, judgement: { kind: 'per-object', checks: CHECKS } }]
    : [];
