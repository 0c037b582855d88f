// kubectl netpol suggest --flows FILE: least-privilege NetworkPolicies from observed traffic, proved
// before printing (every observed connection allowed; what else they allow; the change against now).
import type { Command } from 'commander';
import { PolicyIndex } from '../../engine/compile.js';
import { FlowAudit } from '../../engine/flows/audit.js';
import { suggestPolicies } from '../../engine/flows/suggest.js';
import { applyOverlay } from '../../engine/whatif/overlay.js';
import { evaluate } from '../../engine/evaluate.js';
import { podEndpoint, addressEndpoint } from '../../engine/endpoint.js';
import { computeMatrix } from '../../engine/analysis/matrix.js';
import { groupKeyOf } from '../../engine/analysis/workload-groups.js';
import { matrixDifference } from '../../engine/whynot/blast-radius.js';
import type { JoinedEnd } from '../../engine/flows/join.js';
import { renderPolicyYaml } from '../../format/manifests.js';
import { sanitizeLine } from '../../format/sanitize.js';
import { readFlowFile } from '../../sources/flows/read-flows.js';
import { EXIT, UserError } from '../errors.js';
import { addInputFlags, type InputFlags } from '../flags.js';
import type { CommandIO } from '../io.js';
import { loadState, namespacesInScope, scopeLabel } from '../load.js';

interface SuggestFlags extends InputFlags {
  readonly flows?: string[];
  readonly baseline?: boolean;
  readonly prefix?: string;
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];
const endpointOf = (end: JoinedEnd) => (end.kind === 'pod' ? podEndpoint(end.pod) : end.kind === 'address' ? addressEndpoint(end.ip) : undefined);
const nameOf = (end: JoinedEnd) => (end.kind === 'pod' ? groupKeyOf(end.pod).key : end.kind === 'address' ? end.ip : end.name);

function parsePrefix(text: string | undefined): { v4: number; v6: number } {
  if (text === undefined) return { v4: 24, v6: 64 };
  const m = /^(\d{1,2})(?:,(\d{1,3}))?$/.exec(text);
  const v4 = m ? Number(m[1]) : NaN;
  const v6 = m?.[2] !== undefined ? Number(m[2]) : 64;
  if (!(v4 >= 0 && v4 <= 32 && v6 >= 0 && v6 <= 128)) throw new UserError(`--prefix: "${text}" is not an IPv4 prefix length 0-32 (optionally ,IPv6 length 0-128)`);
  return { v4, v6 };
}

export async function runSuggest(flags: SuggestFlags, io: CommandIO): Promise<number> {
  const files = flags.flows ?? [];
  if (files.length === 0 && !flags.baseline) throw new UserError('suggest: give the observed flows with --flows FILE, or --baseline for only a default deny and DNS egress');
  if (files.length > 0 && flags.baseline) throw new UserError('--baseline writes no allow rules: it cannot be combined with --flows');
  const prefix = parsePrefix(flags.prefix);
  const state = await loadState(flags, io, () => ({ namespaces: 'all' }));
  const scope = namespacesInScope(flags, state);
  const audit = new FlowAudit({ snapshot: state.snapshot, index: state.index, observedIndex: state.index, namespaces: scope });
  for (const file of files) {
    for await (const record of readFlowFile(file, io.stdin)) {
      if (record.kind === 'flow') audit.add(record.flow);
      else if (record.kind === 'problem') audit.addProblem(record.problem);
    }
  }
  const observed = audit.observedConnections();
  const policies = suggestPolicies({ snapshot: state.snapshot, namespaces: scope, observed, prefix });
  // The proof: the suggestion laid over the current state, judged by the same engine.
  const after = applyOverlay(state.snapshot, { policies, remove: [] }).snapshot;
  const afterIndex = new PolicyIndex(after, state.index.options);
  const notAllowed = observed.filter((o) => {
    const from = endpointOf(o.source);
    const to = endpointOf(o.destination);
    return from && to && !evaluate(from, to, afterIndex).allowed.has(o.protocol, o.port);
  });
  const observedPairs = new Set(observed.map((o) => `${nameOf(o.source)}|${nameOf(o.destination)}`));
  const matrix = computeMatrix(after, afterIndex, scope);
  const beyond = matrix.edges.filter((e) => !observedPairs.has(`${matrix.nodes[e.from]!.key}|${matrix.nodes[e.to]!.key}`));
  const difference = matrixDifference(state.snapshot, state.index, afterIndex);
  const header =
    `# kubectl-netpol suggest for ${scopeLabel(scope)} of ${sanitizeLine(state.description)}: ${policies.length} NetworkPolicies\n` +
    '# Try first with: kubectl netpol audit --flows FILE --policies-from <this file>; then: kubectl apply -f <this file>\n';
  io.stdout.write(header + policies.map((p) => `---\n${renderPolicyYaml(p)}`).join(''));
  const lines = [
    `proof: ${observed.length - notAllowed.length} of ${observed.length} observed connections allowed`,
    ...notAllowed.map((o) => `  not allowed: ${sanitizeLine(nameOf(o.source))} -> ${sanitizeLine(nameOf(o.destination))} ${o.port}/${o.protocol}`),
    `proof: ${beyond.length} workload pair${beyond.length === 1 ? '' : 's'} allowed beyond the observations`,
    ...beyond.slice(0, 20).map((e) => `  ${sanitizeLine(matrix.nodes[e.from]!.key)} -> ${sanitizeLine(matrix.nodes[e.to]!.key)}: ${e.ports.toString()}`),
    ...(beyond.length > 20 ? [`  ... and ${beyond.length - 20} more`] : []),
    `proof: against the current policies, ${difference.opened.length} workload pair${difference.opened.length === 1 ? '' : 's'} opened, ${difference.closed.length} closed`,
  ];
  io.stderr.write(`${lines.join('\n')}\n`);
  return notAllowed.length > 0 ? EXIT.failed : EXIT.ok;
}

export function registerSuggest(program: Command, io: CommandIO, setExit: (code: number) => void): void {
  const cmd = program
    .command('suggest')
    .summary('least-privilege NetworkPolicies from observed flows, proved before printing')
    .description(
      'Writes NetworkPolicies for the namespaces in scope: a default deny (ingress and egress), DNS egress to the\n' +
        'cluster DNS pods, and one allow per observed workload pair and port; outside addresses as ipBlocks of --prefix.\n' +
        'The YAML goes to stdout (for kubectl apply -f - or --policies-from); the proof to stderr: how many observed\n' +
        'connections the result allows, the workload pairs it allows beyond them, and what it opens and closes now.\n\n' +
        'Exit status: 0 every observed connection is allowed, 1 some is not (listed), 2 bad input, 3 cluster error.',
    )
    .option('--flows <file>', 'a flow log file (Hubble, Calico, plain), or - for stdin; repeatable', collect)
    .option('--baseline', 'without flows: only the default deny and DNS egress')
    .option('--prefix <bits>', 'aggregate outside addresses to this prefix length (IPv4, optionally ,IPv6)', '24,64');
  addInputFlags(cmd).action(async (flags: SuggestFlags) => {
    setExit(await runSuggest(flags, io));
  });
}
