// The `:` command line's vocabulary: every namespace, workload, pod, Service and policy as the CLI
// names it, completion over them, and where Enter goes (the views above the target stay on the
// stack, so Esc walks back up). `ip ADDRESS` says what an address is.
import { resolveTargetText } from '../../report/reach-query.js';
import type { Analysis } from './analysis.js';
import type { Screen } from './state.js';

export type JumpKind = 'namespace' | 'workload' | 'pod' | 'service' | 'policy' | 'admin policy' | 'address';

export interface JumpTarget {
  /** What the user types: `shop`, `shop/deployment/cart`, `shop/cart-1`, `svc/shop/cart`, `netpol/shop/default-deny`. */
  readonly text: string;
  readonly kind: JumpKind;
  /** What the row says besides its text (an address's pod). */
  readonly note?: string;
  /** `text` in lower case, for matching (made once, not per key). */
  readonly lower: string;
}

export type JumpResult = { readonly stack: readonly Screen[]; readonly notice?: string } | { readonly notice: string } | { readonly error: string };

const KIND_ORDER: readonly JumpKind[] = ['namespace', 'workload', 'service', 'pod', 'policy', 'admin policy', 'address'];

const made = new WeakMap<Analysis, JumpTarget[]>();

/**
 * Every target of the command line, in the order completion lists them: by kind, then shorter
 * first, then by text. Made once per analysis (at 100,000 pods a quarter of a million targets).
 */
export function jumpTargets(analysis: Analysis): JumpTarget[] {
  const known = made.get(analysis);
  if (known) return known;
  const { snapshot } = analysis;
  const targets: JumpTarget[] = [];
  const add = (text: string, kind: JumpKind, note?: string) => targets.push({ text, kind, lower: text.toLowerCase(), ...(note ? { note } : {}) });
  for (const ns of analysis.coverage.namespaces) add(ns.namespace, 'namespace');
  for (const group of analysis.groups.values()) if (group.kind !== 'Pod') add(group.key, 'workload');
  for (const svc of snapshot.services) add(`svc/${svc.namespace}/${svc.name}`, 'service');
  for (const group of analysis.groups.values()) for (const pod of group.pods) add(`${pod.namespace}/${pod.name}`, 'pod');
  for (const policy of snapshot.policies) add(`netpol/${policy.namespace}/${policy.name}`, 'policy');
  for (const policy of snapshot.adminPolicies ?? []) add(`${policy.kind}/${policy.name}`, 'admin policy');
  for (const group of analysis.groups.values()) {
    for (const pod of group.pods) if (!pod.hostNetwork) for (const ip of pod.ips) add(`ip ${ip}`, 'address', `pod ${pod.namespace}/${pod.name}`);
  }
  for (const svc of snapshot.services) for (const ip of svc.clusterIPs) add(`ip ${ip}`, 'address', `Service ${svc.namespace}/${svc.name}`);
  // Built kind by kind in KIND_ORDER; within a kind shorter first, then by text (pods and addresses,
  // most of the list at scale, stay in workload order).
  const byText = (a: JumpTarget, b: JumpTarget) => a.text.length - b.text.length || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0);
  const sorted = KIND_ORDER.flatMap((kind) => {
    const list = targets.filter((t) => t.kind === kind);
    return kind === 'pod' || kind === 'address' ? list : list.sort(byText);
  });
  made.set(analysis, sorted);
  return sorted;
}

/**
 * The targets that match what was typed: every blank-separated word is part of the text (case
 * ignored); those that start with it first, each part in the targets' order (by kind; names by
 * length, then text).
 * `ip` words list addresses only; addresses are not listed before `ip` is typed.
 */
export function completions(targets: readonly JumpTarget[], typed: string): JumpTarget[] {
  const query = typed.trim().toLowerCase();
  if (!query) return [];
  const addresses = query === 'ip' || query.startsWith('ip ') || query.startsWith('ip:');
  const whole = addresses ? query.replace(/^ip[:\s]?/, 'ip ') : query;
  const words = whole.split(/\s+/).filter(Boolean);
  const first: JumpTarget[] = [];
  const rest: JumpTarget[] = [];
  const one = words.length === 1 ? words[0]! : undefined;
  for (const t of targets) {
    if ((t.kind === 'address') !== addresses) continue;
    if (one !== undefined ? !t.lower.includes(one) : !words.every((w) => t.lower.includes(w))) continue;
    (t.lower.startsWith(whole) ? first : rest).push(t);
  }
  return first.concat(rest);
}

/** The stack from the overview down to a workload (by its group key). */
function workloadStack(analysis: Analysis, key: string): Screen[] {
  const group = analysis.groups.get(key);
  return group ? [{ kind: 'overview' }, { kind: 'namespace', namespace: group.namespace }, { kind: 'workload', key }] : [{ kind: 'overview' }];
}

/** The stack down to a pod's own view, through its workload. */
function podStack(analysis: Analysis, namespace: string, name: string): Screen[] | undefined {
  for (const group of analysis.groups.values()) {
    if (group.namespace !== namespace) continue;
    if (group.pods.some((p) => p.name === name)) return [...workloadStack(analysis, group.key), { kind: 'pod', namespace, name }];
  }
  return undefined;
}

