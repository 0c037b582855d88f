// forbidCidrs: no ipBlock may contain a forbidden range (excepts aside), in every namespace or in the
// ones listed. Each entry is its own rule, with its own scope.
import type { ForbiddenCidr, LintConfig } from '../../../model/lint-config.js';
import { formatCidr, parseCidr, type Cidr } from '../../sets/ip.js';
import { celPeers, celRules, celString } from './cel.js';
import { EVERY_NAMESPACE, type ObjectCheck, type OrgRule } from './org-rule.js';
import { DIRECTIONS, peersOf } from './walk.js';

const contains = (block: Cidr, forbidden: Cidr): boolean =>
  block.family === forbidden.family && block.first <= forbidden.first && block.last >= forbidden.last;

function checks(forbid: ForbiddenCidr, forbidden: Cidr): ObjectCheck[] {
  const where = forbid.namespaces ? ' in namespace {namespace}' : '';
  // The CEL library takes only the strict form: the block as its network address.
  const strict = celString(formatCidr(forbidden.family, forbidden.first, forbidden.prefix));
  return DIRECTIONS.map((direction) => ({
    name: `${direction}Blocks`,
    message: `ipBlock {detail} contains ${forbid.cidr}, which no policy${where} may allow (forbidCidrs)`,
    violations: (policy) =>
      peersOf(policy, direction).flatMap(({ peer, field }) => {
        if (peer.kind !== 'ipBlock') return [];
        const block = parseCidr(peer.cidr);
        return block && contains(block, forbidden) ? [{ field: `${field}.ipBlock.cidr`, detail: peer.cidr }] : [];
      }),
    cel: `${celRules(direction)}.map(r, ${celPeers(direction)}.filter(p, has(p.ipBlock) && cidr(p.ipBlock.cidr).containsCIDR(${strict})).map(p, p.ipBlock.cidr))`,
  }));
}

export const forbidCidrs = (config: LintConfig): OrgRule[] =>
  config.forbidCidrs.flatMap((forbid, i): OrgRule[] => {
    const forbidden = parseCidr(forbid.cidr);
    // checkLintConfig reports a CIDR that does not parse.
    if (!forbidden) return [];
    return [
      {
        setting: `forbidCidrs[${i}]`,
        code: 'org-forbidden-cidr',
        id: `forbidden-cidr-${i}`,
        scope: forbid.namespaces ? { only: forbid.namespaces, except: [] } : EVERY_NAMESPACE,
        judgement: { kind: 'per-object', checks: checks(forbid, forbidden) },
      },
    ];
  });
