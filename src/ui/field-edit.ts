// Editing a one-line text field (filter, path check): typing, backspace, Ctrl-U, Ctrl-W.
import type { Key } from 'ink';
import { isChunk } from './key-splitter.js';

/** The field's text after a key press, or undefined when the key is no editing key. */
export function editField(text: string, input: string, key: Key): string | undefined {
  if (key.backspace || key.delete) return text.slice(0, -1);
  if (key.ctrl && input === 'u') return '';
  // Deletes the word before the end and the blanks after it, as a shell does.
  if (key.ctrl && input === 'w') return text.replace(/\S*\s*$/u, '');
  if (key.ctrl || key.meta || key.return || key.escape || key.tab || key.upArrow || key.downArrow) return undefined;
  // A chunk comes again one character at a time (key-splitter).
  if (isChunk(input)) return text;
  return input ? text + input : undefined;
}
