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
}

export type JumpResult = { readonly stack: readonly Screen[]; readonly notice?: string } | { readonly notice: string } | { readonly error: string };

const KIND_ORDER: readonly JumpKind[] = ['namespace', 'workload', 'service', 'pod', 'policy', 'admin policy', 'address'];

/** Every target of the command line, in the order completion lists them. */
export function jumpTargets(analysis: Analysis): JumpTarget[] {
  const { snapshot } = analysis;
  const targets: JumpTarget[] = [];
  for (const ns of analysis.coverage.namespaces) targets.push({ text: ns.namespace, kind: 'namespace' });
  for (const group of analysis.groups.values()) {
    if (group.kind !== 'Pod') targets.push({ text: group.key, kind: 'workload' });
  }
  for (const svc of snapshot.services) targets.push({ text: `svc/${svc.namespace}/${svc.name}`, kind: 'service' });
  for (const group of analysis.groups.values()) for (const pod of group.pods) targets.push({ text: `${pod.namespace}/${pod.name}`, kind: 'pod' });
  for (const policy of snapshot.policies) targets.push({ text: `netpol/${policy.namespace}/${policy.name}`, kind: 'policy' });
  for (const policy of snapshot.adminPolicies ?? []) targets.push({ text: `${policy.kind}/${policy.name}`, kind: 'admin policy' });
  for (const group of analysis.groups.values()) {
    for (const pod of group.pods) if (!pod.hostNetwork) for (const ip of pod.ips) targets.push({ text: `ip ${ip}`, kind: 'address', note: `pod ${pod.namespace}/${pod.name}` });
  }
  for (const svc of snapshot.services) for (const ip of svc.clusterIPs) targets.push({ text: `ip ${ip}`, kind: 'address', note: `Service ${svc.namespace}/${svc.name}` });
  return targets;
}

/**
 * The targets that match what was typed: every blank-separated word is part of the text (case
 * ignored); those that start with it first, then by kind, then shorter first. `ip` words list
 * addresses only; addresses are not listed before `ip` is typed.
 */
export function completions(targets: readonly JumpTarget[], typed: string): JumpTarget[] {
  const query = typed.trim().toLowerCase();
  if (!query) return [];
  const addresses = query === 'ip' || query.startsWith('ip ') || query.startsWith('ip:');
  const words = (addresses ? query.replace(/^ip[:\s]?/, 'ip ') : query).split(/\s+/).filter(Boolean);
  const found = targets.filter((t) => (t.kind === 'address') === addresses && words.every((w) => t.text.toLowerCase().includes(w)));
  const whole = addresses ? query.replace(/^ip[:\s]?/, 'ip ') : query;
  const rank = (t: JumpTarget) => (t.text.toLowerCase().startsWith(whole) ? 0 : 1);
  return found.sort((a, b) => rank(a) - rank(b) || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.text.length - b.text.length || a.text.localeCompare(b.text));
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
