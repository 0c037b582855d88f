// Local Kubernetes control plane (etcd + kube-apiserver, nothing else) for
// end-to-end tests. Plain ESM, Node built-ins only.
//
//   import { startControlPlane, kubeFetch, createRunningPod } from "./control-plane.mjs";
//   const cp = await startControlPlane();
//   ... KUBECONFIG=cp.kubeconfigPath, contexts admin (current) / viewer / nobody ...
//   await cp.stop();
//
// There is no controller-manager, scheduler or kubelet: pods are created with
// spec.nodeName set and their status is written by createRunningPod(), and a
// deleted namespace stays Terminating forever.

import { spawn, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import https from "node:https";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const PROJECT_ROOT = path.resolve(HERE, "..", "..");
export const CACHE_DIR = path.join(PROJECT_ROOT, ".cache", "test-cluster");
export const CACHE_BIN_DIR = path.join(CACHE_DIR, "bin");

const APISERVER_MODULE_DIR = path.join(HERE, "kube-apiserver");
const ETCD_MODULE_DIR = path.join(HERE, "etcd");

const defaultLog = (msg) => process.stderr.write(`[test-cluster] ${msg}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------
// Binary resolution
// ---------------------------------------------------------------------------

function isExecutable(p) {
  try {
    const st = fs.statSync(p);
    if (!st.isFile()) return false;
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Version of k8s.io/kubernetes required by the wrapper module, e.g. "v1.37.2". */
function kubernetesVersion() {
  const gomod = fs.readFileSync(path.join(APISERVER_MODULE_DIR, "go.mod"), "utf8");
  const m = gomod.match(/^\s*(?:require\s+)?k8s\.io\/kubernetes\s+(v\d+\.\d+\.\d+\S*)/m);
  if (!m) throw new Error("k8s.io/kubernetes not found in kube-apiserver/go.mod");
  return m[1];
}

function apiserverLdflags(version) {
  const [, major, minor] = version.match(/^v(\d+)\.(\d+)/);
  const pkg = "k8s.io/component-base/version";
  return [
    `-X ${pkg}.gitVersion=${version}`,
    `-X ${pkg}.gitMajor=${major}`,
    `-X ${pkg}.gitMinor=${minor}`,
  ].join(" ");
}

const BINARIES = {
  apiserver: {
    file: "kube-apiserver",
    envVar: "TEST_ASSET_KUBE_APISERVER",
    moduleDir: APISERVER_MODULE_DIR,
    pkg: "k8s.io/kubernetes/cmd/kube-apiserver",
    coldBuild: "~8 minutes",
    ldflags: () => apiserverLdflags(kubernetesVersion()),
  },
  etcd: {
    file: "etcd",
    envVar: "TEST_ASSET_ETCD",
    moduleDir: ETCD_MODULE_DIR,
    pkg: "go.etcd.io/etcd/server/v3",
    coldBuild: "~1.5 minutes",
    ldflags: () => "",
  },
};

/** Fingerprint of what a cached binary was built from (go.mod, go.sum, ldflags). */
function buildStamp(spec) {
  const h = createHash("sha256");
  for (const f of ["go.mod", "go.sum"]) {
    h.update(fs.readFileSync(path.join(spec.moduleDir, f)));
  }
  h.update(spec.pkg);
  h.update(spec.ldflags());
  return h.digest("hex");
}

/**
 * Where a binary would come from, without building anything.
 * @returns {{path: string|null, source: string, stale?: boolean}}
 */
export function locateBinary(name) {
  const spec = BINARIES[name];
  const fromEnv = process.env[spec.envVar];
  if (fromEnv) {
    if (!isExecutable(fromEnv)) {
      throw new Error(`${spec.envVar}=${fromEnv} is not an executable file`);
    }
    return { path: path.resolve(fromEnv), source: `env ${spec.envVar}` };
  }
  const assets = process.env.KUBEBUILDER_ASSETS;
  if (assets) {
    const p = path.join(assets, spec.file);
    if (isExecutable(p)) return { path: path.resolve(p), source: "env KUBEBUILDER_ASSETS" };
  }
  const cached = path.join(CACHE_BIN_DIR, spec.file);
  if (isExecutable(cached)) {
    // A binary without a stamp was put there by hand: use it as it is.
    const stampFile = `${cached}.stamp`;
    let stale = false;
    if (fs.existsSync(stampFile)) {
      stale = fs.readFileSync(stampFile, "utf8").trim() !== buildStamp(spec);
    }
    return { path: cached, source: "cache", stale };
  }
  return { path: null, source: "missing" };
}

async function withBuildLock(log, fn) {
  const lockDir = path.join(CACHE_DIR, "build.lock");
  await fsp.mkdir(CACHE_DIR, { recursive: true });
  let waited = false;
  for (;;) {
    try {
      await fsp.mkdir(lockDir);
      await fsp.writeFile(path.join(lockDir, "pid"), String(process.pid));
      break;
    } catch (err) {
      if (err.code !== "EEXIST") throw err;
      // Steal the lock if its owner is gone.
      let owner = NaN;
      try {
        owner = Number(await fsp.readFile(path.join(lockDir, "pid"), "utf8"));
      } catch {}
      if (Number.isInteger(owner) && owner > 0 && !pidAlive(owner)) {
        await fsp.rm(lockDir, { recursive: true, force: true });
        continue;
      }
      if (!waited) {
        log(`waiting for another process building test-cluster binaries (${lockDir})`);
        waited = true;
      }
      await sleep(1000);
    }
  }
  try {
    return await fn();
  } finally {
    await fsp.rm(lockDir, { recursive: true, force: true });
  }
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === "EPERM";
  }
}

function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"], ...opts });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, out }));
  });
}

/** Builds one binary from its wrapper module into the cache. */
export async function buildBinary(name, { log = defaultLog } = {}) {
  const spec = BINARIES[name];
  const goCheck = spawnSync("go", ["version"], { encoding: "utf8" });
  if (goCheck.error || goCheck.status !== 0) {
    throw new Error(
      `cannot build ${spec.file}: no working 'go' in PATH. Install Go or point ` +
        `${spec.envVar} / KUBEBUILDER_ASSETS at existing binaries.`,
    );
  }
  await fsp.mkdir(CACHE_BIN_DIR, { recursive: true });
  const logsDir = path.join(CACHE_DIR, "logs");
  await fsp.mkdir(logsDir, { recursive: true });
  const target = path.join(CACHE_BIN_DIR, spec.file);
  const tmp = `${target}.tmp-${process.pid}`;
  const ldflags = spec.ldflags();
  const args = ["build", "-o", tmp];
  if (ldflags) args.push("-ldflags", ldflags);
  args.push(spec.pkg);
  log(
    `building ${spec.file} from ${path.relative(PROJECT_ROOT, spec.moduleDir)} ` +
      `(${goCheck.stdout.trim()}; a cold build takes ${spec.coldBuild} on 2 cores)`,
  );
  const t0 = Date.now();
  const res = await run("go", args, {
    cwd: spec.moduleDir,
    env: { ...process.env, GOTOOLCHAIN: process.env.GOTOOLCHAIN || "local", GOWORK: "off" },
  });
  const logFile = path.join(logsDir, `build-${spec.file}.log`);
  await fsp.writeFile(logFile, `$ go ${args.join(" ")}\n${res.out}`);
  if (res.code !== 0) {
    await fsp.rm(tmp, { force: true });
    throw new Error(
      `go build of ${spec.file} failed (exit ${res.code ?? res.signal}), see ${logFile}:\n` +
        res.out.split("\n").slice(-30).join("\n"),
    );
  }
  await fsp.rename(tmp, target);
  await fsp.writeFile(`${target}.stamp`, `${buildStamp(spec)}\n`);
  log(`built ${target} in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  return target;
}

/**
 * Finds kube-apiserver and etcd (env vars, KUBEBUILDER_ASSETS, project cache),
 * building missing ones from source into .cache/test-cluster/bin.
 * @returns {Promise<{apiserver: string, etcd: string}>}
 */
export async function ensureBinaries({ log = defaultLog } = {}) {
  const result = {};
  for (const name of ["etcd", "apiserver"]) {
    let loc = locateBinary(name);
    if (loc.path && !loc.stale) {
      result[name] = loc.path;
      continue;
    }
    result[name] = await withBuildLock(log, async () => {
      loc = locateBinary(name); // someone else may have built it meanwhile
      if (loc.path && !loc.stale) return loc.path;
      if (loc.stale) log(`${loc.path} is out of date with its wrapper module, rebuilding`);
      return buildBinary(name, { log });
    });
  }
  return result;
}

// ---------------------------------------------------------------------------
// Certificates, keys, tokens
// ---------------------------------------------------------------------------

function ensureOpenssl(log) {
  const probe = spawnSync("openssl", ["version"], { encoding: "utf8" });
  if (!probe.error && probe.status === 0) return;
  log("openssl not found; installing it with apt-get");
  const opts = { stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } };
  let r = spawnSync("apt-get", ["install", "-y", "-q", "openssl"], opts);
  if (r.status !== 0) {
    spawnSync("apt-get", ["update", "-q"], opts);
    r = spawnSync("apt-get", ["install", "-y", "-q", "openssl"], opts);
  }
  if (r.status !== 0) throw new Error("openssl is required (apt-get install openssl failed)");
}

