import { describe, expect, it } from 'vitest';
import { SnapshotBuilder } from './fixtures/builder.js';
import { allowed } from './fixtures/reach.js';

describe('fixtures', () => {
  it('a default-deny policy isolates and blocks', () => {
    const s = new SnapshotBuilder()
      .pod('x', 'a', { labels: { pod: 'a' }, ip: '10.0.0.1' })
      .pod('x', 'b', { labels: { pod: 'b' }, ip: '10.0.0.2' })
      .policy('x', 'deny', { podSelector: {} })
      .build();
    expect(allowed(s, 'x/a', 'x/b', 80)).toBe(false);
  });
});
