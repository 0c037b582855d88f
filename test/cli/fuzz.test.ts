// Structurally mutated manifests through the whole CLI: whatever the input, the answer is an exit
// code 0, 1 or 2, errors are one bounded line without a stack trace, and no control character
// reaches any output format.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runCli } from '../fixtures/cli.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Valid documents of every kind read: namespace fz with pods a (port http) and b, a Service, a Deployment and policies. */
function baseDocuments(): Json[] {
  const pod = (name: string, ip: string, ports: Json[]): Json => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'fz', labels: { app: name, tier: 'web' } },
    spec: { containers: [{ name: 'main', image: 'registry.example/app:1', ports }] },
    status: { phase: 'Running', podIP: ip, podIPs: [{ ip }] },
  });
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'fz', labels: { team: 'fuzz' } } },
    pod('a', '10.8.0.1', [{ name: 'http', containerPort: 8080, protocol: 'TCP' }]),
    pod('b', '10.8.0.2', [{ name: 'dns', containerPort: 53, protocol: 'UDP' }]),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'fz' },
      spec: { selector: { app: 'a' }, clusterIP: '10.96.0.9', ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }] },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api', namespace: 'fz' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'api' } },
        template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'api', ports: [{ name: 'grpc', containerPort: 9000 }] }] } },
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'a-ingress', namespace: 'fz' },
      spec: {
        podSelector: { matchLabels: { app: 'a' } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          {
            from: [
              { podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['b', 'api'] }] } },
              { namespaceSelector: { matchLabels: { team: 'fuzz' } }, podSelector: {} },
              { ipBlock: { cidr: '192.168.0.0/16', except: ['192.168.9.0/24'] } },
            ],
            ports: [{ port: 'http' }, { protocol: 'TCP', port: 8000, endPort: 8090 }],
          },
        ],
        egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ protocol: 'UDP', port: 53 }] }],
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'deny', namespace: 'fz' },
      spec: { podSelector: { matchLabels: { app: 'b' } }, policyTypes: ['Ingress'] },
    },
  ];
}

// C0 controls, DEL, C1 controls (CSI, NEL) and bidi controls, alone and inside escape sequences.
const HOSTILE = ['\u001b[2J', '\u0007', '\r', '\b', '\u0000', '\u007f', '\u009b31m', '\u0085', '\u202e', '\u2066', '\u200f', '\u001b]0;title\u0007', '\t', '\n'];

const hostileString = fc
  .tuple(fc.constantFrom('a', 'web', 'fz', 'x-1', '10.0.0.0/8', ''), fc.constantFrom(...HOSTILE), fc.constantFrom('', 'b', 'pod'))
  .map(([before, control, after]) => `${before}${control}${after}`);

const scalar: fc.Arbitrary<Json> = fc.oneof(
  fc.integer({ min: -100000, max: 100000 }),
  fc.constantFrom(0, -1, 65536, 1e21, 0.5, Number.MAX_SAFE_INTEGER),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 12 }),
  fc.constantFrom('TCP', 'UDP', 'ICMP', 'In', 'Exists', 'Ingress', 'http', '10.0.0.0/33', '010.0.0.0/8', '::ffff:10.0.0.0/104', 'Bad_Name!'),
  hostileString,
  fc.integer({ min: 1000, max: 20000 }).map((n) => 'h'.repeat(n)),
);

const value: fc.Arbitrary<Json> = fc.oneof(
  { weight: 4, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom('port', 'cidr', 'name', 'podSelector', 'x'), scalar, { maxKeys: 2 }) },
);

const fieldName = fc.oneof(
  fc.constantFrom('ingres', 'policyType', 'prot', 'containerport', 'lables', 'extra', 'status', 'from', 'to', 'ipBlock', 'matchLabels', 'namespace'),
  fc.string({ minLength: 1, maxLength: 8 }),
  hostileString,
);

type Mutation =
  | { readonly kind: 'replace'; readonly pick: number; readonly value: Json }
  | { readonly kind: 'delete'; readonly pick: number }
  | { readonly kind: 'add'; readonly pick: number; readonly field: string; readonly value: Json }
  | { readonly kind: 'share'; readonly pick: number; readonly source: number }
  | { readonly kind: 'text'; readonly pick: number; readonly insert: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), pick: fc.nat(), value }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('add' as const), pick: fc.nat(), field: fieldName, value }),
  fc.record({ kind: fc.constant('share' as const), pick: fc.nat(), source: fc.nat() }),
  fc.record({ kind: fc.constant('text' as const), pick: fc.nat(), insert: fc.constantFrom('*nope', '&a', '{', ']', ': :', '- ', '"', '\t', '<<: *x', '\u001b', '#') }),
);

interface Slot {
  readonly parent: Json[] | { [key: string]: Json };
  readonly key: string | number;
}

