// Editing a one-line field: typing, backspace, Ctrl-U, Ctrl-W; chunks wait for the key splitter.
import { describe, expect, it } from 'vitest';
import { editField, editText, pastedLine, pasteInto, withCaret } from '../../src/ui/field-edit.js';
import { inkKey } from './helpers/ink-key.js';

describe('editField', () => {
  it('appends a typed character and deletes the last one on backspace', () => {
    expect(editField('car', 't', inkKey())).toBe('cart');
    expect(editField('cart', '', inkKey({ backspace: true }))).toBe('car');
    expect(editField('cart', '', inkKey({ delete: true }))).toBe('car');
  });

  it('Ctrl-U clears the field', () => {
    expect(editField('shop/deployment/cart', 'u', inkKey({ ctrl: true }))).toBe('');
  });

  it('Ctrl-W deletes the last word and the blanks after it', () => {
    expect(editField('app=web tier=front', 'w', inkKey({ ctrl: true }))).toBe('app=web ');
    expect(editField('app=web  ', 'w', inkKey({ ctrl: true }))).toBe('');
    expect(editField('', 'w', inkKey({ ctrl: true }))).toBe('');
  });

  it('leaves the text alone for a chunk (delivered again key by key) and ignores non-editing keys', () => {
    expect(editField('a', 'bcd', inkKey())).toBe('a');
    expect(editField('a', '', inkKey({ return: true }))).toBeUndefined();
    expect(editField('a', '', inkKey({ upArrow: true }))).toBeUndefined();
    expect(editField('a', 'x', inkKey({ ctrl: true }))).toBeUndefined();
    expect(editField('a', 'x', inkKey({ meta: true }))).toBeUndefined();
  });
});

describe('editText: the caret', () => {
  const at = (text: string, caret?: number) => ({ text, caret });

  it('Left and Right move it within the text, Home/End and Ctrl-A/Ctrl-E to the ends', () => {
    expect(editText(at('cart'), '', inkKey({ leftArrow: true }))).toEqual({ text: 'cart', caret: 3 });
    expect(editText(at('cart', 0), '', inkKey({ leftArrow: true }))).toEqual({ text: 'cart', caret: 0 });
    expect(editText(at('cart', 4), '', inkKey({ rightArrow: true }))).toEqual({ text: 'cart', caret: 4 });
    expect(editText(at('cart', 1), '', inkKey({ rightArrow: true }))).toEqual({ text: 'cart', caret: 2 });
    expect(editText(at('cart', 2), 'a', inkKey({ ctrl: true }))).toEqual({ text: 'cart', caret: 0 });
    expect(editText(at('cart', 2), 'e', inkKey({ ctrl: true }))).toEqual({ text: 'cart', caret: 4 });
    expect(editText(at('cart', 2), '', inkKey({ home: true }))).toEqual({ text: 'cart', caret: 0 });
    expect(editText(at('cart', 2), '', inkKey({ end: true }))).toEqual({ text: 'cart', caret: 4 });
  });

  it('typing inserts at the caret and backspace deletes before it', () => {
    expect(editText(at('crt', 1), 'a', inkKey())).toEqual({ text: 'cart', caret: 2 });
    expect(editText(at('cart', 2), '', inkKey({ backspace: true }))).toEqual({ text: 'crt', caret: 1 });
    expect(editText(at('cart', 0), '', inkKey({ backspace: true }))).toEqual({ text: 'cart', caret: 0 });
  });

  it('Ctrl-U deletes before the caret; Ctrl-W the word before it', () => {
    expect(editText(at('shop/cart', 5), 'u', inkKey({ ctrl: true }))).toEqual({ text: 'cart', caret: 0 });
    expect(editText(at('app=web tier=front', 8), 'w', inkKey({ ctrl: true }))).toEqual({ text: 'tier=front', caret: 0 });
    expect(editText(at('a bc de', 4), 'w', inkKey({ ctrl: true }))).toEqual({ text: 'a  de', caret: 2 });
  });
});

describe('paste', () => {
  it('inserts at the caret, line breaks and tabs as blanks, other control characters dropped', () => {
    expect(pasteInto({ text: 'shop/', caret: 5 }, 'deployment/cart')).toEqual({ text: 'shop/deployment/cart', caret: 20 });
    expect(pasteInto({ text: 'ab', caret: 1 }, 'X')).toEqual({ text: 'aXb', caret: 2 });
    expect(pastedLine('a\r\nb\tc\u0007d\u001b')).toBe('a b cd');
  });

  it('withCaret marks where the caret is', () => {
    expect(withCaret({ text: 'cart', caret: 1 })).toBe('c▏art');
    expect(withCaret({ text: 'cart' })).toBe('cart▏');
  });
});
