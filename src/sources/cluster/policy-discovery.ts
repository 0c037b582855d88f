// Finds, through API discovery, the policy kinds a cluster serves that the analysis does not evaluate
// (AdminNetworkPolicy, CiliumNetworkPolicy, Calico policies, ...), and counts their objects with
// lists of one item. Read-only: GET /apis, GET /apis/GROUP/VERSION, lists with limit=1.
import type { UnevaluatedKind } from '../../model/snapshot.js';
import { EVALUATED_POLICY_KINDS, SAME_OBJECTS_AS, UNEVALUATED_POLICY_KINDS } from '../policy-kinds.js';
import { ClusterAccessError, describeRequestError, type RequestDescription } from './cluster-error.js';

/** Rejects with a TimeoutError when `promise` takes longer than `ms` (0: never); the timer never keeps the process alive. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  if (ms <= 0) return promise;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${ms}ms`), { name: 'TimeoutError' })), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const asRecord = (value: unknown): Record<string, unknown> => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const asString = (value: unknown): string => (typeof value === 'string' ? value : '');

export interface ApiGroupInfo {
  readonly name: string;
  /** Preferred first. */
  readonly versions: readonly string[];
}

export interface ApiResourceInfo {
  readonly name: string;
  readonly kind: string;
  readonly namespaced: boolean;
}

/** A policy resource the server serves, at the first version (preferred first) that has it. */
export interface ServedPolicyResource {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly resource: string;
  readonly namespaced: boolean;
}

/** The groups worth asking for resource lists: those with a policy kind (evaluated or not). */
export const POLICY_GROUPS: ReadonlySet<string> = new Set([...UNEVALUATED_POLICY_KINDS, ...EVALUATED_POLICY_KINDS].map((k) => k.group));

/**
 * The known policy kinds among served resources (subresources aside); each kind once, at the first
 * version listed for its group.
 */
export function servedPolicyResources(groups: readonly ApiGroupInfo[], resources: ReadonlyMap<string, readonly ApiResourceInfo[]>): ServedPolicyResource[] {
  const served = new Map<string, ServedPolicyResource>();
  const evaluated = new Set(servedAdminResources(groups, resources).map((r) => `${r.group}/${r.kind}`));
  for (const group of groups) {
    for (const version of group.versions) {
      for (const r of resources.get(`${group.name}/${version}`) ?? []) {
        if (r.name.includes('/') || evaluated.has(`${group.name}/${r.kind}`)) continue;
        // Admin policy kinds served only at versions that are not read are counted like the rest.
        const known = [...UNEVALUATED_POLICY_KINDS, ...EVALUATED_POLICY_KINDS].find((k) => k.group === group.name && k.kind === r.kind);
        const key = `${group.name}/${r.kind}`;
        if (known && !served.has(key)) served.set(key, { group: group.name, version, kind: r.kind, resource: r.name, namespaced: r.namespaced });
      }
    }
  }
  // Calico's API server and its CRDs show the same objects: keep the API server's group.
  return [...served.values()].filter((r) => !(SAME_OBJECTS_AS[r.group] && served.has(`${SAME_OBJECTS_AS[r.group]}/${r.kind}`)));
}

/**
 * The admin policy kinds the server serves at a version that is read: each kind once, at the first
 * such version in the group's order (preferred first). v1beta1 and v1alpha2 ClusterNetworkPolicies
 * are the same objects, so one version is read.
 */
export function servedAdminResources(groups: readonly ApiGroupInfo[], resources: ReadonlyMap<string, readonly ApiResourceInfo[]>): ServedPolicyResource[] {
  const served: ServedPolicyResource[] = [];
  for (const kind of EVALUATED_POLICY_KINDS) {
    const group = groups.find((g) => g.name === kind.group);
    const version = group?.versions.find(
      (v) => kind.versions.includes(v) && (resources.get(`${kind.group}/${v}`) ?? []).some((r) => r.kind === kind.kind && r.name === kind.resource),
    );
    if (version) served.push({ group: kind.group, version, kind: kind.kind, resource: kind.resource, namespaced: false });
  }
  return served;
}

/** What a page of a list says about the whole list: its items, the count the server says remains, the continue token. */
export function readListPage(body: unknown): { readonly items: number; readonly remaining?: number; readonly next?: string } {
  const page = asRecord(body);
  const metadata = asRecord(page['metadata']);
  const remaining = metadata['remainingItemCount'];
  const next = asString(metadata['continue']);
  return {
    items: asList(page['items']).length,
    ...(typeof remaining === 'number' && Number.isInteger(remaining) && remaining >= 0 ? { remaining } : {}),
    ...(next ? { next } : {}),
  };
}

export interface PolicyDiscovery {
  readonly unevaluated: readonly UnevaluatedKind[];
  /** The admin policy resources to read (ClusterNetworkPolicy, AdminNetworkPolicy, BaselineAdminNetworkPolicy). */
  readonly adminPolicies: readonly ServedPolicyResource[];
  /** Whether the server serves discovery.k8s.io/v1 (EndpointSlices). */
  readonly endpointSlices: boolean;
  readonly warnings: readonly string[];
}

