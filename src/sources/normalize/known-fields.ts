// The fields the Kubernetes API defines for each kind read here, so that a misspelt field is an
// error (as the API server's strict decoding makes it) rather than silently absent: `ingres:`
// must not turn a policy into a default deny.
import { clip, quote } from '../../model/quote.js';
import { isRecord, type RawReader } from './raw.js';

/**
 * `open`: anything goes (contents the API defines but nothing here reads, e.g. volumes or status).
 * A `fields` shape lists every field of an API type; with `open`, other fields are allowed as well.
 */
type Shape =
  | 'open'
  | {
      readonly fields: ReadonlyMap<string, Shape>;
      readonly open?: true;
      /**
       * With `open`: fields read here. An unknown field is still an error when it looks like a
       * misspelling of one of them; anything else may be a field of a newer API version.
       */
      readonly guard?: readonly string[];
    }
  | { readonly items: Shape };

/**
 * Types that grow with each Kubernetes release (PodSpec, Container, ServiceSpec, workload specs):
 * a field of a newer cluster than this list must not stop the analysis, a typo of a field read must.
 */
const growing = (fields: Record<string, Shape>, guard: readonly string[]): Shape => ({ fields: new Map(Object.entries(fields)), open: true, guard });

// Fields in a Map: looked up once per key of every object read, the hot path of reading large inputs.
const o = (fields: Record<string, Shape>): Shape => ({ fields: new Map(Object.entries(fields)) });
const list = (items: Shape): Shape => ({ items });
const names = (...fields: string[]): Record<string, Shape> => Object.fromEntries(fields.map((f) => [f, 'open' as const]));

