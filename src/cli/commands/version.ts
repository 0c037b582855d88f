// kubectl netpol version: the version, git commit and build date of this program (--version prints the same on one line).
import { Option, type Command } from 'commander';
import { renderStructured, type StructuredFormat } from '../../format/structured.js';
import { document } from '../../report/document.js';
import { EXIT } from '../errors.js';
import type { CommandIO } from '../io.js';
import { buildInfo, type BuildInfo } from '../version.js';

export function renderVersion(info: BuildInfo): string {
  return [
    `Version:    v${info.version}`,
    `Commit:     ${info.commit}`,
    `Build date: ${info.buildDate}`,
    `Runtime:    ${info.runtime}`,
    '',
  ].join('\n');
}

export function registerVersion(program: Command, io: CommandIO, setExit: (code: number) => void): void {
  program
    .command('version')
    .summary('print the version, git commit and build date')
    .description('Prints the version of kubectl-netpol, the git commit it was built from, its build date and the runtime running it.')
    .addOption(new Option('-o, --output <format>', 'output format: json|yaml').choices(['json', 'yaml']))
    .action((flags: { output?: StructuredFormat }) => {
      const info = buildInfo();
      io.stdout.write(flags.output ? renderStructured(document('Version', info, { source: 'kubectl-netpol' }), flags.output) : renderVersion(info));
      setExit(EXIT.ok);
    });
}
