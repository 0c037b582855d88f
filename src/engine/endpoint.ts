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
export function nodeAddresses(pod: Pod): IpAddress[] {
  return parseAll(pod.hostIPs && pod.hostIPs.length > 0 ? pod.hostIPs : pod.hostIP ? [pod.hostIP] : []);
}

const parseAll = (texts: readonly string[]): IpAddress[] =>
  texts.flatMap((t) => {
    const ip = parseIp(t);
    return ip ? [ip] : [];
  });

/**
 * The addresses an endpoint's traffic carries (of its family, when it is bound to one): a
 * hostNetwork pod speaks with its node's addresses.
 */
export function endpointAddresses(endpoint: Endpoint): IpAddress[] {
  if (endpoint.kind === 'address') return [endpoint.address];
  const { pod, family } = endpoint;
  const all = pod.ips.length > 0 ? parseAll(pod.ips) : pod.hostNetwork ? nodeAddresses(pod) : [];
  return family === undefined ? all : all.filter((a) => a.family === family);
}

/** The address families an endpoint has an address of (none for a pod made from a template, or not yet given an IP). */
export function endpointFamilies(endpoint: Endpoint): Family[] {
  const families = new Set(endpointAddresses(endpoint).map((a) => a.family));
  return ([4, 6] as const).filter((f) => families.has(f));
}
