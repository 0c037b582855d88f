// Whether one label selector matches every label set another one matches, proved from their
// requirements (apimachinery semantics: In needs the key, NotIn and DoesNotExist accept a missing key).
// Sound, not complete: `true` is a proof; `false` may only mean "not proved".
import type { LabelSelector, SelectorRequirement } from '../../model/policy.js';
import { isEmptySelector } from '../selector.js';

/** matchLabels as `key In (value)` requirements, then the expressions. */
const requirements = (selector: LabelSelector): SelectorRequirement[] => [
  ...Object.entries(selector.matchLabels).map(([key, value]) => ({ key, operator: 'In', values: [value] })),
  ...selector.matchExpressions,
];

const subset = (inner: readonly string[], outer: readonly string[]): boolean => inner.every((v) => outer.includes(v));

/** Whether requirement `known` (holding for a label set) implies `wanted` on the same key. */
function implies(known: SelectorRequirement, wanted: SelectorRequirement): boolean {
  if (known.key !== wanted.key) return false;
  switch (wanted.operator) {
    case 'In':
      return known.operator === 'In' && subset(known.values, wanted.values);
    case 'NotIn':
      return (
        (known.operator === 'In' && !known.values.some((v) => wanted.values.includes(v))) ||
        (known.operator === 'NotIn' && subset(wanted.values, known.values)) ||
        known.operator === 'DoesNotExist'
      );
    case 'Exists':
      return known.operator === 'In' || known.operator === 'Exists';
    case 'DoesNotExist':
      return known.operator === 'DoesNotExist';
    default:
      // An operator the API does not know matches nothing: nothing proves it.
      return false;
  }
}

/** Whether `wide` matches every label set `narrow` matches. */
export function selectorCovers(wide: LabelSelector, narrow: LabelSelector): boolean {
  if (isEmptySelector(wide)) return true;
  const known = requirements(narrow);
  return requirements(wide).every((wanted) => known.some((k) => implies(k, wanted)));
}
