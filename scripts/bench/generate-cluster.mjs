// Realistic synthetic clusters for the benchmark, generated deterministically from a seed, written as
// the files a user has: `kubectl get -A -o json` Lists (one object per line) and multi-document YAML.
// Plain ESM, Node built-ins only.
//
//   node scripts/bench/generate-cluster.mjs --pods 10000 [--seed 1] [--out .cache/bench/10k]
//
// Shape of the cluster (per 100 pods: 2 namespaces, 10 policies, 2.5 nodes):
// - namespaces labelled team / env / tier; system namespaces kube-system, monitoring, logging, ingress-nginx;
// - Deployments with their ReplicaSets (pods carry pod-template-hash and an ownerReference to the
//   ReplicaSet; some Deployments are mid-rollout with two ReplicaSets), StatefulSets (each pod unique by
//   statefulset.kubernetes.io/pod-name), CronJobs with Jobs (each pod unique by job-name), DaemonSets on
//   every node (kube-proxy and node-exporter on the host network, fluent-bit not), static control-plane pods;
// - Services with named targetPorts (headless for StatefulSets); a tenth of the nodes dual-stack;
// - the policies real clusters have: default-deny (both directions or ingress only), same-namespace,
//   DNS egress, monitoring scrapes on named ports, ingress-controller access, from-namespace-by-label,
//   pod+namespace AND peers, matchExpressions, internet egress with private-range excepts, endPort ranges.
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

/** Bumped whenever the output changes, so that cached files are regenerated. */
export const GENERATOR_VERSION = 1;

/** mulberry32: small, fast and the same on every platform. */
function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
  };
}

const HASH_CHARS = 'bcdfghjklmnpqrstvwxz2456789';
const WORDS = [
  'cart', 'checkout', 'catalog', 'search', 'billing', 'invoice', 'ledger', 'auth', 'session', 'profile', 'orders', 'shipping',
  'pricing', 'inventory', 'notify', 'mailer', 'gateway', 'frontend', 'backend', 'reports', 'analytics', 'ingest', 'scheduler',
  'recommend', 'media', 'upload', 'thumbnail', 'chat', 'feed', 'audit', 'export', 'import', 'sync', 'webhook', 'admin', 'portal',
];
const TEAMS = 40;
const ENVS = ['prod', 'prod', 'prod', 'staging', 'dev'];
const PRIVATE_V4 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

export function sizesFor(pods) {
  return {
    pods,
    namespaces: Math.max(8, Math.round(pods / 50)),
    policies: Math.max(10, Math.round(pods / 10)),
    nodes: Math.max(3, Math.ceil(pods / 40)),
  };
}

/**
 * The objects of a cluster, in the order a List of them would have, each with the file it goes to
 * (`cluster` or `policies`).
 */
