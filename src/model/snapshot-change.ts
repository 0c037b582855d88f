// Changes to a held snapshot (what a watch reports), and the store that applies them: a live source
// and the UI's analysis worker each keep one and stay in step by applying the same changes in order.
import type { NetworkPolicy } from './policy.js';
import type { EndpointSlice, Namespace, Pod, Service, Snapshot } from './snapshot.js';

export interface ChangeObjects {
  readonly Namespace: Namespace;
  readonly Pod: Pod;
  readonly Service: Service;
  readonly NetworkPolicy: NetworkPolicy;
  readonly EndpointSlice: EndpointSlice;
}
export type ChangeKind = keyof ChangeObjects;
export const CHANGE_KINDS: readonly ChangeKind[] = ['Namespace', 'Pod', 'Service', 'NetworkPolicy', 'EndpointSlice'];

type Put<K extends ChangeKind> = { readonly op: 'put'; readonly kind: K; readonly object: ChangeObjects[K] };
type Replace<K extends ChangeKind> = {
  readonly op: 'replace';
  readonly kind: K;
  /** The namespace that was listed again; undefined: every namespace (and, for Namespace, all of them). */
  readonly namespace?: string;
  readonly objects: readonly ChangeObjects[K][];
};

/** An object added or updated, one deleted, or every object of a kind (in a namespace) listed again. */
export type SnapshotChange =
  | { [K in ChangeKind]: Put<K> }[ChangeKind]
  | { readonly op: 'delete'; readonly kind: ChangeKind; readonly namespace: string; readonly name: string }
  | { [K in ChangeKind]: Replace<K> }[ChangeKind];

const keyOf = (o: { readonly namespace?: string; readonly name: string }) => `${o.namespace ?? ''}/${o.name}`;
const nsKey = (name: string) => `/${name}`;

/**
 * A snapshot as maps keyed by namespace and name, so that a change costs the objects it names; the
 * snapshot is built again from the maps (array copies, no parsing) when asked for.
 */
export class SnapshotStore {
  private readonly objects: { [K in ChangeKind]: Map<string, ChangeObjects[K]> } = {
    Namespace: new Map(),
    Pod: new Map(),
    Service: new Map(),
    NetworkPolicy: new Map(),
    EndpointSlice: new Map(),
  };
  private readonly rest: Omit<Snapshot, 'namespaces' | 'pods' | 'services' | 'policies'>;
  private built: Snapshot | undefined;

  constructor(snapshot: Snapshot) {
    const { namespaces, pods, services, policies, ...rest } = snapshot;
    this.rest = rest;
    // Synthesized namespaces are made again from what refers to them.
    for (const n of namespaces) if (!n.synthesized) this.objects.Namespace.set(nsKey(n.name), n);
    for (const p of pods) this.objects.Pod.set(keyOf(p), p);
    for (const { endpointSlices, ...service } of services) {
      this.objects.Service.set(keyOf(service), service);
      for (const slice of endpointSlices ?? []) this.objects.EndpointSlice.set(keyOf(slice), slice);
    }
    for (const p of policies) this.objects.NetworkPolicy.set(keyOf(p), p);
    this.built = snapshot;
  }

  apply(changes: readonly SnapshotChange[]): void {
    for (const change of changes) {
      const map = this.objects[change.kind] as Map<string, ChangeObjects[ChangeKind]>;
      switch (change.op) {
        case 'put':
          map.set(change.kind === 'Namespace' ? nsKey(change.object.name) : keyOf(change.object as { namespace: string; name: string }), change.object);
          break;
        case 'delete':
          map.delete(change.kind === 'Namespace' ? nsKey(change.name) : `${change.namespace}/${change.name}`);
          break;
        case 'replace': {
          const prefix = change.namespace === undefined || change.kind === 'Namespace' ? undefined : `${change.namespace}/`;
          if (prefix === undefined) map.clear();
          else for (const key of [...map.keys()]) if (key.startsWith(prefix)) map.delete(key);
          for (const object of change.objects) {
            map.set(change.kind === 'Namespace' ? nsKey(object.name) : keyOf(object as { namespace: string; name: string }), object);
          }
          break;
        }
      }
    }
    if (changes.length > 0) this.built = undefined;
  }

  snapshot(): Snapshot {
    if (this.built) return this.built;
    const pods = [...this.objects.Pod.values()];
    const policies = [...this.objects.NetworkPolicy.values()];
    const slicesOf = new Map<string, EndpointSlice[]>();
    for (const slice of this.objects.EndpointSlice.values()) {
      const key = `${slice.namespace}/${slice.service}`;
      const list = slicesOf.get(key);
      if (list) list.push(slice);
      else slicesOf.set(key, [slice]);
    }
    const services = [...this.objects.Service.values()].map((s) => {
      const own = slicesOf.get(keyOf(s));
      return own ? { ...s, endpointSlices: own } : s;
    });
    // Every namespace something refers to exists, labelled with its name (as assembling does).
    const namespaces = new Map<string, Namespace>();
    for (const n of this.objects.Namespace.values()) namespaces.set(n.name, n);
    const refer = (namespace: string) => {
      if (!namespaces.has(namespace)) namespaces.set(namespace, { name: namespace, labels: { 'kubernetes.io/metadata.name': namespace }, synthesized: true });
    };
    for (const list of [pods, services, policies, this.rest.workloads]) {
      // Objects come grouped by namespace: look each run up once.
      let last: string | undefined;
      for (const o of list) {
        if (o.namespace === last) continue;
        last = o.namespace;
        refer(last);
      }
    }
    this.built = { ...this.rest, namespaces: [...namespaces.values()], pods, services, policies };
    return this.built;
  }
}