function openssl(args, cwd) {
  const r = spawnSync("openssl", args, { cwd, encoding: "utf8" });
  if (r.error || r.status !== 0) {
    throw new Error(`openssl ${args.join(" ")} failed: ${r.error?.message ?? r.stderr}`);
  }
}

/** CA, apiserver serving cert and service-account key pair in `dir`. */
function generatePki(dir) {
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  openssl(["req", "-x509", ...ec, "-keyout", "ca.key", "-out", "ca.crt", "-days", "3650",
    "-subj", "/CN=kubectl-netpol-test-ca",
    "-addext", "basicConstraints=critical,CA:TRUE",
    "-addext", "keyUsage=critical,keyCertSign,cRLSign,digitalSignature"], dir);
  openssl(["req", ...ec, "-keyout", "apiserver.key", "-out", "apiserver.csr",
    "-subj", "/CN=kube-apiserver"], dir);
  fs.writeFileSync(path.join(dir, "apiserver.ext"), [
    "basicConstraints=CA:FALSE",
    "keyUsage=critical,digitalSignature,keyEncipherment",
    "extendedKeyUsage=serverAuth",
    "subjectAltName=IP:127.0.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local",
    "",
  ].join("\n"));
  openssl(["x509", "-req", "-in", "apiserver.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
    "-CAcreateserial", "-out", "apiserver.crt", "-days", "3650", "-extfile", "apiserver.ext"], dir);
  openssl(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "sa.key"], dir);
  openssl(["pkey", "-in", "sa.key", "-pubout", "-out", "sa.pub"], dir);
}