/** The workload behind a Service when its pods belong to one, else nothing. */
function serviceStack(analysis: Analysis, text: string): JumpResult {
  const resolved = resolveTargetText(text, analysis.snapshot, 'default');
  if ('error' in resolved) return resolved;
  if (resolved.kind !== 'service') return { error: `${text} is no Service` };
  const keys = new Set<string>();
  for (const pod of resolved.pods) {
    for (const group of analysis.groups.values()) if (group.namespace === pod.namespace && group.pods.includes(pod)) keys.add(group.key);
  }
  const name = `${resolved.service.namespace}/${resolved.service.name}`;
  if (keys.size === 1) {
    const key = [...keys][0]!;
    return { stack: workloadStack(analysis, key), notice: `Service ${name} selects ${key}` };
  }
  // Several workloads or none: their namespace, and what the Service selects.
  return {
    stack: [{ kind: 'overview' }, { kind: 'namespace', namespace: resolved.service.namespace }],
    notice: keys.size === 0 ? `Service ${name} selects no pod read` : `Service ${name} selects ${keys.size} workloads: ${[...keys].join(', ')}`,
  };
}

/** What an address is: a pod (opened), a Service's cluster IP, a node, or outside the cluster. */
function addressResult(analysis: Analysis, address: string): JumpResult {
  const resolved = resolveTargetText(`ip:${address}`, analysis.snapshot, 'default');
  if ('error' in resolved) return resolved;
  if (resolved.kind === 'pods') {
    const pod = resolved.pods[0]!;
    const stack = podStack(analysis, pod.namespace, pod.name);
    const notice = `${address} is pod ${pod.namespace}/${pod.name}`;
    return stack ? { stack, notice } : { notice };
  }
  if (resolved.kind === 'service') {
    const opened = serviceStack(analysis, `svc/${resolved.service.namespace}/${resolved.service.name}`);
    const notice = `${address} is the cluster IP of Service ${resolved.service.namespace}/${resolved.service.name}`;
    return 'stack' in opened ? { stack: opened.stack, notice } : { notice };
  }
  const node = analysis.snapshot.pods.find((p) => p.hostNetwork && p.ips.includes(address))?.nodeName ?? analysis.snapshot.nodes?.find((n) => n.addresses.includes(address))?.name;
  if (node) return { notice: `${address} is node ${node} (host network): policies see it as an address, not a pod` };
  return { notice: `${address} is outside the cluster: no pod, Service or node read has it (ipBlock rules decide)` };
}

/** Where the command line's text goes: the target it names, or the one completion of it. */
export function resolveJump(analysis: Analysis, targets: readonly JumpTarget[], text: string): JumpResult {
  const trimmed = text.trim();
  const ip = /^ip[:\s]\s*(\S+)$/i.exec(trimmed);
  if (ip) return addressResult(analysis, ip[1]!);
  const exact = targets.find((t) => t.text === trimmed && t.kind !== 'address');
  const matches = exact ? [exact] : completions(targets, trimmed);
  if (matches.length === 0) return { error: `nothing is called ${trimmed}` };
  if (matches.length > 1 && !exact) return { error: `${matches.length} match ${trimmed}: tab picks one` };
  const target = matches[0]!;
  const [a, b, ...rest] = target.text.split('/');
  switch (target.kind) {
    case 'namespace':
      return { stack: [{ kind: 'overview' }, { kind: 'namespace', namespace: target.text }] };
    case 'workload':
      return { stack: workloadStack(analysis, target.text) };
    case 'pod':
      return { stack: podStack(analysis, a!, b!) ?? [{ kind: 'overview' }] };
    case 'service':
      return serviceStack(analysis, target.text);
    case 'policy':
      return { stack: [{ kind: 'overview' }, { kind: 'namespace', namespace: b! }, { kind: 'policy', namespace: b!, name: rest.join('/') }] };
    case 'admin policy':
      return { stack: [{ kind: 'overview' }, { kind: 'policy', namespace: '', name: [b!, ...rest].join('/'), admin: a as 'ClusterNetworkPolicy' }] };
    case 'address':
      return addressResult(analysis, target.text.slice(3));
  }
}

/** Kinds the path check takes as an end, in the order a suggestion is picked from. */
const PATH_KINDS = new Set<JumpKind>(['workload', 'service', 'pod', 'address']);

/**
 * What the path check suggests for a field that starts `typed`: the first workload, Service, pod or
 * address (written `ip:ADDRESS`, as the path check reads it) that starts with it and is longer.
 */
export function pathSuggestion(targets: readonly JumpTarget[], typed: string): string | undefined {
  const lower = typed.toLowerCase();
  if (!lower.trim()) return undefined;
  const asIp = lower.startsWith('ip:') ? `ip ${lower.slice(3)}` : undefined;
  for (const t of targets) {
    if (!PATH_KINDS.has(t.kind)) continue;
    const wanted = t.kind === 'address' ? asIp : lower;
    if (wanted !== undefined && t.lower.length > wanted.length && t.lower.startsWith(wanted)) return t.kind === 'address' ? `ip:${t.text.slice(3)}` : t.text;
  }
  return undefined;
}
