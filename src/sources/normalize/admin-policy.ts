// policy.networking.k8s.io objects (JSON shape) -> the normalized admin policy model:
// ClusterNetworkPolicy v1beta1 and v1alpha2 (identical schemas), AdminNetworkPolicy and
// BaselineAdminNetworkPolicy v1alpha1; and core/v1 Nodes for `nodes` peers. Field names follow the
// Go types of sigs.k8s.io/network-policy-api v0.3.1. Objects written by hand (strict) may hold no
// field the API does not define; objects read from a cluster may (a newer CRD): a peer with no
// field this version knows then fails closed, as the API asks.
import type { AdminAction, AdminPeer, AdminPolicy, AdminPolicyKind, AdminPort, AdminRule, AdminSubject, Node } from '../../model/admin-policy.js';
import type { LabelSelector } from '../../model/policy.js';
import { quote } from '../../model/quote.js';
import type { Origin, Protocol } from '../../model/snapshot.js';
import { readSelector } from './policy.js';
import type { Raw, RawReader } from './raw.js';

const SELECTOR_FIELDS = ['matchLabels', 'matchExpressions'];
const NAMESPACED_POD_FIELDS = ['namespaceSelector', 'podSelector'];

/** Reads one object's fields; `strict` makes every field the API does not define an error. */
class AdminReader {
  constructor(
    readonly r: RawReader,
    readonly strict: boolean,
  ) {}

  /** The object at `path`, after checking (when strict) that it has only `known` fields. */
  object(value: unknown, path: string, known: readonly string[]): Raw {
    const rec = this.r.record(value, path) ?? {};
    if (this.strict) {
      for (const key of Object.keys(rec)) {
        if (!known.includes(key)) this.r.fail(path ? `${path}.${key}` : key, `unknown field ${quote(key)} (${path || 'the object'} has ${known.join(', ')})`);
      }
    }
    return rec;
  }

  selector(value: unknown, path: string): LabelSelector {
    this.object(value, path, SELECTOR_FIELDS);
    const selector = readSelector(this.r, value, path);
    if (this.strict) {
      const expressions = this.r.list((this.r.record(value, path) ?? {})['matchExpressions'], `${path}.matchExpressions`) ?? [];
      expressions.forEach((e, i) => this.object(e, `${path}.matchExpressions[${i}]`, ['key', 'operator', 'values']));
    }
    return selector;
  }

  namespacedPod(value: unknown, path: string): { namespaces: LabelSelector; pods: LabelSelector } {
    // Both selectors are required by the CRDs; a missing one is read as {} (every pod, every namespace),
    // as other analyzers read it.
    const rec = this.object(value, path, NAMESPACED_POD_FIELDS);
    return { namespaces: this.selector(rec['namespaceSelector'], `${path}.namespaceSelector`), pods: this.selector(rec['podSelector'], `${path}.podSelector`) };
  }

  integerIn(value: unknown, path: string, min: number, max: number): number | undefined {
    const n = this.r.integer(value, path);
    if (n !== undefined && (n < min || n > max)) this.r.fail(path, `${n} is out of range (${min} to ${max})`);
    return n;
  }
}

/** Exactly one field: what `MinProperties=1, MaxProperties=1` objects hold. */
function oneField(a: AdminReader, rec: Raw, path: string, fields: readonly string[], what: string): string | undefined {
  const set = fields.filter((f) => rec[f] != null);
  if (set.length > 1) a.r.fail(path, `${what} sets ${set.join(' and ')}: exactly one is allowed`);
  return set[0];
}

function readSubject(a: AdminReader, value: unknown, path: string): AdminSubject {
  if (value == null) a.r.fail(path, 'a subject is required (namespaces or pods)');
  const rec = a.object(value, path, ['namespaces', 'pods']);
  const field = oneField(a, rec, path, ['namespaces', 'pods'], 'the subject');
  if (field === 'namespaces') return { kind: 'namespaces', namespaces: a.selector(rec['namespaces'], `${path}.namespaces`) };
  if (field === 'pods') return { kind: 'pods', ...a.namespacedPod(rec['pods'], `${path}.pods`) };
  return a.r.fail(path, 'the subject needs namespaces or pods');
}