export function* clusterObjects({ seed = 1, pods: podTarget = 10000 } = {}) {
  const rnd = prng(seed);
  const sizes = sizesFor(podTarget);
  const base = Date.UTC(2026, 0, 1);
  let counter = 0;
  const hex = (n) => {
    let s = '';
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[rnd.int(16)];
    return s;
  };
  const uid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[rnd.int(4)]}${hex(3)}-${hex(12)}`;
  const hash = (n) => {
    let s = '';
    for (let i = 0; i < n; i++) s += HASH_CHARS[rnd.int(HASH_CHARS.length)];
    return s;
  };
  const time = (maxDaysAgo) => new Date(base - rnd.int(maxDaysAgo * 86400) * 1000).toISOString().replace('.000Z', 'Z');
  const meta = (name, namespace, extra = {}) => ({
    ...(extra.annotations ? { annotations: extra.annotations } : {}),
    creationTimestamp: time(400),
    ...(extra.generateName ? { generateName: extra.generateName } : {}),
    ...(extra.generation ? { generation: extra.generation } : {}),
    ...(extra.labels ? { labels: extra.labels } : {}),
    name,
    ...(namespace ? { namespace } : {}),
    ...(extra.ownerReferences ? { ownerReferences: extra.ownerReferences } : {}),
    resourceVersion: String(1000 + ++counter * 7),
    uid: uid(),
  });
  const ownerRef = (apiVersion, kind, name, ownerUid) => [{ apiVersion, blockOwnerDeletion: true, controller: true, kind, name, uid: ownerUid }];

  // Nodes: a /24 of pod addresses each (10.64.0.0/12), node addresses in 10.0.0.0/16; one in ten dual-stack.
  const nodes = [];
  for (let n = 0; n < sizes.nodes; n++) {
    const name = n < 3 ? `control-plane-${n + 1}` : `node-${String(n).padStart(5, '0')}`;
    const dual = n % 10 === 7;
    nodes.push({
      name,
      ip: `10.0.${(n + 1) >> 8}.${(n + 1) & 255}`,
      ip6: dual ? `fd00:10::${(n + 1).toString(16)}` : undefined,
      podNet: [64 + (n >> 8), n & 255],
      podNet6: dual ? `fd00:10:${(64 + n).toString(16)}::` : undefined,
      next: 2,
    });
  }
  const workerNodes = nodes.slice(3);
  const place = (hostNetwork, chosen) => {
    let node = chosen ?? rnd.pick(workerNodes);
    if (hostNetwork) return { node, ips: [node.ip, ...(node.ip6 ? [node.ip6] : [])] };
    // A node's /24 holds 250 pods; a full node passes the pod to the next one.
    for (let i = nodes.indexOf(node); node.next > 250; i = (i + 1) % nodes.length) node = nodes[i];
    const k = node.next++;
    const v4 = `10.${node.podNet[0] + (k >> 8)}.${node.podNet[1]}.${k & 255}`;
    return { node, ips: [v4, ...(node.podNet6 ? [`${node.podNet6}${k.toString(16)}`] : [])] };
  };
  let serviceIp = 10;
  const clusterIP = () => {
    const k = serviceIp++;
    return `10.${96 + (k >> 16)}.${(k >> 8) & 255}.${k & 255}`;
  };

  const containerFor = (name, image, ports, extra = {}) => ({
    ...(extra.args ? { args: extra.args } : {}),
    ...(extra.env ? { env: [{ name: 'LOG_LEVEL', value: rnd.pick(['info', 'info', 'debug', 'warn']) }] } : {}),
    image,
    imagePullPolicy: 'IfNotPresent',
    name,
    ports: ports.map(([portName, containerPort, protocol = 'TCP']) => ({ containerPort, name: portName, protocol })),
    ...(ports.length > 0 && extra.probe
      ? { readinessProbe: { failureThreshold: 3, httpGet: { path: '/healthz', port: ports[0][0], scheme: 'HTTP' }, periodSeconds: 10, successThreshold: 1, timeoutSeconds: 1 } }
      : {}),
    resources: { requests: { cpu: `${rnd.pick([50, 100, 250, 500])}m`, memory: `${rnd.pick([64, 128, 256])}Mi` } },
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
  });
  const podSpecFor = (containers, extra = {}) => ({
    automountServiceAccountToken: false,
    containers,
    dnsPolicy: extra.hostNetwork ? 'ClusterFirstWithHostNet' : 'ClusterFirst',
    enableServiceLinks: true,
    ...(extra.hostNetwork ? { hostNetwork: true } : {}),
    ...(extra.nodeName ? { nodeName: extra.nodeName } : {}),
    preemptionPolicy: 'PreemptLowerPriority',
    priority: extra.priority ?? 0,
    ...(extra.priorityClassName ? { priorityClassName: extra.priorityClassName } : {}),
    restartPolicy: extra.restartPolicy ?? 'Always',
    schedulerName: 'default-scheduler',
    securityContext: {},
    serviceAccount: extra.serviceAccount ?? 'default',
    serviceAccountName: extra.serviceAccount ?? 'default',
    terminationGracePeriodSeconds: 30,
    tolerations: [
      { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 },
      { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300 },
    ],
  });
  const templateOf = (labels, containers, extra = {}) => ({ metadata: { labels }, spec: podSpecFor(containers, extra) });

  const podStatus = (ips, node, containers) => {
    const started = time(30);
    return {
      conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({
        lastTransitionTime: started,
        status: 'True',
        type,
      })),
      containerStatuses: containers.map((c) => ({
        containerID: `containerd://${hex(64)}`,
        image: c.image,
        name: c.name,
        ready: true,
        restartCount: rnd.chance(0.1) ? rnd.int(5) : 0,
        state: { running: { startedAt: started } },
      })),
      hostIP: node.ip,
      hostIPs: [{ ip: node.ip }, ...(node.ip6 ? [{ ip: node.ip6 }] : [])],
      phase: 'Running',
      podIP: ips[0],
      podIPs: ips.map((ip) => ({ ip })),
      qosClass: 'Burstable',
      startTime: started,
    };
  };
  // Pod names made of a prefix and a random suffix: unique per namespace, as the API server makes them.
  const podNames = new Set();
  const randomName = (namespace, prefix) => {
    let name;
    do name = `${prefix}${hash(5)}`;
    while (podNames.has(`${namespace}/${name}`));
    podNames.add(`${namespace}/${name}`);
    return name;
  };
  const pod = (name, namespace, labels, template, owner, hostNetwork, node, generateName) => {
    const placed = place(hostNetwork, node);
    const spec = { ...template.spec, nodeName: placed.node.name };
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: meta(name, namespace, { generateName, labels, ownerReferences: owner }),
      spec,
      status: podStatus(placed.ips, placed.node, template.spec.containers),
    };
  };
  const service = (name, namespace, selector, ports, headless = false) => {
    const ip = headless ? 'None' : clusterIP();
    return {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(name, namespace, { labels: { 'app.kubernetes.io/name': selector['app.kubernetes.io/name'] ?? name } }),
      spec: {
        clusterIP: ip,
        clusterIPs: [ip],
        internalTrafficPolicy: 'Cluster',
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        ports: ports.map(([portName, port, targetPort, protocol = 'TCP']) => ({ name: portName, port, protocol, targetPort })),
        selector,
        sessionAffinity: 'None',
        type: 'ClusterIP',
      },
      status: { loadBalancer: {} },
    };
  };

  const out = [];
  const emit = (object, file = 'cluster') => out.push({ file, object });

  const deployment = function* (namespace, app, labels, containers, replicas, extra = {}) {
    const deployUid = uid();
    const d = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { ...meta(app, namespace, { generation: 1 + rnd.int(9), labels: { 'app.kubernetes.io/name': labels['app.kubernetes.io/name'] } }), uid: deployUid },
      spec: {
        progressDeadlineSeconds: 600,
        replicas,
        revisionHistoryLimit: 10,
        selector: { matchLabels: { 'app.kubernetes.io/name': labels['app.kubernetes.io/name'], 'app.kubernetes.io/instance': labels['app.kubernetes.io/instance'] } },
        strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' },
        template: templateOf(labels, containers, extra),
      },
      status: { availableReplicas: replicas, observedGeneration: 1, readyReplicas: replicas, replicas, updatedReplicas: replicas },
    };
    yield d;
    // One in eight Deployments is mid-rollout: an old ReplicaSet still runs a pod.
    const rollout = replicas > 1 && rnd.chance(0.125);
    const sets = rollout ? [replicas - 1, 1] : [replicas];
    for (const count of sets) {
      const templateHash = hash(rnd.chance(0.5) ? 9 : 10);
      const podLabels = { ...labels, 'pod-template-hash': templateHash };
      const rsName = `${app}-${templateHash}`;
      const rsUid = uid();
      const template = templateOf(podLabels, containers, extra);
      yield {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: { ...meta(rsName, namespace, { labels: podLabels, ownerReferences: ownerRef('apps/v1', 'Deployment', app, deployUid) }), uid: rsUid },
        spec: { replicas: count, selector: { matchLabels: { 'app.kubernetes.io/name': labels['app.kubernetes.io/name'], 'pod-template-hash': templateHash } }, template },
        status: { availableReplicas: count, fullyLabeledReplicas: count, observedGeneration: 1, readyReplicas: count, replicas: count },
      };
      for (let i = 0; i < count; i++) {
        yield pod(randomName(namespace, `${rsName}-`), namespace, podLabels, template, ownerRef('apps/v1', 'ReplicaSet', rsName, rsUid), extra.hostNetwork, undefined, `${rsName}-`);
      }
    }
  };
  const statefulSet = function* (namespace, app, labels, containers, replicas) {
    const setUid = uid();
    const revision = `${app}-${hash(10)}`;
    yield {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { ...meta(app, namespace, { generation: 1, labels: { 'app.kubernetes.io/name': labels['app.kubernetes.io/name'] } }), uid: setUid },
      spec: {
        podManagementPolicy: 'OrderedReady',
        replicas,
        revisionHistoryLimit: 10,
        selector: { matchLabels: { 'app.kubernetes.io/name': labels['app.kubernetes.io/name'] } },
        serviceName: `${app}-headless`,
        template: templateOf(labels, containers),
        updateStrategy: { rollingUpdate: { partition: 0 }, type: 'RollingUpdate' },
      },
      status: { availableReplicas: replicas, currentReplicas: replicas, readyReplicas: replicas, replicas, updatedReplicas: replicas },
    };
    for (let i = 0; i < replicas; i++) {
      const podLabels = {
        ...labels,
        'apps.kubernetes.io/pod-index': String(i),
        'controller-revision-hash': revision,
        'statefulset.kubernetes.io/pod-name': `${app}-${i}`,
      };
      yield pod(`${app}-${i}`, namespace, podLabels, templateOf(podLabels, containers), ownerRef('apps/v1', 'StatefulSet', app, setUid), false);
    }
  };
  const daemonSet = function* (namespace, app, labels, containers, hostNetwork) {
    const setUid = uid();
    const revision = hash(10);
    yield {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { ...meta(app, namespace, { generation: 1, labels }), uid: setUid },
      spec: {
        revisionHistoryLimit: 10,
        selector: { matchLabels: labels },
        template: templateOf(labels, containers, { hostNetwork, priorityClassName: 'system-node-critical', priority: 2000001000 }),
        updateStrategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 1 }, type: 'RollingUpdate' },
      },
      status: { currentNumberScheduled: nodes.length, desiredNumberScheduled: nodes.length, numberAvailable: nodes.length, numberReady: nodes.length },
    };
    const podLabels = { ...labels, 'controller-revision-hash': revision, 'pod-template-generation': '1' };
    const template = templateOf(podLabels, containers, { hostNetwork, priorityClassName: 'system-node-critical', priority: 2000001000 });
    for (const node of nodes) yield pod(randomName(namespace, `${app}-`), namespace, podLabels, template, ownerRef('apps/v1', 'DaemonSet', app, setUid), hostNetwork, node, `${app}-`);
  };
  const cronJob = function* (namespace, app, labels, containers, runs) {
    const cronUid = uid();
    const jobTemplate = { metadata: {}, spec: { backoffLimit: 6, template: templateOf(labels, containers, { restartPolicy: 'Never' }) } };
    yield {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { ...meta(app, namespace, { generation: 1 }), uid: cronUid },
      spec: { concurrencyPolicy: 'Forbid', failedJobsHistoryLimit: 1, jobTemplate, schedule: `${rnd.int(60)} * * * *`, successfulJobsHistoryLimit: 3, suspend: false },
      status: { lastScheduleTime: time(1) },
    };
    for (let r = 0; r < runs; r++) {
      const jobName = `${app}-${29000000 + r * 60 + rnd.int(60)}`;
      const jobUid = uid();
      const jobLabels = { ...labels, 'batch.kubernetes.io/controller-uid': jobUid, 'batch.kubernetes.io/job-name': jobName, 'controller-uid': jobUid, 'job-name': jobName };
      const template = templateOf(jobLabels, containers, { restartPolicy: 'Never' });
      yield {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { ...meta(jobName, namespace, { labels: jobLabels, ownerReferences: ownerRef('batch/v1', 'CronJob', app, cronUid) }), uid: jobUid },
        spec: { backoffLimit: 6, completionMode: 'NonIndexed', completions: 1, parallelism: 1, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': jobUid } }, suspend: false, template },
        status: { active: 1, startTime: time(1) },
      };
      yield pod(randomName(namespace, `${jobName}-`), namespace, jobLabels, template, ownerRef('batch/v1', 'Job', jobName, jobUid), false, undefined, `${jobName}-`);
    }
  };

  // --- namespaces ------------------------------------------------------------------------------
  const system = ['kube-system', 'monitoring', 'logging', 'ingress-nginx'];
  const appNamespaces = [];
  for (const name of system) {
    emit({ apiVersion: 'v1', kind: 'Namespace', metadata: meta(name, undefined, { labels: { 'kubernetes.io/metadata.name': name, 'platform.example.com/system': 'true' } }), spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
  }
  const usedNames = new Set(system);
  for (let n = 0; appNamespaces.length < sizes.namespaces - system.length; n++) {
    const team = `team-${String(rnd.int(TEAMS)).padStart(2, '0')}`;
    const env = rnd.pick(ENVS);
    const name = `${rnd.pick(WORDS)}-${env}-${n}`;
    if (usedNames.has(name)) continue;
    usedNames.add(name);
    const labels = { env, 'kubernetes.io/metadata.name': name, team, ...(rnd.chance(0.3) ? { 'pod-security.kubernetes.io/enforce': 'restricted' } : {}), ...(rnd.chance(0.5) ? { tier: rnd.pick(['frontend', 'backend', 'data']) } : {}) };
    appNamespaces.push({ name, team, env, apps: [] });
    emit({ apiVersion: 'v1', kind: 'Namespace', metadata: meta(name, undefined, { labels }), spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
  }

  // --- system workloads --------------------------------------------------------------------------
  const kubeProxy = containerFor('kube-proxy', 'registry.k8s.io/kube-proxy:v1.33.2', [['metrics', 10249]]);
  for (const o of daemonSet('kube-system', 'kube-proxy', { 'k8s-app': 'kube-proxy' }, [kubeProxy], true)) emit(o);
  for (const node of nodes.slice(0, 3)) {
    for (const [component, port] of [['kube-apiserver', 6443], ['etcd', 2379], ['kube-scheduler', 10259], ['kube-controller-manager', 10257]]) {
      const labels = { component, tier: 'control-plane' };
      const template = templateOf(labels, [containerFor(component, `registry.k8s.io/${component}:v1.33.2`, [['probe-port', port]])], { hostNetwork: true, priorityClassName: 'system-node-critical', priority: 2000001000 });
      const p = pod(`${component}-${node.name}`, 'kube-system', labels, template, [{ apiVersion: 'v1', controller: true, kind: 'Node', name: node.name, uid: uid() }], true, node);
      p.metadata.annotations = { 'kubernetes.io/config.source': 'file' };
      emit(p);
    }
  }
  const dnsReplicas = Math.max(2, Math.round(nodes.length / 100));
  const dnsLabels = { 'k8s-app': 'kube-dns', 'app.kubernetes.io/name': 'coredns', 'app.kubernetes.io/instance': 'coredns' };
  for (const o of deployment('kube-system', 'coredns', dnsLabels, [containerFor('coredns', 'registry.k8s.io/coredns/coredns:v1.12.0', [['dns', 53, 'UDP'], ['dns-tcp', 53], ['metrics', 9153]])], dnsReplicas, { priorityClassName: 'system-cluster-critical', priority: 2000000000, serviceAccount: 'coredns' })) emit(o);
  emit(service('kube-dns', 'kube-system', { 'k8s-app': 'kube-dns' }, [['dns', 53, 53, 'UDP'], ['dns-tcp', 53, 53], ['metrics', 9153, 9153]]));
  const promLabels = { 'app.kubernetes.io/name': 'prometheus', 'app.kubernetes.io/instance': 'k8s', 'app.kubernetes.io/component': 'prometheus' };
  for (const o of statefulSet('monitoring', 'prometheus-k8s', promLabels, [containerFor('prometheus', 'quay.io/prometheus/prometheus:v3.4.0', [['web', 9090]])], 2)) emit(o);
  emit(service('prometheus-k8s', 'monitoring', { 'app.kubernetes.io/name': 'prometheus' }, [['web', 9090, 'web']]));
  const exporter = containerFor('node-exporter', 'quay.io/prometheus/node-exporter:v1.9.1', [['metrics', 9100]]);
  for (const o of daemonSet('monitoring', 'node-exporter', { 'app.kubernetes.io/name': 'node-exporter' }, [exporter], true)) emit(o);
  const fluentBit = containerFor('fluent-bit', 'cr.fluentbit.io/fluent/fluent-bit:4.0.3', [['http', 2020]]);
  for (const o of daemonSet('logging', 'fluent-bit', { 'app.kubernetes.io/name': 'fluent-bit' }, [fluentBit], false)) emit(o);
  const ingressLabels = { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/instance': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' };
  const ingressReplicas = Math.max(2, Math.round(nodes.length / 50));
  for (const o of deployment('ingress-nginx', 'ingress-nginx-controller', ingressLabels, [containerFor('controller', 'registry.k8s.io/ingress-nginx/controller:v1.12.3', [['http', 80], ['https', 443], ['metrics', 10254]])], ingressReplicas)) emit(o);
  emit(service('ingress-nginx-controller', 'ingress-nginx', { 'app.kubernetes.io/name': 'ingress-nginx' }, [['http', 80, 'http'], ['https', 443, 'https']]));
  for (const o of out) yield o;
  out.length = 0;

  // --- application workloads ---------------------------------------------------------------------
  const systemPods = nodes.length * 3 + 12 + dnsReplicas + 2 + ingressReplicas;
  const budget = Math.max(0, podTarget - systemPods);
  const components = [
    ['web', [['http', 8080], ['metrics', 9090]]],
    ['api', [['http', 8080], ['grpc', 9000], ['metrics', 9090]]],
    ['api', [['http', 8080], ['metrics', 9090]]],
    ['worker', [['metrics', 9090]]],
  ];
  const stores = [
    ['postgres', 'docker.io/library/postgres:17.5', [['postgres', 5432], ['metrics', 9187]]],
    ['redis', 'docker.io/library/redis:8.0', [['redis', 6379]]],
    ['kafka', 'docker.io/bitnami/kafka:4.0', [['kafka', 9092], ['controller', 9093]]],
    ['elasticsearch', 'docker.elastic.co/elasticsearch/elasticsearch:9.0.2', [['http', 9200], ['transport', 9300]]],
  ];
  let made = 0;
  for (let n = 0; n < appNamespaces.length; n++) {
    const ns = appNamespaces[n];
    const share = Math.round((budget * (n + 1)) / appNamespaces.length) - Math.round((budget * n) / appNamespaces.length);
    let left = share;
    let a = 0;
    while (left > 0) {
      const word = WORDS[(n * 7 + a * 13 + rnd.int(WORDS.length)) % WORDS.length];
      const app = `${word}-${a++}`;
      const roll = rnd.next();
      const base = { 'app.kubernetes.io/instance': app, 'app.kubernetes.io/part-of': ns.name.split('-')[0], team: ns.team };
      if (roll < 0.2) {
        const [store, image, ports] = rnd.pick(stores);
        const replicas = Math.min(left, rnd.pick([1, 2, 3, 3, 3, 5, 6]));
        const labels = { 'app.kubernetes.io/name': app, 'app.kubernetes.io/component': store, ...base };
        for (const o of statefulSet(ns.name, app, labels, [containerFor(store, image, ports)], replicas)) emit(o);
        emit(service(`${app}-headless`, ns.name, { 'app.kubernetes.io/name': app }, ports.map(([name, port]) => [name, port, name]), true));
        emit(service(app, ns.name, { 'app.kubernetes.io/name': app }, ports.map(([name, port]) => [name, port, name])));
        ns.apps.push({ app, component: store, ports: ports.map((p) => p[0]) });
        left -= replicas;
      } else if (roll < 0.25) {
        const runs = Math.min(left, 1 + rnd.int(3));
        const labels = { 'app.kubernetes.io/name': app, 'app.kubernetes.io/component': 'job', ...base };
        for (const o of cronJob(ns.name, app, labels, [containerFor('job', `registry.example.com/${ns.team}/${word}-job:1.${rnd.int(40)}.0`, [])], runs)) emit(o);
        ns.apps.push({ app, component: 'job', ports: [] });
        left -= runs;
      } else {
        const [component, ports] = rnd.pick(components);
        const replicas = Math.min(left, rnd.pick([1, 2, 2, 3, 3, 3, 4, 4, 5, 6, 8, 10, 12, 16, 24]));
        const labels = { 'app.kubernetes.io/name': app, 'app.kubernetes.io/component': component, ...base, version: `v${1 + rnd.int(4)}` };
        const image = `registry.example.com/${ns.team}/${word}:1.${rnd.int(40)}.${rnd.int(10)}`;
        const container = containerFor(component, image, ports, { env: rnd.chance(0.5), probe: component !== 'worker' });
        for (const o of deployment(ns.name, app, labels, [container], replicas)) emit(o);
        if (component !== 'worker') emit(service(app, ns.name, { 'app.kubernetes.io/name': app }, ports.map(([name, port]) => [name, name === 'http' ? 80 : port, name])));
        ns.apps.push({ app, component, ports: ports.map((p) => p[0]) });
        left -= replicas;
      }
      made++;
      for (const o of out) yield o;
      out.length = 0;
    }
  }

  // --- policies ----------------------------------------------------------------------------------
  let policies = 0;
  const policy = (namespace, name, spec) => {
    policies++;
    emit({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta(name, namespace, { generation: 1 }), spec }, 'policies');
  };
  const appSelector = (app) => ({ matchLabels: { 'app.kubernetes.io/name': app } });
  const nsByName = (name) => ({ matchLabels: { 'kubernetes.io/metadata.name': name } });
  const dnsEgress = { ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }], to: [{ namespaceSelector: nsByName('kube-system'), podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }] };
  policy('monitoring', 'prometheus-scrape', { egress: [{}], ingress: [{ from: [{ namespaceSelector: nsByName('ingress-nginx') }], ports: [{ port: 'web', protocol: 'TCP' }] }], podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } }, policyTypes: ['Ingress', 'Egress'] });
  policy('kube-system', 'allow-dns', { ingress: [{ ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] }], podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } }, policyTypes: ['Ingress'] });
  policy('ingress-nginx', 'controller', { ingress: [{ ports: [{ port: 'http', protocol: 'TCP' }, { port: 'https', protocol: 'TCP' }] }], podSelector: appSelector('ingress-nginx'), policyTypes: ['Ingress'] });
  const perNamespace = Math.max(1, (sizes.policies - policies) / appNamespaces.length);
  for (let n = 0; n < appNamespaces.length; n++) {
    const ns = appNamespaces[n];
    const target = Math.round(perNamespace * (n + 1)) - Math.round(perNamespace * n);
    const before = policies;
    const room = () => policies - before < target;
    const denyKind = rnd.next();
    if (denyKind < 0.7) {
      policy(ns.name, 'default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
      if (room()) policy(ns.name, 'allow-dns', { egress: [dnsEgress], podSelector: {}, policyTypes: ['Egress'] });
    } else if (denyKind < 0.9) {
      policy(ns.name, 'default-deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] });
    }
    if (room()) {
      policy(ns.name, 'allow-monitoring', {
        ingress: [{ from: [{ namespaceSelector: nsByName('monitoring'), podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } }], ports: [{ port: 'metrics', protocol: 'TCP' }] }],
        podSelector: {},
        policyTypes: ['Ingress'],
      });
    }
    if (room() && rnd.chance(0.4)) policy(ns.name, 'allow-same-namespace', { ingress: [{ from: [{ podSelector: {} }] }], podSelector: {}, policyTypes: ['Ingress'] });
    const apps = ns.apps.filter((a) => a.component !== 'job');
    for (let k = 0; room() && apps.length > 0; k++) {
      const a = apps[k % apps.length];
      const other = rnd.pick(apps);
      const kind = rnd.int(8);
      const name = `${a.app}-${['ingress', 'from-team', 'and-peer', 'egress-internet', 'egress-db', 'ranges', 'expressions', 'ingress-controller'][kind]}${k >= apps.length ? `-${k}` : ''}`;
      const port = a.ports[0] ?? 'metrics';
      if (kind === 0) {
        policy(ns.name, name, { ingress: [{ from: [{ podSelector: appSelector(other.app) }], ports: [{ port, protocol: 'TCP' }] }], podSelector: appSelector(a.app), policyTypes: ['Ingress'] });
      } else if (kind === 1) {
        const team = `team-${String(rnd.int(TEAMS)).padStart(2, '0')}`;
        policy(ns.name, name, { ingress: [{ from: [{ namespaceSelector: { matchLabels: { team } } }], ports: [{ port, protocol: 'TCP' }] }], podSelector: appSelector(a.app), policyTypes: ['Ingress'] });
      } else if (kind === 2) {
        const env = rnd.pick(ENVS);
        policy(ns.name, name, {
          ingress: [{ from: [{ namespaceSelector: { matchLabels: { env, team: ns.team } }, podSelector: { matchLabels: { 'app.kubernetes.io/component': rnd.pick(['web', 'api']) } } }], ports: [{ port: 8080, protocol: 'TCP' }] }],
          podSelector: appSelector(a.app),
          policyTypes: ['Ingress'],
        });
      } else if (kind === 3) {
        policy(ns.name, name, {
          egress: [
            { ports: [{ port: 443, protocol: 'TCP' }], to: [{ ipBlock: { cidr: '0.0.0.0/0', except: PRIVATE_V4 } }, { ipBlock: { cidr: '::/0', except: ['fc00::/7', 'fe80::/10'] } }] },
            dnsEgress,
          ],
          podSelector: appSelector(a.app),
          policyTypes: ['Egress'],
        });
      } else if (kind === 4) {
        policy(ns.name, name, { egress: [{ ports: [{ port: 5432, protocol: 'TCP' }, { port: 6379, protocol: 'TCP' }], to: [{ podSelector: appSelector(other.app) }] }], podSelector: appSelector(a.app), policyTypes: ['Egress'] });
      } else if (kind === 5) {
        policy(ns.name, name, {
          ingress: [{ from: [{ ipBlock: { cidr: `10.${64 + rnd.int(16)}.0.0/16` } }, { namespaceSelector: { matchLabels: { env: ns.env } } }], ports: [{ endPort: 8100, port: 8000, protocol: 'TCP' }, { endPort: 32767, port: 30000, protocol: 'TCP' }] }],
          podSelector: appSelector(a.app),
          policyTypes: ['Ingress'],
        });
      } else if (kind === 6) {
        policy(ns.name, name, {
          ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['dev'] }] }, podSelector: { matchExpressions: [{ key: 'app.kubernetes.io/component', operator: 'In', values: ['web', 'api'] }] } }] }],
          podSelector: { matchExpressions: [{ key: 'app.kubernetes.io/component', operator: 'In', values: ['api', 'postgres', 'redis'] }, { key: 'version', operator: 'Exists' }] },
          policyTypes: ['Ingress'],
        });
      } else {
        policy(ns.name, name, { ingress: [{ from: [{ namespaceSelector: nsByName('ingress-nginx'), podSelector: appSelector('ingress-nginx') }], ports: [{ port: 'http', protocol: 'TCP' }] }], podSelector: appSelector(a.app), policyTypes: ['Ingress'] });
      }
    }
    for (const o of out) yield o;
    out.length = 0;
  }
}