// ---------------------------------------------------------------------------
// Processes
// ---------------------------------------------------------------------------

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function freePorts(n) {
  const ports = new Set();
  while (ports.size < n) ports.add(await freePort());
  return [...ports];
}

/** Spawns `bin` in its own process group with output going to `logFile`. */
function spawnDetached(bin, args, logFile) {
  const fd = fs.openSync(logFile, "a");
  try {
    const child = spawn(bin, args, { detached: true, stdio: ["ignore", fd, fd] });
    child.exited = new Promise((resolve) => {
      child.once("exit", (code, signal) => resolve({ code, signal }));
      child.once("error", (err) => resolve({ code: null, signal: null, error: err }));
    });
    return child;
  } finally {
    fs.closeSync(fd);
  }
}

function killGroup(child, signal) {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {}
  }
}

async function stopChild(child, timeoutMs = 10000) {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  killGroup(child, "SIGTERM");
  const timer = sleep(timeoutMs).then(() => "timeout");
  if ((await Promise.race([child.exited, timer])) === "timeout") {
    killGroup(child, "SIGKILL");
    await child.exited;
  }
}

function tailFile(file, lines = 25) {
  try {
    return fs.readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

// Control planes still running in this process, cleaned up at exit.
const live = new Set();
let handlersInstalled = false;

function cleanupSync(cp) {
  for (const child of [...cp._children].reverse()) killGroup(child, "SIGKILL");
  killGroup(cp._watchdog, "SIGKILL");
  try {
    fs.rmSync(cp.dir, { recursive: true, force: true });
  } catch {}
}

function installExitHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on("exit", () => {
    for (const cp of live) cleanupSync(cp);
  });
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    const handler = () => {
      // Someone else handles the signal (e.g. cli.mjs stops gracefully); the
      // "exit" handler and the watchdog remain as safety nets.
      if (process.listenerCount(sig) > 1) return;
      for (const cp of live) cleanupSync(cp);
      live.clear();
      process.removeListener(sig, handler);
      process.kill(process.pid, sig); // default behaviour: terminate by the signal
    };
    process.on(sig, handler);
  }
}

