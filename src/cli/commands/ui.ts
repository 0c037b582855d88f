// kubectl netpol ui (also: kubectl netpol with no command): the interactive terminal UI.
import { closeSync, openSync } from 'node:fs';
import { isatty, ReadStream } from 'node:tty';
import type { Command } from 'commander';
import { ClusterAccessError } from '../../sources/cluster/cluster-error.js';
import { EXIT, UserError } from '../errors.js';
import { quote } from '../../model/quote.js';
import type { Snapshot } from '../../model/snapshot.js';
import type { SnapshotChange } from '../../model/snapshot-change.js';
import type { FollowHandlers } from '../../sources/cluster/watch.js';
import { parseChunkSize, parseDuration } from '../flags.js';
import { addInputFlags, type InputFlags } from '../flags.js';
import type { CommandIO } from '../io.js';
import { loadState, type ScopeFor } from '../load.js';
import { runCoverage } from './coverage.js';

interface UiFlags extends InputFlags {
  readonly demoFallback?: boolean;
}

/** The UI starts at the namespace overview, so it reads every namespace unless -n narrows it. */
const uiScope =
  (flags: UiFlags): ScopeFor =>
  () => ({ namespaces: flags.namespace && !flags.allNamespaces ? [flags.namespace] : 'all' });

/** stderr is the UI's screen: warnings would corrupt it, so reloads run quietly. */
const quiet = (io: CommandIO): CommandIO => ({ ...io, stderr: { write: () => true } });

/** Where the UI reads keys: its stdin, the controlling terminal (stdin is a pipe), or nowhere (print the report). */
export type UiInput = 'stdin' | 'terminal' | 'report';

/**
 * Not a terminal on stdout (a pipe, a CI log): the coverage report is the useful plain-text answer.
 * A terminal on stdout but not on stdin (`cat x.yaml | kubectl netpol -f -`, `< /dev/null`): keys
 * come from the controlling terminal, if there is one.
 */
export function chooseUiInput(stdoutIsTTY: boolean, stdinIsTTY: boolean): UiInput {
  if (!stdoutIsTTY) return 'report';
  return stdinIsTTY ? 'stdin' : 'terminal';
}

/** The process's controlling terminal for reading keys, or undefined when it has none. */
export function openControllingTerminal(): NodeJS.ReadStream | undefined {
  let fd: number | undefined;
  try {
    fd = openSync('/dev/tty', 'r');
    if (isatty(fd)) return new ReadStream(fd) as NodeJS.ReadStream;
  } catch {
    // No controlling terminal (a daemon, a container without a tty): fall through.
  }
  if (fd !== undefined) closeSync(fd);
  return undefined;
}

/** The env var that sets the server-side end of each watch (tests shorten it; 1-300 seconds, default 300). */
export const WATCH_TIMEOUT_ENV = 'KUBECTL_NETPOL_WATCH_TIMEOUT_SECONDS';

export function watchTimeoutSeconds(env: Readonly<Record<string, string | undefined>>): number | undefined {
  const text = env[WATCH_TIMEOUT_ENV];
  if (text === undefined || text === '') return undefined;
  const seconds = Number(text);
  if (!/^\d+$/.test(text) || seconds < 1 || seconds > 300) throw new UserError(`${WATCH_TIMEOUT_ENV}: expected whole seconds from 1 to 300, got ${quote(text)}`);
  return seconds;
}

export interface UiDeps {
  readonly openTerminal: () => NodeJS.ReadStream | undefined;
}

export async function runUi(flags: UiFlags, io: CommandIO, deps: UiDeps = { openTerminal: openControllingTerminal }): Promise<number> {
  const input = chooseUiInput(io.stdout.isTTY === true, (io.stdin as { isTTY?: boolean }).isTTY === true);
  const terminal = input === 'terminal' ? deps.openTerminal() : undefined;
  if (input === 'report' || (input === 'terminal' && !terminal)) return runCoverage({ ...flags, color: false }, io);
  try {
    return await openUi(flags, io, terminal ?? (io.stdin as NodeJS.ReadStream));
  } finally {
    terminal?.destroy();
  }
}