// --- writing -------------------------------------------------------------------------------------

const PLAIN = /^[A-Za-z_/][A-Za-z0-9_./-]*$/;
const RESERVED = /^(?:true|false|null|yes|no|on|off|y|n|~)$/i;
const yamlScalar = (value) => {
  if (value === null) return 'null';
  if (typeof value !== 'string') return String(value);
  return PLAIN.test(value) && !RESERVED.test(value) ? value : JSON.stringify(value);
};

/** Block-style YAML of a JSON value, as `kubectl get -o yaml` writes it (two-space indent, `- ` lists). */
function yamlLines(value, indent, lines) {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    for (const item of value) {
      if (item !== null && typeof item === 'object' && Object.keys(item).length > 0) {
        const sub = [];
        yamlLines(item, indent + 2, sub);
        sub[0] = `${pad}- ${sub[0].slice(indent + 2)}`;
        lines.push(...sub);
      } else lines.push(`${pad}- ${item !== null && typeof item === 'object' ? (Array.isArray(item) ? '[]' : '{}') : yamlScalar(item)}`);
    }
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    const k = yamlScalar(key);
    if (item !== null && typeof item === 'object') {
      const empty = Array.isArray(item) ? item.length === 0 : Object.keys(item).length === 0;
      if (empty) lines.push(`${pad}${k}: ${Array.isArray(item) ? '[]' : '{}'}`);
      else {
        lines.push(`${pad}${k}:`);
        yamlLines(item, Array.isArray(item) ? indent : indent + 2, lines);
      }
    } else lines.push(`${pad}${k}: ${yamlScalar(item)}`);
  }
}
export const toYaml = (object) => {
  const lines = [];
  yamlLines(object, 0, lines);
  return `${lines.join('\n')}\n`;
};

