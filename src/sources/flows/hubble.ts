// Cilium Hubble flows: `hubble observe -o json|jsonpb` lines ({"flow": {...}}), exporter files
// ({"flow": {...}, "node_name", "time"}) and bare flow objects. Field names are those of Hubble's
// flow.proto as protojson prints them: source/destination {namespace, pod_name}, IP {source,
// destination}, l4 {TCP|UDP|SCTP {destination_port}}, verdict, is_reply, Type, drop_reason_desc, and
// the policies that decided it: {ingress,egress}_{allowed,denied}_by, lists of Policy {name,
// namespace, labels, revision, kind}.
import type { FlowEndpoint, FlowRecord, LoggedPolicy, LoggedVerdict } from '../../model/flow.js';
import { isObject, portOf, text, timeOf, type Json } from './fields.js';

/** A Hubble record: an object with `flow`, or a bare flow (it has a verdict and IP or endpoints). */
export const isHubble = (value: Json): boolean =>
  isObject(value.flow) || (typeof value.verdict === 'string' && (isObject(value.IP) || isObject(value.source) || isObject(value.l4)));

function verdictOf(flow: Json): LoggedVerdict | undefined {
  switch (flow.verdict) {
    case 'FORWARDED':
    case 'REDIRECTED':
    case 'TRANSLATED':
    case 'TRACED':
    // Audit mode: the policy would have denied it, but the packet went through.
    case 'AUDIT':
      return 'allowed';
    case 'DROPPED': {
      const reason = text(flow.drop_reason_desc);
      return reason === undefined || reason === 'POLICY_DENIED' || reason === 'POLICY_DENY' ? 'denied' : 'other';
    }
    case 'ERROR':
      return 'other';
    default:
      return undefined;
  }
}

function endpointOf(value: unknown, ip: string | undefined): FlowEndpoint {
  const e = isObject(value) ? value : {};
  const namespace = text(e.namespace);
  const pod = text(e.pod_name);
  return { ...(namespace ? { namespace } : {}), ...(pod ? { pod } : {}), ...(ip ? { ip } : {}) };
}

/** Cilium's labels of a policy rule name its source: `k8s:io.cilium.k8s.policy.name=web`, `...namespace=shop`, `...derived-from=NetworkPolicy`. */
function policyLabel(labels: unknown, key: string): string | undefined {
  if (!Array.isArray(labels)) return undefined;
  for (const label of labels) {
    if (typeof label !== 'string') continue;
    const at = label.indexOf(`io.cilium.k8s.policy.${key}=`);
    if (at >= 0 && (at === 0 || label[at - 1] === ':')) return text(label.slice(at + `io.cilium.k8s.policy.${key}=`.length));
  }
  return undefined;
}

const POLICY_FIELDS = [
  ['ingress', 'allowed', 'ingress_allowed_by', 'ingressAllowedBy'],
  ['egress', 'allowed', 'egress_allowed_by', 'egressAllowedBy'],
  ['ingress', 'denied', 'ingress_denied_by', 'ingressDeniedBy'],
  ['egress', 'denied', 'egress_denied_by', 'egressDeniedBy'],
] as const;

/** The policies the flow names as deciding it; entries without a name are left out. */
function policiesOf(flow: Json): LoggedPolicy[] {
  const out: LoggedPolicy[] = [];
  for (const [direction, effect, snake, camel] of POLICY_FIELDS) {
    const list = flow[snake] ?? flow[camel];
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      if (!isObject(entry)) continue;
      const name = text(entry.name) ?? policyLabel(entry.labels, 'name');
      if (!name) continue;
      const namespace = text(entry.namespace) ?? policyLabel(entry.labels, 'namespace');
      const kind = text(entry.kind) ?? policyLabel(entry.labels, 'derived-from');
      out.push({ direction, effect, name, ...(namespace ? { namespace } : {}), ...(kind ? { kind } : {}) });
    }
  }
  return out;
}

export function readHubble(record: Json, file: string, line: number): FlowRecord {
  const flow = isObject(record.flow) ? record.flow : record;
  const problem = (message: string): FlowRecord => ({ kind: 'problem', problem: { file, line, message } });
  // Replies belong to a connection already counted; is_reply is a wrapped bool, `reply` the older field.
  if (flow.is_reply === true || (flow.is_reply === undefined && flow.reply === true)) return { kind: 'skipped', reason: 'reply' };
  const type = flow.Type ?? flow.type;
  if (type !== undefined && type !== 'L3_L4') return { kind: 'skipped', reason: 'not-a-connection' };
  const verdict = verdictOf(flow);
  if (!verdict) return problem(`flow.verdict: ${typeof flow.verdict === 'string' ? `unknown verdict "${flow.verdict.slice(0, 40)}"` : 'missing'}`);
  const l4 = isObject(flow.l4) ? flow.l4 : undefined;
  if (!l4) return { kind: 'skipped', reason: 'not-a-connection' };
  const protocol = (['TCP', 'UDP', 'SCTP'] as const).find((p) => isObject(l4[p]));
  // ICMP and other protocols are not subject to NetworkPolicy ports.
  if (!protocol) return { kind: 'skipped', reason: 'not-a-connection' };
  const port = portOf((l4[protocol] as Json).destination_port);
  if (port === undefined) return problem(`flow.l4.${protocol}.destination_port: missing or not a port`);
  const ip = isObject(flow.IP) ? flow.IP : {};
  const source = endpointOf(flow.source, text(ip.source));
  const destination = endpointOf(flow.destination, text(ip.destination));
  if (!source.pod && !source.ip) return problem('flow.source: neither pod_name nor IP.source');
  if (!destination.pod && !destination.ip) return problem('flow.destination: neither pod_name nor IP.destination');
  const time = timeOf(flow.time) ?? timeOf(record.time);
  const policies = policiesOf(flow);
  return { kind: 'flow', flow: { format: 'hubble', file, line, ...(time ? { time } : {}), source, destination, protocol, port, verdict, ...(policies.length > 0 ? { policies } : {}) } };
}
