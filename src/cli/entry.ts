// The entry of the release bundles (the npm package and the standalone binaries): runs the CLI, or
// shell completion when the first argument is `__complete` (what kubectl_complete-netpol passes), then exits.
// Every module is imported on demand, so that `--version` alone loads almost nothing.

/** cobra's directive for "no completions, and no file names either". */
const NO_COMPLETIONS = ':4\n';

async function completion(words: readonly string[]): Promise<string> {
  try {
    const { complete } = await import('./complete.js');
    const { items, directive } = await complete(words, process.env, process.stdin);
    return `${items.join('\n')}${items.length ? '\n' : ''}:${directive}\n`;
  } catch {
    // Completion must never print an error into the user's command line.
    return NO_COMPLETIONS;
  }
}

/** Runs `kubectl-netpol ARGV...` (argv without the runtime and script) and ends the process with its exit status. */
export async function main(argv: readonly string[]): Promise<never> {
  let code: number;
  if (argv[0] === '__complete') {
    process.stdout.write(await completion(argv.slice(1)));
    code = 0;
  } else if (argv.length === 1 && argv[0] === '--version') {
    // What the program prints for --version, without loading every command first.
    const { versionLine } = await import('./version.js');
    process.stdout.write(`${versionLine()}\n`);
    code = 0;
  } else {
    const { run } = await import('./main.js');
    code = await run(argv);
  }
  // Exit now rather than wait for idle keep-alive sockets or an abandoned request; flush output first.
  await Promise.all([process.stdout, process.stderr].map((s) => new Promise((done) => s.write('', done))));
  process.exit(code);
}
