// Calico flow logs (JSON, as Felix writes them for Fluentd/Elasticsearch) and the Whisker/Goldmane
// flows API: source_namespace, source_name_aggr (a generate-name aggregate, `cart-7d9f8c6b5-*`) or
// source_name, source_ip, the same dest_*, dest_port, proto (or protocol), action allow|deny,
// reporter src|dst. Calico logs one record per connection: there are no replies to skip.
import type { FlowEndpoint, FlowRecord } from '../../model/flow.js';
import { portOf, protocolOf, text, timeOf, type Json } from './fields.js';

export const isCalico = (value: Json): boolean =>
  'source_namespace' in value || 'dest_namespace' in value || 'source_name_aggr' in value || 'dest_name_aggr' in value;

function endpointOf(record: Json, prefix: 'source' | 'dest'): FlowEndpoint {
  const namespace = text(record[`${prefix}_namespace`]);
  const name = text(record[`${prefix}_name`]);
  const aggr = text(record[`${prefix}_name_aggr`]);
  const ip = text(record[`${prefix}_ip`]);
  // `pub` and `pvt` name networks, not pods; a name ending in `*` is an aggregate of replicas.
  const podName = namespace ? (name && !name.endsWith('*') ? name : aggr ?? name) : undefined;
  const pod = podName && podName !== 'pub' && podName !== 'pvt' ? podName : undefined;
  const aggregated = pod?.endsWith('*') === true;
  return {
    ...(namespace ? { namespace } : {}),
    ...(pod ? { pod: aggregated ? pod.slice(0, -1) : pod, ...(aggregated ? { aggregated: true } : {}) } : {}),
    ...(ip ? { ip } : {}),
  };
}

export function readCalico(record: Json, file: string, line: number): FlowRecord {
  const problem = (message: string): FlowRecord => ({ kind: 'problem', problem: { file, line, message } });
  const action = typeof record.action === 'string' ? record.action.toLowerCase() : undefined;
  if (action !== 'allow' && action !== 'deny') return problem(`action: ${action === undefined ? 'missing' : `"${action.slice(0, 20)}" is not allow or deny`}`);
  const protocol = protocolOf(record.proto ?? record.protocol);
  if (!protocol) {
    // ICMP and other protocols are not subject to NetworkPolicy ports.
    if (record.proto !== undefined || record.protocol !== undefined) return { kind: 'skipped', reason: 'not-a-connection' };
    return problem('proto: missing');
  }
  const port = portOf(record.dest_port);
  if (port === undefined) return problem('dest_port: missing or not a port');
  const source = endpointOf(record, 'source');
  const destination = endpointOf(record, 'dest');
  if (!source.pod && !source.ip) return problem('source: neither a pod name nor source_ip');
  if (!destination.pod && !destination.ip) return problem('dest: neither a pod name nor dest_ip');
  const time = timeOf(record.start_time) ?? timeOf(record.time);
  return { kind: 'flow', flow: { format: 'calico', file, line, ...(time ? { time } : {}), source, destination, protocol, port, verdict: action === 'allow' ? 'allowed' : 'denied' } };
}
