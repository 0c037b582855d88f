// The two ends of a connection: a pod, or an address outside the pod network.
import type { Pod } from '../model/snapshot.js';
import { parseIp, type IpAddress } from './sets/ip.js';

export type Endpoint =
  | { readonly kind: 'pod'; readonly pod: Pod }
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

/** The addresses an endpoint's traffic carries: a hostNetwork pod speaks with its node's address. */
export function endpointAddresses(endpoint: Endpoint): IpAddress[] {
  if (endpoint.kind === 'address') return [endpoint.address];
  const texts = endpoint.pod.ips.length > 0 ? endpoint.pod.ips : endpoint.pod.hostNetwork && endpoint.pod.hostIP ? [endpoint.pod.hostIP] : [];
  return texts.flatMap((t) => {
    const ip = parseIp(t);
    return ip ? [ip] : [];
  });
}