/**
 * The text of the four files, in pieces: `{file, text}` for cluster.json, policies.json (Lists with one
 * item per line) and cluster.yaml, policies.yaml (multi-document YAML).
 */
export function* clusterTexts(options) {
  const first = { cluster: true, policies: true };
  yield { file: 'cluster.json', text: '{"apiVersion":"v1","items":[\n' };
  yield { file: 'policies.json', text: '{"apiVersion":"v1","items":[\n' };
  for (const { file, object } of clusterObjects(options)) {
    yield { file: `${file}.json`, text: `${first[file] ? '' : ',\n'}${JSON.stringify(object)}` };
    yield { file: `${file}.yaml`, text: `${first[file] ? '' : '---\n'}${toYaml(object)}` };
    first[file] = false;
  }
  for (const file of ['cluster.json', 'policies.json']) yield { file, text: '\n],"kind":"List","metadata":{"resourceVersion":""}}\n' };
}

/** Writes the four files into `dir`; returns their paths. */
export function writeCluster(dir, options) {
  mkdirSync(dir, { recursive: true });
  const names = ['cluster.json', 'policies.json', 'cluster.yaml', 'policies.yaml'];
  const fds = Object.fromEntries(names.map((name) => [name, openSync(join(dir, name), 'w')]));
  const pending = Object.fromEntries(names.map((name) => [name, []]));
  const sizes = Object.fromEntries(names.map((name) => [name, 0]));
  const flush = (name) => {
    writeSync(fds[name], pending[name].join(''));
    pending[name] = [];
    sizes[name] = 0;
  };
  for (const { file, text } of clusterTexts(options)) {
    pending[file].push(text);
    sizes[file] += text.length;
    if (sizes[file] > 1 << 20) flush(file);
  }
  for (const name of names) {
    flush(name);
    closeSync(fds[name]);
  }
  return Object.fromEntries(names.map((name) => [name, join(dir, name)]));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { pods: { type: 'string', default: '10000' }, seed: { type: 'string', default: '1' }, out: { type: 'string' } } });
  const pods = Number(values.pods);
  const dir = values.out ?? join('.cache', 'bench', `${pods / 1000}k`);
  const files = writeCluster(dir, { seed: Number(values.seed), pods });
  for (const path of Object.values(files)) process.stdout.write(`${path}\n`);
}
