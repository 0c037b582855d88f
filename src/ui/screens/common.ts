// What every list screen does with a command: moving, filtering, help, reload, quit, back.
import type { Key } from 'ink';
import type { Command } from '../keys.js';
import type { Action, View } from '../store/state.js';
import { editText } from '../field-edit.js';

export interface ScreenProps {
  readonly dispatch: (action: Action) => void;
  readonly view: View;
  readonly height: number;
  readonly active: boolean;
  readonly reload: () => void;
  /** Where the caret is in the field being edited (undefined: at its end). */
  readonly caret?: number | undefined;
  /** Copies the kubectl netpol command that prints this view (c). */
  readonly copyCommand?: () => void;
}

/** Typing into the filter: editing keys (field-edit), enter keeps, esc clears. */
export function handleFilterKey(view: View, input: string, key: Key, dispatch: (a: Action) => void, caret?: number): void {
  if (key.return) dispatch({ type: 'filter-end', keep: true });
  else if (key.escape) dispatch({ type: 'filter-end', keep: false });
  else {
    const edited = editText({ text: view.filter, caret }, input, key);
    if (edited && (edited.text !== view.filter || edited.caret !== caret)) dispatch({ type: 'filter-text', ...edited });
  }
}

/**
 * Handles the commands shared by list screens; returns false for the screen's own commands.
 * `path`: the path check's ends taken from the selection (p), when the screen has one.
 */
export function handleCommon(command: Command | undefined, props: ScreenProps, length: number, path?: { readonly from: string; readonly to: string }): boolean {
  const { dispatch, height } = props;
  switch (command) {
    case 'up':
      dispatch({ type: 'move', delta: -1, length });
      return true;
    case 'down':
      dispatch({ type: 'move', delta: 1, length });
      return true;
    case 'pageUp':
      dispatch({ type: 'move', delta: -Math.max(1, height - 1), length });
      return true;
    case 'pageDown':
      dispatch({ type: 'move', delta: Math.max(1, height - 1), length });
      return true;
    case 'back':
      // A filter in force is cleared first; the next Esc leaves the screen.
      dispatch(props.view.filter ? { type: 'filter-end', keep: false } : { type: 'pop' });
      return true;
    case 'filter':
      dispatch({ type: 'filter-start' });
      return true;
    case 'clearFilter':
      if (props.view.filter) dispatch({ type: 'filter-end', keep: false });
      return true;
    case 'sort':
      dispatch({ type: 'sort' });
      return true;
    case 'help':
      dispatch({ type: 'help' });
      return true;
    case 'quit':
      dispatch({ type: 'quit' });
      return true;
    case 'reload':
      props.reload();
      return true;
    case 'jump':
      dispatch({ type: 'prompt-open', kind: 'jump' });
      return true;
    case 'copyCommand':
      props.copyCommand?.();
      return true;
    case 'pathCheck':
      // Without a selection the form starts empty (an earlier check's fields and result are dropped).
      dispatch({ type: 'path-open', ...(path ?? { from: '', to: '' }) });
      return true;
    default:
      return false;
  }
}
