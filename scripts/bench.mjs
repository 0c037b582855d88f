#!/usr/bin/env node
// Benchmarks of the engine on synthetic clusters (default 50,000 pods, 5,000 policies), run
// against the built dist/. Prints medians over several runs and the machine they ran on.
// Usage: npm run bench [-- --pods 50000 --policies 5000 --runs 5]
import { cpus, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { pods: { type: 'string', default: '50000' }, policies: { type: 'string', default: '5000' }, runs: { type: 'string', default: '5' } },
});
const PODS = Number(values.pods);
const POLICIES = Number(values.policies);
const RUNS = Number(values.runs);

const dist = new URL('../dist/', import.meta.url);
const { assembleSnapshot } = await import(new URL('sources/assemble.js', dist));
const { PolicyIndex } = await import(new URL('engine/compile.js', dist));
const { validatePolicies } = await import(new URL('engine/validate.js', dist));
const { evaluate } = await import(new URL('engine/evaluate.js', dist));
const { podEndpoint } = await import(new URL('engine/endpoint.js', dist));
const { computeCoverage } = await import(new URL('engine/analysis/coverage.js', dist));
const { findFindings } = await import(new URL('engine/analysis/findings.js', dist));
const { analysablePods } = await import(new URL('engine/analysis/isolation.js', dist));
const { peerResults } = await import(new URL('engine/analysis/pod-reach.js', dist));

/**
 * A deterministic cluster: 100 namespaces of 50 apps, each a Deployment of 10 replicas sharing their
 * labels (as a Deployment's pods do), and a mix of realistic policies.
 */
function syntheticObjects(podCount, policyCount) {
  const namespaces = 100;
  const objects = [];
  let seed = 42;
  const rand = (n) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
  for (let n = 0; n < namespaces; n++) objects.push({ kind: 'Namespace', metadata: { name: `ns-${n}`, labels: { team: `t${n % 10}`, env: n % 3 ? 'prod' : 'dev' } } });
  for (let i = 0; i < podCount; i++) {
    const ns = `ns-${i % namespaces}`;
    const app = `app-${Math.floor(i / namespaces) % 50}`;
    objects.push({
      kind: 'Pod',
      metadata: { name: `p-${i}`, namespace: ns, labels: { app, tier: ['web', 'api', 'db'][(Math.floor(i / namespaces) % 50) % 3], 'pod-template-hash': 'h1' }, ownerReferences: [{ kind: 'ReplicaSet', name: `${app}-h1`, controller: true }] },
      spec: { containers: [{ name: 'c', ports: [{ name: 'http', containerPort: 8080 }, { name: 'metrics', containerPort: 9090 }] }] },
      status: { phase: 'Running', podIP: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` },
    });
  }
  for (let p = 0; p < policyCount; p++) {
    const ns = `ns-${p % namespaces}`;
    const kind = p % 5;
    const spec =
      kind === 0
        ? { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }
        : kind === 1
          ? { podSelector: { matchLabels: { app: `app-${rand(50)}` } }, ingress: [{ from: [{ podSelector: { matchLabels: { tier: 'web' } } }], ports: [{ port: 'http' }] }] }
          : kind === 2
            ? { podSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['api', 'db'] }] }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: `t${rand(10)}` } } }], ports: [{ port: 8080 }, { port: 9000, endPort: 9100 }] }] }
            : kind === 3
              ? { podSelector: { matchLabels: { tier: 'web' } }, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }], ports: [{ port: 443 }] }, { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }], ports: [{ port: 53, protocol: 'UDP' }] }] }
              : { podSelector: { matchLabels: { app: `app-${rand(50)}` } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { env: 'prod' } }, podSelector: { matchLabels: { tier: 'api' } } }, { ipBlock: { cidr: `10.${rand(255)}.0.0/16` } }] }] };
    objects.push({ kind: 'NetworkPolicy', metadata: { name: `np-${p}`, namespace: ns }, spec });
  }
  return objects.map((object, i) => ({ object, origin: { file: 'bench', doc: i + 1 } }));
}

function median(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function bench(name, fn) {
  const samples = [];
  let result;
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    result = fn();
    samples.push(performance.now() - t0);
  }
  console.log(`${name.padEnd(58)} median ${median(samples).toFixed(1).padStart(8)} ms   (min ${Math.min(...samples).toFixed(1)}, max ${Math.max(...samples).toFixed(1)})`);
  return result;
}

console.log(`machine: ${cpus()[0]?.model ?? 'unknown cpu'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
console.log(`cluster: ${PODS} pods, ${POLICIES} policies, 100 namespaces; ${RUNS} runs each\n`);

const objects = syntheticObjects(PODS, POLICIES);
const snapshot = bench('assemble snapshot (normalize objects)', () => assembleSnapshot(objects, { defaultNamespace: 'default' }));
bench('validate policies', () => validatePolicies(snapshot.policies));
const index = bench('compile policies into the index', () => new PolicyIndex(snapshot));
const pods = analysablePods(snapshot);
bench('isolation + exposure of every pod (coverage)', () => computeCoverage(snapshot, index));
bench('findings', () => findFindings(snapshot, index));
bench(`who-can-reach one pod, uncached (${pods.length.toLocaleString('en')} evaluate calls)`, () => {
  const target = podEndpoint(pods[123]);
  let allowed = 0;
  for (const source of pods) if (!evaluate(podEndpoint(source), target, index).allowed.isEmpty()) allowed++;
  return allowed;
});
const workload = pods.filter((p) => p.namespace === pods[123].namespace && p.owner?.name === pods[123].owner?.name);
bench(`who-can-reach a ${workload.length}-pod workload (peerResults)`, () =>
  peerResults('inbound', { kind: 'pods', ref: { kind: 'pod', namespace: '', name: '' }, pods: workload }, pods, index).filter((r) => r.reachesAll).length,
);
bench(`reachable-from a ${workload.length}-pod workload (peerResults)`, () =>
  peerResults('outbound', { kind: 'pods', ref: { kind: 'pod', namespace: '', name: '' }, pods: workload }, pods, index).filter((r) => r.reachesAll).length,
);
bench('10,000 can-reach evaluations (random pairs)', () => {
  let allowed = 0;
  for (let i = 0; i < 10000; i++) {
    const from = pods[(i * 7919) % pods.length];
    const to = pods[(i * 104729) % pods.length];
    if (evaluate(podEndpoint(from), podEndpoint(to), index).allowed.has('TCP', 8080)) allowed++;
  }
  return allowed;
});