/**
 * A detached Node process that kills the process groups (in the given order)
 * and removes the temp dir if this process dies without running its exit
 * handlers (e.g. SIGKILL of a test worker).
 */
function spawnWatchdog(pgids, dir) {
  const script = `
    const [parent, dir, ...groups] = process.argv.slice(1);
    const alive = (pid, sig = 0) => { try { process.kill(pid, sig); return true; } catch (e) { return e.code === "EPERM"; } };
    const timer = setInterval(() => {
      if (alive(Number(parent))) return;
      clearInterval(timer);
      for (const g of groups) alive(-Number(g), "SIGTERM");
      setTimeout(() => {
        for (const g of groups) alive(-Number(g), "SIGKILL");
        require("node:fs").rmSync(dir, { recursive: true, force: true });
      }, 5000);
    }, 1000);
  `;
  const child = spawn(process.execPath, ["-e", script, String(process.pid), dir, ...pgids.map(String)], {
    detached: true,
    stdio: "ignore",
  });
  child.unref();
  return child;
}

// ---------------------------------------------------------------------------
// HTTP
// ---------------------------------------------------------------------------

function request(url, { method = "GET", headers = {}, body, ca, timeoutMs = 30000 } = {}) {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const mod = u.protocol === "https:" ? https : http;
    const req = mod.request(
      u,
      { method, headers, ca, timeout: timeoutMs, agent: false },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`timeout: ${method} ${url}`)));
    req.on("error", reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/**
 * JSON request to the control plane's apiserver.
 * @param cp      value returned by startControlPlane
 * @param method  GET, POST, PUT, PATCH, DELETE
 * @param apiPath e.g. "/api/v1/namespaces"
 * @param body    object (sent as JSON) or string, optional
 * @param opts    token (default admin token; null for anonymous), contentType
 *                (default application/json, or application/merge-patch+json for PATCH)
 * @returns {Promise<{status: number, ok: boolean, headers: object, body: any, text: string}>}
 */
export async function kubeFetch(cp, method, apiPath, body, { token = cp.tokens.admin, contentType, headers = {} } = {}) {
  const h = { Accept: "application/json", ...headers };
  if (token) h.Authorization = `Bearer ${token}`;
  let payload;
  if (body !== undefined && body !== null) {
    payload = typeof body === "string" ? body : JSON.stringify(body);
    h["Content-Type"] = contentType ?? (method.toUpperCase() === "PATCH" ? "application/merge-patch+json" : "application/json");
  }
  const res = await request(cp.server + apiPath, { method: method.toUpperCase(), headers: h, body: payload, ca: cp.ca });
  let parsed = res.text;
  try {
    parsed = res.text ? JSON.parse(res.text) : null;
  } catch {}
  return { status: res.status, ok: res.status >= 200 && res.status < 300, headers: res.headers, body: parsed, text: res.text };
}

async function mustFetch(cp, method, apiPath, body, opts) {
  const res = await kubeFetch(cp, method, apiPath, body, opts);
  if (!res.ok) {
    const err = new Error(`${method} ${apiPath} -> ${res.status}: ${res.body?.message ?? res.text}`);
    err.status = res.status;
    err.body = res.body;
    throw err;
  }
  return res.body;
}

// Plural resource paths for the kinds the tests deal with.
const RESOURCES = {
  "v1/Namespace": { plural: "namespaces", namespaced: false },
  "v1/Pod": { plural: "pods", namespaced: true },
  "v1/Service": { plural: "services", namespaced: true },
  "v1/ConfigMap": { plural: "configmaps", namespaced: true },
  "v1/ServiceAccount": { plural: "serviceaccounts", namespaced: true },
  "v1/Node": { plural: "nodes", namespaced: false },
  "networking.k8s.io/v1/NetworkPolicy": { plural: "networkpolicies", namespaced: true },
  "discovery.k8s.io/v1/EndpointSlice": { plural: "endpointslices", namespaced: true },
  "rbac.authorization.k8s.io/v1/ClusterRole": { plural: "clusterroles", namespaced: false },
  "rbac.authorization.k8s.io/v1/ClusterRoleBinding": { plural: "clusterrolebindings", namespaced: false },
  "rbac.authorization.k8s.io/v1/Role": { plural: "roles", namespaced: true },
  "rbac.authorization.k8s.io/v1/RoleBinding": { plural: "rolebindings", namespaced: true },
};

/** Collection path of an object ("/apis/networking.k8s.io/v1/namespaces/x/networkpolicies"). */
export function collectionPath(obj) {
  const key = `${obj.apiVersion}/${obj.kind}`;
  const r = RESOURCES[key];
  if (!r) throw new Error(`collectionPath: unknown kind ${key}; use kubeFetch with an explicit path`);
  const prefix = obj.apiVersion.includes("/") ? `/apis/${obj.apiVersion}` : `/api/${obj.apiVersion}`;
  if (!r.namespaced) return `${prefix}/${r.plural}`;
  return `${prefix}/namespaces/${obj.metadata?.namespace ?? "default"}/${r.plural}`;
}

/** POSTs an object (as admin unless opts.token is given); throws on failure. */
export async function createObject(cp, obj, opts) {
  return mustFetch(cp, "POST", collectionPath(obj), obj, opts);
}

/** Creates a namespace (labels optional); an existing one is left as it is. */
export async function createNamespace(cp, name, labels = {}) {
  const res = await kubeFetch(cp, "POST", "/api/v1/namespaces", {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name, labels: { "kubernetes.io/metadata.name": name, ...labels } },
  });
  if (!res.ok && res.status !== 409) throw new Error(`create namespace ${name} -> ${res.status}: ${res.text}`);
  return res.body;
}

