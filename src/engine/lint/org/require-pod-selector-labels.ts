// requirePodSelectorLabels: a peer selects the pods it admits by label; `podSelector: {}` (every pod of
// the peer's namespaces) is refused.
import type { LintConfig } from '../../../model/lint-config.js';
import { isEmptySelector } from '../../selector.js';
import { celEmptySelector, celPeers, celRules, peersField } from './cel.js';
import { EVERY_NAMESPACE, type ObjectCheck, type OrgRule } from './org-rule.js';
import { DIRECTIONS, peersOf } from './walk.js';

const CHECKS: readonly ObjectCheck[] = DIRECTIONS.map((direction) => ({
  name: `${direction}EmptyPodSelectors`,
  message: `a ${peersField(direction)} peer has podSelector {}, which selects every pod: select the pods by label (requirePodSelectorLabels)`,
  violations: (policy) =>
    peersOf(policy, direction).flatMap(({ peer, field }) =>
      peer.kind === 'pods' && peer.podSelector && isEmptySelector(peer.podSelector) ? [{ field: `${field}.podSelector`, detail: '' }] : [],
    ),
  cel: `${celRules(direction)}.map(r, ${celPeers(direction)}.filter(p, has(p.podSelector) && ${celEmptySelector('p.podSelector')}).map(p, ''))`,
}));

export const requirePodSelectorLabels = (config: LintConfig): OrgRule[] =>
  config.requirePodSelectorLabels
    ? [{ setting: 'requirePodSelectorLabels', code: 'org-empty-pod-selector', id: 'empty-pod-selector', scope: EVERY_NAMESPACE, judgement: { kind: 'per-object', checks: CHECKS } }]
    : [];
