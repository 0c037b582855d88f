// Which endpoints a Service destination was judged on, and which of its endpoints were not judged.
import { parseIp } from '../engine/sets/ip.js';
import type { ResolvedTarget } from '../engine/target.js';

export interface ServiceEndpointsView {
  /** `EndpointSlice` when the Service's EndpointSlices were read, else `selector`. */
  readonly endpointsFrom: 'EndpointSlice' | 'selector';
  /** Ready endpoints that no verdict covers: `ADDRESS` or `ADDRESS (pod NS/NAME, not read)`. */
  readonly notJudged?: string[];
}

/**
 * The endpoints note of a target (undefined unless it is a Service). `addressesJudged`: whether the
 * query judged endpoints outside the pod network as addresses (can-reach does; peer lists do not).
 */
export function serviceEndpointsView(target: ResolvedTarget, addressesJudged: boolean): ServiceEndpointsView | undefined {
  if (target.kind !== 'service') return undefined;
  const notJudged = target.addressBackends
    // A pod that was not read, or a name (FQDN slices) rather than an address, is judged nowhere.
    .filter((a) => a.pod !== undefined || !addressesJudged || parseIp(a.address) === undefined)
    .map((a) => (a.pod !== undefined ? `${a.address} (pod ${a.pod}, not read)` : a.address));
  return { endpointsFrom: target.endpointsFrom, ...(notJudged.length > 0 ? { notJudged } : {}) };
}