const INGRESS_PEER_FIELDS = ['namespaces', 'pods'];

function readPeer(a: AdminReader, value: unknown, path: string, fields: readonly string[]): AdminPeer {
  const rec = a.object(value, path, fields);
  switch (oneField(a, rec, path, fields, 'the peer')) {
    case 'namespaces':
      return { kind: 'namespaces', namespaces: a.selector(rec['namespaces'], `${path}.namespaces`) };
    case 'pods':
      return { kind: 'pods', ...a.namespacedPod(rec['pods'], `${path}.pods`) };
    case 'nodes':
      return { kind: 'nodes', nodes: a.selector(rec['nodes'], `${path}.nodes`) };
    case 'networks': {
      const cidrs = stringList(a, rec['networks'], `${path}.networks`);
      if (cidrs.length === 0) a.r.fail(`${path}.networks`, 'networks needs at least one CIDR');
      return { kind: 'networks', cidrs };
    }
    case 'domainNames': {
      const names = stringList(a, rec['domainNames'], `${path}.domainNames`);
      if (names.length === 0) a.r.fail(`${path}.domainNames`, 'domainNames needs at least one name');
      return { kind: 'domainNames', names };
    }
    default:
      // No field this version knows (or `{}`): fails closed in the engine, as the API documents.
      return { kind: 'empty' };
  }
}

function stringList(a: AdminReader, value: unknown, path: string): string[] {
  return (a.r.list(value, path) ?? []).map((v, i) => {
    if (typeof v !== 'string') a.r.fail(`${path}[${i}]`, 'expected a string');
    return v;
  });
}

function readProtocol(a: AdminReader, value: unknown, path: string): Protocol {
  const p = a.r.string(value, path) ?? 'TCP';
  if (p !== 'TCP' && p !== 'UDP' && p !== 'SCTP') a.r.fail(path, `${quote(p)} is not a protocol (TCP, UDP or SCTP)`);
  return p;
}

function portRange(a: AdminReader, rec: Raw, path: string, protocol: Protocol): AdminPort {
  const start = a.integerIn(rec['start'], `${path}.start`, 1, 65535);
  const end = a.integerIn(rec['end'], `${path}.end`, 1, 65535);
  if (start === undefined) return a.r.fail(`${path}.start`, 'a port range needs start');
  if (end === undefined) return a.r.fail(`${path}.end`, 'a port range needs end');
  return { kind: 'range', protocol, start, end, written: 'range' };
}

/** A ClusterNetworkPolicy `protocols` entry: tcp, udp, sctp (each with an optional destinationPort) or destinationNamedPort. */
function readCnpProtocol(a: AdminReader, value: unknown, path: string): AdminPort {
  const fields = ['tcp', 'udp', 'sctp', 'destinationNamedPort'];
  const rec = a.object(value, path, fields);
  const field = oneField(a, rec, path, fields, 'the protocols entry');
  if (field === undefined) return a.r.fail(path, 'a protocols entry needs tcp, udp, sctp or destinationNamedPort');
  if (field === 'destinationNamedPort') {
    const name = a.r.string(rec['destinationNamedPort'], `${path}.destinationNamedPort`) ?? '';
    if (!name) a.r.fail(`${path}.destinationNamedPort`, 'expected a port name');
    return { kind: 'named', name };
  }
  const protocol = field.toUpperCase() as Protocol;
  const at = `${path}.${field}`;
  const proto = a.object(rec[field], at, ['destinationPort']);
  if (proto['destinationPort'] == null) return { kind: 'protocol', protocol };
  const port = a.object(proto['destinationPort'], `${at}.destinationPort`, ['number', 'range']);
  const which = oneField(a, port, `${at}.destinationPort`, ['number', 'range'], 'destinationPort');
  if (which === 'number') {
    const n = a.integerIn(port['number'], `${at}.destinationPort.number`, 1, 65535)!;
    return { kind: 'range', protocol, start: n, end: n, written: 'number' };
  }
  if (which === 'range') return portRange(a, a.object(port['range'], `${at}.destinationPort.range`, ['start', 'end']), `${at}.destinationPort.range`, protocol);
  return a.r.fail(`${at}.destinationPort`, 'destinationPort needs number or range');
}

