// Manifest text -> Kubernetes objects with origins: multi-document YAML, JSON, Lists, errors.
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../../src/sources/manifest/parse.js';
import { SourceError } from '../../../src/sources/source-error.js';

const parse = (text: string, file = 'm.yaml') => parseManifest({ file, text });

/** Runs `fn`, expecting a SourceError; returns it. */
function sourceError(fn: () => unknown): SourceError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SourceError);
    return error as SourceError;
  }
  throw new Error('expected a SourceError, nothing was thrown');
}

describe('parseManifest', () => {
  it('reads every document of a multi-document YAML file, numbering them from 1', () => {
    const out = parse('kind: Namespace\nmetadata:\n  name: a\n---\nkind: Pod\nmetadata:\n  name: p\n---\nkind: Service\nmetadata: {name: s}\n');
    expect(out.map((o) => (o.object as { kind: string }).kind)).toEqual(['Namespace', 'Pod', 'Service']);
    expect(out.map((o) => o.origin)).toEqual([
      { file: 'm.yaml', doc: 1, line: 1 },
      { file: 'm.yaml', doc: 2, line: 5 },
      { file: 'm.yaml', doc: 3, line: 9 },
    ]);
    expect(out[2]!.object).toEqual({ kind: 'Service', metadata: { name: 's' } });
  });

  it('reads JSON', () => {
    const out = parse('{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "labels": {"app": "web"}}}', 'pod.json');
    expect(out).toEqual([{ object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { app: 'web' } } }, origin: { file: 'pod.json', doc: 1, line: 1 }, strict: true }]);
  });

  it('flattens kind: List (and *List kinds), recording each item path', () => {
    const out = parse(
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'List',
        items: [
          { kind: 'Pod', metadata: { name: 'a' } },
          { kind: 'NetworkPolicyList', items: [{ kind: 'NetworkPolicy', metadata: { name: 'n' } }] },
        ],
      }),
    );
    expect(out.map((o) => (o.object as { metadata: { name: string } }).metadata.name)).toEqual(['a', 'n']);
    expect(out[0]!.origin).toEqual({ file: 'm.yaml', doc: 1, path: 'items[0]', line: 1 });
    expect(out[1]!.origin.doc).toBe(1);
    expect(out[1]!.origin.path).toContain('items[0]');
  });

  it('an empty List yields nothing', () => {
    expect(parse('kind: List\nitems: []\n')).toEqual([]);
  });

  it('skips empty documents but keeps document numbers true to the file', () => {
    const out = parse('---\nkind: A\n---\n---\n# just a comment\n---\nkind: B\n---\n');
    expect(out.map((o) => [(o.object as { kind: string }).kind, o.origin.doc])).toEqual([
      ['A', 1],
      ['B', 4],
    ]);
  });

  it('records the line where each document starts, after comments and separators (for SARIF)', () => {
    const text = '# header comment\n---\nkind: A\nmetadata: {name: a}\n---\n\n# about b\nkind: B\n---\nkind: List\nitems:\n- kind: C\n  metadata: {name: c}\n- {kind: D}\n';
    expect(parse(text).map((o) => [(o.object as { kind: string }).kind, o.origin.doc, o.origin.line])).toEqual([
      ['A', 1, 3],
      ['B', 2, 8],
      ['C', 3, 12],
      ['D', 3, 14],
    ]);
  });

  it('empty text and comment-only text yield nothing', () => {
    expect(parse('')).toEqual([]);
    expect(parse('# nothing here\n')).toEqual([]);
  });

  it('broken YAML is a SourceError naming the file and the line', () => {
    const e = sourceError(() => parse('kind: Pod\nmetadata:\n  name: ok\n---\nkind: Pod\nmetadata:\n  name: [unclosed\n', 'broken.yaml'));
    expect(e.message).toMatch(/^broken\.yaml: /);
    expect(e.message).toContain('invalid YAML');
    const line = Number(/line (\d+)/.exec(e.message)?.[1]);
    // Counted from the top of the file, so inside the second document (lines 5 onwards).
    expect(line).toBeGreaterThanOrEqual(5);
    expect(line).toBeLessThanOrEqual(8);
    expect(e.origin).toMatchObject({ file: 'broken.yaml', doc: 2 });
  });

  it('a tab used as indentation is a SourceError naming the file', () => {
    const e = sourceError(() => parse('kind: Pod\nmetadata:\n\tname: p\n', 'tabs.yaml'));
    expect(e.message).toMatch(/^tabs\.yaml: /);
    expect(e.message).toContain('invalid YAML');
    expect(e.message).toMatch(/line 3\b/);
  });

  it('a duplicate key in one mapping is a SourceError', () => {
    const e = sourceError(() => parse('kind: Pod\nkind: Service\n', 'dup.yaml'));
    expect(e.message).toMatch(/^dup\.yaml: /);
  });

  it('keeps non-object documents for assembly to reject', () => {
    expect(parse('- a\n- b\n')).toEqual([{ object: ['a', 'b'], origin: { file: 'm.yaml', doc: 1, line: 1 }, strict: true }]);
  });
});
