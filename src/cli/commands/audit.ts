// kubectl netpol audit --flows FILE: observed traffic judged against the policies.
import { Option, type Command } from 'commander';
import { FlowAudit } from '../../engine/flows/audit.js';
import { renderAudit } from '../../format/audit-text.js';
import { isStructured, renderStructured } from '../../format/structured.js';
import { auditView } from '../../report/audit-view.js';
import { readFlowFile } from '../../sources/flows/read-flows.js';
import { paletteFor } from '../arguments.js';
import { EXIT, UserError } from '../errors.js';
import { addInputFlags, addOutputFlags, type InputFlags, type OutputFlags } from '../flags.js';
import type { CommandIO } from '../io.js';
import { jsonDocument, loadState, namespacesInScope, scopeLabel, whatIfHeader } from '../load.js';

interface AuditFlags extends InputFlags, OutputFlags {
  readonly flows?: string[];
  readonly failOn?: string;
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

export async function runAudit(flags: AuditFlags, io: CommandIO): Promise<number> {
  const files = flags.flows ?? [];
  if (files.length === 0) throw new UserError('audit: give the observed flows with --flows FILE (or --flows - for stdin)');
  if (files.filter((f) => f === '-').length > 0 && flags.filename?.includes('-')) throw new UserError('--flows - and -f - cannot both read stdin');
  // Flows cross namespaces: the whole cluster is read, the report covers the namespaces in scope.
  const state = await loadState(flags, io, () => ({ namespaces: 'all' }));
  const scope = namespacesInScope(flags, state);
  const audit = new FlowAudit({ snapshot: state.snapshot, index: state.index, observedIndex: state.whatIf?.baseIndex ?? state.index, namespaces: scope });
  for (const file of files) {
    for await (const record of readFlowFile(file, io.stdin)) {
      if (record.kind === 'flow') audit.add(record.flow);
      else if (record.kind === 'skipped') audit.skip(record.reason);
      else audit.addProblem(record.problem);
    }
  }
  const view = auditView(audit.result());
  if (view.flows.malformed > 0) io.stderr.write(`warning: ${view.flows.malformed} malformed flow line${view.flows.malformed > 1 ? 's' : ''} not counted (first: ${view.problems[0]!.file}:${view.problems[0]!.line})\n`);
  if (isStructured(flags.output)) io.stdout.write(renderStructured(jsonDocument('Audit', view, state, scopeLabel(scope)), flags.output));
  else io.stdout.write(whatIfHeader(state) + renderAudit(view, paletteFor(flags, io)));
  return flags.failOn === 'would-break' && view.wouldBreak.length > 0 ? EXIT.failed : EXIT.ok;
}

export function registerAudit(program: Command, io: CommandIO, setExit: (code: number) => void): void {
  const cmd = program
    .command('audit')
    .summary('judge observed flows (Hubble, Calico, plain) against the policies')
    .description(
      'Reads flow logs (Hubble JSON, Calico flow logs, or the plain schema time,source,destination,protocol,port,verdict\n' +
        'as JSON lines or CSV), joins each flow to the cluster state by namespace and pod, else by IP, and reports:\n' +
        'observed connections the policies deny (would break), flows whose logged verdict differs from the computed one\n' +
        'or whose deciding policy (Hubble\'s *_allowed_by, *_denied_by) is not the one the policies name,\n' +
        'rules and allowed workload pairs no flow used, and egress to outside the cluster with the rule admitting it.\n\n' +
        'Exit status: 0 done, 1 --fail-on would-break and some observed connection is denied, 2 bad input, 3 cluster error.',
    )
    .option('--flows <file>', 'a flow log file, or - for stdin; repeatable', collect)
    .addOption(new Option('--fail-on <what>', 'exit 1 when an observed connection would be denied').choices(['would-break']));
  addOutputFlags(addInputFlags(cmd), ['json', 'yaml']).action(async (flags: AuditFlags) => {
    setExit(await runAudit(flags, io));
  });
}
