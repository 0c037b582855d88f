// Human form of can-reach: a verdict line, then each side's reasoning.
import { UNKNOWN_TEXT, adminVerdictPhrase, describeAdminRule, type PathView, type ReachView, type SideView, type TierView } from '../report/path-view.js';
import type { Palette } from './color.js';
import { renderEndpointsLine } from './notes-text.js';
import { sanitizeLine } from './sanitize.js';
import type { ExplainedPathView } from '../report/why-not-view.js';
import { whyNotLines } from './why-not-text.js';

export function formatPorts(ports: Record<string, string[]>): string {
  const entries = Object.entries(ports);
  if (entries.length === 0) return 'no port';
  if (entries.length === 3 && entries.every(([, r]) => r.length === 1 && r[0] === '1-65535')) return 'all ports';
  return entries.map(([proto, ranges]) => (ranges.length === 1 && ranges[0] === '1-65535' ? `${proto} (all ports)` : `${proto} ${ranges.join(',')}`)).join(', ');
}

const probeLabel = (probe: NonNullable<ReachView['probe']>): string =>
  probe.port === undefined ? `${probe.protocol} (any port)` : `${probe.protocol} ${probe.port}`;

function portLabel(path: PathView, probe: ReachView['probe']): string {
  if (!probe) return path.allowed ? formatPorts(path.allowedPorts) : 'any port';
  if (!path.port || probe.port === undefined) return probeLabel(probe);
  const target = path.port.number === undefined ? String(probe.port) : String(path.port.number);
  const viaService = path.port.servicePort !== undefined ? ` (service port ${path.port.servicePort})` : '';
  return `${path.port.protocol} ${target}${viaService}`;
}

const EXEMPT_TEXT = {
  external: (side: SideView) => (side.direction === 'egress' ? 'the source is outside the cluster: no egress policy applies' : 'the destination is outside the cluster: no ingress policy applies'),
  'host-network': (side: SideView) => `the ${side.direction === 'egress' ? 'source' : 'destination'} uses the host network: NetworkPolicy does not select it`,
  'own-node': (side: SideView) =>
    side.direction === 'ingress' ? "traffic from the pod's own node is always allowed" : "traffic to the pod's own node is always allowed",
} as const;

/** One decision of the admin tiers (and the NetworkPolicies between them), with what led there. */
function tierLines(side: SideView, decision: TierView, path: PathView, what: string, prefix: string): string[] {
  const passes = decision.passedBy.map((p) => `${sanitizeLine(adminVerdictPhrase(p))} -> `).join('');
  switch (decision.tier) {
    case 'Admin':
    case 'Baseline': {
      const rule = decision.rule!;
      const before = decision.tier === 'Baseline' ? `${passes}no NetworkPolicy isolates it -> ` : passes;
      if (decision.outcome === 'unknown') return [`${prefix}${before}unknown, ${UNKNOWN_TEXT[rule.unknown!]}: ${sanitizeLine(describeAdminRule(rule))} would ${rule.action === 'Deny' ? 'deny' : rule.action === 'Pass' ? 'pass' : 'accept'} it if it matched`];
      return [`${prefix}${before}${sanitizeLine(adminVerdictPhrase(rule))}`];
    }
    case 'NetworkPolicy': {
      const lines = [`${prefix}${passes}NetworkPolicies: isolated by ${side.isolatedBy.map(sanitizeLine).join(', ')}`];
      const admitting = side.admittedBy.filter(() => decision.outcome === 'allow');
      if (admitting.length === 0) {
        const peer = side.direction === 'ingress' ? path.from : path.to;
        lines.push(`  no ${side.direction} rule admits ${sanitizeLine(peer)} on ${what}`);
      }
      for (const rule of admitting) lines.push(`  admitted by ${sanitizeLine(rule.policy)} ${rule.field} (${formatPorts(rule.ports)})`);
      return lines;
    }
    case 'default':
      return [`${prefix}${passes}no NetworkPolicy isolates it and no Baseline rule matches: allowed by default`];
  }
}

function sideLines(side: SideView, path: PathView, what: string): string[] {
  const subject = side.pod ?? (side.direction === 'egress' ? path.from : path.to);
  const head = `${side.direction} of ${sanitizeLine(subject)}: `;
  if (side.tiers && side.tiers.length > 0) {
    // Each decision on its own line when several decide different ports (no single probed port).
    if (side.tiers.length === 1) return tierLines(side, side.tiers[0]!, path, what, head);
    return [
      `${head}decided per port by the policy tiers`,
      ...side.tiers.flatMap((d) => tierLines(side, d, path, formatPorts(d.ports), `  on ${formatPorts(d.ports)}: `).map((l, i) => (i === 0 ? l : `  ${l}`))),
    ];
  }
  if (side.status === 'exempt') return [head + EXEMPT_TEXT[side.exemptReason!](side)];
  if (side.status === 'not-isolated') return [`${head}not isolated (no policy selects it for ${side.direction}): everything allowed`];
  const lines = [`${head}isolated by ${side.isolatedBy.map(sanitizeLine).join(', ')}`];
  if (side.admittedBy.length === 0) {
    const peer = side.direction === 'ingress' ? path.from : path.to;
    lines.push(`  no ${side.direction} rule admits ${sanitizeLine(peer)} on ${what}`);
  }
  for (const rule of side.admittedBy) lines.push(`  admitted by ${sanitizeLine(rule.policy)} ${rule.field} (${formatPorts(rule.ports)})`);
  return lines;
}

