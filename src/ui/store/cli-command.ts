// The kubectl netpol command line that prints what a view shows (`c` copies it), with the input
// flags the UI was started with.
import { WORKLOAD_TABS } from './selectors.js';
import { currentView, type UiState } from './state.js';

/** A word as a POSIX shell reads it back: bare when it is safe, else in single quotes. */
export const shellWord = (word: string): string => (/^[\w@%+=:,./-]+$/u.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);

/** The words after `kubectl netpol` for the view on top of the stack. */
export function viewCommand(state: UiState): string[] {
  const view = currentView(state);
  const screen = view.screen;
  switch (screen.kind) {
    case 'overview':
      return ['coverage', '-A'];
    case 'namespace':
      return view.tab === 2 ? ['lint', '-n', screen.namespace] : ['coverage', '-n', screen.namespace];
    case 'workload': {
      const tab = WORKLOAD_TABS[view.tab];
      const namespace = screen.key.split('/')[0]!;
      switch (tab) {
        case 'Who can reach':
          return ['who-can-reach', screen.key];
        case 'Denied sources':
          return ['who-can-reach', screen.key, '--denied'];
        case 'Can reach':
          return ['reachable-from', screen.key];
        default:
          return ['coverage', '-n', namespace];
      }
    }
    case 'pod':
      return ['who-can-reach', `${screen.namespace}/${screen.name}`];
    case 'policy':
      return screen.admin ? ['coverage', '-A'] : ['lint', '-n', screen.namespace];
    case 'path': {
      const [from, to, port] = (state.path.submitted ?? state.path.fields).map((f) => f.trim());
      const [number, protocol] = (port ?? '').split('/');
      return [
        'can-reach',
        from || 'FROM',
        to || 'TO',
        ...(number ? ['--port', number] : []),
        ...(protocol && protocol.toUpperCase() !== 'TCP' ? ['--protocol', protocol.toUpperCase()] : []),
        '--explain',
      ];
    }
  }
}

/** `kubectl netpol who-can-reach shop/deployment/cart --demo`. */
export function cliCommand(state: UiState, flags: readonly string[]): string {
  return ['kubectl', 'netpol', ...viewCommand(state), ...flags].map(shellWord).join(' ');
}
