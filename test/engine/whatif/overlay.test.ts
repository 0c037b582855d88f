// applyOverlay: proposed policies replace, add and remove; nothing else in the snapshot changes.
import { describe, expect, it } from 'vitest';
import { applyOverlay, describeOverlay } from '../../../src/engine/whatif/overlay.js';
import { SnapshotBuilder } from '../../fixtures/builder.js';

const base = () =>
  new SnapshotBuilder()
    .namespace('x')
    .pod('x', 'a', { labels: { app: 'a' } })
    .policy('x', 'keep', { podSelector: {}, policyTypes: ['Ingress'] })
    .policy('x', 'change', { podSelector: { matchLabels: { app: 'a' } }, ingress: [{}] })
    .policy('x', 'drop', { podSelector: { matchLabels: { app: 'b' } } })
    .build();

const proposed = () =>
  new SnapshotBuilder()
    .policy('x', 'change', { podSelector: { matchLabels: { app: 'a' } }, ingress: [] })
    .policy('y', 'new', { podSelector: {} })
    .build().policies;

describe('applyOverlay', () => {
  it('replaces same namespace/name in place, appends new ones, removes named ones', () => {
    const snapshot = base();
    const result = applyOverlay(snapshot, { policies: proposed(), remove: [{ namespace: 'x', name: 'drop' }] });
    expect(result.snapshot.policies.map((p) => `${p.namespace}/${p.name}`)).toEqual(['x/keep', 'x/change', 'y/new']);
    expect(result.replaced).toEqual([{ namespace: 'x', name: 'change' }]);
    expect(result.added).toEqual([{ namespace: 'y', name: 'new' }]);
    expect(result.removed).toEqual([{ namespace: 'x', name: 'drop' }]);
    expect(result.notFound).toEqual([]);
    expect(result.conflicting).toEqual([]);
    // The replacement is the proposed object; the untouched policy keeps its identity.
    expect(result.snapshot.policies[1]!.ingress).toEqual([]);
    expect(result.snapshot.policies[0]).toBe(snapshot.policies[0]);
  });

  it('does not modify the input snapshot', () => {
    const snapshot = base();
    const before = JSON.stringify(snapshot);
    applyOverlay(snapshot, { policies: proposed(), remove: [{ namespace: 'x', name: 'drop' }] });
    expect(JSON.stringify(snapshot)).toBe(before);
  });

  it('a policy in a namespace nothing mentions brings that namespace, labelled with its name', () => {
    const result = applyOverlay(base(), { policies: proposed(), remove: [] });
    expect(result.snapshot.namespaces.find((n) => n.name === 'y')).toEqual({ name: 'y', labels: { 'kubernetes.io/metadata.name': 'y' }, synthesized: true });
    expect(result.snapshot.pods).toEqual(base().pods);
  });

  it('reports removals of policies that do not exist, and policies both proposed and removed', () => {
    const result = applyOverlay(base(), { policies: proposed(), remove: [{ namespace: 'x', name: 'nope' }, { namespace: 'x', name: 'change' }] });
    expect(result.notFound).toEqual([{ namespace: 'x', name: 'nope' }]);
    expect(result.conflicting).toEqual([{ namespace: 'x', name: 'change' }]);
  });

  it('an empty overlay changes nothing', () => {
    const snapshot = base();
    const result = applyOverlay(snapshot, { policies: [], remove: [] });
    expect(result.snapshot.policies).toEqual(snapshot.policies);
    expect(describeOverlay(result)).toBe('no change');
  });

  it('describeOverlay names only the non-zero counts', () => {
    const ref = { namespace: 'x', name: 'p' };
    expect(describeOverlay({ replaced: [ref], added: [ref, ref], removed: [] })).toBe('1 replaced, 2 added');
    expect(describeOverlay({ replaced: [], added: [], removed: [ref] })).toBe('1 removed');
  });
});
