// Reads the live cluster through the kubeconfig: namespaces, pods, services, NetworkPolicies and
// EndpointSlices, listed in parallel and reduced at once to the model (only the fields the engine
// needs survive); discovery says which other policy kinds exist that the answer cannot account for.
import type { Snapshot } from '../../model/snapshot.js';
import { assembleSnapshot, type RawObject } from '../assemble.js';
import { ApiClient } from './api-client.js';
import { ClusterAccessError, type RequestDescription } from './cluster-error.js';
import { resolveKubeconfig, type KubeconfigFlags, type ResolvedKubeconfig } from './client-config.js';
import { PAGE_SIZE, listAll, type Page, type PageParams } from './list.js';
import { discoverPolicyKinds } from './policy-discovery.js';
import { readAdminPolicies } from './admin-read.js';

export interface ClusterScope {
  /** `all`: every namespace; otherwise only these (policies elsewhere are then not read). */
  readonly namespaces: 'all' | readonly string[];
}

/** A collection that was listed: where a watch of it starts (the list's resourceVersion). */
export interface ListedCollection {
  readonly kind: 'Namespace' | 'Pod' | 'Service' | 'NetworkPolicy' | 'EndpointSlice';
  /** As RBAC names it, e.g. `networkpolicies.networking.k8s.io`. */
  readonly resource: string;
  /** The collection's path, e.g. `/api/v1/namespaces/shop/pods`. */
  readonly path: string;
  readonly namespace?: string;
  readonly resourceVersion: string;
}

export interface ClusterSnapshot {
  readonly snapshot: Snapshot;
  /** The lists the snapshot was made of (those whose answer carried a resourceVersion). */
  readonly lists: readonly ListedCollection[];
  readonly kubeconfig: ResolvedKubeconfig;
  /** What the answer could not take into account (e.g. namespace labels unreadable). */
  readonly warnings: readonly string[];
}

export interface ClusterReadOptions extends KubeconfigFlags {
  readonly timeoutMs: number;
  readonly pageSize?: number;
  /** Told of each page read: `items` more objects of a kind (`pods`), in one more page. */
  readonly progress?: (kind: string, items: number, pages: number) => void;
}

const PLURALS: Readonly<Record<ListedCollection['kind'], string>> = {
  Namespace: 'namespaces',
  Pod: 'pods',
  Service: 'services',
  NetworkPolicy: 'networkpolicies',
  EndpointSlice: 'endpointslices',
};

/**
 * client-node's typed objects rename JSON fields that are reserved words (`from` -> `_from`,
 * `except` -> `_except`); the normalizers read the API's JSON shape, so rename them back.
 */
export function toApiJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toApiJson);
  if (value instanceof Date) return value.toISOString();
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (field === undefined) continue;
    out[key.startsWith('_') && key.length > 1 ? key.slice(1) : key] = toApiJson(field);
  }
  return out;
}


