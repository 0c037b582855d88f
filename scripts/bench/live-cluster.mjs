// The live part of the benchmark: a generated cluster loaded into the test control plane (etcd +
// kube-apiserver, started as the e2e suite starts it), then `kubectl-netpol coverage -A` against it
// beside the raw fetch of the same lists (`kubectl get --raw` of each, back to back).
//
// etcd's data is kept in .cache/bench/live-<size>/ between runs: loading 50,000 pods takes minutes,
// so it happens once (loaded.json records what was loaded; an interrupted load resumes).
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { startControlPlane } from '../test-cluster/control-plane.mjs';

/** The generated Services' clusterIPs are in 10.96.0.0/12 (the test control plane's default /24 holds 254). */
const SERVICE_RANGE = '10.96.0.0/12';
/** Pod Security admission would refuse the generated pods in namespaces labelled enforce: restricted. */
const APISERVER_ARGS = [`--service-cluster-ip-range=${SERVICE_RANGE}`, '--disable-admission-plugins=PodSecurity'];
/** Requests in flight while loading: enough to keep the API server busy on 2 cores. */
const LOAD_CONCURRENCY = 24;
/** The four lists coverage -A reads (besides discovery and the empty EndpointSlice list). */
export const RAW_LISTS = ['/api/v1/namespaces', '/api/v1/pods', '/api/v1/services', '/apis/networking.k8s.io/v1/networkpolicies'];

const median = (samples) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)];

/** Objects of a generated List file (one object per line), parsed one line at a time. */
async function* listObjects(path) {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.startsWith('{"apiVersion"') || line.endsWith('[')) continue;
    yield JSON.parse(line.endsWith(',') ? line.slice(0, -1) : line);
  }
}

/** What the API server takes on create: no server-set metadata, no status (a pod's is written after). */
function forCreate(object) {
  const { name, namespace, labels, annotations, ownerReferences, generateName } = object.metadata;
  const metadata = { name, ...(namespace ? { namespace } : {}), ...(labels ? { labels } : {}), ...(annotations ? { annotations } : {}), ...(ownerReferences ? { ownerReferences } : {}), ...(generateName ? { generateName } : {}) };
  const body = { apiVersion: object.apiVersion, kind: object.kind, metadata };
  if (object.kind === 'Pod') {
    // The Priority admission plugin sets these from priorityClassName; a value given beside it is refused.
    const { priority: _p, preemptionPolicy: _pp, ...spec } = object.spec;
    return { ...body, spec };
  }
  return object.spec ? { ...body, spec: object.spec } : body;
}

const PLURAL = { Namespace: 'namespaces', Pod: 'pods', Service: 'services', NetworkPolicy: 'networkpolicies' };
const collection = (object) => {
  const plural = PLURAL[object.kind];
  const prefix = object.apiVersion.includes('/') ? `/apis/${object.apiVersion}` : `/api/${object.apiVersion}`;
  return object.kind === 'Namespace' ? `${prefix}/${plural}` : `${prefix}/namespaces/${object.metadata.namespace}/${plural}`;
};

/** A keep-alive JSON client for loading (kubeFetch opens a new TLS connection per request). */
function loader(cp) {
  const agent = new https.Agent({ keepAlive: true, maxSockets: LOAD_CONCURRENCY, ca: cp.ca });
  const send = (method, path, body, contentType = 'application/json') =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? '' : JSON.stringify(body);
      const request = https.request(
        new URL(path, cp.server),
        { method, agent, headers: { Authorization: `Bearer ${cp.tokens.admin}`, 'Content-Type': contentType, Accept: 'application/json', 'Content-Length': Buffer.byteLength(payload) } },
        (response) => {
          const chunks = [];
          response.on('data', (c) => chunks.push(c));
          response.on('end', () => resolve({ status: response.statusCode, text: Buffer.concat(chunks).toString('utf8') }));
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(payload);
    });
  const must = async (method, path, body, contentType, allow = []) => {
    const r = await send(method, path, body, contentType);
    if ((r.status < 200 || r.status > 299) && !allow.includes(r.status)) throw new Error(`${method} ${path} -> ${r.status}: ${r.text.slice(0, 300)}`);
    return r;
  };
  const create = async (object) => {
    const r = await must('POST', collection(object), forCreate(object), undefined, [409, 422]);
    // A Service created by an interrupted load: its clusterIP is taken (422) before its name is found taken.
    if (r.status === 422 && (await send('GET', `${collection(object)}/${encodeURIComponent(object.metadata.name)}`)).status !== 200) {
      throw new Error(`POST ${collection(object)} -> 422: ${r.text.slice(0, 300)}`);
    }
    if (object.kind !== 'Pod' || !object.status) return r.status === 201;
    // The kubelet's part: phase Running, pod and host addresses, Ready (also for a pod created by an interrupted load).
    const path = `${collection(object)}/${encodeURIComponent(object.metadata.name)}/status`;
    await must('PATCH', path, { status: object.status }, 'application/merge-patch+json');
    return r.status === 201;
  };
  return { create, close: () => agent.destroy() };
}