// Field sets of k8s.io/api (core/v1, networking/v1, apps/v1, batch/v1) and apimachinery's ObjectMeta.
const OWNER_REFERENCE = o(names('apiVersion', 'kind', 'name', 'uid', 'controller', 'blockOwnerDeletion'));
const MANAGED_FIELDS_ENTRY = o(names('manager', 'operation', 'apiVersion', 'time', 'fieldsType', 'fieldsV1', 'subresource'));
const OBJECT_META = o({
  ...names('name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp'),
  ...names('deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'finalizers'),
  ownerReferences: list(OWNER_REFERENCE),
  managedFields: list(MANAGED_FIELDS_ENTRY),
});

const LABEL_SELECTOR = o({ matchLabels: 'open', matchExpressions: list(o(names('key', 'operator', 'values'))) });

const POLICY_PEER = o({ podSelector: LABEL_SELECTOR, namespaceSelector: LABEL_SELECTOR, ipBlock: o(names('cidr', 'except')) });
const POLICY_PORT = o(names('protocol', 'port', 'endPort'));
const NETWORK_POLICY_SPEC = o({
  podSelector: LABEL_SELECTOR,
  ingress: list(o({ from: list(POLICY_PEER), ports: list(POLICY_PORT) })),
  egress: list(o({ to: list(POLICY_PEER), ports: list(POLICY_PORT) })),
  policyTypes: 'open',
});

const CONTAINER_PORT = o(names('name', 'containerPort', 'protocol', 'hostPort', 'hostIP'));
const CONTAINER = growing({
  ...names('name', 'image', 'command', 'args', 'workingDir', 'envFrom', 'env', 'resources', 'resizePolicy', 'restartPolicy'),
  ...names('restartPolicyRules', 'volumeMounts', 'volumeDevices', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle'),
  ...names('terminationMessagePath', 'terminationMessagePolicy', 'imagePullPolicy', 'securityContext', 'stdin', 'stdinOnce', 'tty'),
  ports: list(CONTAINER_PORT),
}, ['ports', 'restartPolicy']);
const POD_SPEC = growing({
  ...names('volumes', 'ephemeralContainers', 'restartPolicy', 'terminationGracePeriodSeconds', 'activeDeadlineSeconds', 'dnsPolicy'),
  ...names('nodeSelector', 'serviceAccountName', 'serviceAccount', 'automountServiceAccountToken', 'nodeName', 'hostNetwork'),
  ...names('hostPID', 'hostIPC', 'shareProcessNamespace', 'securityContext', 'imagePullSecrets', 'hostname', 'subdomain'),
  ...names('affinity', 'schedulerName', 'tolerations', 'hostAliases', 'priorityClassName', 'priority', 'dnsConfig', 'readinessGates'),
  ...names('runtimeClassName', 'enableServiceLinks', 'preemptionPolicy', 'overhead', 'topologySpreadConstraints', 'setHostnameAsFQDN'),
  ...names('os', 'hostUsers', 'schedulingGates', 'resourceClaims', 'resources', 'hostnameOverride', 'schedulingGroup'),
  containers: list(CONTAINER),
  initContainers: list(CONTAINER),
}, ['containers', 'initContainers', 'hostNetwork']);
const POD_TEMPLATE = o({ metadata: OBJECT_META, spec: POD_SPEC });
// Status is written by the cluster and varies by version: only the address lists read here are checked.
const POD_STATUS: Shape = { fields: new Map([['podIPs', list(o(names('ip')))], ['hostIPs', list(o(names('ip')))]]), open: true };

const SERVICE_SPEC = growing({
  ...names('selector', 'clusterIP', 'clusterIPs', 'type', 'externalIPs', 'sessionAffinity', 'loadBalancerIP'),
  ...names('loadBalancerSourceRanges', 'externalName', 'externalTrafficPolicy', 'healthCheckNodePort', 'publishNotReadyAddresses'),
  ...names('sessionAffinityConfig', 'ipFamilies', 'ipFamilyPolicy', 'allocateLoadBalancerNodePorts', 'loadBalancerClass'),
  ...names('internalTrafficPolicy', 'trafficDistribution'),
  ports: list(o(names('name', 'protocol', 'appProtocol', 'port', 'targetPort', 'nodePort'))),
}, ['ports', 'selector', 'clusterIP', 'clusterIPs']);

const JOB_SPEC = o({
  ...names('parallelism', 'completions', 'activeDeadlineSeconds', 'podFailurePolicy', 'successPolicy', 'backoffLimit'),
  ...names('backoffLimitPerIndex', 'maxFailedIndexes', 'selector', 'manualSelector', 'ttlSecondsAfterFinished', 'completionMode'),
  ...names('suspend', 'podReplacementPolicy', 'managedBy'),
  template: POD_TEMPLATE,
});

const WORKLOAD_SPECS: Readonly<Record<string, Shape>> = {
  // rollbackTo (Deployment) and templateGeneration (DaemonSet) are fields of the extensions/v1beta1 versions.
  Deployment: o({
    ...names('replicas', 'selector', 'strategy', 'minReadySeconds', 'revisionHistoryLimit', 'paused', 'progressDeadlineSeconds', 'rollbackTo'),
    template: POD_TEMPLATE,
  }),
  StatefulSet: o({
    ...names('replicas', 'selector', 'volumeClaimTemplates', 'serviceName', 'podManagementPolicy', 'updateStrategy'),
    ...names('revisionHistoryLimit', 'minReadySeconds', 'persistentVolumeClaimRetentionPolicy', 'ordinals'),
    template: POD_TEMPLATE,
  }),
  DaemonSet: o({ ...names('selector', 'updateStrategy', 'minReadySeconds', 'revisionHistoryLimit', 'templateGeneration'), template: POD_TEMPLATE }),
  ReplicaSet: o({ ...names('replicas', 'minReadySeconds', 'selector'), template: POD_TEMPLATE }),
  ReplicationController: o({ ...names('replicas', 'minReadySeconds', 'selector'), template: POD_TEMPLATE }),
  Job: JOB_SPEC,
  CronJob: o({
    ...names('schedule', 'timeZone', 'startingDeadlineSeconds', 'concurrencyPolicy', 'suspend', 'successfulJobsHistoryLimit'),
    ...names('failedJobsHistoryLimit'),
    jobTemplate: o({ metadata: OBJECT_META, spec: JOB_SPEC }),
  }),
};

const object = (spec: Shape, status: Shape = 'open'): Shape => o({ ...names('apiVersion', 'kind'), metadata: OBJECT_META, spec, status });

/** The shape of each kind, by kind; kinds not listed are not checked. */
const KINDS: Readonly<Record<string, Shape>> = {
  // NetworkPolicy had a status (always empty) in Kubernetes 1.24 to 1.26.
  NetworkPolicy: object(NETWORK_POLICY_SPEC),
  Namespace: object(o(names('finalizers'))),
  Pod: object(POD_SPEC, POD_STATUS),
  Service: object(SERVICE_SPEC),
  ...Object.fromEntries(Object.entries(WORKLOAD_SPECS).map(([kind, spec]) => [kind, object(spec)])),
};

/** Optimal string alignment distance (edits, with adjacent swaps), case-insensitive. */
function distance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) => Array.from({ length: t.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[s.length]![t.length]!;
}

/** The known field closest to `field`, if it is close enough to be what was meant. */
export function nearestField(field: string, known: readonly string[]): string | undefined {
  if (field.length > 64) return undefined;
  const limit = Math.max(1, Math.floor(field.length / 3));
  let best: { name: string; d: number } | undefined;
  for (const name of known) {
    const d = distance(field, name);
    if (d <= limit && (!best || d < best.d)) best = { name, d };
  }
  return best?.name;
}

/** A field spelt in another case than the API's: read as Go's case-insensitive JSON decoding would. */
export interface CaseMismatch {
  readonly field: string;
  readonly written: string;
  readonly meant: string;
}

/** Each shape's fields by their lower-case spelling (shapes are constants: computed once each). */
const lowerCase = new WeakMap<object, Map<string, string>>();
function lowerCaseFields(shape: { readonly fields: ReadonlyMap<string, Shape> }): Map<string, string> {
  let map = lowerCase.get(shape);
  if (!map) {
    map = new Map();
    // The first field of a spelling wins, as Array.find over the fields did.
    for (const f of shape.fields.keys()) if (!map.has(f.toLowerCase())) map.set(f.toLowerCase(), f);
    lowerCase.set(shape, map);
  }
  return map;
}

/** A field path built only when a message needs it: the parent's path and this step. */
type Path = undefined | { readonly parent: Path; readonly key?: string; readonly index?: number };
function spell(path: Path): string {
  if (path === undefined) return '';
  const parent = spell(path.parent);
  if (path.index !== undefined) return `${parent}[${path.index}]`;
  return parent ? `${parent}.${clip(path.key)}` : clip(path.key);
}

function check(r: RawReader, value: unknown, shape: Shape, path: Path, mismatches: CaseMismatch[]): void {
  if (shape === 'open') return;
  if ('items' in shape) {
    // Values of the wrong type are the readers' to reject, with their own message.
    if (Array.isArray(value) && shape.items !== 'open') for (let i = 0; i < value.length; i++) check(r, value[i], shape.items, { parent: path, index: i }, mismatches);
    return;
  }
  if (!isRecord(value)) return;
  for (const key of Object.keys(value)) {
    const known = shape.fields.get(key);
    // Most fields are known and their contents open: nothing to check.
    if (known === 'open') continue;
    const field = value[key];
    const at: Path = { parent: path, key };
    if (known !== undefined) {
      check(r, field, known, at, mismatches);
      continue;
    }
    const sameButCase = lowerCaseFields(shape).get(key.toLowerCase());
    if (sameButCase !== undefined && !Object.hasOwn(value, sameButCase)) {
      // Read under the API's spelling, so that the readers see it; the caller says so aloud.
      delete value[key];
      value[sameButCase] = field;
      mismatches.push({ field: spell(at), written: key, meant: sameButCase });
      check(r, field, shape.fields.get(sameButCase)!, { parent: path, key: sameButCase }, mismatches);
    } else if (!shape.open || (shape.guard && nearestField(key, shape.guard))) {
      const nearest = nearestField(key, shape.guard ?? [...shape.fields.keys()]);
      r.fail(spell(at), `unknown field ${quote(key)}${nearest ? ` (did you mean "${nearest}"?)` : ''}`);
    }
  }
}

export function checkKnownFields(r: RawReader, kind: string, object: unknown): CaseMismatch[] {
  const shape = KINDS[kind];
  const mismatches: CaseMismatch[] = [];
  if (shape) check(r, object, shape, undefined, mismatches);
  return mismatches;
}