/** GETs an API path with a query and resolves with the parsed JSON; failures are what describeRequestError maps. */
export type GetJson = (path: string, query?: Readonly<Record<string, string | number>>) => Promise<unknown>;


/** An APIGroupList (GET /apis) as group names with their versions, preferred first. */
export function readGroupList(body: unknown): ApiGroupInfo[] {
  return asList(asRecord(body)['groups']).map((g) => {
    const group = asRecord(g);
    const versions = asList(group['versions']).map((v) => asString(asRecord(v)['version'])).filter((v) => v !== '');
    const preferred = asString(asRecord(group['preferredVersion'])['version']);
    return { name: asString(group['name']), versions: preferred ? [preferred, ...versions.filter((v) => v !== preferred)] : versions };
  });
}

/** An APIResourceList (GET /apis/GROUP/VERSION). */
export function readResourceList(body: unknown): ApiResourceInfo[] {
  return asList(asRecord(body)['resources']).map((r) => {
    const resource = asRecord(r);
    return { name: asString(resource['name']), kind: asString(resource['kind']), namespaced: resource['namespaced'] === true };
  });
}

/**
 * Asks the server which policy kinds it serves and how many objects of each exist in the scope
 * (namespaced kinds: in the namespaces read; cluster-wide kinds: all). A forbidden list leaves the
 * count unknown; kinds without objects are left out.
 */
export async function discoverPolicyKinds(
  getJson: GetJson,
  request: Omit<RequestDescription, 'verb' | 'resource' | 'namespace'>,
  namespaces: 'all' | readonly string[],
): Promise<PolicyDiscovery> {
  const call = async (verb: 'get' | 'list', resource: string, path: string, query: Readonly<Record<string, string | number>> = {}, namespace?: string) => {
    try {
      return await withTimeout(getJson(path, query), request.timeoutMs);
    } catch (error) {
      throw describeRequestError(error, { ...request, verb, resource, ...(namespace ? { namespace } : {}) });
    }
  };

  let groups: ApiGroupInfo[];
  try {
    groups = readGroupList(await call('get', 'the API group list (/apis)', '/apis'));
  } catch (error) {
    if (error instanceof ClusterAccessError && error.kind === 'forbidden') {
      const unchecked = 'admin policies (ClusterNetworkPolicy, ...) are not read, other policy kinds (CiliumNetworkPolicy, Calico, ...) are not checked and Services are resolved by their selectors';
      return { unevaluated: [], adminPolicies: [], endpointSlices: false, warnings: [`${error.message}: ${unchecked}`] };
    }
    throw error;
  }
  const endpointSlices = groups.some((g) => g.name === 'discovery.k8s.io' && g.versions.includes('v1'));

  const wanted = groups.filter((g) => POLICY_GROUPS.has(g.name));
  const resources = new Map<string, readonly ApiResourceInfo[]>();
  await Promise.all(
    wanted.flatMap((g) =>
      g.versions.map(async (version) => {
        const at = `${g.name}/${version}`;
        resources.set(at, readResourceList(await call('get', `the resource list of ${at}`, `/apis/${at}`)));
      }),
    ),
  );

  /** Objects in one list: a page of one item says how many remain; a server that does not say is paged through. */
  const countList = async (resource: string, path: string, namespace?: string): Promise<number> => {
    let page = readListPage(await call('list', resource, path, { limit: 1 }, namespace));
    let total = 0;
    for (const seen = new Set<string>(); ; ) {
      total += page.items;
      if (page.remaining !== undefined) return total + page.remaining;
      if (!page.next || seen.has(page.next)) return total;
      seen.add(page.next);
      page = readListPage(await call('list', resource, path, { limit: 500, continue: page.next }, namespace));
    }
  };
  const count = async (r: ServedPolicyResource): Promise<number | undefined> => {
    const resource = `${r.resource}.${r.group}`;
    const base = `/apis/${r.group}/${r.version}`;
    const lists =
      r.namespaced && namespaces !== 'all'
        ? namespaces.map((ns) => countList(resource, `${base}/namespaces/${encodeURIComponent(ns)}/${r.resource}`, ns))
        : [countList(resource, `${base}/${r.resource}`)];
    try {
      return (await Promise.all(lists)).reduce((a, c) => a + c, 0);
    } catch (error) {
      if (error instanceof ClusterAccessError && error.kind === 'forbidden') return undefined;
      throw error;
    }
  };
  const served = servedPolicyResources(wanted, resources);
  const counted = await Promise.all(served.map(async (r) => ({ r, n: await count(r) })));
  const unevaluated = counted
    .filter(({ n }) => n !== 0)
    .map(({ r, n }): UnevaluatedKind => ({ group: r.group, kind: r.kind, apiVersion: `${r.group}/${r.version}`, count: n }))
    .sort((a, b) => a.group.localeCompare(b.group) || a.kind.localeCompare(b.kind));
  return { unevaluated, adminPolicies: servedAdminResources(wanted, resources), endpointSlices, warnings: [] };
}
