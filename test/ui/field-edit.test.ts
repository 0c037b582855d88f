// Editing a one-line field: typing, backspace, Ctrl-U, Ctrl-W; chunks wait for the key splitter.
import { describe, expect, it } from 'vitest';
import { editField } from '../../src/ui/field-edit.js';
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
