// One updating line on stderr while input is read and analysed (objects read per kind, pages, the
// phase), shown only when that takes more than about a second and stderr is a terminal; cleared
// before anything else is written. Nothing at all on a pipe or in a CI log.
import type { CommandIO } from './io.js';

export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface ProgressOptions {
  /** Nothing is shown before this much time has passed since the line was started. */
  readonly delayMs?: number;
  /** The line is redrawn at most this often. */
  readonly intervalMs?: number;
  readonly now?: () => number;
  /** A timer that draws while nothing reports (waiting for a server); off in tests that drive the clock. */
  readonly timer?: boolean;
}

const CLEAR = '\r\x1b[K';
/** Kinds in the order they are shown; others after them, as first reported. */
const ORDER = ['objects', 'pods', 'services', 'networkpolicies', 'namespaces', 'endpointslices'];
const count = (n: number): string => n.toLocaleString('en-US');

/** What a read reports: `items` more objects of a kind, in `pages` more pages (0 for files). */
export type ProgressReport = (kind: string, items: number, pages: number) => void;

export class ProgressLine {
  private readonly started: number;
  private readonly delayMs: number;
  private readonly intervalMs: number;
  private readonly now: () => number;
  private phaseText = '';
  private readonly counts = new Map<string, number>();
  private pages = 0;
  private shown = '';
  private lastDraw = -Infinity;
  private stopped: boolean;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly stream: ProgressStream,
    options: ProgressOptions = {},
  ) {
    this.now = options.now ?? (() => performance.now());
    this.delayMs = options.delayMs ?? 1000;
    this.intervalMs = options.intervalMs ?? 100;
    this.started = this.now();
    this.stopped = stream.isTTY !== true;
    if (!this.stopped && options.timer !== false) {
      this.timer = setInterval(() => this.draw(), Math.max(this.intervalMs, 50));
      this.timer.unref();
    }
  }

  /** What is being done now (`reading the cluster`, `compiling 10,000 policies`); counts start again. */
  phase(text: string): void {
    this.phaseText = text;
    this.counts.clear();
    this.pages = 0;
    this.draw(true);
  }

  /** More objects of a kind read (`pods`), in more pages. */
  readonly add: ProgressReport = (kind, items, pages) => {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + items);
    this.pages += pages;
    this.draw();
  };

  /** The line as it reads now: the largest kinds first, in a fixed order (no jumping), none with nothing yet. */
  text(): string {
    const rank = (kind: string) => (ORDER.indexOf(kind) + ORDER.length + 1) % (ORDER.length + 1);
    const kinds = [...this.counts.keys()].filter((kind) => this.counts.get(kind)! > 0).sort((a, b) => rank(a) - rank(b));
    const parts = kinds.map((kind) => `${count(this.counts.get(kind)!)} ${kind}`);
    const pages = this.pages > 0 ? ` (${count(this.pages)} page${this.pages === 1 ? '' : 's'})` : '';
    return parts.length > 0 ? `${this.phaseText}: ${parts.join(', ')}${pages}` : `${this.phaseText} ...`;
  }

  /** Takes the line off the screen (before other output); the next report draws it again. */
  clear(): void {
    if (this.shown === '') return;
    this.stream.write(CLEAR);
    this.shown = '';
    this.lastDraw = -Infinity;
  }

  /** Takes the line off the screen for good. */
  stop(): void {
    this.clear();
    this.stopped = true;
    clearInterval(this.timer);
  }

  private draw(now = false): void {
    if (this.stopped || this.phaseText === '') return;
    const at = this.now();
    if (at - this.started < this.delayMs || (!now && at - this.lastDraw < this.intervalMs)) return;
    const width = Math.max(20, (this.stream.columns ?? 80) - 1);
    const text = this.text();
    const line = text.length > width ? `${text.slice(0, width - 3)}...` : text;
    if (line === this.shown) return;
    this.stream.write(`${CLEAR}${line}`);
    this.shown = line;
    this.lastDraw = at;
  }
}

/** The progress line of a command: drawn on stderr when it is a terminal, inert otherwise. */
export function progressLine(io: CommandIO, options?: ProgressOptions): ProgressLine {
  return new ProgressLine(io.stderr as ProgressStream, options);
}
