// Human form of a fix: the summary as YAML comments, then the proposed NetworkPolicies, so the whole
// output can go to `kubectl apply -f -` or `--policies-from` as it is.
import type { ConnectionChangeView, FixView } from '../report/fix-view.js';
import { describeAdminRule } from '../report/path-view.js';
import { formatPorts } from './reach-text.js';
import { sanitizeLine } from './sanitize.js';
import { renderYaml } from './structured.js';

const PROBLEM_TEXT = {
  'named-port-missing': 'the destination declares no container port of that name',
  'target-port-missing': "the destination declares no container port for the service's named targetPort",
  'named-port-on-address': 'a named port cannot be used towards an address',
} as const;

function probeText(view: FixView): string {
  if (!view.probe) return 'on the ports the destination declares';
  if (view.probe.port === undefined) return `on the ${view.probe.protocol} ports the destination declares`;
  return `on ${view.probe.protocol} ${sanitizeLine(String(view.probe.port))}`;
}

const pair = (c: ConnectionChangeView): string => `${sanitizeLine(c.from)} -> ${sanitizeLine(c.to)}`;

const comment = (lines: readonly string[]): string => lines.map((l) => (l === '' ? '#\n' : `# ${l}\n`)).join('');

function statusLines(view: FixView, what: string): string[] {
  switch (view.status) {
    case 'already-allowed':
      return [`${what} is already allowed ${probeText(view)}: nothing to change`];
    case 'admin-denied': {
      const rule = view.blockedBy!;
      return [
        `no NetworkPolicy can allow ${what} ${probeText(view)}:`,
        `  ${rule.direction} of ${sanitizeLine(rule.direction === 'ingress' ? view.path?.to ?? view.to : view.path?.from ?? view.from)} is denied by ${sanitizeLine(describeAdminRule(rule))}`,
        '  a NetworkPolicy cannot override an Admin-tier Deny: only a change to that admin policy can allow it',
      ];
    }
    case 'not-fixable':
      switch (view.reason) {
        case 'no-endpoints':
          return [`${sanitizeLine(view.to)} has no endpoint ${probeText(view)}: there is nothing to allow`];
        case 'path-problem': {
          const problem = view.path?.problem ? PROBLEM_TEXT[view.path.problem] : 'the two ends have no address family in common';
          return [`no policy change allows ${what} ${probeText(view)}: ${problem}`];
        }
        case 'unknown':
          return [`${what} depends on DNS or on Nodes that were not read: no fix can be verified`];
        case 'not-verified':
        case undefined:
          return [`no verified fix was found for ${what} ${probeText(view)}`];
      }
      return [];
    case 'fix':
      return [];
  }
}

/** `+ NetworkPolicy ns/name (new)` and its rules, or `~ ...` for rules added to an existing policy. */
function changeLines(view: FixView): string[] {
  return view.changes.flatMap((change) => {
    const created = change.action === 'create';
    return [
      `${created ? '+' : '~'} NetworkPolicy ${sanitizeLine(change.policy)}${created ? ' (new)' : ' (the whole policy below, with the rule added)'}`,
      ...change.rules.map((rule) => `  + ${rule.field}: ${rule.direction === 'ingress' ? 'from' : 'to'} ${rule.peers.map(sanitizeLine).join(' or ')} on ${sanitizeLine(rule.ports)}`),
    ];
  });
}

/** The fix in two lines (the UI's path check): the change and what else it opens, then how to get the manifests. */
export function fixSummaryLines(view: FixView): string[] {
  const what = `${sanitizeLine(view.from)} -> ${sanitizeLine(view.to)}`;
  if (view.status !== 'fix') return statusLines(view, what);
  const extra = view.opened.filter((o) => !o.requested).length;
  const changes = view.changes.map((c) => (c.action === 'create' ? `new NetworkPolicy ${sanitizeLine(c.policy)}` : `a rule in ${sanitizeLine(c.policy)}`)).join(' and ');
  const opens = extra > 0 ? `it also opens ${extra} connection${extra === 1 ? '' : 's'} not asked for` : 'it opens nothing else';
  const port = view.probe ? `${view.probe.port !== undefined ? ` --port ${sanitizeLine(String(view.probe.port))}` : ''}${view.probe.protocol !== 'TCP' ? ` --protocol ${view.probe.protocol}` : ''}` : '';
  return [
    `fix, verified: ${changes}; ${opens}${view.closed.length > 0 ? `, and closes ${view.closed.length}` : ''}`,
    `  kubectl netpol fix ${sanitizeLine(view.from)} ${sanitizeLine(view.to)}${port} prints it to apply`,
  ];
}

function fixLines(view: FixView, what: string): string[] {
  const extra = view.opened.filter((o) => !o.requested);
  const lines: string[] = [`fix: ${what} ${probeText(view)}`];
  if (extra.length > 0) lines.push(`NOTE: this also opens ${extra.length} connection${extra.length === 1 ? '' : 's'} that ${extra.length === 1 ? 'was' : 'were'} not asked for (see "opens")`);
  if (view.closed.length > 0) lines.push(`NOTE: this closes ${view.closed.length} connection${view.closed.length === 1 ? '' : 's'} allowed now (see "closes")`);
  lines.push('');
  lines.push(...changeLines(view));
  lines.push('', `verified: with this change laid over the input, ${what} is allowed ${probeText(view)}`);
  if (view.skipped.length > 0) lines.push(`left as they are: ${view.skipped.length} path${view.skipped.length === 1 ? '' : 's'} no policy change allows (${view.skipped.map((s) => `${sanitizeLine(s.from)} -> ${sanitizeLine(s.to)}`).join(', ')})`);
  lines.push('opens:');
  for (const o of view.opened) lines.push(`  + ${pair(o)}: ${formatPorts(o.ports)}${o.requested ? ' (requested)' : ''}`);
  if (view.opened.length === 0) lines.push('  nothing between workloads (the connection involves an address)');
  if (view.closed.length > 0) {
    lines.push('closes:');
    for (const c of view.closed) lines.push(`  - ${pair(c)}: ${formatPorts(c.ports)}`);
  }
  lines.push('', 'apply with: kubectl apply -f -   (or judge it first: --policies-from FILE with any command)');
  return lines;
}

/** The summary as comments, then each proposed policy as a YAML document. */
export function renderFix(view: FixView): string {
  const what = `${sanitizeLine(view.from)} -> ${sanitizeLine(view.to)}`;
  if (view.status !== 'fix') return comment(statusLines(view, what));
  return comment(fixLines(view, what)) + view.policies.map(renderYaml).join('---\n');
}
