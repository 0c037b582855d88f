// -o json, -o yaml and -o sarif keep hostile strings exactly, but never write a control character raw.
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { renderStructured } from '../../src/format/structured.js';
import { renderSarif } from '../../src/format/sarif.js';
import type { LintRule, LintView } from '../../src/report/lint-view.js';

// Every class the sanitizer knows: C0 (ESC, BEL, CR), DEL, C1 (CSI, NEL), and bidi controls.
const HOSTILE = 'a\u001b]0;pwned\u0007\u001b[2J\r\u007f\u009b2J\u0085\u061c\u200e\u200f\u202a\u202e\u2066\u2069z';
// Raw control characters other than newline (JSON and YAML indent with spaces, never tabs).
// eslint-disable-next-line no-control-regex
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

const value = { name: HOSTILE, nested: [{ [`key${HOSTILE}`]: HOSTILE }], plain: 'web', lines: 'one\ntwo', n: 3 };

describe('renderStructured', () => {
  it('-o json escapes DEL, C1 and bidi controls as \\uXXXX, which JSON.stringify leaves raw', () => {
    const out = renderStructured(value, 'json');
    expect(out).not.toMatch(RAW);
    for (const escaped of ['\\u001b', '\\u0007', '\\r', '\\u007f', '\\u009b', '\\u0085', '\\u061c', '\\u200e', '\\u200f', '\\u202a', '\\u202e', '\\u2066', '\\u2069']) {
      expect(out).toContain(escaped);
    }
    expect(JSON.parse(out)).toEqual(value);
  });

  it('-o yaml writes such strings double-quoted with every control escaped, and reads back exactly', () => {
    const out = renderStructured(value, 'yaml');
    expect(out).not.toMatch(RAW);
    expect(out).toContain('name: "a\\e]0;pwned\\a\\e[2J\\r\\u007f\\u009b2J\\u0085\\u061c\\u200e\\u200f\\u202a\\u202e\\u2066\\u2069z"');
    expect(out).toContain('plain: web\n');
    expect(parse(out)).toEqual(value);
    expect(parse(out)).toEqual(JSON.parse(renderStructured(value, 'json')));
  });
});

describe('renderSarif', () => {
  const rules: LintRule[] = [{ id: 'policy-selects-nothing', severity: 'warning', summary: 'Selects no pod.', fix: 'fix the selector' }];
  const view: LintView = {
    source: 'files: p.yaml',
    scope: 'namespace x',
    policies: 1,
    findings: [
      {
        code: 'policy-selects-nothing',
        severity: 'warning',
        object: { kind: 'NetworkPolicy', namespace: 'x', name: `p${HOSTILE}` },
        field: 'spec.podSelector',
        message: `selects no pod; app=${HOSTILE}`,
        fix: 'fix the selector',
        location: { file: 'p.yaml', document: 1, line: 1 },
      },
    ],
    summary: { error: 0, warning: 1, info: 0 },
  };

  it('escapes C0, DEL, C1 and bidi controls in messages and names as \\uXXXX', () => {
    const out = renderSarif(view, rules, '0.0.0');
    expect(out).not.toMatch(RAW);
    expect(out).toContain('\\u009b2J\\u0085\\u061c\\u200e\\u200f\\u202a\\u202e\\u2066\\u2069z');
    const log = JSON.parse(out) as { runs: { results: { message: { text: string }; locations: { logicalLocations: { name: string }[] }[] }[] }[] };
    const result = log.runs[0]!.results[0]!;
    expect(result.message.text).toContain(`app=${HOSTILE}`);
    expect(result.locations[0]!.logicalLocations[0]!.name).toContain(`p${HOSTILE}`);
  });
});