function problemLine(path: PathView, probe: ReachView['probe']): string | undefined {
  switch (path.problem) {
    case 'named-port-missing':
      return `${sanitizeLine(path.to)} declares no ${probe?.protocol} container port named "${probe?.port}"`;
    case 'target-port-missing':
      return `${sanitizeLine(path.to)} declares no container port for the service's named targetPort: it is no endpoint of that port`;
    case 'named-port-on-address':
      return `a named port cannot be used towards an address outside the cluster`;
    case undefined:
      return undefined;
  }
}

/** A dual-stack path allowed over one family only says so: a connection uses one family end to end. */
const familyNote = (path: PathView): string => (path.allowed && path.families?.length === 1 ? ` over ${path.families[0]} only` : '');

export function renderPath(path: PathView, probe: ReachView['probe'], palette: Palette): string[] {
  const status = path.allowed ? palette.good('allowed') : path.unknown ? palette.warn('unknown') : palette.bad('denied');
  const what = portLabel(path, probe);
  const lines = [`${sanitizeLine(path.from)} -> ${sanitizeLine(path.to)}: ${status}${probe || path.allowed ? ` on ${what}` : ''}${familyNote(path)}`];
  const problem = problemLine(path, probe);
  if (problem) lines.push(`  ${problem}`);
  if (path.noCommonFamily) lines.push('  the two ends have no address family in common (IPv4 and IPv6 only): no connection is possible');
  if (path.self) lines.push('  a pod can always reach itself');
  else if (path.byFamily) {
    // A connection uses one family end to end: each family's reasoning on its own.
    for (const f of path.byFamily) {
      lines.push(`  over ${f.family}: ${f.allowed ? palette.good('allowed') : palette.bad('denied')}`);
      lines.push(...sideLines(f.egress, path, what).map((l) => `    ${l}`));
      lines.push(...sideLines(f.ingress, path, what).map((l) => `    ${l}`));
    }
  } else {
    lines.push(...[...sideLines(path.egress, path, what), ...whyNotLines(path, path.egress)].map((l) => `  ${l}`));
    lines.push(...[...sideLines(path.ingress, path, what), ...whyNotLines(path, path.ingress)].map((l) => `  ${l}`));
  }
  return lines;
}

/**
 * Without --port, the verdict line names the ports when every allowed path allows the same ones
 * (`on TCP 9090 only`, `on all ports`); paths that differ say so in their own lines.
 */
function portsOfEveryPath(paths: readonly PathView[]): string {
  if (paths.length === 0) return '';
  const first = JSON.stringify(paths[0]!.allowedPorts);
  if (!paths.every((p) => JSON.stringify(p.allowedPorts) === first)) return ' on some ports (see each path)';
  const ports = formatPorts(paths[0]!.allowedPorts);
  return ports === 'all ports' ? ' on all ports' : ` on ${ports} only`;
}

const VERDICT_WORD = { allowed: 'ALLOWED', denied: 'DENIED', partial: 'PARTLY ALLOWED', 'no-endpoints': 'NO ENDPOINTS', unknown: 'UNKNOWN' } as const;

export function renderReach(view: ReachView, palette: Palette, maxPaths = 10): string {
  const word = VERDICT_WORD[view.verdict];
  const verdict = view.verdict === 'allowed' ? palette.good(word) : view.verdict === 'partial' || view.verdict === 'unknown' ? palette.warn(word) : palette.bad(word);
  const allowedPaths = view.paths.filter((p) => p.allowed);
  const on = view.probe ? ` on ${probeLabel(view.probe)}` : portsOfEveryPath(allowedPaths);
  const notes = new Set(allowedPaths.map(familyNote));
  const only = allowedPaths.length > 0 && notes.size === 1 ? [...notes][0]! : '';
  const lines = [`${verdict}: ${sanitizeLine(view.from)} -> ${sanitizeLine(view.to)}${on}${only}`];
  if (view.verdict === 'no-endpoints') {
    const none = view.endpointsFrom === 'EndpointSlice' ? 'its EndpointSlices list no ready endpoint' : 'the service selects no running pod';
    lines.push(`  ${none} (or has no matching port): nothing receives the connection`);
  }
  if (view.paths.length > 1) {
    const allowed = view.paths.filter((p) => p.allowed).length;
    const unknown = view.paths.filter((p) => p.unknown).length;
    lines.push(`${view.paths.length} paths: ${allowed} allowed, ${view.paths.length - allowed - unknown} denied${unknown > 0 ? `, ${unknown} unknown` : ''}`);
  }
  lines.push(...renderEndpointsLine(view.endpointsFrom && { endpointsFrom: view.endpointsFrom, ...(view.notJudged ? { notJudged: view.notJudged } : {}) }));
  // Replicas usually behave alike: print one path per distinct explanation.
  const groups = new Map<string, { path: PathView; count: number }>();
  for (const path of view.paths) {
    const key = JSON.stringify([path.allowed, path.problem, path.port, path.allowedPorts, path.egress.admittedBy, path.egress.isolatedBy, path.ingress.admittedBy, path.ingress.isolatedBy, path.egress.status, path.ingress.status, path.families, path.noCommonFamily, path.byFamily, path.unknown, path.egress.tiers, path.ingress.tiers, (path as ExplainedPathView).nearMisses]);
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { path, count: 1 });
  }
  const shown = [...groups.values()];
  for (const { path, count } of shown.slice(0, maxPaths)) {
    lines.push(...renderPath(path, view.probe, palette));
    if (count > 1) lines.push(`  (and ${count - 1} more path${count > 2 ? 's' : ''} with the same explanation)`);
  }
  if (shown.length > maxPaths) lines.push(`... and ${shown.length - maxPaths} more explanations (-o json lists every path)`);
  return `${lines.join('\n')}\n`;
}
