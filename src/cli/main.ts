// The kubectl-netpol program: registers commands and is the one place errors become exit codes.
import { Command, CommanderError } from 'commander';
import { SourceError } from '../sources/source-error.js';
import { ClusterAccessError } from '../sources/cluster/cluster-error.js';
import { registerAssert } from './commands/assert.js';
import { registerAudit } from './commands/audit.js';
import { registerSuggest } from './commands/suggest.js';
import { registerCanReach } from './commands/can-reach.js';
import { registerFix } from './commands/fix.js';
import { registerSnapshot } from './commands/snapshot.js';
import { registerCoverage } from './commands/coverage.js';
import { registerMatrix } from './commands/matrix.js';
import { registerDiff } from './commands/diff.js';
import { registerLint } from './commands/lint.js';
import { registerVersion } from './commands/version.js';
import { registerUi } from './commands/ui.js';
import { registerReachableFrom, registerWhoCanReach } from './commands/peer-list.js';
import { EXIT, UserError } from './errors.js';
import { processIO, type CommandIO } from './io.js';
import { sanitizeLine } from '../format/sanitize.js';
import { versionLine } from './version.js';
import { hoistCommand } from './argv.js';
import { examplesHelp } from './examples.js';
import { JsonPathError } from '../format/jsonpath.js';
import { clipMessage } from '../model/quote.js';

export { VERSION } from './version.js';

/** Help and errors go to the injected streams; help wraps to the terminal's width (80 in a pipe). */
const output = (io: CommandIO) => ({
  writeOut: (s: string) => io.stdout.write(s),
  writeErr: (s: string) => io.stderr.write(s),
  getOutHelpWidth: () => (io.stdout.isTTY === true && io.stdout.columns ? io.stdout.columns : 80),
  getErrHelpWidth: () => 80,
});

/** Joins the lines of each paragraph, so that no sentence is broken where the source text was. */
const reflow = (text: string): string =>
  text
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.replace(/\s*\n\s*/g, ' '))
    .join('\n\n');

export function buildProgram(io: CommandIO, setExit: (code: number) => void): Command {
  const program = new Command('kubectl netpol')
    .description('See what Kubernetes NetworkPolicies really allow: who can reach a pod, and why.')
    .version(versionLine(), '--version')
    .option('--debug', 'print stack traces of internal errors (accepted anywhere on the line)')
    .showSuggestionAfterError(true)
    .addHelpText(
      'after',
      '\nWith no command, opens the interactive UI. Input: the current kubeconfig context, -f FILE, or --demo.\n' +
        'Exit status: 0 ok (can-reach: allowed), 1 a check failed (denied, assertion, threshold),\n' +
        '2 bad input, 3 the cluster could not be read, 4 internal error.',
    )
    .configureOutput(output(io))
    .exitOverride();
  registerCanReach(program, io, setExit);
  registerFix(program, io, setExit);
  registerCoverage(program, io, setExit);
  registerWhoCanReach(program, io, setExit);
  registerReachableFrom(program, io, setExit);
  registerMatrix(program, io, setExit);
  registerUi(program, io, setExit);
  registerAssert(program, io, setExit);
  registerSnapshot(program, io, setExit);
  registerDiff(program, io, setExit);
  registerLint(program, io, setExit);
  registerAudit(program, io, setExit);
  registerSuggest(program, io, setExit);
  registerVersion(program, io, setExit);
  for (const cmd of program.commands) cmd.addHelpText('after', examplesHelp(cmd.name()));
  for (const cmd of program.commands) {
    cmd.exitOverride().configureOutput(output(io));
    // Paragraphs are written as one line each and wrapped by the help formatter to the terminal's width.
    cmd.description(reflow(cmd.description()));
  }
  return program;
}

/** Runs the CLI with argv (without node and script) and returns the exit code; never throws. */
export async function run(argv: readonly string[], io: CommandIO = processIO()): Promise<number> {
  let exitCode: number = EXIT.ok;
  const debug = argv.includes('--debug');
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    const args = hoistCommand(argv.filter((a) => a !== '--debug'), program);
    const first = args[0];
    // The UI is the default command; a mistyped command must not be taken for its argument.
    if (first !== undefined && !first.startsWith('-') && !program.commands.some((c) => c.name() === first || c.aliases().includes(first)) && first !== 'help') {
      throw new UserError(`unknown command "${first}" (kubectl netpol --help lists the commands)`);
    }
    await program.parseAsync(args, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end with code 0; usage errors were already printed by commander.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof UserError || error instanceof SourceError || error instanceof JsonPathError) {
      io.stderr.write(`error: ${sanitizeLine(clipMessage(error.message))}\n`);
      return EXIT.usage;
    }
    if (error instanceof ClusterAccessError) {
      io.stderr.write(`error: ${sanitizeLine(clipMessage(error.message))}\n`);
      return error.kind === 'config' ? EXIT.usage : EXIT.cluster;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`internal error: ${sanitizeLine(clipMessage(message))} (this is a bug in kubectl-netpol${debug ? '' : '; --debug shows where'})\n`);
    if (debug && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    return EXIT.internal;
  }
}
