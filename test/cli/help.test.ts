// Help text: paragraphs wrapped by the formatter to the terminal's width (80 in a pipe), never
// broken where the source text happened to break.
import { describe, expect, it } from 'vitest';
import { runCli } from '../fixtures/cli.js';

const COMMANDS = ['can-reach', 'coverage', 'who-can-reach', 'matrix', 'lint', 'fix', 'snapshot'];

describe('--help', () => {
  it.each(COMMANDS)('%s: fits 80 columns in a pipe (examples are commands to paste, kept whole)', async (command) => {
    const r = await runCli([command, '--help']);
    expect(r.code).toBe(0);
    const long = r.stdout.split('\nExamples:\n')[0]!.split('\n').filter((l) => l.length > 80 && !/^\s*\S+$/.test(l.trim()) && l.trim().split(' ').length > 1);
    expect(long).toEqual([]);
  });

  it('uses the width of a wide terminal, and no sentence of the description is broken before it is full', async () => {
    const narrow = await runCli(['coverage', '--help']);
    const wide = await runCli(['coverage', '--help'], { isTTY: true, columns: 160 });
    const description = (text: string) => text.split('\n\nOptions:')[0]!.split('\n').slice(2);
    // The first paragraph takes fewer lines on a wide terminal, and its lines use the width.
    expect(description(wide.stdout).length).toBeLessThan(description(narrow.stdout).length);
    expect(Math.max(...description(wide.stdout).map((l) => l.length))).toBeGreaterThan(80);
    // Every line of a wrapped paragraph but its last is nearly full: the formatter broke it, not the source.
    const first = description(narrow.stdout).join('\n').split('\n\n')[0]!.split('\n');
    for (const line of first.slice(0, -1)) expect(line.length, line).toBeGreaterThan(60);
  });
});
