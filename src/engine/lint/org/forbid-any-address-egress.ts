// forbidAnyAddressEgress: no egress to every address (an ipBlock of 0.0.0.0/0 or ::/0, or a rule
// without `to`), except in the namespaces listed.
import type { LintConfig } from '../../../model/lint-config.js';
import { parseCidr } from '../../sets/ip.js';
import { celNoPeers, celPeers, celRules } from './cel.js';
import type { ObjectCheck, OrgRule } from './org-rule.js';
import { peersOf, rulesOf } from './walk.js';

const CHECKS: readonly ObjectCheck[] = [
  {
    name: 'egressWithoutTo',
    message: 'an egress rule without to allows every address (forbidAnyAddressEgress)',
    violations: (policy) => rulesOf(policy, 'egress').flatMap(({ rule, field }) => (rule.peers === 'all' ? [{ field, detail: '' }] : [])),
    cel: `${celRules('egress')}.map(r, ${celNoPeers('egress')} ? [''] : [])`,
  },
  {
    name: 'egressToEveryAddress',
    message: 'egress to ipBlock {detail} allows every address (forbidAnyAddressEgress)',
    violations: (policy) =>
      peersOf(policy, 'egress').flatMap(({ peer, field }) =>
        peer.kind === 'ipBlock' && parseCidr(peer.cidr)?.prefix === 0 ? [{ field: `${field}.ipBlock.cidr`, detail: peer.cidr }] : [],
      ),
    cel: `${celRules('egress')}.map(r, ${celPeers('egress')}.filter(p, has(p.ipBlock) && cidr(p.ipBlock.cidr).prefixLength() == 0).map(p, p.ipBlock.cidr))`,
  },
];

export const forbidAnyAddressEgress = (config: LintConfig): OrgRule[] =>
  config.forbidAnyAddressEgress
    ? [
        {
          setting: 'forbidAnyAddressEgress',
          code: 'org-any-address-egress',
          id: 'any-address-egress',
          scope: { except: config.forbidAnyAddressEgress.exceptNamespaces },
          judgement: { kind: 'per-object', checks: CHECKS },
        },
      ]
    : [];