/** Creates every Namespace, Service, Pod and NetworkPolicy of the files, a bounded number at a time. */
async function loadCluster(cp, files, log) {
  const client = loader(cp);
  const counts = {};
  const t0 = performance.now();
  let done = 0;
  let last = t0;
  try {
    for (const kinds of [['Namespace'], ['Service', 'Pod', 'NetworkPolicy']]) {
      const inflight = new Set();
      for (const file of [files['cluster.json'], files['policies.json']]) {
        for await (const object of listObjects(file)) {
          if (!kinds.includes(object.kind)) continue;
          counts[object.kind] = (counts[object.kind] ?? 0) + 1;
          const p = client.create(object).finally(() => inflight.delete(p));
          inflight.add(p);
          if (inflight.size >= LOAD_CONCURRENCY) await Promise.race(inflight);
          if (++done % 1000 === 0 && performance.now() - last > 10_000) {
            last = performance.now();
            log(`loading: ${done} objects in ${((last - t0) / 1000).toFixed(0)} s (${Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(', ')})`);
          }
        }
      }
      await Promise.all(inflight);
    }
  } finally {
    client.close();
  }
  return { counts, seconds: (performance.now() - t0) / 1000 };
}

/** Wall time of `kubectl get --raw` of each list, back to back, output discarded. */
function rawFetch(kubeconfig) {
  const t0 = performance.now();
  for (const path of RAW_LISTS) {
    const r = spawnSync('kubectl', ['--kubeconfig', kubeconfig, 'get', '--raw', path], { stdio: ['ignore', 'ignore', 'pipe'] });
    if (r.status !== 0) throw new Error(`kubectl get --raw ${path}: exit ${r.status}: ${r.stderr.toString().slice(0, 300)}`);
  }
  return performance.now() - t0;
}

/** The control plane on a kept data dir (.cache/bench/live-<size>), with the flags the generated cluster needs. */
export const startLiveControlPlane = (dir, log) => startControlPlane({ dataDir: dir, extraApiserverArgs: APISERVER_ARGS, log });

/**
 * Starts (and on first use loads) the control plane for one size, measures, stops it.
 * `runProcess(args, env)` runs the CLI as a whole process: {ms, kb, exit, error}.
 */
export async function liveBench({ label, root, files, meta, runs, runProcess, print }) {
  const dir = join(root, '.cache', 'bench', `live-${label}`);
  const loadedPath = join(dir, 'loaded.json');
  const loaded = existsSync(loadedPath) ? JSON.parse(readFileSync(loadedPath, 'utf8')) : undefined;
  const fresh = !loaded || JSON.stringify(loaded.generated) !== JSON.stringify(meta);
  if (loaded && fresh) throw new Error(`${dir} holds another generated cluster (${JSON.stringify(loaded.generated)}): remove the directory to load this one`);
  const log = (line) => print(`  [live] ${line}`);
  const cp = await startLiveControlPlane(dir, log);
  try {
    let record = loaded;
    if (!loaded?.complete) {
      log(`loading the ${label} cluster into the control plane (once; kept in ${dir})`);
      const { counts, seconds } = await loadCluster(cp, files, log);
      record = { generated: meta, complete: true, counts, loadSeconds: Math.round(seconds) };
      writeFileSync(loadedPath, `${JSON.stringify(record)}\n`);
      log(`loaded ${Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(', ')} in ${seconds.toFixed(0)} s`);
    }
    const env = { KUBECONFIG: cp.kubeconfigPath };
    const raw = [];
    const netpol = [];
    // Alternated, so that both see the same state of the server's caches.
    for (let r = 0; r < runs; r++) {
      raw.push(rawFetch(cp.kubeconfigPath));
      netpol.push(runProcess(['coverage', '-A', '-o', 'json'], env));
      if (netpol.at(-1).error) break;
    }
    const row = {
      objects: record.counts,
      rawMs: median(raw),
      coverageMs: median(netpol.map((r) => r.ms)),
      coverageRssKb: median(netpol.map((r) => r.kb)),
      exit: netpol[0].exit,
      error: netpol[0].error,
      runs: raw.length,
    };
    row.ratio = row.coverageMs / row.rawMs;
    return row;
  } finally {
    await cp.stop();
  }
}
