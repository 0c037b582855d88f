// Block-style YAML through the fast reader: the same objects, origins and errors as the YAML library,
// which still reads every document the fast reader leaves to it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { fastYamlObjects } from '../../../src/sources/manifest/parse-yaml-fast.js';
import { manifestObjects, parseManifest, parseYamlManifest } from '../../../src/sources/manifest/parse.js';
import { SourceError } from '../../../src/sources/source-error.js';

const FILE = 'm.yaml';
const fast = (text: string) => parseManifest({ file: FILE, text });
const slow = (text: string) => parseYamlManifest({ file: FILE, text });
/** The fast reader alone: a document it would hand to the library fails the test instead. */
const fastOnly = (text: string) => [
  ...(fastYamlObjects({ file: FILE, text }, () => {
    throw new Error('handed to the YAML library');
  }) ?? []),
];

function sourceError(fn: () => unknown): SourceError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SourceError);
    return error as SourceError;
  }
  throw new Error('expected a SourceError, nothing was thrown');
}

const KUBECTL = `apiVersion: v1
kind: Pod
metadata:
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: |
      {"apiVersion":"v1","kind":"Pod"}
    note: "quoted: with a colon"
    single: 'it''s'
  creationTimestamp: "2025-04-25T04:05:25Z"
  labels:
    app.kubernetes.io/name: web
    version: "1.0"
  name: web-0
  namespace: shop
  ownerReferences:
  - apiVersion: apps/v1
    controller: true
    kind: StatefulSet
    name: web
spec:
  containers:
  - image: nginx:1.27   # a comment
    name: nginx
    ports:
    - containerPort: 8080
      name: http
      protocol: TCP
    resources: {}
  tolerations: []
status:
  podIP: 10.64.0.5
  podIPs:
  - ip: 10.64.0.5
  - ip: fd00::5
  phase: Running
---
# a policy
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow
  namespace: shop
spec:
  podSelector: {}
  ingress:
    - from:
        - ipBlock:
            cidr: 0.0.0.0/0
            except:
              - 10.0.0.0/8
      ports:
        - port: 8000
          endPort: 9000
        - port: http
  policyTypes: [Ingress]
`;

