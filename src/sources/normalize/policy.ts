// networking.k8s.io/v1 NetworkPolicy (JSON shape) -> the normalized model, with API server defaulting.
import type { LabelSelector, NetworkPolicy, Peer, PolicyPort, PolicyRule, PolicyType } from '../../model/policy.js';
import type { Origin } from '../../model/snapshot.js';
import type { Raw, RawReader } from './raw.js';

export function readSelector(r: RawReader, value: unknown, path: string): LabelSelector {
  const rec = r.record(value, path) ?? {};
  const expressions = r.list(rec['matchExpressions'], `${path}.matchExpressions`) ?? [];
  return {
    matchLabels: r.stringMap(rec['matchLabels'], `${path}.matchLabels`),
    matchExpressions: expressions.map((e, i) => {
      const at = `${path}.matchExpressions[${i}]`;
      const req = r.record(e, at) ?? {};
      const key = r.string(req['key'], `${at}.key`);
      if (!key) r.fail(`${at}.key`, 'a selector requirement needs a key');
      const values = (r.list(req['values'], `${at}.values`) ?? []).map((v, j) => {
        if (typeof v !== 'string') r.fail(`${at}.values[${j}]`, 'expected a string');
        return v;
      });
      return { key, operator: r.string(req['operator'], `${at}.operator`) ?? '', values };
    }),
  };
}

function readPeer(r: RawReader, value: unknown, path: string): Peer {
  const rec = r.record(value, path) ?? {};
  const ipBlock = r.record(rec['ipBlock'], `${path}.ipBlock`);
  const hasPods = rec['podSelector'] != null;
  const hasNamespaces = rec['namespaceSelector'] != null;
  if (ipBlock) {
    if (hasPods || hasNamespaces) return { kind: 'invalid', reason: 'ipBlock-with-selector' };
    const cidr = r.string(ipBlock['cidr'], `${path}.ipBlock.cidr`);
    if (cidr === undefined) r.fail(`${path}.ipBlock.cidr`, 'ipBlock needs a cidr');
    const except = r.list(ipBlock['except'], `${path}.ipBlock.except`) ?? [];
    return {
      kind: 'ipBlock',
      cidr,
      except: except.map((e, i) => r.string(e, `${path}.ipBlock.except[${i}]`) ?? ''),
    };
  }
  if (!hasPods && !hasNamespaces) return { kind: 'invalid', reason: 'empty-peer' };
  return {
    kind: 'pods',
    ...(hasPods ? { podSelector: readSelector(r, rec['podSelector'], `${path}.podSelector`) } : {}),
    ...(hasNamespaces ? { namespaceSelector: readSelector(r, rec['namespaceSelector'], `${path}.namespaceSelector`) } : {}),
  };
}

function readPort(r: RawReader, value: unknown, path: string): PolicyPort {
  const rec = r.record(value, path) ?? {};
  const port = r.intOrString(rec['port'], `${path}.port`);
  const endPort = r.integer(rec['endPort'], `${path}.endPort`);
  return {
    protocol: r.string(rec['protocol'], `${path}.protocol`) ?? 'TCP',
    ...(port !== undefined ? { port } : {}),
    ...(endPort !== undefined ? { endPort } : {}),
  };
}

function readRule(r: RawReader, value: unknown, path: string, peersField: 'from' | 'to'): PolicyRule {
  const rec = r.record(value, path) ?? {};
  const peers = r.list(rec[peersField], `${path}.${peersField}`) ?? [];
  const ports = r.list(rec['ports'], `${path}.ports`) ?? [];
  // An empty or missing list means "every peer" / "every port".
  return {
    peers: peers.length === 0 ? 'all' : peers.map((p, i) => readPeer(r, p, `${path}.${peersField}[${i}]`)),
    ports: ports.length === 0 ? 'all' : ports.map((p, i) => readPort(r, p, `${path}.ports[${i}]`)),
  };
}

/**
 * policyTypes defaulting, as the API server does it: only when the list is empty, to Ingress plus
 * Egress if (and only if) there are egress rules.
 */
export function defaultPolicyTypes(declared: readonly string[], egressRuleCount: number): PolicyType[] {
  if (declared.length > 0) return declared as PolicyType[];
  return egressRuleCount > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
}

export function readNetworkPolicy(r: RawReader, obj: Raw, namespace: string, name: string, origin: Origin): NetworkPolicy {
  const spec = r.record(obj['spec'], 'spec') ?? {};
  const ingress = r.list(spec['ingress'], 'spec.ingress') ?? [];
  const egress = r.list(spec['egress'], 'spec.egress') ?? [];
  const declared = (r.list(spec['policyTypes'], 'spec.policyTypes') ?? []).map(
    (t, i) => r.string(t, `spec.policyTypes[${i}]`) ?? '',
  );
  return {
    namespace,
    name,
    podSelector: readSelector(r, spec['podSelector'], 'spec.podSelector'),
    policyTypes: defaultPolicyTypes(declared, egress.length),
    ...(declared.length === 0 ? { policyTypesDefaulted: true as const } : {}),
    ingress: ingress.map((rule, i) => readRule(r, rule, `spec.ingress[${i}]`, 'from')),
    egress: egress.map((rule, i) => readRule(r, rule, `spec.egress[${i}]`, 'to')),
    origin,
  };
}
