// kubectl netpol suggest --flows FILE: least-privilege NetworkPolicies from observed traffic, proved
// before printing (every observed connection allowed; what else they allow; the change against now).
import type { Command } from 'commander';
import { FlowAudit } from '../../engine/flows/audit.js';
import { suggestPolicies } from '../../engine/flows/suggest.js';
import { proveSuggestion } from '../../engine/flows/suggest-proof.js';
import { policyJson, renderPolicyYaml } from '../../format/manifests.js';
import { sanitizeLine } from '../../format/sanitize.js';
import { isStructured, renderStructured } from '../../format/structured.js';
import { renderSuggestionProof } from '../../format/suggest-text.js';
import { suggestionView } from '../../report/suggestion-view.js';
import { readFlowFile } from '../../sources/flows/read-flows.js';
import { EXIT, UserError } from '../errors.js';
import { addInputFlags, addOutputFlags, type InputFlags, type OutputFlags } from '../flags.js';
import type { CommandIO } from '../io.js';
import { jsonDocument, loadState, namespacesInScope, scopeLabel } from '../load.js';

interface SuggestFlags extends InputFlags, OutputFlags {
  readonly flows?: string[];
  readonly baseline?: boolean;
  readonly prefix?: string;
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

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
  const view = suggestionView(policies, proveSuggestion({ snapshot: state.snapshot, index: state.index, namespaces: scope, observed, policies }), policyJson);
  if (isStructured(flags.output)) {
    io.stdout.write(renderStructured(jsonDocument('Suggestion', view, state, scopeLabel(scope)), flags.output));
  } else {
    const header =
      `# kubectl-netpol suggest for ${scopeLabel(scope)} of ${sanitizeLine(state.description)}: ${policies.length} NetworkPolicies\n` +
      '# Try first with: kubectl netpol audit --flows FILE --policies-from <this file>; then: kubectl apply -f <this file>\n';
    io.stdout.write(header + policies.map((p) => `---\n${renderPolicyYaml(p)}`).join(''));
    io.stderr.write(renderSuggestionProof(view));
  }
  return view.proof.observed.notAllowed.length > 0 ? EXIT.failed : EXIT.ok;
}

export function registerSuggest(program: Command, io: CommandIO, setExit: (code: number) => void): void {
  const cmd = program
    .command('suggest')
    .summary('least-privilege NetworkPolicies from observed flows, proved before printing')
    .description(
      'Writes NetworkPolicies for the namespaces in scope: a default deny (ingress and egress), DNS egress to the\n' +
        'cluster DNS pods, and one allow per observed workload pair and port; outside addresses as ipBlocks of --prefix.\n' +
        'The YAML goes to stdout (for kubectl apply -f - or --policies-from); the proof to stderr: how many observed\n' +
        'connections the result allows, the workload pairs it allows beyond them, and what it opens and closes now.\n' +
        'With -o json or -o yaml: one Suggestion document with the policies and the whole proof (every workload pair\n' +
        'the result allows, as matrix -o json would list it after applying).\n\n' +
        'Exit status: 0 every observed connection is allowed, 1 some is not (listed), 2 bad input, 3 cluster error.',
    )
    .option('--flows <file>', 'a flow log file (Hubble, Calico, plain), or - for stdin; repeatable', collect)
    .option('--baseline', 'without flows: only the default deny and DNS egress')
    .option('--prefix <bits>', 'aggregate outside addresses to this prefix length (IPv4, optionally ,IPv6)', '24,64');
  addOutputFlags(addInputFlags(cmd), ['json', 'yaml']).action(async (flags: SuggestFlags) => {
    setExit(await runSuggest(flags, io));
  });
}
