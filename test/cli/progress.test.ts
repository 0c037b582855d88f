// The progress line on stderr: drawn only on a terminal, only after the delay, at most once per
// interval, cut to the terminal's width, and cleared before other output and at the end.
import { describe, expect, it } from 'vitest';
import { ProgressLine } from '../../src/cli/progress.js';

const CLEAR = '\r\x1b[K';

class FakeTerminal {
  readonly writes: string[] = [];
  constructor(
    readonly isTTY: boolean,
    readonly columns = 80,
  ) {}
  write(text: string): boolean {
    this.writes.push(text);
    return true;
  }
  /** What a terminal shows on the line now: the text after the last clear. */
  get screen(): string {
    const all = this.writes.join('');
    const at = all.lastIndexOf(CLEAR);
    return at < 0 ? all : all.slice(at + CLEAR.length);
  }
}

function clocked(terminal: FakeTerminal) {
  let t = 0;
  const line = new ProgressLine(terminal, { now: () => t, delayMs: 1000, intervalMs: 100, timer: false });
  return { line, advance: (ms: number) => (t += ms) };
}

describe('progress line', () => {
  it('nothing in the first second; then the phase and objects per kind with pages, and cleared at the end', () => {
    const terminal = new FakeTerminal(true);
    const { line, advance } = clocked(terminal);
    line.phase('reading the cluster');
    line.add('pods', 500, 1);
    advance(400);
    line.add('namespaces', 200, 1);
    line.add('endpointslices', 0, 1);
    line.add('customthings', 3, 1);
    expect(terminal.writes).toEqual([]);
    advance(700);
    line.add('pods', 500, 1);
    expect(terminal.screen).toBe('reading the cluster: 1,000 pods, 200 namespaces, 3 customthings (5 pages)');
    line.stop();
    expect(terminal.writes.at(-1)).toBe(CLEAR);
    expect(terminal.screen).toBe('');
    line.add('pods', 1, 1);
    expect(terminal.screen).toBe('');
  });

  it('redrawn at most once per interval; a new phase is drawn at once and counts start again', () => {
    const terminal = new FakeTerminal(true);
    const { line, advance } = clocked(terminal);
    line.phase('parsing 2 files');
    advance(1000);
    for (let i = 0; i < 1000; i++) line.add('objects', 1, 0);
    expect(terminal.writes).toHaveLength(1);
    expect(terminal.screen).toBe('parsing 2 files: 1 objects');
    advance(100);
    line.add('objects', 1, 0);
    expect(terminal.screen).toBe('parsing 2 files: 1,001 objects');
    line.phase('compiling 10,000 policies');
    expect(terminal.screen).toBe('compiling 10,000 policies ...');
    expect(terminal.writes).toHaveLength(3);
  });

  it('cleared before other output, and drawn again by the next report', () => {
    const terminal = new FakeTerminal(true);
    const { line, advance } = clocked(terminal);
    line.phase('reading the cluster');
    advance(1500);
    line.add('pods', 10, 1);
    line.clear();
    expect(terminal.screen).toBe('');
    line.add('pods', 10, 1);
    expect(terminal.screen).toBe('reading the cluster: 20 pods (2 pages)');
  });

  it('cut to the terminal width', () => {
    const terminal = new FakeTerminal(true, 40);
    const { line, advance } = clocked(terminal);
    line.phase('reading the cluster');
    advance(2000);
    line.add('networkpolicies', 123456, 250);
    expect(terminal.screen).toBe('reading the cluster: 123,456 network...');
    expect(terminal.screen.length).toBe(39);
  });

  it('never anything when stderr is not a terminal (a pipe, a CI log)', () => {
    const terminal = new FakeTerminal(false);
    const { line, advance } = clocked(terminal);
    line.phase('reading the cluster');
    advance(5000);
    line.add('pods', 500, 1);
    line.phase('compiling 1 policies');
    line.stop();
    expect(terminal.writes).toEqual([]);
  });
});
