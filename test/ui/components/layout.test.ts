// Columns share the terminal width by priority: names grow first and shrink last.
import { describe, expect, it } from 'vitest';
import { layoutColumns } from '../../../src/ui/components/layout.js';

const NAME = { width: 20, min: 9, priority: 1 };
const RULE = { width: 20, min: 5, priority: 2 };
const PODS = { width: 5, min: 4 };
// 20 + 5 + 20 and two gaps: 47 columns at the widths given.

describe('layoutColumns', () => {
  it('keeps the given widths when they fit exactly', () => {
    expect(layoutColumns([NAME, PODS, RULE], [60, 5, 60], 47)).toEqual([20, 5, 20]);
  });

  it('gives spare width to the first priority up to what its content needs, then the next', () => {
    expect(layoutColumns([NAME, PODS, RULE], [30, 5, 60], 67)).toEqual([30, 5, 30]);
    // Content shorter than the width given: no growth, nothing padded.
    expect(layoutColumns([NAME, PODS, RULE], [12, 5, 12], 200)).toEqual([20, 5, 20]);
  });

  it('never grows a column without a priority', () => {
    expect(layoutColumns([NAME, PODS], [20, 50], 100)).toEqual([20, 5]);
  });

  it('shrinks unprioritized columns first, then the last priority, names last', () => {
    expect(layoutColumns([NAME, PODS, RULE], [60, 5, 60], 46)).toEqual([20, 4, 20]);
    expect(layoutColumns([NAME, PODS, RULE], [60, 5, 60], 40)).toEqual([20, 4, 14]);
    expect(layoutColumns([NAME, PODS, RULE], [60, 5, 60], 30)).toEqual([19, 4, 5]);
  });

  it('stops at the minimums when even they do not fit', () => {
    expect(layoutColumns([NAME, PODS, RULE], [60, 5, 60], 10)).toEqual([9, 4, 5]);
  });
});
