// Label selector matching, mirroring k8s.io/apimachinery/pkg/labels semantics.
import type { LabelSelector, SelectorRequirement } from '../model/policy.js';
import type { Labels } from '../model/snapshot.js';

export type LabelMatcher = (labels: Labels) => boolean;

export const matchEverything: LabelMatcher = () => true;

function requirementMatcher(req: SelectorRequirement): LabelMatcher {
  const { key } = req;
  const values = new Set(req.values);
  switch (req.operator) {
    case 'In':
      return (labels) => Object.hasOwn(labels, key) && values.has(labels[key]!);
    case 'NotIn':
      // A missing key satisfies NotIn (apimachinery's Requirement.Matches).
      return (labels) => !Object.hasOwn(labels, key) || !values.has(labels[key]!);
    case 'Exists':
      return (labels) => Object.hasOwn(labels, key);
    case 'DoesNotExist':
      return (labels) => !Object.hasOwn(labels, key);
    default:
      // validate() rejects unknown operators before compile; an invalid selector matches nothing.
      return () => false;
  }
}

/** True for `{}`: no labels and no expressions, which selects everything. */
export const isEmptySelector = (selector: LabelSelector): boolean =>
  Object.keys(selector.matchLabels).length === 0 && selector.matchExpressions.length === 0;

/** Compiles a selector once: matchLabels and every expression are ANDed. */
export function compileSelector(selector: LabelSelector): LabelMatcher {
  if (isEmptySelector(selector)) return matchEverything;
  const checks: LabelMatcher[] = Object.entries(selector.matchLabels).map(
    ([key, value]) => (labels: Labels) => Object.hasOwn(labels, key) && labels[key] === value,
  );
  checks.push(...selector.matchExpressions.map(requirementMatcher));
  return checks.length === 1 ? checks[0]! : (labels) => checks.every((check) => check(labels));
}

/** `app=web,tier in (a,b),!legacy` — kubectl's selector syntax, for display. */
export function formatSelector(selector: LabelSelector): string {
  if (isEmptySelector(selector)) return '{}';
  const parts = Object.entries(selector.matchLabels).map(([k, v]) => `${k}=${v}`);
  for (const req of selector.matchExpressions) {
    switch (req.operator) {
      case 'In':
        parts.push(`${req.key} in (${req.values.join(',')})`);
        break;
      case 'NotIn':
        parts.push(`${req.key} notin (${req.values.join(',')})`);
        break;
      case 'Exists':
        parts.push(req.key);
        break;
      case 'DoesNotExist':
        parts.push(`!${req.key}`);
        break;
      default:
        parts.push(`${req.key} ${req.operator} (${req.values.join(',')})`);
    }
  }
  return parts.join(',');
}
