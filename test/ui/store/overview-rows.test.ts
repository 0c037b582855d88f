// The overview's rows are made once per analysis, filter and order: a frame is drawn on every key,
// and at 2,000 namespaces counting each one's warnings anew cost more than the frame.
import { describe, expect, it } from 'vitest';
import { overviewRows } from '../../../src/ui/store/selectors.js';
import type { View } from '../../../src/ui/store/state.js';
import { demoAnalysis } from '../helpers/demo.js';

const view = (over: Partial<View> = {}): View => ({ screen: { kind: 'overview' }, cursor: 0, filter: '', filtering: false, tab: 0, sort: 'name', yaml: false, ...over });

describe('overview rows', () => {
  it('are the same rows for the same analysis, filter and order (a cursor move makes none anew)', () => {
    const analysis = demoAnalysis();
    const first = overviewRows(analysis, view());
    expect(overviewRows(analysis, view({ cursor: 3 }))).toBe(first);
    expect(overviewRows(analysis, view({ sort: 'exposure' }))).not.toBe(first);
    expect(overviewRows(analysis, view({ filter: 'shop' })).map((r) => r.name)).toEqual(['shop']);
  });

  it('count each namespace\'s warnings and errors, not its info findings', () => {
    const analysis = demoAnalysis();
    for (const row of overviewRows(analysis, view())) {
      expect(row.findings).toBe(analysis.findings.filter((f) => f.namespace === row.name && f.severity !== 'info').length);
    }
    expect(overviewRows(analysis, view()).some((r) => r.findings > 0)).toBe(true);
  });
});
