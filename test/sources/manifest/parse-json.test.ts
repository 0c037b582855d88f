// JSON manifests through the fast path: Lists, concatenated objects, origins, errors, and the same
// objects as the YAML reader finds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanJson } from '../../../src/sources/manifest/parse-json.js';
import { manifestObjects, parseManifest, parseYamlManifest } from '../../../src/sources/manifest/parse.js';
import { SourceError } from '../../../src/sources/source-error.js';

const parse = (text: string, file = 'c.json') => parseManifest({ file, text });

function sourceError(fn: () => unknown): SourceError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SourceError);
    return error as SourceError;
  }
  throw new Error('expected a SourceError, nothing was thrown');
}

const pod = (name: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'x', labels: { app: name } } });

describe('JSON manifests', () => {
  it('a List with one item per line (items before kind, as kubectl prints keys): each item with doc 1, its path and its line', () => {
    const text = `{"apiVersion":"v1","items":[\n${JSON.stringify(pod('a'))},\n${JSON.stringify(pod('b'))},\n\n${JSON.stringify(pod('c'))}\n],"kind":"List","metadata":{}}\n`;
    const out = parse(text);
    expect(out.map((o) => o.object)).toEqual([pod('a'), pod('b'), pod('c')]);
    expect(out.map((o) => o.origin)).toEqual([
      { file: 'c.json', doc: 1, path: 'items[0]', line: 2 },
      { file: 'c.json', doc: 1, path: 'items[1]', line: 3 },
      { file: 'c.json', doc: 1, path: 'items[2]', line: 5 },
    ]);
    expect(out.every((o) => o.strict === true)).toBe(true);
  });

  it('a pretty-printed List (kubectl get -o json): the line of each item\'s opening brace', () => {
    const text = JSON.stringify({ apiVersion: 'v1', items: [pod('a'), pod('b')], kind: 'PodList', metadata: { resourceVersion: '' } }, null, 4);
    const lines = text.split('\n');
    const opening = lines.flatMap((l, i) => (l === '        {' ? [i + 1] : []));
    expect(opening).toHaveLength(2);
    expect(parse(text).map((o) => o.origin.line)).toEqual(opening);
  });

  it('concatenated objects are documents 1, 2, 3 with the line each starts on; a List among them is flattened', () => {
    const list = { kind: 'List', items: [pod('b'), pod('c')] };
    const text = `${JSON.stringify(pod('a'), null, 2)}\n${JSON.stringify(list)}{"kind":"Service","metadata":{"name":"s"}}\n`;
    const out = parse(text);
    const listLine = JSON.stringify(pod('a'), null, 2).split('\n').length + 1;
    expect(out.map((o) => [(o.object as { metadata: { name: string } }).metadata.name, o.origin.doc, o.origin.path, o.origin.line])).toEqual([
      ['a', 1, undefined, 1],
      ['b', 2, 'items[0]', listLine],
      ['c', 2, 'items[1]', listLine],
      ['s', 3, undefined, listLine],
    ]);
  });

  it('a single object after blank lines and a byte order mark starts on its own line', () => {
    expect(parse(`\uFEFF\n\n  ${JSON.stringify(pod('a'))}`).map((o) => o.origin)).toEqual([{ file: 'c.json', doc: 1, line: 3 }]);
  });

  it('a nested List inside a List is flattened too', () => {
    const text = JSON.stringify({ kind: 'List', items: [pod('a'), { kind: 'PodList', items: [pod('b')] }] });
    expect(parse(text).map((o) => [(o.object as { metadata: { name: string } }).metadata.name, o.origin.path])).toEqual([
      ['a', 'items[0]'],
      ['b', 'items[0]'],
    ]);
  });

  it('a List whose items are not a list is one object, as the YAML reader reads it', () => {
    for (const text of ['{"kind":"List","items":null}', '{"kind":"List","items":{"a":1}}', '{"kind":"List","items":"x"}']) {
      expect(parse(text)).toEqual(parseYamlManifest({ file: 'c.json', text }));
      expect(parse(text)).toHaveLength(1);
    }
  });

  it('items that are not objects are kept for assembly to reject, as the YAML reader keeps them', () => {
    const text = '{"kind":"List","items":[{"kind":"Pod"}, 3, "x"]}';
    expect(parse(text).map((o) => o.object)).toEqual([{ kind: 'Pod' }, 3, 'x']);
    expect(parse(text)).toEqual(parseYamlManifest({ file: 'c.json', text }));
  });

  it('reads items one at a time: the objects before a broken item arrive before its error', () => {
    const text = `{"kind":"List","items":[\n${JSON.stringify(pod('a'))},\n{"kind": "Pod", "metadata": {"name": "b"]}\n]}`;
    const iterator = manifestObjects({ file: 'c.json', text })[Symbol.iterator]();
    expect((iterator.next().value as { object: unknown }).object).toEqual(pod('a'));
    const e = sourceError(() => iterator.next());
    expect(e.message).toMatch(/^c\.json: line 3: /);
  });

  it('a syntax error names the file and the line it is on, counted from the top of the file', () => {
    const text = `{"kind":"List","items":[\n${JSON.stringify(pod('a'))},\n${JSON.stringify(pod('b'))},\n{"kind": "Pod", "metadata": {"name": "c"]}\n]}`;
    const e = sourceError(() => parse(text, 'broken.json'));
    expect(e.message).toMatch(/^broken\.json: line 4: /);
    expect(e.origin).toMatchObject({ file: 'broken.json', doc: 1, path: 'items[2]' });
  });

  it('a duplicate key (which JSON.parse would merge silently) is an error naming the file and its line', () => {
    const text = `{"kind":"List","items":[\n${JSON.stringify(pod('a'))},\n{"kind": "Pod",\n "metadata": {"name": "b"},\n "metadata": {"name": "c"}}\n]}`;
    const e = sourceError(() => parse(text, 'dup.json'));
    expect(e.message).toMatch(/^dup\.json: line 5: /);
  });

  it('a duplicate key at the top of a List is an error too', () => {
    const e = sourceError(() => parse(`{"kind":"List","items":[${JSON.stringify(pod('a'))}],"kind":"List"}`, 'dup.json'));
    expect(e.message).toMatch(/^dup\.json: /);
  });

  it('an unclosed object is left to the YAML reader, which names the file and a line', () => {
    const e = sourceError(() => parse(`{"kind":"List","items":[\n${JSON.stringify(pod('a'))},\n{"kind": "Pod"\n`, 'open.json'));
    expect(e.message).toMatch(/^open\.json: line \d+: invalid YAML/);
  });

  it('YAML flow style that starts with a brace is still read (as the YAML reader reads it)', () => {
    expect(parse('{kind: Pod, metadata: {name: a}}\n').map((o) => o.object)).toEqual([{ kind: 'Pod', metadata: { name: 'a' } }]);
  });

  it('JSON is read as JSON: a "<<" key is a key, not a YAML merge', () => {
    const out = parse('{"kind": "Pod", "metadata": {"name": "a", "labels": {"<<": "x"}}}');
    expect(out[0]!.object).toEqual({ kind: 'Pod', metadata: { name: 'a', labels: { '<<': 'x' } } });
  });

  it('text that does not start with a brace or bracket is not JSON', () => {
    expect(scanJson('kind: Pod\n')).toBeUndefined();
    expect(scanJson('{"kind": "Pod"}\n---\n{"kind": "Pod"}')).toBeUndefined();
  });

  it('finds the same objects and origins as the YAML reader, for Lists and concatenated objects of any JSON', () => {
    const scalar = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null));
    const value = fc.letrec((tie) => ({
      any: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('any'), { maxLength: 3 }), fc.dictionary(fc.string(), tie('any'), { maxKeys: 3 })),
    })).any;
    const object = fc.dictionary(fc.string(), value, { maxKeys: 4 });
    fc.assert(
      fc.property(fc.array(object, { maxLength: 4 }), fc.constantFrom('list', 'pretty', 'stream'), (objects, style) => {
        const text =
          style === 'list'
            ? `{"items":[\n${objects.map((o) => JSON.stringify(o)).join(',\n')}\n],"kind":"List"}`
            : style === 'pretty'
              ? JSON.stringify({ kind: 'List', items: objects }, null, 4)
              : objects.map((o) => JSON.stringify(o, null, 1)).join('\n');
        const fast = parse(text);
        const slow = parseYamlManifest({ file: 'c.json', text });
        expect(fast).toEqual(slow);
      }),
      { numRuns: 300 },
    );
  });
});