async function openUi(flags: UiFlags, io: CommandIO, keys: NodeJS.ReadStream): Promise<number> {
  let effective: UiFlags = flags;
  let note = '';
  // The first read happens before the UI opens, so bad input ends with one line and exit 2.
  let first;
  try {
    first = await loadState(effective, io, uiScope(effective));
  } catch (error) {
    if (!(flags.demoFallback && error instanceof ClusterAccessError)) throw error;
    note = ` (no cluster reachable: ${error.message})`;
    effective = { ...flags, demo: true };
    first = await loadState(effective, io, uiScope(effective));
  }
  const live = !effective.demo && !(effective.filename && effective.filename.length > 0);
  const timeoutSeconds = watchTimeoutSeconds(io.env);
  const followLive = (snapshot: Snapshot, handlers: FollowHandlers): (() => void) => {
    let stop = () => {};
    let stopped = false;
    void (async () => {
      const { resolveKubeconfig } = await import('../../sources/cluster/client-config.js');
      const { followCluster } = await import('../../sources/cluster/watch.js');
      if (stopped) return;
      const options = { timeoutSeconds, timeoutMs: parseDuration(effective.requestTimeout ?? '30s'), pageSize: parseChunkSize(effective.chunkSize), defaultNamespace: first.namespace };
      stop = followCluster(resolveKubeconfig(effective, io.env), snapshot, first.lists!, handlers, options);
    })().catch((error: unknown) => handlers.problem(error instanceof Error ? error.message : String(error)));
    return () => {
      stopped = true;
      stop();
    };
  };
  const source = {
    description: `${first.description}${note}`,
    // loadState compiles the policies (with --ipblock-external-only when given): the UI reuses them.
    load: async () => {
      const { snapshot, index } = await loadState(effective, quiet(io), uiScope(effective));
      return { snapshot, index };
    },
    // A live cluster is followed: each listed collection watched from its list's version, changes applied
    // to the held snapshot. With --policies-from / --without-policy the overlay is applied again on each
    // change: a change then loads the state again (the watches still never re-list by themselves).
    ...(live && first.lists
      ? first.whatIf
        ? { watch: (changed: () => void, failed: (message: string) => void) => followLive(first.whatIf!.base, { changed: () => changed(), problem: (m) => m && failed(m) }) }
        : { follow: (update: (u: { snapshot: Snapshot; changes: readonly SnapshotChange[] }) => void, problem: (message: string | null) => void) => followLive(first.snapshot, { changed: (changes, snapshot) => update({ snapshot, changes }), problem }) }
      : {}),
  };
  // React's production build (the release bundle has it compiled in): the development build checks
  // and logs every render, several times slower on a large cluster's frames.
  // (Through a variable: the bundle replaces process.env.NODE_ENV itself with a constant.)
  const env = process.env;
  env['NODE_ENV'] ??= 'production';
  const [{ render }, { createElement }, { App }, { analyze }, { Interruptible, INTERRUPTED }, { workerComputer }] = await Promise.all([
    import('ink'),
    import('react'),
    import('../../ui/app.js'),
    import('../../ui/store/analysis.js'),
    import('../../ui/interrupt.js'),
    import('../../ui/store/worker-computer.js'),
  ]);
  const app = createElement(App, { source, initial: analyze(first.snapshot, first.index), flags: inputWords(effective), computer: workerComputer() });
  const instance = render(createElement(Interruptible, null, app), {
    stdout: io.stdout as NodeJS.WriteStream,
    stdin: keys,
    // Interruptible handles Ctrl-C so that it can end with exit status 130.
    exitOnCtrlC: false,
    // A terminal is a terminal: ink would otherwise go non-interactive whenever CI=true is set.
    interactive: true,
    // Its own screen, as less and vim: the shell's screen comes back on exit (q, Ctrl-C, an error, a signal).
    alternateScreen: true,
  });
  const result = await instance.waitUntilExit();
  return result === INTERRUPTED ? EXIT.interrupted : EXIT.ok;
}

/** The input flags as words for the equivalent command line (`c`); never the kubeconfig path. */
export function inputWords(flags: UiFlags): string[] {
  return [
    ...(flags.demo ? ['--demo'] : []),
    ...(flags.filename ?? []).flatMap((f) => ['-f', f]),
    ...(flags.recursive ? ['-R'] : []),
    ...(flags.context ? ['--context', flags.context] : []),
    ...(flags.ipblockExternalOnly ? ['--ipblock-external-only'] : []),
    ...(flags.policiesFrom ?? []).flatMap((f) => ['--policies-from', f]),
    ...(flags.withoutPolicy ?? []).flatMap((p) => ['--without-policy', p]),
  ];
}

export function registerUi(program: Command, io: CommandIO, setExit: (code: number) => void): void {
  const cmd = program
    .command('ui', { isDefault: true })
    .summary('the interactive terminal UI (the default command)')
    .description(
      'Opens an interactive UI on the cluster (or -f files, or --demo): namespaces, workloads, who can reach what,\n' +
        'policies, and a path check. With a live cluster it watches for changes and recomputes.\n' +
        'When stdout is not a terminal it prints the coverage report instead; when stdin is not one (-f -), keys are\n' +
        'read from the controlling terminal.\n\nExit status: 0 after q, 130 after Ctrl-C, 2 bad input, 3 cluster error.',
    )
    .option('--demo-fallback', 'open the built-in demo when no cluster is reachable');
  addInputFlags(cmd).action(async (flags: UiFlags) => {
    setExit(await runUi(flags, io));
  });
}
