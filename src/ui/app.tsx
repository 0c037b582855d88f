// The interactive UI: one store (snapshot + engine results), screens on a navigation stack.
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { Box, useApp, useInput, usePaste, useStdout, useWindowSize } from 'ink';
import { safe, sanitizeLine } from '../format/sanitize.js';
import { footerText, type ScreenKind } from './keys.js';
import { editText } from './field-edit.js';
import { terminalHost, type UiHost } from './host.js';
import { completions, jumpTargets, resolveJump } from './store/jump.js';
import { cliCommand } from './store/cli-command.js';
import { PromptLine, promptExtraLines } from './components/prompt-line.js';
import { PodScreen } from './screens/pod.js';
import { analyze, changedWorkloads, type Analysis, type AnalysisInput } from './store/analysis.js';
import { currentView, editedField, initialState, reducer, type UiState } from './store/state.js';
import { followLive, inProcessComputer, type ComputerFactory, type Follow } from './store/live-analysis.js';
import { PeerAsker, TAB_QUERIES_OFF_THREAD_FROM } from './store/peer-asker.js';
import { Frame } from './components/frame.js';
import { Help } from './components/help.js';
import { SafeText } from './components/safe-text.js';
import { Overview } from './screens/overview.js';
import { NamespaceScreen } from './screens/namespace.js';
import { WorkloadScreen } from './screens/workload.js';
import { PolicyScreen } from './screens/policy.js';
import { PathCheck } from './screens/path-check.js';
import { ignoredBanner } from '../format/notes-text.js';
import { ignoredView } from '../report/ignored-view.js';

/** Where the UI's data comes from; the CLI builds it (files, live cluster, demo). */
export interface UiSource {
  readonly description: string;
  /**
   * Resolves to a snapshot and its policies as the load compiled them (once: the UI does not compile
   * again), or rejects with an Error whose message is one line for the banner.
   */
  load(): Promise<AnalysisInput>;
  /** Calls `changed` when the source's objects change; `failed` with a one-line message. Returns a stop function. */
  watch?(changed: () => void, failed: (message: string) => void): () => void;
  /** A live source that keeps its snapshot current itself: each change arrives with what changed (no load). */
  readonly follow?: Follow;
}

/** Let pending key presses through before the (synchronous) analysis runs. */
const nextTick = () => new Promise<void>((done) => setTimeout(done, 0));

function crumbs(state: UiState): string[] {
  return state.stack.map((v) => {
    switch (v.screen.kind) {
      case 'overview':
        return 'namespaces';
      case 'namespace':
        return v.screen.namespace;
      case 'workload':
        return v.screen.key.split('/').slice(1).join('/');
      case 'policy':
        return `policy ${v.screen.name}`;
      case 'path':
        return 'path check';
      case 'pod':
        return `pod ${v.screen.name}`;
    }
  });
}

interface AppProps {
  readonly source: UiSource;
  readonly initial?: Analysis;
  /** The input flags the UI was started with (for `c`, the equivalent command): `--demo`, `-f x.yaml`. */
  readonly flags?: readonly string[];
  /** Clipboard and files; by default OSC 52 on the terminal ink draws on, and node:fs. */
  readonly host?: UiHost;
  /** Where recomputations of a followed source run (default: this thread; the CLI gives a worker). */
  readonly computer?: ComputerFactory;
  /** Pods from which a workload tab's peer query is sent to `computer` (default TAB_QUERIES_OFF_THREAD_FROM). */
  readonly tabQueriesFrom?: number;
}

const NO_FLAGS: readonly string[] = [];

/** A source that does not change: followed all the same, so that the worker holds its state and answers the tabs' queries. */
const STILL: Follow = () => () => {};