/** Every (container, key) of a document tree, in a stable order. */
function slots(root: Json, out: Slot[] = [], seen = new Set<unknown>()): Slot[] {
  if (root === null || typeof root !== 'object' || seen.has(root)) return out;
  seen.add(root);
  const entries: [string | number, Json][] = Array.isArray(root) ? root.map((v, i) => [i, v]) : Object.entries(root);
  for (const [key, child] of entries) {
    out.push({ parent: root, key });
    slots(child, out, seen);
  }
  return out;
}

const containers = (docs: Json[]): Exclude<Json, null | boolean | number | string>[] => {
  const all = slots(docs).map((s) => (s.parent as Record<string | number, Json>)[s.key]!);
  return all.filter((v): v is Exclude<Json, null | boolean | number | string> => v !== null && typeof v === 'object');
};

function applyMutation(docs: Json[], m: Mutation): void {
  if (m.kind === 'text') return;
  const all = slots(docs);
  if (all.length === 0) return;
  const slot = all[m.pick % all.length]!;
  const parent = slot.parent as Record<string | number, Json>;
  switch (m.kind) {
    case 'replace':
      parent[slot.key] = m.value;
      return;
    case 'delete':
      if (Array.isArray(slot.parent)) slot.parent.splice(slot.key as number, 1);
      else delete parent[slot.key];
      return;
    case 'add': {
      const objects = containers(docs).filter((c) => !Array.isArray(c));
      const target = objects[m.pick % Math.max(1, objects.length)] as Record<string, Json> | undefined;
      if (target) target[m.field] = m.value;
      return;
    }
    case 'share': {
      // The same object in two places: YAML writes it once with an anchor and then as an alias
      // (and an object inside itself becomes an alias to its own anchor).
      const pool = containers(docs);
      if (pool.length > 0) parent[slot.key] = pool[m.source % pool.length]!;
      return;
    }
  }
}

function render(docs: Json[], format: 'yaml' | 'json-stream' | 'json-list', texts: readonly Mutation[]): string {
  let text: string;
  if (format === 'yaml') text = docs.map((d) => stringify(d, { aliasDuplicateObjects: true })).join('---\n');
  else {
    const json = (d: Json) => {
      try {
        return JSON.stringify(d);
      } catch {
        return stringify(d); // a cycle: YAML can write it, JSON cannot
      }
    };
    text = format === 'json-stream' ? docs.map(json).join('\n') : json({ apiVersion: 'v1', kind: 'List', items: docs });
  }
  for (const m of texts) {
    if (m.kind !== 'text') continue;
    const at = m.pick % (text.length + 1);
    text = `${text.slice(0, at)}${m.insert}${text.slice(at)}`;
  }
  return text;
}

const COMMANDS: readonly (readonly string[])[] = [
  ['coverage'],
  ['coverage', '-o', 'json'],
  ['lint'],
  ['lint', '-o', 'json'],
  ['can-reach', 'fz/b', 'fz/a', '--port', '8080'],
  ['can-reach', 'fz/deployment/api', 'svc/fz/web', '-o', 'json'],
  ['who-can-reach', 'fz/a'],
  ['who-can-reach', 'fz/a', '-o', 'json'],
  ['reachable-from', 'fz/b', '--denied'],
  ['matrix'],
  ['matrix', '-o', 'json'],
];

// C0 controls other than tab and newline, DEL, C1 controls, and the bidi controls.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe('fuzz: mutated manifests through the CLI', () => {
  it('the base documents are valid: every command answers without an error', async () => {
    const text = render(baseDocuments(), 'yaml', []);
    for (const command of COMMANDS) {
      const r = await runCli([...command, '-f', '-'], { stdin: text });
      expect(r.stderr, command.join(' ')).toBe('');
      expect([0, 1], command.join(' ')).toContain(r.code);
    }
  });

  it(
    'exit 0, 1 or 2; one bounded error line; no stack trace; no control character in any output',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(mutation, { minLength: 1, maxLength: 4 }),
          fc.constantFrom('yaml' as const, 'yaml' as const, 'json-stream' as const, 'json-list' as const),
          fc.constantFrom(...COMMANDS),
          async (mutations, format, command) => {
            const docs = baseDocuments();
            for (const m of mutations) applyMutation(docs, m);
            const text = render(docs, format, mutations);
            const r = await runCli([...command, '-f', '-'], { stdin: text });
            const context = `${command.join(' ')} (${format})\nstderr: ${r.stderr.slice(0, 300)}`;
            expect([0, 1, 2], context).toContain(r.code);
            expect(r.stderr, context).not.toMatch(/^\s+at /m);
            expect(r.stderr, context).not.toContain('internal error');
            const lines = r.stderr.split('\n').filter((l) => l !== '');
            const errors = lines.filter((l) => l.startsWith('error: '));
            expect(errors.length, context).toBeLessThanOrEqual(1);
            if (r.code === 2) expect(errors, context).toHaveLength(1);
            for (const line of lines) expect(line.length, context).toBeLessThanOrEqual(1000);
            expect(CONTROL.test(r.stdout), `${context}\nstdout control character`).toBe(false);
            expect(CONTROL.test(r.stderr), `${context}\nstderr control character`).toBe(false);
          },
        ),
        { numRuns: 1500 },
      );
    },
    120_000,
  );
});
