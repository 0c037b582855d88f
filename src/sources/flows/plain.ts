// The plain flow schema, for every other source of flows: JSON lines
// {"time", "source", "destination", "protocol", "port", "verdict"} or CSV with that header, where
// an end is NAMESPACE/POD or an IP address and verdict is allowed|denied (forwarded|dropped too).
import type { FlowEndpoint, FlowRecord, LoggedVerdict } from '../../model/flow.js';
import { portOf, protocolOf, timeOf, type Json } from './fields.js';

export const PLAIN_COLUMNS = ['time', 'source', 'destination', 'protocol', 'port', 'verdict'] as const;

export const isPlain = (value: Json): boolean => typeof value.source === 'string' && typeof value.destination === 'string';

function endpointOf(value: string): FlowEndpoint | undefined {
  const slash = value.indexOf('/');
  if (slash > 0 && slash < value.length - 1 && value.indexOf('/', slash + 1) < 0) return { namespace: value.slice(0, slash), pod: value.slice(slash + 1) };
  return /^[0-9a-fA-F.:]+$/.test(value) ? { ip: value } : undefined;
}

function verdictOf(value: unknown): LoggedVerdict | undefined {
  const v = typeof value === 'string' ? value.toLowerCase() : '';
  if (v === 'allowed' || v === 'allow' || v === 'forwarded') return 'allowed';
  if (v === 'denied' || v === 'deny' || v === 'dropped') return 'denied';
  return undefined;
}

export function readPlain(record: Json, file: string, line: number): FlowRecord {
  const problem = (message: string): FlowRecord => ({ kind: 'problem', problem: { file, line, message } });
  const source = endpointOf(String(record.source));
  if (!source) return problem('source: not NAMESPACE/POD or an IP address');
  const destination = endpointOf(String(record.destination));
  if (!destination) return problem('destination: not NAMESPACE/POD or an IP address');
  const protocol = protocolOf(record.protocol ?? 'TCP');
  if (!protocol) return problem('protocol: not TCP, UDP or SCTP');
  const port = portOf(record.port);
  if (port === undefined) return problem('port: missing or not a port');
  const verdict = verdictOf(record.verdict);
  if (!verdict) return problem('verdict: not allowed or denied');
  const time = timeOf(record.time);
  return { kind: 'flow', flow: { format: 'plain', file, line, ...(time ? { time } : {}), source, destination, protocol, port, verdict } };
}

/** A CSV line of the plain schema (no quoting: none of its fields contains a comma). */
export function csvRecord(line: string): Json | undefined {
  const cells = line.split(',').map((c) => c.trim());
  if (cells.length !== PLAIN_COLUMNS.length) return undefined;
  return Object.fromEntries(PLAIN_COLUMNS.map((c, i) => [c, cells[i]]));
}