export function App({ source, initial, flags = NO_FLAGS, host: given, computer, tabQueriesFrom }: AppProps) {
  const [state, dispatch] = useReducer(reducer, source.description, (d) => {
    const s = initialState(d);
    return initial ? reducer(s, { type: 'loaded', analysis: initial, changed: new Set() }) : s;
  });
  const { exit } = useApp();
  const { rows, columns } = useWindowSize();
  const { stdout } = useStdout();
  const host = useMemo(() => given ?? terminalHost(stdout, flags), [given, stdout, flags]);
  const previous = useRef<Analysis | null>(initial ?? null);
  const inFlight = useRef(false);
  // A change reported while a reload runs: that reload may have read the objects before it, so one more follows.
  const dirty = useRef(false);
  // The workload tabs' peer queries go to the computer given (the CLI's worker); without one they run here.
  const [answered, setAnswered] = useState(0);
  const asker = useMemo(() => (computer ? new PeerAsker(() => setAnswered((n) => n + 1), tabQueriesFrom) : undefined), [computer, tabQueriesFrom]);

  const reload = useCallback(async (): Promise<void> => {
    if (inFlight.current) {
      dirty.current = true;
      return;
    }
    inFlight.current = true;
    dirty.current = false;
    dispatch({ type: 'loading' });
    try {
      const loaded = await source.load();
      await nextTick();
      const analysis = analyze(loaded.snapshot, loaded.index);
      dispatch({ type: 'loaded', analysis, changed: changedWorkloads(previous.current, analysis) });
      previous.current = analysis;
    } catch (error) {
      dispatch({ type: 'source-error', message: error instanceof Error ? error.message : String(error) });
    } finally {
      inFlight.current = false;
    }
    if (dirty.current) await reload();
  }, [source]);

  useEffect(() => {
    if (!initial) void reload();
    // A followed source needs a first analysis to apply its changes to; it comes with `initial`.
    // A still source (files, the demo) large enough for its tab queries to leave this thread is followed all the same.
    const still = computer && !source.watch && initial && initial.snapshot.pods.length >= (tabQueriesFrom ?? TAB_QUERIES_OFF_THREAD_FROM);
    const follow = source.follow ?? (still ? STILL : undefined);
    if (follow && initial) {
      return followLive(follow, initial, computer ?? inProcessComputer, dispatch, (analysis) => (previous.current = analysis), asker);
    }
    let timer: NodeJS.Timeout | undefined;
    // Bursts of events (a rollout) become one recomputation.
    const stop = source.watch?.(
      () => {
        clearTimeout(timer);
        timer = setTimeout(() => void reload(), 300);
      },
      (message) => dispatch({ type: 'source-error', message }),
    );
    return () => {
      clearTimeout(timer);
      stop?.();
    };
  }, [source, reload, initial, computer, asker, tabQueriesFrom]);

  useEffect(() => {
    if (state.quit) exit();
  }, [state.quit, exit]);

  useInput(
    (input, key) => {
      if (key.escape || input === '?') dispatch({ type: 'help' });
      else if (input === 'q') dispatch({ type: 'quit' });
    },
    { isActive: state.help },
  );
  // Before the first data arrives only quitting and reloading make sense.
  useInput(
    (input) => {
      if (input === 'q') dispatch({ type: 'quit' });
      else if (input === 'r') void reload();
    },
    { isActive: !state.analysis && !state.help },
  );

  // The `:` command line: its targets are listed once per analysis, while it is open.
  const prompt = state.prompt;
  const jumping = prompt?.kind === 'jump';
  const targets = useMemo(() => (jumping && state.analysis ? jumpTargets(state.analysis) : []), [jumping, state.analysis]);
  const candidates = useMemo(() => (jumping ? completions(targets, prompt.typed) : []), [jumping, targets, prompt?.typed]);
  const copyCommand = () => {
    const command = cliCommand(state, flags);
    host.copy(command);
    dispatch({ type: 'notice', text: `copied: ${command}` });
  };
  useInput(
    (input, key) => {
      if (!prompt || !state.analysis) return;
      if (key.escape) dispatch({ type: 'prompt-close' });
      else if (key.return && prompt.kind === 'jump') {
        const result = resolveJump(state.analysis, targets, prompt.text);
        if ('error' in result) dispatch({ type: 'prompt-error', message: result.error });
        else if ('stack' in result) dispatch({ type: 'jump', stack: result.stack, ...(result.notice ? { notice: result.notice } : {}) });
        else {
          dispatch({ type: 'prompt-close' });
          dispatch({ type: 'notice', text: result.notice });
        }
      } else if (key.return) {
        const path = prompt.text.trim();
        if (!path) return;
        const content = prompt.content ?? '';
        host.save(path, content).then(
          () => {
            dispatch({ type: 'prompt-close' });
            dispatch({ type: 'notice', text: `wrote ${path}: judge it with --policies-from ${path}, apply it with kubectl apply -f ${path}` });
          },
          (error: unknown) => dispatch({ type: 'prompt-error', message: `cannot write ${path}: ${(error as { code?: string }).code ?? 'failed'}` }),
        );
      } else if (key.tab && prompt.kind === 'jump') {
        if (candidates.length === 0) return;
        const choice = (prompt.choice + (key.shift ? -1 : 1) + candidates.length + (prompt.choice < 0 && key.shift ? 1 : 0)) % candidates.length;
        dispatch({ type: 'prompt-choose', text: candidates[choice]!.text, choice });
      } else {
        const edited = editText({ text: prompt.text, caret: state.caret }, input, key);
        if (edited && (edited.text !== prompt.text || edited.caret !== state.caret)) dispatch({ type: 'prompt-text', ...edited });
      }
    },
    { isActive: prompt !== undefined && state.analysis !== null && !state.help },
  );
  // Pasted text goes into the field being edited, at the caret (bracketed paste: keys inside it are text).
  usePaste((text) => dispatch({ type: 'paste', text }), { isActive: state.analysis !== null && !state.help && editedField(state) !== undefined });

  const view = currentView(state);
  const kind: ScreenKind = view.screen.kind;
  // Policy kinds the answers do not account for stay in view on every screen.
  const notice = state.analysis ? ignoredBanner(ignoredView(state.analysis.snapshot)) : '';
  // One line, cut to the width ("! " and a spare column besides): a wrapped banner pushes the header away.
  const joined = [state.banner, notice].filter(Boolean).join(' | ');
  const room = Math.max(10, (columns || 80) - 3);
  const banner = joined.length > room ? `${joined.slice(0, room - 1)}…` : joined;
  const height = Math.max(5, (rows || 24) - 7 - (banner ? 1 : 0) - promptExtraLines(prompt, candidates));
  const active = !state.help && state.analysis !== null && !prompt;
  const common = { dispatch, view, height, active, reload: () => void reload(), caret: state.caret, copyCommand };
  const analysis = state.analysis;
  let body;
  if (!analysis) body = <SafeText dimColor>{state.banner ? safe`No data yet: press r to retry, q to quit.` : safe`Reading…`}</SafeText>;
  else if (state.help) body = <Help screen={kind} height={height} width={columns || 80} />;
  else {
    const screen = view.screen;
    switch (screen.kind) {
      case 'overview':
        body = <Overview {...common} analysis={analysis} />;
        break;
      case 'namespace':
        body = <NamespaceScreen {...common} analysis={analysis} namespace={screen.namespace} changed={state.changed} />;
        break;
      case 'workload':
        body = <WorkloadScreen {...common} analysis={analysis} workload={screen.key} asker={asker} answered={answered} />;
        break;
      case 'policy':
        body = <PolicyScreen {...common} analysis={analysis} namespace={screen.namespace} name={screen.name} admin={screen.admin} />;
        break;
      case 'path':
        body = <PathCheck analysis={analysis} form={state.path} caret={state.caret} dispatch={dispatch} active={active} height={height} host={host} copyCommand={copyCommand} />;
        break;
      case 'pod':
        body = <PodScreen {...common} analysis={analysis} namespace={screen.namespace} name={screen.name} />;
        break;
    }
  }
  return (
    <Box flexDirection="column">
      <Frame
        source={state.source}
        crumbs={crumbs(state)}
        loading={state.loading}
        footer={footerText(kind)}
        bottom={
          prompt ? (
            <PromptLine prompt={prompt} caret={state.caret} candidates={candidates} />
          ) : state.notice ? (
            <SafeText wrap="truncate-end" color="green">{sanitizeLine(state.notice)}</SafeText>
          ) : undefined
        }
        {...(banner ? { banner } : {})}
      >
        {body}
      </Frame>
    </Box>
  );
}
