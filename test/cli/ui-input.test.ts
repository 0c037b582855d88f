// Where the UI reads keys: a terminal on stdin; the controlling terminal when stdin is a pipe or
// /dev/null; the coverage report when there is no terminal to read keys from.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { chooseUiInput, runUi } from '../../src/cli/commands/ui.js';
import type { CommandIO } from '../../src/cli/io.js';

describe('chooseUiInput', () => {
  it('stdout not a terminal: the report, whatever stdin is', () => {
    expect(chooseUiInput(false, true)).toBe('report');
    expect(chooseUiInput(false, false)).toBe('report');
  });

  it('stdout a terminal: keys from stdin when it is a terminal, else from the controlling terminal', () => {
    expect(chooseUiInput(true, true)).toBe('stdin');
    expect(chooseUiInput(true, false)).toBe('terminal');
  });
});

describe('runUi with a terminal on stdout and a pipe on stdin', () => {
  const io = (out: string[]): CommandIO => ({
    stdout: { write: (t: string) => out.push(t), isTTY: true },
    stderr: { write: (t: string) => out.push(`stderr: ${t}`) },
    stdin: Readable.from([]),
    env: {},
  });

  it('without a controlling terminal: prints the coverage report and exits 0 (no raw-mode crash)', async () => {
    const out: string[] = [];
    let asked = 0;
    const code = await runUi({ demo: true }, io(out), {
      openTerminal: () => {
        asked++;
        return undefined;
      },
    });
    expect(asked).toBe(1);
    expect(code).toBe(0);
    const text = out.join('');
    expect(text).toMatch(/^demo cluster, all namespaces:\n17 pods: 70\.5% isolated for ingress \(12\)/);
    expect(text).not.toContain('stderr:');
    // Plain text: the report is not coloured just because stdout is a terminal.
    expect(text).not.toContain('\u001b[');
  });
});
