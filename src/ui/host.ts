// What the UI asks of the terminal and the machine it runs on: the clipboard (OSC 52), writing a
// file, and the input flags it was started with (for the equivalent CLI command).
import { writeFile } from 'node:fs/promises';

export interface UiHost {
  /** Puts text on the clipboard of the terminal the UI draws on. */
  copy(text: string): void;
  /** Writes text to a file (relative paths from the working directory); rejects with the reason. */
  save(path: string, text: string): Promise<void>;
  /** The input flags the UI was started with, as words of a command line (`--demo`, `-f`, `x.yaml`). */
  readonly flags: readonly string[];
}

/**
 * OSC 52: the terminal sets its clipboard to the base64 text. It travels in the output stream, so it
 * works over SSH; terminals that do not know it ignore it.
 */
export const osc52 = (text: string): string => `\u001B]52;c;${Buffer.from(text, 'utf8').toString('base64')}\u0007`;

/** The real host: OSC 52 written to the terminal's stdout, files written with node:fs. */
export function terminalHost(stdout: { write(data: string): unknown }, flags: readonly string[]): UiHost {
  return {
    copy: (text) => void stdout.write(osc52(text)),
    save: (path, text) => writeFile(path, text, { encoding: 'utf8', flag: 'w' }),
    flags,
  };
}