export async function readCluster(
  options: ClusterReadOptions,
  scope: ClusterScope,
  env: Readonly<Record<string, string | undefined>>,
): Promise<ClusterSnapshot> {
  const kubeconfig = resolveKubeconfig(options, env);
  // node:http(s), not fetch: fetch refuses ports browsers block (6000, 6665-6669, ...).
  const api = new ApiClient(kubeconfig);
  const pageSize = options.pageSize ?? PAGE_SIZE;
  const describe = (resource: string, namespace?: string): RequestDescription => ({
    verb: 'list',
    resource,
    ...(namespace ? { namespace } : {}),
    server: kubeconfig.server,
    user: kubeconfig.userName,
    timeoutMs: options.timeoutMs,
  });
  // Each list's answer, by the array it was read into: the lists whose objects end up in the snapshot.
  const listedAs = new WeakMap<RawObject[], ListedCollection>();
  const origin = { file: `cluster ${kubeconfig.contextName}`, doc: 0 };
  const collect = async (kind: ListedCollection['kind'], resource: string, path: string, namespace?: string): Promise<RawObject[]> => {
    const listed: { resourceVersion?: string } = {};
    const report = options.progress;
    const lister = api.lister(path, undefined, report && ((n) => report(PLURALS[kind], n, 0)));
    const counted: typeof lister = report
      ? async (params) => {
          const page = await lister(params);
          report(PLURALS[kind], 0, 1);
          return page;
        }
      : lister;
    const items = await listAll(counted, describe(resource, namespace), pageSize, listed);
    // List items carry no kind; the origin says where each object was read. Items are the API's JSON
    // (node:http, not client-node's typed objects): no renaming needed.
    const objects = items.map((item) => ({ object: { ...item, kind }, origin }));
    if (listed.resourceVersion) listedAs.set(objects, { kind, resource, path, ...(namespace ? { namespace } : {}), resourceVersion: listed.resourceVersion });
    return objects;
  };

  const perNamespace = (namespace?: string): Promise<RawObject[]>[] =>
    namespace === undefined
      ? [
          collect('Pod', 'pods', '/api/v1/pods'),
          collect('Service', 'services', '/api/v1/services'),
          collect('NetworkPolicy', 'networkpolicies.networking.k8s.io', '/apis/networking.k8s.io/v1/networkpolicies'),
        ]
      : [
          collect('Pod', 'pods', `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`, namespace),
          collect('Service', 'services', `/api/v1/namespaces/${encodeURIComponent(namespace)}/services`, namespace),
          collect(
            'NetworkPolicy',
            'networkpolicies.networking.k8s.io',
            `/apis/networking.k8s.io/v1/namespaces/${encodeURIComponent(namespace)}/networkpolicies`,
            namespace,
          ),
        ];

  const warnings: string[] = [];
  // Policy kinds that are not evaluated, and whether EndpointSlices are served: asked of discovery.
  const discover = (namespaceList: ClusterScope['namespaces']) =>
    discoverPolicyKinds((path, query) => api.getJson(path, query), { server: kubeconfig.server, user: kubeconfig.userName, timeoutMs: options.timeoutMs }, namespaceList);
  let discovered = discover(scope.namespaces);
  discovered.catch(() => undefined);
  // EndpointSlices say which pods really serve a Service; without them (forbidden, not served) its selector does.
  const readSlices = async (namespaceList: ClusterScope['namespaces']): Promise<{ objects: RawObject[]; parts?: RawObject[][]; forbidden?: ClusterAccessError }> => {
    if (!(await discovered).endpointSlices) return { objects: [] };
    const resource = 'endpointslices.discovery.k8s.io';
    try {
      const lists = await Promise.all(
        namespaceList === 'all'
          ? [collect('EndpointSlice', resource, '/apis/discovery.k8s.io/v1/endpointslices')]
          : namespaceList.map((ns) => collect('EndpointSlice', resource, `/apis/discovery.k8s.io/v1/namespaces/${encodeURIComponent(ns)}/endpointslices`, ns)),
      );
      return { objects: lists.flat(), parts: lists };
    } catch (error) {
      if (error instanceof ClusterAccessError && error.kind === 'forbidden') return { objects: [], forbidden: error };
      throw error;
    }
  };
  let slices = readSlices(scope.namespaces);
  slices.catch(() => undefined);
  // Namespace labels matter for namespaceSelectors; without permission to list them, the name label
  // (which every namespace carries) is still known.
  const namespaces = collect('Namespace', 'namespaces', '/api/v1/namespaces').catch((error: unknown) => {
    if (error instanceof ClusterAccessError && error.kind === 'forbidden') {
      warnings.push(`${error.message}: namespaceSelectors are judged by the kubernetes.io/metadata.name label only`);
      return [] as RawObject[];
    }
    throw error;
  });
  // Awaited below; marked handled now so a failing list elsewhere cannot leave it unobserved.
  namespaces.catch(() => undefined);
  const readAll = (namespaceList: ClusterScope['namespaces']) =>
    Promise.all(namespaceList === 'all' ? perNamespace() : namespaceList.flatMap((ns) => perNamespace(ns)));
  let lists: RawObject[][];
  try {
    lists = await readAll(scope.namespaces);
  } catch (error) {
    // Forbidden cluster-wide but maybe allowed in the context's namespace (a namespaced RoleBinding):
    // answer for that namespace, and say plainly what is missing.
    if (!(scope.namespaces === 'all' && error instanceof ClusterAccessError && error.kind === 'forbidden')) throw error;
    lists = await readAll([kubeconfig.namespace]);
    discovered = discover([kubeconfig.namespace]);
    if ((await slices.catch(() => ({ forbidden: true }))).forbidden) slices = readSlices([kubeconfig.namespace]);
    warnings.push(`${error.message}: showing namespace ${kubeconfig.namespace} only; pods and policies of other namespaces are not known`);
  }
  const discovery = await discovered;
  const sliceRead = await slices;
  warnings.push(...discovery.warnings);
  // Admin policies are cluster-wide: read whatever the namespace scope.
  const listJson = async (path: string, resource: string) =>
    (await listAll(api.lister(path), describe(resource), pageSize)).map((item) => toApiJson(item) as Record<string, unknown>);
  const admin = await readAdminPolicies(discovery.adminPolicies, listJson, `cluster ${kubeconfig.contextName}`);
  warnings.push(...admin.warnings);
  if (sliceRead.forbidden) warnings.push(`${sliceRead.forbidden.message}: Services are resolved through their selectors`);
  const results = [await namespaces, ...lists, sliceRead.objects];
  const nsObjects = results[0]!;
  const wanted = scope.namespaces === 'all' ? undefined : new Set(scope.namespaces);
  const objects = [
    // Keep every namespace's labels (selectors may match any of them), but pods only from the scope.
    ...nsObjects,
    ...results.slice(1).flat(),
    ...admin.objects,
  ];
  const unevaluated = [...discovery.unevaluated, ...admin.unevaluated].sort((a, b) => a.group.localeCompare(b.group) || a.kind.localeCompare(b.kind));
  const snapshot = {
    ...assembleSnapshot(objects, { defaultNamespace: kubeconfig.namespace }),
    unevaluated,
    ...(admin.nodeInventory ? { nodeInventory: admin.nodeInventory } : {}),
  };
  if (wanted) {
    const missing = [...wanted].filter((ns) => !snapshot.namespaces.some((n) => n.name === ns));
    if (missing.length > 0 && nsObjects.length > 0) warnings.push(`namespace ${missing.join(', ')} does not exist`);
  }
  const listings = [nsObjects, ...lists, ...(sliceRead.parts ?? [])].flatMap((part) => listedAs.get(part) ?? []);
  return { snapshot, lists: listings, kubeconfig, warnings };
}
