// The held snapshot a live source and the UI's worker keep: changes by key, snapshots rebuilt.
import { describe, expect, it } from 'vitest';
import { SnapshotStore } from '../../src/model/snapshot-change.js';
import type { EndpointSlice, Pod, Service, Snapshot } from '../../src/model/snapshot.js';

const pod = (namespace: string, name: string, labels: Record<string, string> = {}): Pod => ({ namespace, name, labels, ips: [], phase: 'Running', hostNetwork: false, ports: [] });
const service = (namespace: string, name: string): Service => ({ namespace, name, selector: { app: name }, ports: [], clusterIPs: [] });
const slice = (namespace: string, name: string, svc: string): EndpointSlice => ({ namespace, name, service: svc, addressType: 'IPv4', ports: [], endpoints: [] });
const base = (): Snapshot => ({
  namespaces: [{ name: 'shop', labels: { 'kubernetes.io/metadata.name': 'shop', team: 'a' } }],
  pods: [pod('shop', 'web-1', { app: 'web' }), pod('shop', 'web-2', { app: 'web' })],
  services: [{ ...service('shop', 'web'), endpointSlices: [slice('shop', 'web-abc', 'web')] }],
  workloads: [],
  policies: [],
  skipped: {},
  unevaluated: [],
});

describe('SnapshotStore', () => {
  it('gives back the snapshot it was made from until something changes', () => {
    const snapshot = base();
    const store = new SnapshotStore(snapshot);
    expect(store.snapshot()).toBe(snapshot);
    store.apply([]);
    expect(store.snapshot()).toBe(snapshot);
  });

  it('updates an object in place, appends a new one, and deletes by namespace and name', () => {
    const store = new SnapshotStore(base());
    store.apply([
      { op: 'put', kind: 'Pod', object: pod('shop', 'web-1', { app: 'web', version: '2' }) },
      { op: 'put', kind: 'Pod', object: pod('shop', 'web-3', { app: 'web' }) },
      { op: 'delete', kind: 'Pod', namespace: 'shop', name: 'web-2' },
    ]);
    const pods = store.snapshot().pods;
    expect(pods.map((p) => p.name)).toEqual(['web-1', 'web-3']);
    expect(pods[0]!.labels).toEqual({ app: 'web', version: '2' });
  });

  it('joins EndpointSlices to their Service again, whichever of the two changed', () => {
    const store = new SnapshotStore(base());
    store.apply([{ op: 'put', kind: 'EndpointSlice', object: slice('shop', 'web-def', 'web') }]);
    expect(store.snapshot().services[0]!.endpointSlices!.map((s) => s.name)).toEqual(['web-abc', 'web-def']);
    store.apply([{ op: 'put', kind: 'Service', object: { ...service('shop', 'web'), clusterIPs: ['10.96.0.9'] } }]);
    const [web] = store.snapshot().services;
    expect(web!.clusterIPs).toEqual(['10.96.0.9']);
    expect(web!.endpointSlices!.map((s) => s.name)).toEqual(['web-abc', 'web-def']);
    store.apply([{ op: 'delete', kind: 'EndpointSlice', namespace: 'shop', name: 'web-abc' }, { op: 'delete', kind: 'EndpointSlice', namespace: 'shop', name: 'web-def' }]);
    expect(store.snapshot().services[0]!.endpointSlices).toBeUndefined();
  });

  it('a namespace only referred to is made with its name label, and goes when nothing refers to it', () => {
    const store = new SnapshotStore(base());
    store.apply([{ op: 'put', kind: 'Pod', object: pod('ops', 'tool') }]);
    expect(store.snapshot().namespaces).toEqual([
      { name: 'shop', labels: { 'kubernetes.io/metadata.name': 'shop', team: 'a' } },
      { name: 'ops', labels: { 'kubernetes.io/metadata.name': 'ops' }, synthesized: true },
    ]);
    store.apply([{ op: 'put', kind: 'Namespace', object: { name: 'ops', labels: { 'kubernetes.io/metadata.name': 'ops', team: 'b' } } }]);
    expect(store.snapshot().namespaces[1]).toEqual({ name: 'ops', labels: { 'kubernetes.io/metadata.name': 'ops', team: 'b' } });
    store.apply([{ op: 'delete', kind: 'Namespace', namespace: 'ops', name: 'ops' }, { op: 'delete', kind: 'Pod', namespace: 'ops', name: 'tool' }]);
    expect(store.snapshot().namespaces.map((n) => n.name)).toEqual(['shop']);
  });

  it('a re-list replaces the objects of its namespace only (or of every namespace)', () => {
    const store = new SnapshotStore({ ...base(), pods: [...base().pods, pod('ops', 'tool')] });
    store.apply([{ op: 'replace', kind: 'Pod', namespace: 'shop', objects: [pod('shop', 'web-9')] }]);
    expect(store.snapshot().pods.map((p) => `${p.namespace}/${p.name}`)).toEqual(['ops/tool', 'shop/web-9']);
    store.apply([{ op: 'replace', kind: 'Pod', objects: [pod('a', 'x')] }]);
    expect(store.snapshot().pods.map((p) => `${p.namespace}/${p.name}`)).toEqual(['a/x']);
  });
});
