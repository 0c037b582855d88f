// kubectl netpol assert FILE: check a list of expected connections; for CI.
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { checkReach, type ReachResult } from '../../engine/reach.js';
import type { ResolvedTarget } from '../../engine/target.js';
import { isStructured, renderStructured } from '../../format/structured.js';
import { renderTable } from '../../format/table.js';
import { reachView, summarizePath } from '../../report/path-view.js';
import { parseExpectations, type Expectation } from '../../sources/expectations/read-expectations.js';
import { paletteFor, parsePort, parseProtocol, resolveArgument, targetScope } from '../arguments.js';
import { EXIT, UserError } from '../errors.js';
import { addInputFlags, addOutputFlags, type InputFlags, type OutputFlags } from '../flags.js';
import type { CommandIO } from '../io.js';
import { loadState, whatIfHeader, jsonDocument, type LoadedState } from '../load.js';

/** `unknown`: the answer depends on DNS or on Nodes that could not be read: neither a pass nor a failure. */
type Actual = 'allow' | 'deny' | 'partial' | 'unknown';

export interface AssertResult {
  readonly from: string;
  readonly to: string;
  readonly port: number | string | null;
  /** `any` when neither a port nor a protocol was given. */
  readonly protocol: string;
  readonly expect: 'allow' | 'deny';
  readonly actual: Actual;
  readonly pass: boolean;
  readonly reason: string;
}

/** Tables longer than this show only failures unless -o wide. */
const FULL_TABLE_LIMIT = 100;

const actualOf = (result: ReachResult): Actual =>
  result.verdict === 'allowed' ? 'allow' : result.verdict === 'partial' ? 'partial' : result.verdict === 'unknown' ? 'unknown' : 'deny';

function reasonOf(result: ReachResult): string {
  const view = reachView(result);
  if (view.verdict === 'no-endpoints') return 'the service has no endpoint for that port';
  // The first path that decides the verdict explains it.
  const deciding = (view.verdict === 'unknown' ? view.paths.find((p) => p.unknown) : view.paths.find((p) => p.allowed === (view.verdict === 'allowed'))) ?? view.paths[0];
  return deciding ? summarizePath(deciding) : '';
}

function checkOne(e: Expectation, state: LoadedState, resolve: (text: string, role: string) => ResolvedTarget): AssertResult {
  const port = e.port === undefined ? undefined : parsePort(e.port, `${e.from} -> ${e.to}: port`);
  // A port defaults to TCP; a protocol alone means any port of it; neither means anything at all.
  const protocol = port === undefined && e.protocol === undefined ? undefined : parseProtocol(e.protocol);
  const probe = protocol === undefined ? undefined : { protocol, ...(port !== undefined ? { port } : {}) };
  const result = checkReach(resolve(e.from, 'from'), resolve(e.to, 'to'), state.index, probe);
  const actual = actualOf(result);
  return { from: e.from, to: e.to, port: port ?? null, protocol: protocol ?? 'any', expect: e.expect, actual, pass: actual === e.expect, reason: reasonOf(result) };
}

export async function runAssert(file: string, flags: InputFlags & OutputFlags, io: CommandIO): Promise<number> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new UserError(`${file}: cannot read the expectations file`);
  }
  const expectations = parseExpectations(file, text);
  const state = await loadState(flags, io, targetScope(expectations.flatMap((e) => [e.from, e.to])));
  const resolved = new Map<string, ResolvedTarget>();
  const resolve = (target: string, role: string): ResolvedTarget => {
    let hit = resolved.get(target);
    if (!hit) {
      hit = resolveArgument(target, state, `${file}: ${role} "${target}"`);
      resolved.set(target, hit);
    }
    return hit;
  };
  const results = expectations.map((e) => checkOne(e, state, resolve));
  const passed = results.filter((r) => r.pass).length;
  const unknown = results.filter((r) => r.actual === 'unknown').length;
  const failed = results.length - passed - unknown;
  if (isStructured(flags.output)) {
    io.stdout.write(renderStructured(jsonDocument('Assert', { results, passed, failed, ...(unknown > 0 ? { unknown } : {}) }, state), flags.output));
  } else {
    const palette = paletteFor(flags, io);
    io.stdout.write(whatIfHeader(state));
    const showAll = flags.output === 'wide' || results.length <= FULL_TABLE_LIMIT;
    const rows = (showAll ? results : results.filter((r) => !r.pass)).map((r) => [
      r.from,
      r.to,
      r.port === null ? (r.protocol === 'any' ? 'any' : `any/${r.protocol}`) : `${r.port}/${r.protocol}`,
      r.expect,
      r.actual,
      r.pass ? { text: 'pass', style: 'good' as const } : r.actual === 'unknown' ? { text: 'UNKNOWN', style: 'warn' as const } : { text: 'FAIL', style: 'bad' as const },
      r.reason,
    ]);
    if (rows.length > 0) io.stdout.write(renderTable(['from', 'to', 'port', 'expect', 'actual', 'result', 'reason'], rows, palette));
    if (!showAll) io.stdout.write(`(showing the ${failed} failure${failed === 1 ? '' : 's'} of ${results.length} assertions; -o wide shows all)\n`);
    io.stdout.write(`${passed} passed, ${failed} failed${unknown > 0 ? `, ${unknown} unknown (depend on DNS or on Nodes not read)` : ''}\n`);
  }
  return failed > 0 ? EXIT.failed : unknown > 0 ? EXIT.unknown : EXIT.ok;
}

export function registerAssert(program: Command, io: CommandIO, setExit: (code: number) => void): void {
  const cmd = program
    .command('assert')
    .argument('<file>', 'YAML file with an "assertions:" list of {from, to, port, protocol, expect: allow|deny}')
    .summary('check expected connections (for CI)')
    .description('Checks every expected connection in FILE.\n\nExit status: 0 all hold, 1 some fail, 2 bad input, 3 cluster error,\n5 none fails but some are unknown (they depend on DNS or on Nodes that could not be read).');
  addOutputFlags(addInputFlags(cmd, { allNamespaces: false }), ['json', 'yaml', 'wide']).action(async (file: string, flags: InputFlags & OutputFlags) => {
    setExit(await runAssert(file, flags, io));
  });
}
