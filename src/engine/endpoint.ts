// The two ends of a connection: a pod, or an address outside the pod network.
import type { Pod } from '../model/snapshot.js';
import { parseIp, type Family, type IpAddress } from './sets/ip.js';

export type Endpoint =
  /** `family`: the connection runs over this address family only (dual-stack pods have two). */
  | { readonly kind: 'pod'; readonly pod: Pod; readonly family?: Family }
  | { readonly kind: 'address'; readonly address: IpAddress; readonly text: string };

export const podEndpoint = (pod: Pod): Endpoint => ({ kind: 'pod', pod });

export function addressEndpoint(text: string): Endpoint | undefined {
  const address = parseIp(text);
  return address && { kind: 'address', address, text };
}

/** Pods that finished carry no traffic, and their IPs may already belong to someone else. */
export const isTerminated = (pod: Pod): boolean => pod.phase === 'Succeeded' || pod.phase === 'Failed';

/** Pods the policies apply to: selectable by selectors (not hostNetwork, not finished). */
export const isPolicySubject = (pod: Pod): boolean => !pod.hostNetwork && !isTerminated(pod);

export const podKey = (pod: Pod): string => `${pod.namespace}/${pod.name}`;

export function endpointName(endpoint: Endpoint): string {
  return endpoint.kind === 'pod' ? podKey(endpoint.pod) : endpoint.text;
}

/** Every address of the pod's node: status.hostIPs, else status.hostIP. */
export function nodeAddresses(pod: Pod): readonly IpAddress[] {
  if (pod.hostIPs && pod.hostIPs.length > 0) return parseAll(pod.hostIPs);
  if (!pod.hostIP) return [];
  let ips = hostIpOnly.get(pod);
  if (ips === undefined) hostIpOnly.set(pod, (ips = parseAll([pod.hostIP])));
  return ips;
}
const hostIpOnly = new WeakMap<Pod, readonly IpAddress[]>();

// Every judgement reads both ends' addresses: parse each pod's list once, not once per evaluation.
const parsed = new WeakMap<readonly string[], readonly IpAddress[]>();
const parseAll = (texts: readonly string[]): readonly IpAddress[] => {
  let ips = parsed.get(texts);
  if (ips === undefined) {
    ips = texts.flatMap((t) => {
      const ip = parseIp(t);
      return ip ? [ip] : [];
    });
    parsed.set(texts, ips);
  }
  return ips;
};

/**
 * The addresses an endpoint's traffic carries (of its family, when it is bound to one): a
 * hostNetwork pod speaks with its node's addresses.
 */
export function endpointAddresses(endpoint: Endpoint): readonly IpAddress[] {
  if (endpoint.kind === 'address') return [endpoint.address];
  const { pod, family } = endpoint;
  const all = pod.ips.length > 0 ? parseAll(pod.ips) : pod.hostNetwork ? nodeAddresses(pod) : [];
  return family === undefined ? all : all.filter((a) => a.family === family);
}

/** The address families an endpoint has an address of (none for a pod made from a template, or not yet given an IP). */
export function endpointFamilies(endpoint: Endpoint): readonly Family[] {
  const known = endpoint.kind === 'pod' && endpoint.family === undefined ? podFamilies.get(endpoint.pod) : undefined;
  if (known) return known;
  const families = new Set(endpointAddresses(endpoint).map((a) => a.family));
  const result = ([4, 6] as const).filter((f) => families.has(f));
  if (endpoint.kind === 'pod' && endpoint.family === undefined) podFamilies.set(endpoint.pod, result);
  return result;
}
const podFamilies = new WeakMap<Pod, readonly Family[]>();
