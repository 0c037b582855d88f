// Collects the objects of the admin policy tiers while a snapshot is assembled: ClusterNetworkPolicies,
// AdminNetworkPolicies, the BaselineAdminNetworkPolicy, and Nodes (for `nodes` peers).
import type { AdminPolicy, Node } from '../model/admin-policy.js';
import { clip } from '../model/quote.js';
import type { Origin } from '../model/snapshot.js';
import { ADMIN_POLICY_VERSIONS, isAdminPolicyKind, readAdminPolicy, readNode } from './normalize/admin-policy.js';
import { RawReader, isRecord, type Raw } from './normalize/raw.js';
import { SourceError, describeOrigin } from './source-error.js';

export const ADMIN_POLICY_GROUP = 'policy.networking.k8s.io';

/** Whether this kind at this apiVersion is read as an admin policy. */
export function isEvaluatedAdminPolicy(kind: string, apiVersion: string | undefined): boolean {
  if (apiVersion === undefined || !isAdminPolicyKind(kind)) return false;
  const [group, version] = apiVersion.split('/');
  return group === ADMIN_POLICY_GROUP && version !== undefined && ADMIN_POLICY_VERSIONS[kind].includes(version);
}

export class AdminObjects {
  private readonly policies: AdminPolicy[] = [];
  private readonly nodes: Node[] = [];
  private readonly seen = new Map<string, Origin>();

  /** Reads the object when it is one of these kinds; false when it is not. */
  take(object: Raw, kind: string, apiVersion: string | undefined, origin: Origin, strict: boolean): boolean {
    const isNode = kind === 'Node' && (apiVersion === undefined || apiVersion === 'v1');
    if (!isNode && !isEvaluatedAdminPolicy(kind, apiVersion)) return false;
    const metadata = isRecord(object['metadata']) ? object['metadata'] : {};
    const name = typeof metadata['name'] === 'string' ? metadata['name'] : '';
    if (!name) throw new SourceError(`${describeOrigin(origin)}: ${kind} has no metadata.name`, origin);
    // v1beta1 and v1alpha2 ClusterNetworkPolicies are the same objects: one name, one policy.
    const key = `${kind}/${name}`;
    const earlier = this.seen.get(key);
    if (earlier) throw new SourceError(`${describeOrigin(origin)}: ${kind} ${clip(name)} is defined twice (also ${describeOrigin(earlier)})`, origin);
    this.seen.set(key, origin);
    const reader = new RawReader(origin, `${describeOrigin(origin)}: ${kind} ${clip(name)}`);
    if (isNode) this.nodes.push(readNode(reader, object, name, origin, strict));
    else if (isAdminPolicyKind(kind)) this.policies.push(readAdminPolicy(reader, object, kind, apiVersion!, name, origin, strict));
    return true;
  }

  /** The snapshot fields, present only when something was read. */
  result(): { adminPolicies?: readonly AdminPolicy[]; nodes?: readonly Node[] } {
    return { ...(this.policies.length > 0 ? { adminPolicies: this.policies } : {}), ...(this.nodes.length > 0 ? { nodes: this.nodes } : {}) };
  }
}
