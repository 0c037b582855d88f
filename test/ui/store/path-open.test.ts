// The path check opened from a selection: fields prefilled, checked at once when both ends are known.
import { describe, expect, it } from 'vitest';
import { currentView, initialState, reducer } from '../../../src/ui/store/state.js';
import { demoAnalysis } from '../helpers/demo.js';

const loaded = () => reducer(initialState('demo cluster'), { type: 'loaded', analysis: demoAnalysis(), changed: new Set() });

describe('path-open', () => {
  it('with both ends: pushes the path check, fills the fields and submits them (focus on the result)', () => {
    const s = reducer(loaded(), { type: 'path-open', from: 'shop/deployment/frontend', to: 'shop/deployment/cart' });
    expect(currentView(s).screen).toEqual({ kind: 'path' });
    expect(s.stack).toHaveLength(2);
    expect(s.path.fields).toEqual(['shop/deployment/frontend', 'shop/deployment/cart', '']);
    expect(s.path.submitted).toEqual(['shop/deployment/frontend', 'shop/deployment/cart', '']);
    expect(s.path.focus).toBe(3);
  });

  it('with the source only: focus on the destination, nothing submitted (an earlier result is dropped)', () => {
    const earlier = reducer(loaded(), { type: 'path-open', from: 'a/b', to: 'c/d' });
    const s = reducer(reducer(earlier, { type: 'pop' }), { type: 'path-open', from: 'shop/deployment/cart', to: '' });
    expect(s.path.fields).toEqual(['shop/deployment/cart', '', '']);
    expect(s.path.focus).toBe(1);
    expect(s.path.submitted).toBeUndefined();
    // Esc comes back to where p was pressed.
    expect(currentView(reducer(s, { type: 'pop' })).screen).toEqual({ kind: 'overview' });
  });
});

describe('findingPolicies', () => {
  it('names the policy of each policy finding, row by row with findingsTab; none for namespace findings', async () => {
    const { findingPolicies, findingsTab } = await import('../../../src/ui/store/selectors.js');
    const analysis = demoAnalysis();
    const key = 'payments/deployment/fraud-check';
    const rows = findingsTab(analysis, key);
    const policies = findingPolicies(analysis, key);
    expect(policies).toHaveLength(rows.length);
    rows.forEach((row, i) => {
      const p = policies[i];
      if (row.includes(': namespace ')) expect(p).toBeUndefined();
      else expect(p && row.includes(`policy ${p.name}`)).toBe(true);
    });
    expect(policies).toContainEqual({ namespace: 'payments', name: 'fraud-check-egress' });
  });
});
