// Every command's help has an Examples: section, and each example that needs no file of the user's
// runs on the demo cluster with a documented exit status.
import { describe, expect, it } from 'vitest';
import { runCli } from '../fixtures/cli.js';
import { EXAMPLES } from '../../src/cli/examples.js';
import { buildProgram } from '../../src/cli/main.js';
import { processIO } from '../../src/cli/io.js';

const commands = buildProgram(processIO(), () => {}).commands.map((c) => c.name());

describe('help examples', () => {
  it.each(commands)('%s --help ends with Examples:', async (command) => {
    const r = await runCli([command, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\nExamples:\n {2}# .+\n {2}kubectl netpol[ \n]/);
  });

  const runnable = Object.entries(EXAMPLES).flatMap(([command, examples]) =>
    examples
      .map(([, line]) => line)
      // Examples that name the user's own files, redirect output, or open the UI are not run here.
      .filter((line) => !/\.ya?ml|k8s\/|>|^kubectl netpol$|ui --demo|version|--flows/.test(line))
      .map((line) => [command, line] as const),
  );

  it.each(runnable)('%s: %s runs on the demo cluster', async (_command, line) => {
    const args = line.replace(/^kubectl netpol /, '').split(' ');
    const r = await runCli([...args, '--demo']);
    // A check may fail (exit 1, with its reason on stderr); nothing may be a usage or internal error.
    expect(r.stderr).not.toMatch(/error/);
    expect([0, 1]).toContain(r.code);
  });
});
