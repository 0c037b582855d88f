// Key bindings as data: one keymap per screen drives input handling, the footer and the help overlay.
import type { Key } from 'ink';

export type Command =
  | 'up'
  | 'down'
  | 'pageUp'
  | 'pageDown'
  | 'open'
  | 'back'
  | 'filter'
  | 'clearFilter'
  | 'sort'
  | 'nextTab'
  | 'prevTab'
  | 'pathCheck'
  | 'yaml'
  | 'reload'
  | 'help'
  | 'jump'
  | 'copyFix'
  | 'writeFix'
  | 'copyCommand'
  | 'quit';

/** The compiler insists every command has help text. */
export const DESCRIPTIONS: Record<Command, string> = {
  up: 'move up',
  down: 'move down',
  pageUp: 'page up',
  pageDown: 'page down',
  open: 'open',
  back: 'back',
  filter: 'filter by name or label (k=v)',
  clearFilter: 'clear the filter',
  sort: 'change sort order',
  nextTab: 'next tab',
  prevTab: 'previous tab',
  pathCheck: 'check a path (source, destination, port)',
  yaml: 'show the raw YAML',
  reload: 'reload now',
  help: 'help',
  jump: 'jump to a namespace, workload, pod, Service, policy, ip ADDRESS',
  copyFix: 'copy the fix YAML to the clipboard (OSC 52)',
  writeFix: 'write the fix YAML to a file',
  copyCommand: 'copy the equivalent kubectl netpol command',
  quit: 'quit',
};

export type ScreenKind = 'overview' | 'namespace' | 'workload' | 'policy' | 'path' | 'pod';

interface Binding {
  /** Names shown to the user; matched against ink's input and key flags. */
  readonly keys: readonly string[];
  readonly command: Command;
}

const MOVE: Binding[] = [
  { keys: ['↑', 'k'], command: 'up' },
  { keys: ['↓', 'j'], command: 'down' },
  { keys: ['PgUp'], command: 'pageUp' },
  { keys: ['PgDn'], command: 'pageDown' },
];
const GLOBAL: Binding[] = [
  { keys: [':'], command: 'jump' },
  { keys: ['c'], command: 'copyCommand' },
  { keys: ['r'], command: 'reload' },
  { keys: ['?'], command: 'help' },
  { keys: ['q'], command: 'quit' },
];
/** Esc clears a filter in force before it leaves the screen (common.ts). */
const BACK: Binding = { keys: ['esc', '⌫'], command: 'back' };

export const KEYMAPS: Record<ScreenKind, readonly Binding[]> = {
  overview: [...MOVE, { keys: ['enter'], command: 'open' }, { keys: ['/'], command: 'filter' }, { keys: ['esc'], command: 'clearFilter' }, { keys: ['s'], command: 'sort' }, { keys: ['p'], command: 'pathCheck' }, ...GLOBAL],
  namespace: [...MOVE, { keys: ['tab'], command: 'nextTab' }, { keys: ['shift+tab'], command: 'prevTab' }, { keys: ['enter'], command: 'open' }, { keys: ['/'], command: 'filter' }, { keys: ['s'], command: 'sort' }, BACK, { keys: ['p'], command: 'pathCheck' }, ...GLOBAL],
  workload: [...MOVE, { keys: ['tab', '→'], command: 'nextTab' }, { keys: ['shift+tab', '←'], command: 'prevTab' }, { keys: ['enter'], command: 'open' }, { keys: ['/'], command: 'filter' }, BACK, { keys: ['p'], command: 'pathCheck' }, ...GLOBAL],
  policy: [...MOVE, { keys: ['y'], command: 'yaml' }, BACK, ...GLOBAL],
  pod: [...MOVE, BACK, { keys: ['p'], command: 'pathCheck' }, ...GLOBAL],
  // In a field, printable keys are text: y, w, c, :, ? and q act once enter has checked the path.
  path: [
    { keys: ['tab'], command: 'nextTab' },
    { keys: ['shift+tab'], command: 'prevTab' },
    { keys: ['enter'], command: 'open' },
    { keys: ['esc'], command: 'back' },
    { keys: ['y'], command: 'copyFix' },
    { keys: ['w'], command: 'writeFix' },
    { keys: ['c'], command: 'copyCommand' },
    { keys: [':'], command: 'jump' },
    { keys: ['?'], command: 'help' },
    { keys: ['q'], command: 'quit' },
  ],
};

function matches(name: string, input: string, key: Key): boolean {
  switch (name) {
    case '↑':
      return key.upArrow;
    case '↓':
      return key.downArrow;
    case '←':
      return key.leftArrow;
    case '→':
      return key.rightArrow;
    case 'PgUp':
      return key.pageUp;
    case 'PgDn':
      return key.pageDown;
    case 'enter':
      return key.return;
    case 'esc':
      return key.escape;
    case '⌫':
      return key.backspace || key.delete;
    case 'tab':
      return key.tab && !key.shift;
    case 'shift+tab':
      return key.tab && key.shift;
    default:
      return !key.ctrl && !key.meta && input === name;
  }
}

/** The command a key press means on a screen, if any. */
export function commandFor(screen: ScreenKind, input: string, key: Key): Command | undefined {
  return KEYMAPS[screen].find((b) => b.keys.some((k) => matches(k, input, key)))?.command;
}

const SHORT: Partial<Record<Command, string>> = { nextTab: 'tabs', pathCheck: 'path', yaml: 'yaml', jump: 'jump', copyFix: 'copy fix', writeFix: 'write fix', copyCommand: 'cmd' };

/** `enter open  / filter  q quit`: the footer line of a screen. */
export function footerText(screen: ScreenKind): string {
  const shown: Command[] = ['open', 'back', 'filter', 'nextTab', 'pathCheck', 'yaml', 'jump', 'copyFix', 'writeFix', 'help', 'quit'];
  return KEYMAPS[screen]
    .filter((b) => shown.includes(b.command))
    .map((b) => `${b.keys[0]} ${SHORT[b.command] ?? DESCRIPTIONS[b.command].split(' ')[0]}`)
    .join('  ');
}
