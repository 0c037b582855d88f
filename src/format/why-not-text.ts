// Human form of the near-miss walkthrough: each denied side's closest rules, one line each.
import type { Direction } from '../model/policy.js';
import { describeAdminRule, type SideView } from '../report/path-view.js';
import type { AdminNearMissView, ExplainedPathView, FailedCriterionView, NearMissView } from '../report/why-not-view.js';
import { sanitizeLine } from './sanitize.js';

/** Rules shown per side; -o json lists them all. */
export const NEAR_MISSES_SHOWN = 3;

const otherEnd = (direction: Direction): string => (direction === 'ingress' ? 'the source' : 'the destination');

/** One criterion as a phrase; every value is cluster-derived and sanitized. */
export function criterionText(f: FailedCriterionView, direction: Direction): string {
  const w = sanitizeLine(f.wanted);
  const a = sanitizeLine(f.actual);
  const ns = sanitizeLine(f.namespace ?? '');
  switch (f.criterion) {
    case 'namespace-label-missing':
      return `namespace ${ns} has no label ${sanitizeLine(f.key ?? '')} (wants ${w})`;
    case 'namespace-label-different':
      return `namespace ${ns} has ${a} (wants ${w})`;
    case 'pod-label-missing':
      return `${otherEnd(direction)} has no label ${sanitizeLine(f.key ?? '')} (wants ${w})`;
    case 'pod-label-different':
      return `${otherEnd(direction)} has ${a} (wants ${w})`;
    case 'own-namespace-only':
      return `a podSelector without namespaceSelector looks only in ${w}, ${otherEnd(direction)} is in ${a}`;
    case 'not-a-pod':
      return `the peer selects pods, ${otherEnd(direction)} is ${a}`;
    case 'ipblock-not-containing':
      return `ipBlock ${w} does not contain ${a}`;
    case 'ipblock-except':
      return `ipBlock ${w}: the except removes ${a}`;
    case 'address-family':
      return `ipBlock is ${w}, ${otherEnd(direction)} has ${a}`;
    case 'ipblock-external-only':
      return `with --ipblock-external-only an ipBlock matches no pod, and ${otherEnd(direction)} is ${a}`;
    case 'no-address':
      return `${otherEnd(direction)} has ${a}, so no ipBlock matches it`;
    case 'invalid-peer':
      return `the peer is invalid (${a})`;
    case 'peer-kind':
      return `the peer wants ${w}, ${otherEnd(direction)} is ${a}`;
    case 'port-not-in-rule':
    case 'port-protocol':
      return `admits ${w} only, not ${a}`;
    case 'port-range':
      return `the range ${w} excludes ${a}`;
    case 'named-port-undeclared':
    case 'named-port-protocol':
      return `named port ${w}: ${a}`;
    case 'direction-not-in-policy-types':
      return `its rules are inert: wants ${w}, has ${a}`;
    case 'policy-types-without-rules':
      return `${a}: it isolates and admits nothing`;
  }
}

export const nearMissLine = (miss: NearMissView): string =>
  `${sanitizeLine(miss.policy)} ${miss.field}: ${miss.failed.map((f) => criterionText(f, miss.direction)).join('; ')}`;

/** `AdminNetworkPolicy allow-web (Admin, priority 3) ingress[0] "web" spec.ingress[0].from[1]: ...` */
const adminMissLine = (miss: AdminNearMissView): string => {
  const priority = miss.priority !== undefined ? `, priority ${miss.priority}` : '';
  const name = miss.ruleName !== undefined ? ` ${JSON.stringify(miss.ruleName)}` : '';
  return `${miss.action} ${miss.kind} ${sanitizeLine(miss.name)} (${miss.tier}${priority}) ${miss.direction}[${miss.rule}]${sanitizeLine(name)}: ${miss.failed.map((f) => criterionText(f, miss.direction)).join('; ')}`;
};

/** Up to `shown` lines of a list, then how many more. */
const listed = <T>(items: readonly T[], line: (item: T) => string, shown: number, numbered: boolean): string[] => [
  ...items.slice(0, shown).map((item, i) => `    ${numbered ? `${i + 1}.` : '-'} ${line(item)}`),
  ...(items.length > shown ? [`    ... and ${items.length - shown} more (-o json lists them all)`] : []),
];

/** The walkthrough lines of one side of a path (empty when the path carries no walkthrough or the side allows). */
export function whyNotLines(path: ExplainedPathView, side: SideView, shown = NEAR_MISSES_SHOWN): string[] {
  const { direction } = side;
  const skipped = (path.adminSkipped ?? []).filter((m) => m.direction === direction);
  const passedOver = skipped.length > 0 ? ['  admin rules passed over first:', ...listed(skipped, adminMissLine, shown, false)] : [];
  const blocked = path.blockedByAdmin?.find((b) => b.direction === direction);
  if (blocked) {
    return [...passedOver, `  a NetworkPolicy cannot override an Admin-tier Deny: only a change to ${sanitizeLine(describeAdminRule(blocked.rule))} can allow it`];
  }
  if (!path.nearMisses || side.allows || side.status === 'exempt') return [];
  const misses = path.nearMisses.filter((m) => m.direction === direction);
  if (misses.length === 0) return [...passedOver, `  why not: no NetworkPolicy selecting it has an ${direction} rule that could admit anything`];
  return [...passedOver, '  why not (closest rule first):', ...listed(misses, nearMissLine, shown, true)];
}
