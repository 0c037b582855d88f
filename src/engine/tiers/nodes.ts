// Which addresses belong to which Nodes, for admin policies' `nodes` peers: a peer selects Nodes by
// label and matches the IPs in their status.addresses. What the input cannot say is `unknown`.
import type { Node, NodeInventory } from '../../model/admin-policy.js';
import type { Labels, Pod } from '../../model/snapshot.js';
import { nodeAddresses } from '../endpoint.js';
import type { LabelMatcher } from '../selector.js';
import { parseIp, type IpAddress } from '../sets/ip.js';

export type Tristate = 'yes' | 'no' | 'unknown';

const addressKey = (a: IpAddress): string => `${a.family}:${a.value}`;

export class NodeIndex {
  private readonly byAddress = new Map<string, Node>();
  private readonly byName = new Map<string, Node>();
  /** Addresses of nodes pods run on (status.hostIPs) that no Node object names: their labels are not known. */
  private readonly unlabelled = new Set<string>();
  private readonly podAddresses = new Set<string>();

  constructor(
    nodes: readonly Node[],
    pods: readonly Pod[],
    readonly inventory: NodeInventory,
  ) {
    for (const node of nodes) {
      this.byName.set(node.name, node);
      for (const text of node.addresses) {
        const ip = parseIp(text);
        if (ip) this.byAddress.set(addressKey(ip), node);
      }
    }
    for (const pod of pods) {
      for (const ip of nodeAddresses(pod)) if (!this.byAddress.has(addressKey(ip))) this.unlabelled.add(addressKey(ip));
      if (!pod.hostNetwork) for (const text of pod.ips) {
        const ip = parseIp(text);
        if (ip) this.podAddresses.add(addressKey(ip));
      }
    }
  }

  /** Every address known to be a node's (of a Node object, or a pod's host IP). */
  knownAddresses(): IpAddress[] {
    const keys = [...this.byAddress.keys(), ...this.unlabelled];
    return keys.map((k) => {
      const [family, value] = k.split(':') as [string, string];
      return { family: Number(family) as 4 | 6, value: BigInt(value) };
    });
  }

  node(name: string): Node | undefined {
    return this.byName.get(name);
  }

  /** Whether `address` belongs to a Node the selector selects (`empty`: the selector is `{}`, every node). */
  matchAddress(address: IpAddress, selects: LabelMatcher, empty: boolean): Tristate {
    const key = addressKey(address);
    const node = this.byAddress.get(key);
    if (node) return selects(node.labels) ? 'yes' : 'no';
    if (this.unlabelled.has(key)) return empty ? 'yes' : 'unknown';
    // Not a node address the input shows: when every Node was read, it is none; a pod's IP never is.
    if (this.inventory === 'complete' || this.podAddresses.has(key)) return 'no';
    return 'unknown';
  }

  /** A host-network pod's node, by name when the input gives it. */
  matchPodNode(pod: Pod, selects: LabelMatcher, empty: boolean): Tristate | undefined {
    if (!pod.nodeName) return undefined;
    const node = this.byName.get(pod.nodeName);
    if (node) return selects(node.labels as Labels) ? 'yes' : 'no';
    return empty ? 'yes' : undefined;
  }
}