describe('fast YAML reader', () => {
  it('reads the block style kubectl writes on its own, to the objects and origins the library finds', () => {
    const text = KUBECTL.replace('policyTypes: [Ingress]', 'policyTypes:\n  - Ingress');
    expect(fastOnly(text)).toEqual(slow(text));
    expect(fastOnly(text).map((o) => o.origin)).toEqual([
      { file: FILE, doc: 1, line: 1 },
      { file: FILE, doc: 2, line: 38 },
    ]);
  });

  it('hands a document with a flow sequence to the library, and agrees with it', () => {
    expect(fast(KUBECTL)).toEqual(slow(KUBECTL));
    expect(() => fastOnly(KUBECTL)).toThrow('handed to the YAML library');
  });

  it('resolves plain scalars as YAML 1.2 (the core schema) does', () => {
    const values = ['true', 'False', 'TRUE', 'yes', 'no', 'on', 'null', '~', 'Null', '12', '-3', '+4', '007', '0o17', '0x1F', '1.5', '.5', '1.', '1e3', '-2.5E-2', '.inf', '-.Inf', '.nan', '10.0.0.1', '1.2.3', '0.0.0.0/0', '::1', 'a:b', 'a#b', '2025-01-01', 'http://x/y'];
    const text = values.map((v, i) => `k${i}: ${v}`).join('\n');
    expect(fastOnly(text)).toEqual(slow(text));
  });

  it('reads literal block scalars (clip and strip) with blank lines inside and after', () => {
    const text = 'a: |\n  one\n\n    two\n  three\n\n\nb: |-\n  x\n  y\nc: |\nd: x\n';
    expect(fastOnly(text)).toEqual(slow(text));
    expect(fastOnly(text)[0]!.object).toEqual({ a: 'one\n\n  two\nthree\n', b: 'x\ny', c: '', d: 'x' });
  });

  it('numbers documents as the library does: empty and comment-only documents count, a comment-only preamble does not', () => {
    const text = '# header\n---\nkind: A\n---\n---\n# just a comment\n---\nkind: B\n---\n';
    expect(fastOnly(text)).toEqual(slow(text));
    expect(fastOnly(text).map((o) => [o.origin.doc, o.origin.line])).toEqual([
      [1, 3],
      [4, 8],
    ]);
  });

  it('flattens a List, each item with its path and the line its node starts on', () => {
    const text = 'apiVersion: v1\nkind: List\nitems:\n- kind: A\n  metadata:\n    name: a\n-\n  kind: B\n- kind: PodList\n  items:\n  - kind: C\n';
    expect(fastOnly(text)).toEqual(slow(text));
    expect(fastOnly(text).map((o) => [(o.object as { kind: string }).kind, o.origin.path, o.origin.line])).toEqual([
      ['A', 'items[0]', 4],
      ['B', 'items[1]', 8],
      ['C', 'items[0]', 11],
    ]);
  });

  it('reads CRLF line ends and a byte order mark', () => {
    const text = '\uFEFFkind: Pod\r\nmetadata:\r\n  name: a\r\n---\r\nkind: B\r\n';
    expect(fastOnly(text)).toEqual(slow(text));
  });

  it('leaves anchors, tags, flow collections, folded and multi-line scalars to the library, with the same result', () => {
    const texts = [
      'base: &b {app: web}\nother: *b\n',
      'a: !!str 12\n',
      'labels: {app: web, tier: "1"}\n',
      'a: >\n  folded\n  text\n',
      'a: plain\n  continued\n',
      'a: "double\n  quoted"\n',
      'a:\n  <<: {x: 1}\n  y: 2\n',
      'a: "\\x41\\e"\n',
      '%YAML 1.2\n---\na: 1\n',
      'a: 1\n...\n---\nb: 2\n',
      '--- {a: 1}\n',
      'a:\tb\n',
      '"a": 1\n\'b\': 2\n',
      '1: one\n',
      '- a\n- - b\n  - c\n- key: v\n  other: w\n',
      'just a scalar\n',
    ];
    for (const text of texts) expect(fast(text)).toEqual(slow(text));
  });

  it('reads documents one at a time: the objects before a broken document arrive before its error', () => {
    const iterator = manifestObjects({ file: FILE, text: 'kind: A\n---\nkind: B\nkind: C\n' })[Symbol.iterator]();
    expect((iterator.next().value as { object: unknown }).object).toEqual({ kind: 'A' });
    const e = sourceError(() => iterator.next());
    expect(e.message).toMatch(/^m\.yaml: line 4: invalid YAML/);
    expect(e.origin).toMatchObject({ file: FILE, doc: 2 });
  });

  it('errors name the file and the line as the library names them', () => {
    for (const text of ['kind: Pod\nmetadata:\n  name: a\n  name: b\n', 'a: 1\n---\nkind: Pod\nmetadata:\n\tname: p\n', 'a: 1\n---\nb:\n  c: [unclosed\n']) {
      const a = sourceError(() => fast(text));
      const b = sourceError(() => slow(text));
      expect(a.message).toBe(b.message);
      expect(a.origin?.doc).toBe(b.origin?.doc);
    }
  });

  it('agrees with the library on any JSON value written as block YAML, in any of its styles', () => {
    const key = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('app', 'a:b', 'x y', '-k', 'true', '12', ' k', 'k ', '#k', 'k #', "it's", 'é'));
    const scalar = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom('', ' ', 'a\nb', 'line\n', 'tab\there', '- x', 'a: b', '#c', 'yes', 'null', '1.0', '0x10', '"q"', "'s'", '{}', '[]', '|', '>', '*a', '&a', '!t', '%', '@', '`'),
      fc.integer(),
      fc.double({ noNaN: true }),
      fc.boolean(),
      fc.constant(null),
    );
    const value = fc.letrec((tie) => ({
      any: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('any'), { maxLength: 3 }), fc.dictionary(key, tie('any'), { maxKeys: 3 })),
    })).any;
    const options = fc.record({
      indentSeq: fc.boolean(),
      lineWidth: fc.constantFrom(0, 20, 80),
      defaultStringType: fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL'),
      defaultKeyType: fc.constantFrom(null, 'PLAIN', 'QUOTE_DOUBLE'),
    });
    fc.assert(
      fc.property(fc.array(fc.dictionary(key, value, { maxKeys: 4 }), { minLength: 1, maxLength: 3 }), options, (docs, opts) => {
        const text = docs.map((d) => stringify(d, opts as Parameters<typeof stringify>[1])).join('---\n');
        let expected: unknown;
        try {
          expected = slow(text);
        } catch (error) {
          expect(() => fast(text)).toThrow((error as Error).message);
          return;
        }
        expect(fast(text)).toEqual(expected);
      }),
      { numRuns: 400 },
    );
  });
});
