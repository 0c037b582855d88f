// kubectl netpol diff --policies-from PATH: what a proposed policy change opens, closes and fixes.
import type { Command } from 'commander';
import { countOpened, diffPolicyStates } from '../../engine/diff/diff.js';
import { renderDiff } from '../../format/diff-text.js';
import { isStructured, renderStructured } from '../../format/structured.js';
import { diffView } from '../../report/diff-view.js';
import { paletteFor } from '../arguments.js';
import { EXIT, UserError } from '../errors.js';
import { addInputFlags, addOutputFlags, type InputFlags, type OutputFlags } from '../flags.js';
import type { CommandIO } from '../io.js';
import { ignoredHeader, loadState, scopeLabel, jsonDocument } from '../load.js';

interface DiffFlags extends InputFlags, OutputFlags {
  /** `true`, or a comma-separated list of namespaces. */
  readonly failOnOpened?: boolean | string;
}

function failNamespaces(value: DiffFlags['failOnOpened']): ReadonlySet<string> | undefined {
  if (value === undefined || value === true || value === false) return undefined;
  const list = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (list.length === 0) throw new UserError('--fail-on-opened: give namespaces as NS,NS (or no value for any namespace)');
  return new Set(list);
}

export async function runDiff(flags: DiffFlags, io: CommandIO): Promise<number> {
  if (!flags.policiesFrom?.length && !flags.withoutPolicy?.length) {
    throw new UserError('diff needs the proposed change: --policies-from PATH and/or --without-policy NS/NAME');
  }
  if (flags.allNamespaces && flags.namespace) throw new UserError('-n/--namespace and -A/--all-namespaces cannot be used together');
  const failOn = failNamespaces(flags.failOnOpened);
  // A change in one namespace opens or closes paths from anywhere: read every namespace.
  const state = await loadState(flags, io, () => ({ namespaces: 'all' }));
  const whatIf = state.whatIf!;
  const scope = flags.namespace ? new Set([flags.namespace]) : undefined;
  const diff = diffPolicyStates({ snapshot: whatIf.base, index: whatIf.baseIndex }, { snapshot: state.snapshot, index: state.index }, scope);
  const view = diffView(diff, whatIf, state.description, scopeLabel(scope));
  if (isStructured(flags.output)) io.stdout.write(renderStructured(jsonDocument('Diff', view, state), flags.output));
  // Free text wraps to the terminal's width, never in a pipe (scripts read whole lines).
  else io.stdout.write(ignoredHeader(state) + renderDiff(view, paletteFor(flags, io), io.stdout.isTTY === true ? (io.stdout.columns ?? 80) : Infinity));

  if (flags.failOnOpened !== undefined) {
    const opened = countOpened(diff, failOn);
    if (opened > 0) {
      const where = failOn ? ` to or from ${[...failOn].join(', ')}` : '';
      io.stderr.write(`diff: the change opens ${opened} path${opened === 1 ? '' : 's'}${where} (--fail-on-opened)\n`);
      return EXIT.failed;
    }
  }
  return EXIT.ok;
}

export function registerDiff(program: Command, io: CommandIO, setExit: (code: number) => void): void {
  const cmd = program
    .command('diff')
    .summary('what a proposed policy change opens and closes (--policies-from, --without-policy)')
    .description(
      'Compares the current policies with the proposed ones (--policies-from PATH, --without-policy NS/NAME) by judging ' +
        'both states: connections opened and closed between workloads (with ports), outside address ranges opened and ' +
        'closed, workloads whose isolation changes, and new and resolved findings.\n\n' +
        'Scope: every namespace; -n NAMESPACE keeps the changes to or from it.\n\n' +
        'Exit status: 0 ok, 1 the change opens a path and --fail-on-opened was given, 2 bad input, 3 cluster error.',
    )
    .option('--fail-on-opened [namespaces]', 'exit 1 when the change opens any path (or only to/from these comma-separated namespaces)');
  addOutputFlags(addInputFlags(cmd), ['json', 'yaml']).action(async (flags: DiffFlags) => {
    setExit(await runDiff(flags, io));
  });
}