/** A v1alpha1 `ports` entry: portNumber, namedPort or portRange (protocols default to TCP). */
function readAnpPort(a: AdminReader, value: unknown, path: string): AdminPort {
  const fields = ['portNumber', 'namedPort', 'portRange'];
  const rec = a.object(value, path, fields);
  switch (oneField(a, rec, path, fields, 'the ports entry')) {
    case 'portNumber': {
      const at = `${path}.portNumber`;
      const p = a.object(rec['portNumber'], at, ['protocol', 'port']);
      const port = a.integerIn(p['port'], `${at}.port`, 1, 65535);
      if (port === undefined) return a.r.fail(`${at}.port`, 'portNumber needs port');
      return { kind: 'range', protocol: readProtocol(a, p['protocol'], `${at}.protocol`), start: port, end: port, written: 'number' };
    }
    case 'namedPort': {
      const name = a.r.string(rec['namedPort'], `${path}.namedPort`) ?? '';
      if (!name) a.r.fail(`${path}.namedPort`, 'expected a port name');
      return { kind: 'named', name };
    }
    case 'portRange': {
      const at = `${path}.portRange`;
      const p = a.object(rec['portRange'], at, ['protocol', 'start', 'end']);
      return portRange(a, p, at, readProtocol(a, p['protocol'], `${at}.protocol`));
    }
    default:
      return a.r.fail(path, 'a ports entry needs portNumber, namedPort or portRange');
  }
}

interface Dialect {
  readonly actions: readonly AdminAction[];
  readonly portsField: 'protocols' | 'ports';
  readonly egressPeers: readonly string[];
  readonly port: (a: AdminReader, value: unknown, path: string) => AdminPort;
}

const CNP: Dialect = { actions: ['Accept', 'Deny', 'Pass'], portsField: 'protocols', egressPeers: ['namespaces', 'pods', 'nodes', 'networks', 'domainNames'], port: readCnpProtocol };
const ANP: Dialect = { actions: ['Allow', 'Deny', 'Pass'], portsField: 'ports', egressPeers: ['namespaces', 'pods', 'nodes', 'networks', 'domainNames'], port: readAnpPort };
const BANP: Dialect = { actions: ['Allow', 'Deny'], portsField: 'ports', egressPeers: ['namespaces', 'pods', 'nodes', 'networks'], port: readAnpPort };

function readRule(a: AdminReader, d: Dialect, value: unknown, path: string, direction: 'ingress' | 'egress'): AdminRule {
  const peersField = direction === 'ingress' ? 'from' : 'to';
  const rec = a.object(value, path, ['name', 'action', peersField, d.portsField]);
  const name = a.r.string(rec['name'], `${path}.name`);
  const action = a.r.string(rec['action'], `${path}.action`);
  if (action === undefined) a.r.fail(`${path}.action`, `a rule needs an action (${d.actions.join(', ')})`);
  if (!(d.actions as readonly string[]).includes(action)) a.r.fail(`${path}.action`, `${quote(action)} is not an action here (${d.actions.join(', ')})`);
  const peers = a.r.list(rec[peersField], `${path}.${peersField}`) ?? [];
  if (peers.length === 0) a.r.fail(`${path}.${peersField}`, `a rule needs at least one peer in ${peersField}`);
  const fields = direction === 'ingress' ? INGRESS_PEER_FIELDS : d.egressPeers;
  const ports = a.r.list(rec[d.portsField], `${path}.${d.portsField}`);
  if (ports !== undefined && ports.length === 0) a.r.fail(`${path}.${d.portsField}`, `${d.portsField} needs at least one entry (leave it out for every port)`);
  return {
    ...(name ? { name } : {}),
    action: action as AdminAction,
    peers: peers.map((p, i) => readPeer(a, p, `${path}.${peersField}[${i}]`, fields)),
    ports: ports === undefined ? 'all' : ports.map((p, i) => d.port(a, p, `${path}.${d.portsField}[${i}]`)),
  };
}

