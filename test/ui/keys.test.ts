// Key bindings: what each key means on each screen, the footers, and help text for every command.
import { describe, expect, it } from 'vitest';
import type { Key } from 'ink';
import { commandFor, DESCRIPTIONS, footerText, KEYMAPS, type Command, type ScreenKind } from '../../src/ui/keys.js';
import { inkKey } from './helpers/ink-key.js';

interface Press {
  readonly name: string;
  readonly input: string;
  readonly key: Key;
}
const press = (name: string, input: string, flags: Partial<Key> = {}): Press => ({ name, input, key: inkKey(flags) });

const UP = press('↑', '', { upArrow: true });
const DOWN = press('↓', '', { downArrow: true });
const LEFT = press('←', '', { leftArrow: true });
const RIGHT = press('→', '', { rightArrow: true });
const PGUP = press('PgUp', '', { pageUp: true });
const PGDN = press('PgDn', '', { pageDown: true });
const ENTER = press('enter', '\r', { return: true });
const ESC = press('esc', '', { escape: true });
const BACKSPACE = press('backspace', '', { backspace: true });
const DELETE = press('delete', '', { delete: true });
const TAB = press('tab', '\t', { tab: true });
const SHIFT_TAB = press('shift+tab', '', { tab: true, shift: true });
const char = (c: string) => press(c, c);

const MOVES: [Press, Command][] = [
  [UP, 'up'],
  [char('k'), 'up'],
  [DOWN, 'down'],
  [char('j'), 'down'],
  [PGUP, 'pageUp'],
  [PGDN, 'pageDown'],
];
const GLOBAL: [Press, Command][] = [
  [char(':'), 'jump'],
  [char('c'), 'copyCommand'],
  [char('r'), 'reload'],
  [char('?'), 'help'],
  [char('q'), 'quit'],
];

const BOUND: Record<ScreenKind, [Press, Command][]> = {
  overview: [...MOVES, [ENTER, 'open'], [char('/'), 'filter'], [ESC, 'clearFilter'], [char('s'), 'sort'], [char('p'), 'pathCheck'], ...GLOBAL],
  namespace: [...MOVES, [TAB, 'nextTab'], [SHIFT_TAB, 'prevTab'], [ENTER, 'open'], [char('/'), 'filter'], [char('s'), 'sort'], [ESC, 'back'], [BACKSPACE, 'back'], [DELETE, 'back'], [char('p'), 'pathCheck'], ...GLOBAL],
  workload: [
    ...MOVES,
    [TAB, 'nextTab'],
    [RIGHT, 'nextTab'],
    [SHIFT_TAB, 'prevTab'],
    [LEFT, 'prevTab'],
    [ENTER, 'open'],
    [char('/'), 'filter'],
    [ESC, 'back'],
    [BACKSPACE, 'back'],
    [char('p'), 'pathCheck'],
    ...GLOBAL,
  ],
  policy: [...MOVES, [char('y'), 'yaml'], [ESC, 'back'], [BACKSPACE, 'back'], ...GLOBAL],
  pod: [...MOVES, [ESC, 'back'], [BACKSPACE, 'back'], [char('p'), 'pathCheck'], ...GLOBAL],
  // y, w, c, :, ? and q act once the path is checked; in a field the screen types them (app.test.tsx).
  path: [[TAB, 'nextTab'], [SHIFT_TAB, 'prevTab'], [ENTER, 'open'], [ESC, 'back'], [char('y'), 'copyFix'], [char('w'), 'writeFix'], [char('c'), 'copyCommand'], [char(':'), 'jump'], [char('?'), 'help'], [char('q'), 'quit']],
};

const UNBOUND: Record<ScreenKind, Press[]> = {
  // No back from the root, no tabs, no YAML.
  overview: [BACKSPACE, TAB, SHIFT_TAB, LEFT, RIGHT, char('y'), char('x'), char('J')],
  namespace: [LEFT, RIGHT, char('y'), char('x')],
  workload: [char('s'), char('y'), char('x')],
  policy: [ENTER, TAB, SHIFT_TAB, char('/'), char('s'), char('p'), char('x')],
  pod: [ENTER, TAB, char('/'), char('s'), char('y'), char('x')],
  // Text fields: other letters, arrows and backspace are editing, not commands.
  path: [char('r'), char('j'), char('k'), char('p'), BACKSPACE, UP, DOWN, LEFT, RIGHT],
};

