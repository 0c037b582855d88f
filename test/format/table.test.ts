// renderTable (kubectl's look), sanitizing, colour choice, formatPorts and -o json/yaml.
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { renderTable } from '../../src/format/table.js';
import { safe, sanitize, sanitizeLine } from '../../src/format/sanitize.js';
import { chooseColor, colorPalette, plainPalette } from '../../src/format/color.js';
import { formatPorts } from '../../src/format/reach-text.js';
import { renderStructured } from '../../src/format/structured.js';

// eslint-disable-next-line no-control-regex
const stripAnsi = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');

describe('renderTable', () => {
  it('upper-case headers, columns as wide as their widest cell, 3 spaces apart, no trailing spaces', () => {
    expect(renderTable(['name', 'pods', 'state'], [['web', 3, 'isolated'], ['database', 12, 'open']])).toBe(
      ['NAME       PODS   STATE', 'web        3      isolated', 'database   12     open', ''].join('\n'),
    );
  });

  it('empty and missing cells print as -', () => {
    expect(renderTable(['a', 'b', 'c'], [['', undefined, 'x']])).toBe('A   B   C\n-   -   x\n');
  });

  it('a narrower gap for dense grids', () => {
    expect(renderTable(['#', 'n', '1', '2'], [['1', 'a', ' ', 'A'], ['2', 'bb', '.', ' ']], plainPalette, 1)).toBe('# N  1 2\n1 a    A\n2 bb .\n');
  });

  it('escapes control characters in cells and turns tabs and newlines into spaces', () => {
    const out = renderTable(['name'], [['ev\u001b[2Jil\u0007'], ['two\nlines\tand\u009bmore'], [{ text: 'x\u202ey', style: 'warn' }]]);
    expect(out).toBe('NAME\nev\\x1b[2Jil\\x07\ntwo lines and\\x9bmore\nx\\u202ey\n');
  });

  it('colours styled cells without breaking the alignment', () => {
    const rows = [
      ['web', { text: 'isolated', style: 'good' as const }],
      ['db', { text: 'open', style: 'warn' as const }],
    ];
    const colored = renderTable(['name', 'state'], rows, colorPalette);
    expect(colored).toContain('\u001b[32misolated\u001b[39m');
    expect(colored).toContain('\u001b[33mopen\u001b[39m');
    expect(stripAnsi(colored)).toBe(renderTable(['name', 'state'], rows, plainPalette));
    expect(stripAnsi(colored)).toBe('NAME   STATE\nweb    isolated\ndb     open\n');
  });
});

describe('sanitize', () => {
  it('escapes C0 controls except tab and newline, DEL, C1 controls and bidi controls', () => {
    expect(sanitize('a\u0000b\u0007c\u001b[31md\u007fe\u0085f\u009bg\u202eh\u2066i\u2069j\tk\nl')).toBe(
      'a\\x00b\\x07c\\x1b[31md\\x7fe\\x85f\\x9bg\\u202eh\\u2066i\\u2069j\tk\nl',
    );
    // ALM, LRM, RLM and every embedding, override and isolate.
    const bidi = '\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069';
    expect(sanitize(bidi)).toBe('\\u061c\\u200e\\u200f\\u202a\\u202b\\u202c\\u202d\\u202e\\u2066\\u2067\\u2068\\u2069');
    // Every C1 control, not only the common ones.
    const c1 = Array.from({ length: 32 }, (_, i) => String.fromCharCode(0x80 + i)).join('');
    expect(sanitize(c1)).toBe(Array.from({ length: 32 }, (_, i) => `\\x${(0x80 + i).toString(16)}`).join(''));
  });

  it('names that differ only in control characters stay different, and escaping twice changes nothing', () => {
    expect(sanitizeLine('web\u200e')).not.toBe(sanitizeLine('web'));
    const once = sanitize('x\u001b]0;pwned\u0007\u001b[2J\r\u202ey');
    expect(once).toBe('x\\x1b]0;pwned\\x07\\x1b[2J\\x0d\\u202ey');
    expect(sanitize(once)).toBe(once);
  });

  it('a CRLF is a newline; a lone carriage return is escaped', () => {
    expect(sanitize('a\r\nb\rc')).toBe('a\nb\\x0dc');
  });

  it('safe`...` sanitizes each interpolation as one line and keeps the literal text', () => {
    expect(safe`policy ${'x\u001b[2J'}/${'a\nb'} (${3})`).toBe('policy x\\x1b[2J/a b (3)');
  });

  it('sanitizeLine also turns tabs and newlines into spaces', () => {
    expect(sanitizeLine('a\tb\nc\r\nd')).toBe('a b c d');
  });

  it('keeps ordinary non-ASCII text', () => {
    expect(sanitizeLine('café — 東京 ✓')).toBe('café — 東京 ✓');
  });
});

describe('chooseColor', () => {
  it('only on a terminal, and never with NO_COLOR (non-empty) or --no-color', () => {
    expect(chooseColor(true, {}, false)).toBe(true);
    expect(chooseColor(false, {}, false)).toBe(false);
    expect(chooseColor(true, {}, true)).toBe(false);
    expect(chooseColor(true, { NO_COLOR: '1' }, false)).toBe(false);
    expect(chooseColor(true, { NO_COLOR: '' }, false)).toBe(true);
  });
});

describe('formatPorts', () => {
  const FULL = ['1-65535'];
  it('names the common shapes', () => {
    expect(formatPorts({})).toBe('no port');
    expect(formatPorts({ TCP: FULL, UDP: FULL, SCTP: FULL })).toBe('all ports');
    expect(formatPorts({ TCP: FULL })).toBe('TCP (all ports)');
    expect(formatPorts({ TCP: FULL, UDP: FULL })).toBe('TCP (all ports), UDP (all ports)');
    expect(formatPorts({ TCP: ['80', '443', '8000-8080'] })).toBe('TCP 80,443,8000-8080');
    expect(formatPorts({ TCP: FULL, UDP: ['53'] })).toBe('TCP (all ports), UDP 53');
    expect(formatPorts({ UDP: ['53'], SCTP: ['7000'] })).toBe('UDP 53, SCTP 7000');
  });
});

describe('renderStructured', () => {
  const value = { a: 1, b: ['x', 'y'], c: { d: null } };
  it('json: two-space indented, one trailing newline', () => {
    expect(renderStructured(value, 'json')).toBe('{\n  "a": 1,\n  "b": [\n    "x",\n    "y"\n  ],\n  "c": {\n    "d": null\n  }\n}\n');
  });
  it('yaml: the same value', () => {
    expect(parseYaml(renderStructured(value, 'yaml'))).toEqual(value);
  });
});
