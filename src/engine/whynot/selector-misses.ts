// Which requirements of a label selector some labels fail, one criterion per requirement (apimachinery semantics).
import type { LabelSelector, SelectorRequirement } from '../../model/policy.js';
import type { Labels } from '../../model/snapshot.js';
import type { FailedCriterion } from './criterion.js';

export type LabelSubject = 'pod' | 'namespace';

const has = (labels: Labels, key: string): boolean => Object.hasOwn(labels, key);

function requirementText(req: SelectorRequirement): string {
  switch (req.operator) {
    case 'In':
      return req.values.length === 1 ? `${req.key}=${req.values[0]}` : `${req.key} in (${req.values.join(',')})`;
    case 'NotIn':
      return req.values.length === 1 ? `${req.key}!=${req.values[0]}` : `${req.key} notin (${req.values.join(',')})`;
    case 'Exists':
      return req.key;
    case 'DoesNotExist':
      return `!${req.key}`;
    default:
      return `${req.key} ${req.operator} (${req.values.join(',')})`;
  }
}

/** Whether the labels satisfy one requirement (undefined operators satisfy nothing, as compiled). */
function satisfies(req: SelectorRequirement, labels: Labels): boolean {
  switch (req.operator) {
    case 'In':
      return has(labels, req.key) && req.values.includes(labels[req.key]!);
    case 'NotIn':
      return !has(labels, req.key) || !req.values.includes(labels[req.key]!);
    case 'Exists':
      return has(labels, req.key);
    case 'DoesNotExist':
      return !has(labels, req.key);
    default:
      return false;
  }
}

/** The requirements a selector is made of: each matchLabels entry is `key In (value)`. */
export function requirementsOf(selector: LabelSelector): SelectorRequirement[] {
  return [
    ...Object.entries(selector.matchLabels).map(([key, value]) => ({ key, operator: 'In', values: [value] })),
    ...selector.matchExpressions,
  ];
}

/**
 * Every requirement of `selector` the labels fail: missing when the label is absent (and the
 * requirement needs it), different when it is present with a value (or at all) the requirement refuses.
 */
export function selectorMisses(selector: LabelSelector, labels: Labels, subject: LabelSubject, namespace?: string): FailedCriterion[] {
  return requirementsOf(selector).flatMap((req): FailedCriterion[] => {
    if (satisfies(req, labels)) return [];
    const present = has(labels, req.key);
    const where = subject === 'namespace' && namespace !== undefined ? { namespace } : {};
    return [
      {
        criterion: present ? `${subject}-label-different` : `${subject}-label-missing`,
        wanted: requirementText(req),
        actual: present ? `${req.key}=${labels[req.key]}` : `no label ${req.key}`,
        key: req.key,
        ...where,
      },
    ];
  });
}