let podIpCounter = 0;

/**
 * Creates a pod and writes its status the way a kubelet would: phase Running,
 * podIP(s), hostIP(s), Ready. Nothing actually runs.
 * @param pod full Pod object or {metadata, spec}; namespace defaults to "default",
 *            spec.nodeName to "node-1", spec.containers to one "app" container.
 * @returns the pod as stored after the status update
 */
export async function createRunningPod(cp, pod, { podIP, hostIP = "192.0.2.10", podIPs } = {}) {
  podIpCounter += 1;
  const ip = podIP ?? `10.244.${Math.floor(podIpCounter / 250)}.${(podIpCounter % 250) + 2}`;
  const ns = pod.metadata?.namespace ?? "default";
  const spec = { ...(pod.spec ?? {}) };
  spec.nodeName ??= "node-1";
  spec.containers ??= [{ name: "app", image: "registry.k8s.io/pause:3.10" }];
  const body = { apiVersion: "v1", kind: "Pod", ...pod, metadata: { ...pod.metadata, namespace: ns }, spec };
  const created = await mustFetch(cp, "POST", `/api/v1/namespaces/${ns}/pods`, body);
  const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  const condition = (type) => ({ type, status: "True", lastProbeTime: null, lastTransitionTime: now });
  const status = {
    phase: "Running",
    conditions: ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"].map(condition),
    hostIP,
    hostIPs: [{ ip: hostIP }],
    podIP: ip,
    podIPs: (podIPs ?? [ip]).map((x) => ({ ip: x })),
    startTime: now,
    qosClass: created.status?.qosClass ?? "BestEffort",
    containerStatuses: created.spec.containers.map((c) => ({
      name: c.name,
      image: c.image,
      imageID: "",
      containerID: `containerd://${createHash("sha256").update(`${ns}/${created.metadata.name}/${c.name}`).digest("hex")}`,
      ready: true,
      started: true,
      restartCount: 0,
      state: { running: { startedAt: now } },
    })),
  };
  return mustFetch(
    cp,
    "PATCH",
    `/api/v1/namespaces/${ns}/pods/${encodeURIComponent(created.metadata.name)}/status`,
    { status },
    { contentType: "application/merge-patch+json" },
  );
}

// ---------------------------------------------------------------------------
// Control plane
// ---------------------------------------------------------------------------

