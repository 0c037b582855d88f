// Observed traffic for the benchmark cluster, generated deterministically from a seed: Hubble
// `hubble observe -o jsonpb` lines ({"flow": {...}, "node_name", "time"}) between the pods of a
// generated cluster (scripts/bench/generate-cluster.mjs). Plain ESM, Node built-ins only.
//
//   node scripts/bench/generate-flows.mjs --cluster .cache/bench/10k/cluster.json --flows 1000000 [--seed 1] [--out FILE]
//
// Shape of the traffic: every pod not on the host network resolves names through a cluster DNS pod
// (UDP 53), talks to two pods of its own namespace that declare a port, sometimes to one of another
// namespace, and sometimes to a public address on 443. Flows repeat those connections (as real
// traffic does): a quarter are replies, one in a hundred a drop by policy, one in fifty an L7 record.
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

/** Bumped whenever the output changes, so that cached files are regenerated. */
export const FLOWS_GENERATOR_VERSION = 1;

/** mulberry32, as the cluster generator. */
function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n) => Math.floor(next() * n), pick: (list) => list[Math.floor(next() * list.length)], chance: (p) => next() < p };
}

/** The pods of a `kubectl get -o json` List written one object per line. */
function readPods(clusterFile) {
  const pods = [];
  for (const line of readFileSync(clusterFile, 'utf8').split('\n')) {
    if (!line.includes('"kind":"Pod"')) continue;
    const object = JSON.parse(line.replace(/,\s*$/, ''));
    if (object.kind !== 'Pod' || !object.status?.podIP) continue;
    const ports = (object.spec.containers ?? []).flatMap((c) => c.ports ?? []).filter((p) => (p.protocol ?? 'TCP') === 'TCP');
    pods.push({
      namespace: object.metadata.namespace,
      name: object.metadata.name,
      labels: object.metadata.labels ?? {},
      owner: object.metadata.ownerReferences?.[0],
      ip: object.status.podIP,
      node: object.spec.nodeName ?? 'node-1',
      hostNetwork: object.spec.hostNetwork === true,
      port: ports[0]?.containerPort,
    });
  }
  return pods;
}

/** The distinct connections the pods make. */
function connectionsOf(pods, random) {
  const dns = pods.filter((p) => p.labels['k8s-app'] === 'kube-dns');
  const servers = new Map();
  for (const p of pods) if (p.port !== undefined && !p.hostNetwork) (servers.get(p.namespace) ?? servers.set(p.namespace, []).get(p.namespace)).push(p);
  const namespaces = [...servers.keys()];
  const connections = [];
  for (const client of pods) {
    if (client.hostNetwork) continue;
    if (dns.length > 0) connections.push({ from: client, to: random.pick(dns), protocol: 'UDP', port: 53 });
    const local = (servers.get(client.namespace) ?? []).filter((p) => p !== client);
    for (let i = 0; i < 2 && local.length > 0; i++) {
      const to = random.pick(local);
      connections.push({ from: client, to, protocol: 'TCP', port: to.port });
    }
    if (random.chance(0.3)) {
      const to = random.pick(servers.get(random.pick(namespaces)));
      if (to !== client) connections.push({ from: client, to, protocol: 'TCP', port: to.port });
    }
    if (random.chance(0.1)) connections.push({ from: client, to: `93.184.${random.int(4)}.${1 + random.int(250)}`, protocol: 'TCP', port: 443 });
  }
  return connections;
}

const HEX = '0123456789abcdef';
const uuid = (random) => Array.from({ length: 32 }, (_, i) => (i === 12 ? '4' : HEX[random.int(16)])).join('').replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');

function endpoint(end, identity) {
  if (typeof end === 'string') return { ID: 0, identity: 2, labels: ['reserved:world'] };
  return {
    ID: 1000 + (identity % 60000),
    identity: 20000 + (identity % 40000),
    namespace: end.namespace,
    labels: [...Object.entries(end.labels).map(([k, v]) => `k8s:${k}=${v}`), `k8s:io.kubernetes.pod.namespace=${end.namespace}`],
    pod_name: end.name,
    ...(end.owner ? { workloads: [{ name: end.owner.name, kind: end.owner.kind }] } : {}),
  };
}

/** Writes `count` flow lines to `out`; returns the number of bytes and distinct connections. */
export function writeFlows(clusterFile, out, { seed = 1, count = 1_000_000 } = {}) {
  const random = prng(seed * 7919 + 17);
  const pods = readPods(clusterFile);
  const connections = connectionsOf(pods, random);
  const fd = openSync(out, 'w');
  const start = Date.UTC(2026, 11, 7, 8, 0, 0);
  let bytes = 0;
  let buffer = '';
  for (let n = 0; n < count; n++) {
    const c = connections[random.int(connections.length)];
    const reply = random.chance(0.25);
    const dropped = !reply && random.chance(0.01);
    const l7 = !reply && !dropped && random.chance(0.02);
    const [from, to] = reply ? [c.to, c.from] : [c.from, c.to];
    const sourcePort = 32768 + random.int(28000);
    const [sport, dport] = reply ? [c.port, sourcePort] : [sourcePort, c.port];
    const ip = (end) => (typeof end === 'string' ? end : end.ip);
    const node = typeof c.from === 'string' ? c.to.node : c.from.node;
    const time = new Date(start + Math.floor(n * 3.6)).toISOString().replace('Z', '123456Z');
    const flow = {
      time,
      uuid: uuid(random),
      verdict: dropped ? 'DROPPED' : 'FORWARDED',
      ...(dropped ? { drop_reason: 133, drop_reason_desc: 'POLICY_DENIED' } : {}),
      ethernet: { source: '0a:58:0a:f4:00:01', destination: '0a:58:0a:f4:00:02' },
      IP: { source: ip(from), destination: ip(to), ipVersion: 'IPv4' },
      l4: { [c.protocol]: c.protocol === 'TCP' ? { source_port: sport, destination_port: dport, flags: reply ? { SYN: true, ACK: true } : { SYN: true } } : { source_port: sport, destination_port: dport } },
      source: endpoint(from, n),
      destination: endpoint(to, n + 1),
      Type: l7 ? 'L7' : 'L3_L4',
      node_name: node,
      event_type: { type: l7 ? 129 : dropped ? 1 : 4, ...(l7 || dropped ? {} : { sub_type: 3 }) },
      traffic_direction: reply ? 'INGRESS' : 'EGRESS',
      trace_observation_point: 'TO_ENDPOINT',
      is_reply: reply,
      Summary: c.protocol === 'TCP' ? `TCP Flags: ${reply ? 'SYN, ACK' : 'SYN'}` : 'UDP',
    };
    buffer += `${JSON.stringify({ flow, node_name: node, time })}\n`;
    if (buffer.length > 1 << 20) {
      bytes += writeSync(fd, buffer);
      buffer = '';
    }
  }
  bytes += writeSync(fd, buffer);
  closeSync(fd);
  return { bytes, connections: connections.length, pods: pods.length };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { cluster: { type: 'string' }, flows: { type: 'string', default: '1000000' }, seed: { type: 'string', default: '1' }, out: { type: 'string' } } });
  if (!values.cluster) throw new Error('--cluster FILE: the cluster.json the flows run between');
  const out = values.out ?? values.cluster.replace(/cluster\.json$/, 'flows.jsonl');
  const r = writeFlows(values.cluster, out, { seed: Number(values.seed), count: Number(values.flows) });
  console.log(`${out}: ${values.flows} flows, ${(r.bytes / 2 ** 20).toFixed(0)} MB, ${r.connections} distinct connections between ${r.pods} pods`);
}
