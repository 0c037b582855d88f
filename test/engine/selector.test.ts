// Label selector matching as k8s.io/apimachinery defines it (metav1.LabelSelector -> labels.Selector).
import { describe, expect, it } from 'vitest';
import type { LabelSelector, SelectorRequirement } from '../../src/model/policy.js';
import { compileSelector, formatSelector, isEmptySelector } from '../../src/engine/selector.js';

const sel = (matchLabels: Record<string, string> = {}, matchExpressions: SelectorRequirement[] = []): LabelSelector => ({
  matchLabels,
  matchExpressions,
});
const req = (key: string, operator: string, values: string[] = []): SelectorRequirement => ({ key, operator, values });
const matches = (selector: LabelSelector, labels: Record<string, string>): boolean => compileSelector(selector)(labels);

describe('compileSelector: matchLabels', () => {
  it('matches when every key is present with an equal value', () => {
    const s = sel({ app: 'web', tier: 'front' });
    expect(matches(s, { app: 'web', tier: 'front' })).toBe(true);
    expect(matches(s, { app: 'web', tier: 'front', extra: 'x' })).toBe(true);
  });

  it('does not match when a key is missing or has another value', () => {
    const s = sel({ app: 'web', tier: 'front' });
    expect(matches(s, { app: 'web' })).toBe(false);
    expect(matches(s, { app: 'web', tier: 'back' })).toBe(false);
    expect(matches(s, {})).toBe(false);
  });

  it('compares values exactly (case-sensitive, empty value is a value)', () => {
    expect(matches(sel({ app: 'Web' }), { app: 'web' })).toBe(false);
    expect(matches(sel({ app: '' }), { app: '' })).toBe(true);
    expect(matches(sel({ app: '' }), {})).toBe(false);
  });

  it('treats keys that collide with Object.prototype members as ordinary keys', () => {
    expect(matches(sel({ constructor: 'x' }), {})).toBe(false);
    expect(matches(sel({ toString: 'x' }), { toString: 'x' })).toBe(true);
  });
});

describe('compileSelector: matchExpressions', () => {
  it('In matches when the key is present with one of the values', () => {
    const s = sel({}, [req('env', 'In', ['prod', 'staging'])]);
    expect(matches(s, { env: 'prod' })).toBe(true);
    expect(matches(s, { env: 'staging' })).toBe(true);
    expect(matches(s, { env: 'dev' })).toBe(false);
  });

  it('In does not match a missing key', () => {
    expect(matches(sel({}, [req('env', 'In', ['prod'])]), { other: 'prod' })).toBe(false);
    expect(matches(sel({}, [req('constructor', 'In', ['x'])]), {})).toBe(false);
  });

  it('NotIn matches a present key whose value is not listed', () => {
    const s = sel({}, [req('env', 'NotIn', ['prod'])]);
    expect(matches(s, { env: 'dev' })).toBe(true);
    expect(matches(s, { env: 'prod' })).toBe(false);
  });

  it('NotIn matches when the key is missing', () => {
    expect(matches(sel({}, [req('env', 'NotIn', ['prod'])]), {})).toBe(true);
    expect(matches(sel({}, [req('env', 'NotIn', ['prod'])]), { app: 'prod' })).toBe(true);
  });

  it('Exists matches any value of the key, including the empty value', () => {
    const s = sel({}, [req('canary', 'Exists')]);
    expect(matches(s, { canary: 'true' })).toBe(true);
    expect(matches(s, { canary: '' })).toBe(true);
    expect(matches(s, { other: 'x' })).toBe(false);
  });

  it('DoesNotExist matches only when the key is absent', () => {
    const s = sel({}, [req('canary', 'DoesNotExist')]);
    expect(matches(s, {})).toBe(true);
    expect(matches(s, { other: 'x' })).toBe(true);
    expect(matches(s, { canary: '' })).toBe(false);
  });

  it('an unknown operator matches nothing', () => {
    for (const op of ['Equals', 'in', 'notin', 'exists', '', 'Gt']) {
      const s = sel({}, [req('env', op, ['prod'])]);
      expect(matches(s, { env: 'prod' }), op).toBe(false);
      expect(matches(s, {}), op).toBe(false);
    }
  });

  it('an unknown operator makes the whole selector match nothing, even next to satisfied terms', () => {
    const s = sel({ app: 'web' }, [req('env', 'Exists'), req('env', 'Bogus', ['x'])]);
    expect(matches(s, { app: 'web', env: 'x' })).toBe(false);
  });
});

describe('compileSelector: combination', () => {
  it('ANDs matchLabels and every expression', () => {
    const s = sel({ app: 'web' }, [req('env', 'In', ['prod', 'staging']), req('canary', 'DoesNotExist'), req('team', 'Exists')]);
    expect(matches(s, { app: 'web', env: 'prod', team: 'a' })).toBe(true);
    expect(matches(s, { app: 'api', env: 'prod', team: 'a' })).toBe(false);
    expect(matches(s, { app: 'web', env: 'dev', team: 'a' })).toBe(false);
    expect(matches(s, { app: 'web', env: 'prod', team: 'a', canary: 'y' })).toBe(false);
    expect(matches(s, { app: 'web', env: 'prod' })).toBe(false);
  });

  it('ANDs two expressions on the same key (In and NotIn narrow each other)', () => {
    const s = sel({}, [req('env', 'In', ['a', 'b']), req('env', 'NotIn', ['b'])]);
    expect(matches(s, { env: 'a' })).toBe(true);
    expect(matches(s, { env: 'b' })).toBe(false);
    expect(matches(s, {})).toBe(false);
  });

  it('the empty selector matches everything, including no labels', () => {
    const s = sel();
    expect(isEmptySelector(s)).toBe(true);
    expect(matches(s, {})).toBe(true);
    expect(matches(s, { any: 'thing' })).toBe(true);
  });

  it('a selector with only expressions is not empty', () => {
    expect(isEmptySelector(sel({}, [req('a', 'Exists')]))).toBe(false);
    expect(isEmptySelector(sel({ a: 'b' }))).toBe(false);
  });
});

describe('formatSelector', () => {
  it('prints {} for the empty selector', () => {
    expect(formatSelector(sel())).toBe('{}');
  });

  it('prints matchLabels as key=value joined by commas, in order', () => {
    expect(formatSelector(sel({ app: 'web', tier: 'front' }))).toBe('app=web,tier=front');
  });

  it('prints each operator in kubectl syntax after the labels', () => {
    const s = sel({ app: 'web' }, [
      req('tier', 'In', ['a', 'b']),
      req('env', 'NotIn', ['prod']),
      req('canary', 'Exists'),
      req('legacy', 'DoesNotExist'),
    ]);
    expect(formatSelector(s)).toBe('app=web,tier in (a,b),env notin (prod),canary,!legacy');
  });

  it('prints an unknown operator verbatim', () => {
    expect(formatSelector(sel({}, [req('k', 'Gt', ['1', '2'])]))).toBe('k Gt (1,2)');
  });
});
