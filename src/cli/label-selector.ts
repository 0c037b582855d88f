// -l/--selector: kubectl's label selector syntax parsed into the model's LabelSelector, so the
// engine's apimachinery-compatible matcher judges it (`a!=b` matches pods without `a`, as kubectl does).
import type { LabelSelector, SelectorRequirement } from '../model/policy.js';
import type { Pod } from '../model/snapshot.js';
import { compileSelector } from '../engine/selector.js';
import { quote } from '../model/quote.js';
import { UserError } from './errors.js';

const KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

/** Splits on commas outside parentheses: `env in (a,b),app=web` is two requirements. */
function requirements(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') depth--;
    else if (text[i] === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim());
}

function requirement(part: string, whole: string): SelectorRequirement {
  const bad = (why: string): never => {
    throw new UserError(`-l/--selector: ${quote(whole)} is not a label selector: ${why} (e.g. app=web,tier!=db,env in (a,b),!legacy)`);
  };
  const check = (key: string, values: string[]): void => {
    if (!KEY.test(key)) bad(`${quote(key)} is not a label key`);
    for (const v of values) if (!VALUE.test(v) || v.length > 63) bad(`${quote(v)} is not a label value`);
  };
  let m = /^!\s*(\S+)$/.exec(part);
  if (m) {
    check(m[1]!, []);
    return { key: m[1]!, operator: 'DoesNotExist', values: [] };
  }
  m = /^(\S+?)\s*(==|!=|=)\s*(\S*)$/.exec(part);
  if (m) {
    check(m[1]!, [m[3]!]);
    return { key: m[1]!, operator: m[2] === '!=' ? 'NotIn' : 'In', values: [m[3]!] };
  }
  m = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(part);
  if (m) {
    const values = m[3]!.split(',').map((v) => v.trim());
    check(m[1]!, values);
    return { key: m[1]!, operator: m[2] === 'in' ? 'In' : 'NotIn', values };
  }
  if (/^\S+$/.test(part)) {
    check(part, []);
    return { key: part, operator: 'Exists', values: [] };
  }
  return bad(`cannot read ${quote(part)}`);
}

export function parseLabelSelector(text: string): LabelSelector {
  if (text.trim() === '') return { matchLabels: {}, matchExpressions: [] };
  return { matchLabels: {}, matchExpressions: requirements(text).map((p) => requirement(p, text)) };
}

/** A pod filter for -l; every pod when the flag is absent. */
export function podSelectorFlag(text: string | undefined): (pod: Pod) => boolean {
  if (text === undefined) return () => true;
  const matches = compileSelector(parseLabelSelector(text));
  return (pod) => matches(pod.labels);
}

export const SELECTOR_HELP = 'only pods whose labels match this selector, as kubectl reads it (app=web,tier!=db,env in (a,b),!legacy)';