async function waitFor(what, fn, { timeoutMs, intervalMs = 250, isDead }) {
  const deadline = Date.now() + timeoutMs;
  let lastErr;
  while (Date.now() < deadline) {
    const dead = isDead?.();
    if (dead) throw new Error(`${what}: ${dead}`);
    try {
      if (await fn()) return;
    } catch (err) {
      lastErr = err;
    }
    await sleep(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}${lastErr ? ` (${lastErr.message})` : ""}`);
}

function exitedMessage(child, name, logFile) {
  if (child.exitCode === null && child.signalCode === null) return null;
  return `${name} exited (${child.exitCode ?? child.signalCode}); last log lines of ${logFile}:\n${tailFile(logFile)}`;
}

const q = (s) => JSON.stringify(String(s)); // a JSON string is a valid YAML scalar

function kubeconfigYaml({ server, caPem, tokens }) {
  const users = Object.keys(tokens);
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    "- name: test-cluster",
    "  cluster:",
    `    server: ${q(server)}`,
    `    certificate-authority-data: ${Buffer.from(caPem).toString("base64")}`,
    "users:",
    ...users.flatMap((u) => [`- name: ${u}`, "  user:", `    token: ${q(tokens[u])}`]),
    "contexts:",
    ...users.flatMap((u) => [`- name: ${u}`, "  context:", "    cluster: test-cluster", `    user: ${u}`, "    namespace: default"]),
    "current-context: admin",
    "preferences: {}",
    "",
  ].join("\n");
}

export const VIEWER_CLUSTER_ROLE = {
  apiVersion: "rbac.authorization.k8s.io/v1",
  kind: "ClusterRole",
  metadata: { name: "netpol-viewer" },
  rules: [
    { apiGroups: [""], resources: ["namespaces", "pods", "services"], verbs: ["get", "list", "watch"] },
    { apiGroups: ["networking.k8s.io"], resources: ["networkpolicies"], verbs: ["get", "list", "watch"] },
    { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: ["get", "list", "watch"] },
  ],
};

/**
 * Starts etcd and kube-apiserver on loopback ports and writes a kubeconfig.
 * `dataDir`: keep etcd's data there (not in the temp dir) so that what was loaded survives stop()
 * and is served again by the next start with the same dataDir (the benchmark's large clusters).
 * @returns {Promise<{kubeconfigPath: string, dir: string, server: string, ca: string,
 *   tokens: {admin: string, viewer: string, nobody: string}, version: object,
 *   logs: {etcd: string, apiserver: string}, stop: () => Promise<void>, restartApiserver: () => Promise<void>}>}
 */
export async function startControlPlane({ log = defaultLog, startTimeoutMs = 120000, extraApiserverArgs = [], dataDir } = {}) {
  const t0 = Date.now();
  const bins = await ensureBinaries({ log });
  ensureOpenssl(log);

  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), "netpol-test-cluster-"));
  const cp = {
    dir,
    kubeconfigPath: path.join(dir, "kubeconfig"),
    server: "",
    ca: "",
    tokens: {
      admin: randomBytes(24).toString("hex"),
      viewer: randomBytes(24).toString("hex"),
      nobody: randomBytes(24).toString("hex"),
    },
    logs: { etcd: path.join(dir, "etcd.log"), apiserver: path.join(dir, "kube-apiserver.log") },
    _children: [],
    stop: null,
  };
  let stopped = null;
  cp.stop = () => {
    stopped ??= (async () => {
      live.delete(cp);
      // apiserver first, so it does not spin on a vanished etcd
      for (const child of [...cp._children].reverse()) await stopChild(child);
      killGroup(cp._watchdog, "SIGKILL");
      await fsp.rm(dir, { recursive: true, force: true });
    })();
    return stopped;
  };
  installExitHandlers();
  live.add(cp);

  try {
    const pki = path.join(dir, "pki");
    await fsp.mkdir(pki);
    generatePki(pki);
    cp.ca = await fsp.readFile(path.join(pki, "ca.crt"), "utf8");
    await fsp.writeFile(
      path.join(pki, "tokens.csv"),
      [
        `${cp.tokens.admin},admin,admin-uid,"system:masters"`,
        `${cp.tokens.viewer},viewer,viewer-uid`,
        `${cp.tokens.nobody},nobody,nobody-uid`,
        "",
      ].join("\n"),
      { mode: 0o600 },
    );

    if (dataDir) await fsp.mkdir(dataDir, { recursive: true });
    const [clientPort, peerPort, apiPort] = await freePorts(3);
    const etcdUrl = `http://127.0.0.1:${clientPort}`;
    const peerUrl = `http://127.0.0.1:${peerPort}`;
    const etcd = spawnDetached(bins.etcd, [
      "--name=default",
      `--data-dir=${dataDir ? path.resolve(dataDir, "etcd-data") : path.join(dir, "etcd-data")}`,
      `--listen-client-urls=${etcdUrl}`,
      `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=${peerUrl}`,
      `--initial-advertise-peer-urls=${peerUrl}`,
      `--initial-cluster=default=${peerUrl}`,
      "--initial-cluster-state=new",
      "--unsafe-no-fsync=true",
      "--log-level=warn",
    ], cp.logs.etcd);
    cp._children.push(etcd);
    await waitFor("etcd /health", async () => {
      const r = await request(`${etcdUrl}/health`, { timeoutMs: 2000 });
      return r.status === 200 && JSON.parse(r.text).health === "true";
    }, { timeoutMs: 30000, isDead: () => exitedMessage(etcd, "etcd", cp.logs.etcd) });

    cp.server = `https://127.0.0.1:${apiPort}`;
    const apiserverArgs = [
      "--advertise-address=127.0.0.1",
      "--bind-address=127.0.0.1",
      `--secure-port=${apiPort}`,
      `--cert-dir=${path.join(dir, "apiserver-certs")}`,
      `--tls-cert-file=${path.join(pki, "apiserver.crt")}`,
      `--tls-private-key-file=${path.join(pki, "apiserver.key")}`,
      `--client-ca-file=${path.join(pki, "ca.crt")}`,
      `--etcd-servers=${etcdUrl}`,
      "--service-cluster-ip-range=10.0.0.0/24",
      "--allow-privileged=true",
      "--disable-admission-plugins=ServiceAccount",
      "--endpoint-reconciler-type=none",
      "--authorization-mode=RBAC",
      `--token-auth-file=${path.join(pki, "tokens.csv")}`,
      `--service-account-key-file=${path.join(pki, "sa.pub")}`,
      `--service-account-signing-key-file=${path.join(pki, "sa.key")}`,
      `--service-account-issuer=${cp.server}`,
      "--v=1",
      ...extraApiserverArgs,
    ];
    let apiserver = spawnDetached(bins.apiserver, apiserverArgs, cp.logs.apiserver);
    cp._children.push(apiserver);
    /** Stops kube-apiserver and starts it again on the same port, etcd and its data kept: a restart as clients see it. */
    cp.restartApiserver = async () => {
      const at = cp._children.indexOf(apiserver);
      await stopChild(apiserver);
      apiserver = spawnDetached(bins.apiserver, apiserverArgs, cp.logs.apiserver);
      cp._children[at] = apiserver;
      killGroup(cp._watchdog, "SIGKILL");
      cp._watchdog = spawnWatchdog(cp._children.map((c) => c.pid).reverse(), dir);
      await waitFor("kube-apiserver /readyz after a restart", async () => {
        const r = await kubeFetch(cp, "GET", "/readyz", undefined).catch(() => ({ status: 0 }));
        return r.status === 200;
      }, { timeoutMs: startTimeoutMs, isDead: () => exitedMessage(apiserver, "kube-apiserver", cp.logs.apiserver) });
    };
    cp._watchdog = spawnWatchdog(cp._children.map((c) => c.pid).reverse(), dir); // apiserver first

    await waitFor("kube-apiserver /readyz", async () => {
      const r = await kubeFetch(cp, "GET", "/readyz", undefined);
      return r.status === 200;
    }, { timeoutMs: startTimeoutMs, isDead: () => exitedMessage(apiserver, "kube-apiserver", cp.logs.apiserver) });

    // Read-only user "viewer"; "nobody" gets no binding at all. A kept data dir has them already.
    const createOnce = (obj) => createObject(cp, obj).catch((err) => {
      if (!(dataDir && err.status === 409)) throw err;
    });
    await createOnce(VIEWER_CLUSTER_ROLE);
    await createOnce({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: "netpol-viewer" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "netpol-viewer" },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "viewer" }],
    });
    // The RBAC authorizer reads through an informer: wait until it sees the binding.
    await waitFor("viewer RBAC to take effect", async () => {
      const r = await kubeFetch(cp, "GET", "/api/v1/pods?limit=1", undefined, { token: cp.tokens.viewer });
      return r.status === 200;
    }, { timeoutMs: 30000, intervalMs: 100 });

    cp.version = (await kubeFetch(cp, "GET", "/version")).body;
    await fsp.writeFile(cp.kubeconfigPath, kubeconfigYaml({ server: cp.server, caPem: cp.ca, tokens: cp.tokens }), { mode: 0o600 });
    log(`control plane ${cp.version?.gitVersion ?? ""} ready at ${cp.server} in ${((Date.now() - t0) / 1000).toFixed(1)}s (kubeconfig ${cp.kubeconfigPath})`);
    return cp;
  } catch (err) {
    await cp.stop();
    throw err;
  }
}
