// Joins an observed flow's ends to the snapshot: by namespace and pod name (or Calico's name
// aggregate), else by IP; an IP no pod has is an address; a pod the snapshot lacks is unmatched.
import type { FlowEndpoint } from '../../model/flow.js';
import type { Pod, Snapshot } from '../../model/snapshot.js';
import { isTerminated } from '../endpoint.js';
import { parseIp, formatIp } from '../sets/ip.js';

export type JoinedEnd =
  | { readonly kind: 'pod'; readonly pod: Pod }
  | { readonly kind: 'address'; readonly ip: string; readonly node: boolean }
  | { readonly kind: 'unmatched'; readonly name: string; readonly reason: string };

/** A stable key for a joined end (`ns/pod`, the address, or `?name`). */
export const joinedKey = (end: JoinedEnd): string => (end.kind === 'pod' ? `${end.pod.namespace}/${end.pod.name}` : end.kind === 'address' ? end.ip : `?${end.name}`);

export class FlowJoiner {
  private readonly byName = new Map<string, Pod>();
  private readonly byNamespace = new Map<string, Pod[]>();
  private readonly byIp = new Map<string, Pod>();
  private readonly nodeIps = new Set<string>();
  private readonly cache = new Map<string, JoinedEnd>();

  constructor(snapshot: Pick<Snapshot, 'pods'>) {
    for (const pod of snapshot.pods) {
      this.byName.set(`${pod.namespace}/${pod.name}`, pod);
      const list = this.byNamespace.get(pod.namespace);
      if (list) list.push(pod);
      else this.byNamespace.set(pod.namespace, [pod]);
      for (const ip of pod.hostIPs ?? (pod.hostIP ? [pod.hostIP] : [])) this.nodeIps.add(canonical(ip));
      // A finished pod's IP may already be someone else's: running pods win.
      for (const ip of pod.ips) if (!isTerminated(pod) || !this.byIp.has(canonical(ip))) this.byIp.set(canonical(ip), pod);
    }
  }

  join(end: FlowEndpoint): JoinedEnd {
    const key = `${end.namespace ?? ''}/${end.pod ?? ''}${end.aggregated ? '*' : ''}/${end.ip ?? ''}`;
    let joined = this.cache.get(key);
    if (!joined) this.cache.set(key, (joined = this.resolve(end)));
    return joined;
  }

  private resolve(end: FlowEndpoint): JoinedEnd {
    if (end.namespace && end.pod) {
      const pod = end.aggregated ? this.byNamespace.get(end.namespace)?.find((p) => p.name.startsWith(end.pod!)) : this.byName.get(`${end.namespace}/${end.pod}`);
      if (pod) return { kind: 'pod', pod };
    }
    if (end.ip) {
      const ip = canonical(end.ip);
      const pod = this.byIp.get(ip);
      if (pod) return { kind: 'pod', pod };
      // A named pod the state lacks is a pod, not an outside address.
      if (parseIp(end.ip) && !end.pod) return { kind: 'address', ip, node: this.nodeIps.has(ip) };
      if (!end.pod) return { kind: 'unmatched', name: end.ip, reason: 'not an IP address' };
    }
    const name = `${end.namespace ?? '?'}/${end.pod ?? '?'}${end.aggregated ? '*' : ''}`;
    return { kind: 'unmatched', name, reason: 'no such pod in the cluster state' };
  }
}

/** One spelling per address (2001:DB8::1 and 2001:db8:0::1 are the same). */
function canonical(text: string): string {
  const ip = parseIp(text);
  return ip ? formatIp(ip.family, ip.value) : text;
}
