// Editing a one-line text field (filter, path check, command line): typing and paste at the caret,
// Left / Right / Home / End, backspace, Ctrl-U, Ctrl-W.
import type { Key } from 'ink';
import { isChunk } from './key-splitter.js';

/** A field's text and where the caret is (0 to text.length; undefined: at the end). */
export interface FieldState {
  readonly text: string;
  readonly caret?: number | undefined;
}

export interface Edited {
  readonly text: string;
  readonly caret: number;
}

const clamp = (caret: number | undefined, text: string): number => Math.max(0, Math.min(text.length, caret ?? text.length));

/** The field after a key press, or undefined when the key is no editing key. */
export function editText(field: FieldState, input: string, key: Key): Edited | undefined {
  const { text } = field;
  const at = clamp(field.caret, text);
  const before = text.slice(0, at);
  const after = text.slice(at);
  if (key.backspace || key.delete) return at === 0 ? { text, caret: 0 } : { text: before.slice(0, -1) + after, caret: at - 1 };
  if (key.leftArrow) return { text, caret: Math.max(0, at - 1) };
  if (key.rightArrow) return { text, caret: Math.min(text.length, at + 1) };
  if (key.home || (key.ctrl && input === 'a')) return { text, caret: 0 };
  if (key.end || (key.ctrl && input === 'e')) return { text, caret: text.length };
  // Ctrl-U deletes what is before the caret, as a shell does.
  if (key.ctrl && input === 'u') return { text: after, caret: 0 };
  // Ctrl-W deletes the word before the caret and the blanks after that word.
  if (key.ctrl && input === 'w') {
    const kept = before.replace(/\S*\s*$/u, '');
    return { text: kept + after, caret: kept.length };
  }
  if (key.ctrl || key.meta || key.return || key.escape || key.tab || key.upArrow || key.downArrow) return undefined;
  // A chunk comes again one character at a time (key-splitter).
  if (isChunk(input)) return { text, caret: at };
  return input ? { text: before + input + after, caret: at + input.length } : undefined;
}

/** The field's text after a key press (the caret at the end), or undefined when the key is no editing key. */
export function editField(text: string, input: string, key: Key): string | undefined {
  return editText({ text }, input, key)?.text;
}

/** Pasted text as one line: line breaks and tabs become blanks, other control characters go. */
export function pastedLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\r\n\t]+/g, ' ').replace(/[\u0000-\u001F\u007F-\u009F]/g, '');
}

/** Inserts pasted text at the caret. */
export function pasteInto(field: FieldState, pasted: string): Edited {
  const at = clamp(field.caret, field.text);
  const line = pastedLine(pasted);
  return { text: field.text.slice(0, at) + line + field.text.slice(at), caret: at + line.length };
}

/** The text with a caret mark where the caret is, for display. */
export function withCaret(field: FieldState, mark = '▏'): string {
  const at = clamp(field.caret, field.text);
  return `${field.text.slice(0, at)}${mark}${field.text.slice(at)}`;
}