const SCREENS = Object.keys(BOUND) as ScreenKind[];

describe('commandFor', () => {
  for (const screen of SCREENS) {
    describe(screen, () => {
      for (const [p, command] of BOUND[screen]) {
        it(`${p.name} -> ${command}`, () => {
          expect(commandFor(screen, p.input, p.key)).toBe(command);
        });
      }
      it(`leaves unbound keys alone: ${UNBOUND[screen].map((p) => p.name).join(' ')}`, () => {
        for (const p of UNBOUND[screen]) expect(commandFor(screen, p.input, p.key), p.name).toBeUndefined();
      });
    });
  }

  it('ignores letters typed with ctrl or meta', () => {
    expect(commandFor('overview', 'q', inkKey({ ctrl: true }))).toBeUndefined();
    expect(commandFor('overview', 'j', inkKey({ meta: true }))).toBeUndefined();
  });

  it('tells tab from shift+tab', () => {
    expect(commandFor('workload', '', inkKey({ tab: true, shift: true }))).toBe('prevTab');
    expect(commandFor('workload', '\t', inkKey({ tab: true }))).toBe('nextTab');
  });
});

describe('KEYMAPS', () => {
  it('binds exactly the commands listed above on every screen', () => {
    for (const screen of SCREENS) {
      expect(new Set(KEYMAPS[screen].map((b) => b.command)), screen).toEqual(new Set(BOUND[screen].map(([, c]) => c)));
    }
  });
});

describe('footerText', () => {
  const segments = (screen: ScreenKind) => footerText(screen).split(/ {2}/);

  it('overview: open, filter, path, help, quit (no back from the root)', () => {
    expect(segments('overview')).toEqual(['enter open', '/ filter', 'p path', ': jump', '? help', 'q quit']);
  });

  it('namespace: adds back', () => {
    expect(segments('namespace')).toEqual(['tab tabs', 'enter open', '/ filter', 'esc back', 'p path', ': jump', '? help', 'q quit']);
  });

  it('workload: tabs first, then a filter of the tab', () => {
    expect(segments('workload')).toEqual(['tab tabs', 'enter open', '/ filter', 'esc back', 'p path', ': jump', '? help', 'q quit']);
  });

  it('policy: the YAML key, back, help, quit', () => {
    expect(segments('policy')).toEqual(['y yaml', 'esc back', ': jump', '? help', 'q quit']);
  });

  it('path: tabs, enter, esc, then the keys of a checked path', () => {
    expect(segments('path')).toEqual(['tab tabs', 'enter open', 'esc back', 'y copy fix', 'w write fix', ': jump', '? help', 'q quit']);
  });

  it('every footer fits in 80 columns', () => {
    for (const screen of SCREENS) expect(footerText(screen).length, screen).toBeLessThan(80);
  });

  it('names only keys that are bound on the screen', () => {
    for (const screen of SCREENS) {
      const names = new Set(KEYMAPS[screen].flatMap((b) => b.keys));
      for (const segment of segments(screen)) expect(names.has(segment.split(' ')[0]!), `${screen}: ${segment}`).toBe(true);
    }
  });
});

describe('DESCRIPTIONS', () => {
  const ALL: Command[] = ['up', 'down', 'pageUp', 'pageDown', 'open', 'back', 'filter', 'clearFilter', 'sort', 'nextTab', 'prevTab', 'pathCheck', 'yaml', 'reload', 'help', 'jump', 'copyFix', 'writeFix', 'copyCommand', 'quit'];

  it('describes every command', () => {
    expect(Object.keys(DESCRIPTIONS).sort()).toEqual([...ALL].sort());
    for (const command of ALL) expect(DESCRIPTIONS[command].trim(), command).not.toBe('');
  });

  it('describes every bound command with a distinct text', () => {
    const used = new Set(SCREENS.flatMap((s) => KEYMAPS[s].map((b) => b.command)));
    for (const command of used) expect(DESCRIPTIONS[command], command).toBeTruthy();
    expect(new Set(Object.values(DESCRIPTIONS)).size).toBe(ALL.length);
  });
});
