// Reads the admin policies a cluster serves (ClusterNetworkPolicy, AdminNetworkPolicy,
// BaselineAdminNetworkPolicy, at the versions discovery found) and, when one has a `nodes` peer, the
// Nodes. No permission to list a kind: a warning, and the kind is reported as not evaluated. No
// permission to list Nodes: a warning, and nodes peers are judged unknown.
import type { NodeInventory } from '../../model/admin-policy.js';
import type { UnevaluatedKind } from '../../model/snapshot.js';
import type { RawObject } from '../assemble.js';
import { ClusterAccessError } from './cluster-error.js';
import type { ServedPolicyResource } from './policy-discovery.js';

/** Lists every object at an API path (all pages), in the API's JSON shape; `resource` names it in errors. */
export type ListJson = (path: string, resource: string) => Promise<readonly Record<string, unknown>[]>;

export interface AdminRead {
  readonly objects: readonly RawObject[];
  readonly unevaluated: readonly UnevaluatedKind[];
  readonly warnings: readonly string[];
  /** Set when Nodes were needed: read, or not readable. */
  readonly nodeInventory?: NodeInventory;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether any egress rule of these objects has a `nodes` peer. */
function hasNodesPeer(objects: readonly RawObject[]): boolean {
  return objects.some(({ object }) => {
    const spec = isRecord(object) && isRecord(object['spec']) ? object['spec'] : {};
    const egress = Array.isArray(spec['egress']) ? spec['egress'] : [];
    return egress.some((rule) => isRecord(rule) && Array.isArray(rule['to']) && rule['to'].some((peer) => isRecord(peer) && peer['nodes'] != null));
  });
}

const forbidden = (error: unknown): error is ClusterAccessError => error instanceof ClusterAccessError && error.kind === 'forbidden';

export async function readAdminPolicies(served: readonly ServedPolicyResource[], list: ListJson, originFile: string): Promise<AdminRead> {
  const warnings: string[] = [];
  const unevaluated: UnevaluatedKind[] = [];
  const lists = await Promise.all(
    served.map(async (r): Promise<RawObject[]> => {
      const apiVersion = `${r.group}/${r.version}`;
      try {
        const items = await list(`/apis/${apiVersion}/${r.resource}`, `${r.resource}.${r.group}`);
        // List items carry neither kind nor apiVersion.
        return items.map((item) => ({ object: { ...item, apiVersion, kind: r.kind }, origin: { file: originFile, doc: 0 } }));
      } catch (error) {
        if (!forbidden(error)) throw error;
        warnings.push(`${error.message}: ${r.kind} policies are not evaluated`);
        unevaluated.push({ group: r.group, kind: r.kind, apiVersion, count: undefined });
        return [];
      }
    }),
  );
  const objects = lists.flat();
  if (!hasNodesPeer(objects)) return { objects, unevaluated, warnings };
  try {
    const nodes = await list('/api/v1/nodes', 'nodes');
    return { objects: [...objects, ...nodes.map((item) => ({ object: { ...item, kind: 'Node' }, origin: { file: originFile, doc: 0 } }))], unevaluated, warnings, nodeInventory: 'complete' };
  } catch (error) {
    if (!forbidden(error)) throw error;
    warnings.push(`${error.message}: nodes peers of admin policies are judged unknown`);
    return { objects, unevaluated, warnings, nodeInventory: 'unavailable' };
  }
}
