// Drives a program in a real terminal: tmux runs it, send-keys types, capture-pane reads the screen.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

export const tmuxAvailable = (): boolean => spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0;

export class Terminal {
  readonly session = `netpol-${randomBytes(4).toString('hex')}`;

  /** Starts `command` (a shell command line) in a terminal of `size` (80x24 unless given). */
  constructor(command: string, env: Record<string, string> = {}, size: { readonly columns: number; readonly rows: number } = { columns: 80, rows: 24 }) {
    const exports = Object.entries(env).map(([k, v]) => `export ${k}='${v.replace(/'/g, "'\\''")}';`).join(' ');
    execFileSync('tmux', ['new-session', '-d', '-s', this.session, '-x', String(size.columns), '-y', String(size.rows), `${exports} ${command}`]);
  }

  /** Types text as it is (tmux send-keys -l): a terminal delivers it as one read. */
  async type(text: string, settleMs = 250): Promise<void> {
    execFileSync('tmux', ['send-keys', '-t', this.session, '-l', text]);
    await new Promise((done) => setTimeout(done, settleMs));
  }

  /** Pastes text as a terminal does: bracketed when the program asked for it (tmux paste-buffer -p). */
  async paste(text: string, settleMs = 250): Promise<void> {
    execFileSync('tmux', ['set-buffer', '-b', this.session, text]);
    execFileSync('tmux', ['paste-buffer', '-p', '-d', '-b', this.session, '-t', this.session]);
    await new Promise((done) => setTimeout(done, settleMs));
  }

  /** Resizes the terminal (the program gets SIGWINCH). */
  resize(columns: number, rows: number): void {
    execFileSync('tmux', ['resize-window', '-t', this.session, '-x', String(columns), '-y', String(rows)]);
  }

  screen(): string {
    return execFileSync('tmux', ['capture-pane', '-p', '-t', this.session], { encoding: 'utf8' });
  }

  /** Sends one key (tmux key name such as Enter, Escape, Tab, j) and waits for the screen to settle. */
  async press(key: string, settleMs = 250): Promise<void> {
    execFileSync('tmux', ['send-keys', '-t', this.session, key]);
    await new Promise((done) => setTimeout(done, settleMs));
  }

  /** Waits until the screen contains `text` (or matches), failing with the last screen after `timeoutMs`. */
  async waitFor(text: string | RegExp, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      last = this.screen();
      if (typeof text === 'string' ? last.includes(text) : last.search(text) >= 0) return last;
      await new Promise((done) => setTimeout(done, 100));
    }
    throw new Error(`terminal never showed ${String(text)}; last screen:\n${last}`);
  }

  close(): void {
    spawnSync('tmux', ['kill-session', '-t', this.session], { stdio: 'ignore' });
  }
}
