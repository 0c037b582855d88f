// Why the `ports` of a rule do not admit the port a connection asks for.
import type { PolicyPort } from '../../model/policy.js';
import type { Protocol } from '../../model/snapshot.js';
import type { Endpoint } from '../endpoint.js';
import type { FailedCriterion } from './criterion.js';

/** The port asked about: one port, any port of a protocol (no number), or any port at all (undefined query). */
export interface PortQuery {
  readonly protocol: Protocol;
  readonly number?: number;
}

export const portQueryText = (q: PortQuery | undefined): string =>
  q === undefined ? 'any port' : q.number === undefined ? `${q.protocol} (any port)` : `${q.protocol} ${q.number}`;

/** `TCP 80`, `TCP 8000-8080`, `UDP (all ports)`, `TCP metrics`. */
export function portEntryText(p: PolicyPort): string {
  if (p.port === undefined) return `${p.protocol} (all ports)`;
  if (p.endPort !== undefined && typeof p.port === 'number') return `${p.protocol} ${p.port}-${p.endPort}`;
  return `${p.protocol} ${p.port}`;
}

export const rulePortsText = (ports: readonly PolicyPort[]): string => ports.map(portEntryText).join(', ');

type Resolved =
  | { readonly kind: 'ports'; readonly protocol: string; readonly from: number; readonly to: number }
  | { readonly kind: 'undeclared'; readonly name: string; readonly protocol: string }
  | { readonly kind: 'other-protocol'; readonly name: string; readonly protocol: string; readonly declared: string };

/** What one entry means on the destination (named ports resolve on the destination pod). */
function resolveEntry(p: PolicyPort, destination: Endpoint): Resolved {
  if (p.port === undefined) return { kind: 'ports', protocol: p.protocol, from: 1, to: 65535 };
  if (typeof p.port === 'number') return { kind: 'ports', protocol: p.protocol, from: p.port, to: p.endPort ?? p.port };
  const declared = destination.kind === 'pod' ? destination.pod.ports.filter((c) => c.name === p.port) : [];
  const same = declared.find((c) => c.protocol === p.protocol);
  if (same) return { kind: 'ports', protocol: p.protocol, from: same.port, to: same.port };
  if (declared.length > 0) return { kind: 'other-protocol', name: p.port, protocol: p.protocol, declared: declared.map((c) => `${c.protocol} ${c.port}`).join(', ') };
  return { kind: 'undeclared', name: p.port, protocol: p.protocol };
}

const admits = (r: Resolved, q: PortQuery | undefined): boolean =>
  r.kind === 'ports' && (q === undefined || (r.protocol === q.protocol && (q.number === undefined || (r.from <= q.number && q.number <= r.to))));

function namedMiss(r: Extract<Resolved, { kind: 'undeclared' | 'other-protocol' }>, destination: Endpoint): FailedCriterion {
  if (r.kind === 'other-protocol') return { criterion: 'named-port-protocol', wanted: `${r.name}/${r.protocol}`, actual: `the destination declares ${r.name} as ${r.declared}` };
  return {
    criterion: 'named-port-undeclared',
    wanted: `${r.name}/${r.protocol}`,
    actual: destination.kind === 'pod' ? `the destination declares no port named ${r.name}` : 'an address has no named ports',
  };
}

/**
 * The criterion a rule's ports fail for the query, or undefined when some entry admits it. The
 * closest entry explains: a named port the destination lacks, then a range, then another port of
 * the protocol, then another protocol.
 */
export function portMiss(ports: 'all' | readonly PolicyPort[], destination: Endpoint, query: PortQuery | undefined): FailedCriterion | undefined {
  if (ports === 'all') return undefined;
  const resolved = ports.map((p) => ({ entry: p, resolved: resolveEntry(p, destination) }));
  if (resolved.some((r) => admits(r.resolved, query))) return undefined;
  const wanted = rulePortsText(ports);
  const actual = portQueryText(query);
  const sameProtocol = resolved.filter((r) => query === undefined || r.entry.protocol === query.protocol);
  const named = sameProtocol.find((r) => r.resolved.kind !== 'ports') ?? resolved.find((r) => r.resolved.kind === 'other-protocol');
  if (named && named.resolved.kind !== 'ports') return namedMiss(named.resolved, destination);
  if (query === undefined) return { criterion: 'port-not-in-rule', wanted, actual };
  if (sameProtocol.some((r) => r.entry.endPort !== undefined)) {
    const range = sameProtocol.find((r) => r.entry.endPort !== undefined)!;
    return { criterion: 'port-range', wanted: portEntryText(range.entry), actual };
  }
  if (sameProtocol.length > 0) return { criterion: 'port-not-in-rule', wanted, actual };
  return { criterion: 'port-protocol', wanted, actual };
}