/** The admin policy kinds and the versions read (others are reported as not evaluated). */
export const ADMIN_POLICY_VERSIONS: Readonly<Record<AdminPolicyKind, readonly string[]>> = {
  ClusterNetworkPolicy: ['v1beta1', 'v1alpha2'],
  AdminNetworkPolicy: ['v1alpha1'],
  BaselineAdminNetworkPolicy: ['v1alpha1'],
};

export const isAdminPolicyKind = (kind: string): kind is AdminPolicyKind => Object.hasOwn(ADMIN_POLICY_VERSIONS, kind);

export function readAdminPolicy(r: RawReader, obj: Raw, kind: AdminPolicyKind, apiVersion: string, name: string, origin: Origin, strict: boolean): AdminPolicy {
  const a = new AdminReader(r, strict);
  a.object(obj, '', ['apiVersion', 'kind', 'metadata', 'spec', 'status']);
  const d = kind === 'ClusterNetworkPolicy' ? CNP : kind === 'AdminNetworkPolicy' ? ANP : BANP;
  const specFields = ['subject', 'ingress', 'egress', ...(kind === 'BaselineAdminNetworkPolicy' ? [] : ['priority']), ...(kind === 'ClusterNetworkPolicy' ? ['tier'] : [])];
  const spec = a.object(obj['spec'], 'spec', specFields);
  let tier: AdminPolicy['tier'];
  if (kind === 'ClusterNetworkPolicy') {
    const written = r.string(spec['tier'], 'spec.tier');
    if (written !== 'Admin' && written !== 'Baseline') return r.fail('spec.tier', written === undefined ? 'a tier is required (Admin or Baseline)' : `${quote(written)} is not a tier (Admin or Baseline)`);
    tier = written;
  } else tier = kind === 'AdminNetworkPolicy' ? 'Admin' : 'Baseline';
  let priority: number | undefined;
  if (kind !== 'BaselineAdminNetworkPolicy') {
    priority = a.integerIn(spec['priority'], 'spec.priority', 0, 1000);
    if (priority === undefined) r.fail('spec.priority', 'a priority is required (0 to 1000, lower first)');
  } else if (name !== 'default') {
    r.fail('metadata.name', `a BaselineAdminNetworkPolicy must be named "default" (the API allows only that one)`);
  }
  const ingress = r.list(spec['ingress'], 'spec.ingress') ?? [];
  const egress = r.list(spec['egress'], 'spec.egress') ?? [];
  return {
    kind,
    apiVersion,
    name,
    tier,
    ...(priority !== undefined ? { priority } : {}),
    subject: readSubject(a, spec['subject'], 'spec.subject'),
    ingress: ingress.map((rule, i) => readRule(a, d, rule, `spec.ingress[${i}]`, 'ingress')),
    egress: egress.map((rule, i) => readRule(a, d, rule, `spec.egress[${i}]`, 'egress')),
    origin,
  };
}

/** A core/v1 Node: labels and the IP addresses among status.addresses (host names are not addresses). */
export function readNode(r: RawReader, obj: Raw, name: string, origin: Origin, strict: boolean): Node {
  const a = new AdminReader(r, strict);
  a.object(obj, '', ['apiVersion', 'kind', 'metadata', 'spec', 'status']);
  const metadata = r.record(obj['metadata'], 'metadata') ?? {};
  const status = r.record(obj['status'], 'status') ?? {};
  const addresses = (r.list(status['addresses'], 'status.addresses') ?? []).flatMap((entry, i) => {
    const rec = a.object(entry, `status.addresses[${i}]`, ['type', 'address']);
    const type = r.string(rec['type'], `status.addresses[${i}].type`);
    const address = r.string(rec['address'], `status.addresses[${i}].address`);
    return address && (type === 'InternalIP' || type === 'ExternalIP') ? [address] : [];
  });
  return { name, labels: r.stringMap(metadata['labels'], 'metadata.labels'), addresses, origin };
}
