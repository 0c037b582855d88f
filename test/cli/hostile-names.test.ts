// Owner names and label selector values that carry terminal escapes, C1 controls and bidi overrides: every
// command in every output format writes them escaped, never raw, to stdout and to stderr.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, TempDir } from '../fixtures/cli.js';

// OSC 0 retitles the terminal, ED clears it, C1 CSI (U+009B) is an ESC-less CSI, RLO/LRI/ALM/LRM reorder text.
const HOSTILE = '\u001b]0;pwned\u0007\u001b[2J\u009b2J\u202egpj\u2066\u061c\u200e\u007f';
const OWNER = `db${HOSTILE}`;
// Every control character but newline; tabs too (tables align with spaces).
// eslint-disable-next-line no-control-regex
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
// ink and the text printers colour with SGR only; on a TTY those are the one escape allowed.
const SGR = /\u001b\[[0-9;]*m/g;

/** A YAML double-quoted scalar with every non-ASCII or control character escaped, so the file itself is plain ASCII. */
const quoted = (s: string) => JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

const pod = (name: string, ip: string, labels: Record<string, string>, owner?: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: x
  labels: {${Object.entries(labels).map(([k, v]) => `${k}: ${quoted(v)}`).join(', ')}}
${owner ? `  ownerReferences:\n  - {apiVersion: apps/v1, kind: StatefulSet, name: ${quoted(owner)}, controller: true, uid: u1}\n` : ''}spec:
  containers:
  - {name: main, image: app, ports: [{name: pg, containerPort: 5432}]}
status: {phase: Running, podIP: ${ip}}
`;

const policy = (name: string, app: string, from: string, ports = '') => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: x}
spec:
  podSelector: {matchLabels: {app: ${app}}}
  ingress:
  - from: [${from}]${ports}
`;

// x/db-0 and x/db-1 belong to a StatefulSet with a hostile name (the API server checks an owner name
// only for non-emptiness; names and label values follow stricter syntax); x/api reaches them.
const WORLD = [
  'apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n',
  pod('db-0', '10.0.0.1', { app: 'db' }, OWNER),
  pod('db-1', '10.0.0.2', { app: 'db' }, OWNER),
  pod('api', '10.0.0.3', { app: 'api' }),
  pod('web', '10.0.0.4', { app: 'web' }),
  policy('db-ingress', 'db', '{podSelector: {matchLabels: {app: api}}}', '\n    ports: [{port: 5432}]'),
].join('---\n');

// The proposed change for diff: db also admits web, on every port.
const PROPOSED = policy('db-ingress', 'db', '{podSelector: {matchLabels: {app: api}}}, {podSelector: {matchLabels: {app: web}}}');
// For lint only: a selector value no API server accepts, which lint reports (other commands refuse the file).
const INVALID = policy('odd', 'db', `{podSelector: {matchLabels: {note: ${quoted(`n${HOSTILE}`)}}}}`);
const EXPECTATIONS = `assertions:
  - {from: x/api, to: ${quoted(`x/statefulset/${OWNER}`)}, port: 5432, expect: allow}
  - {from: ${quoted(`x/statefulset/${OWNER}`)}, to: x/api, expect: deny}
`;

let dir: TempDir;
let files: { world: string; proposed: string; invalid: string; expectations: string };

beforeAll(() => {
  dir = new TempDir('netpol-hostile-');
  files = {
    world: dir.write('world.yaml', WORLD),
    proposed: dir.write('proposed.yaml', PROPOSED),
    invalid: dir.write('invalid.yaml', INVALID),
    expectations: dir.write('expect.yaml', EXPECTATIONS),
  };
});
afterAll(() => dir.cleanup());

const COMMANDS: Record<string, () => string[]> = {
  coverage: () => ['-f', files.world],
  'who-can-reach': () => ['x/api', '-f', files.world, '--denied'],
  'reachable-from': () => [`x/statefulset/${OWNER}`, '-f', files.world],
  'can-reach': () => ['x/api', `x/statefulset/${OWNER}`, '-f', files.world],
  matrix: () => ['-f', files.world],
  assert: () => [files.expectations, '-f', files.world],
  lint: () => ['-f', files.world, '-f', files.invalid],
  diff: () => ['--policies-from', files.proposed, '-f', files.world],
  snapshot: () => ['-f', files.world],
};

/** The -o choices a command declares, read from its help; [] when it has no -o. */
async function formatsOf(command: string): Promise<string[]> {
  const help = await runCli([command, '--help']);
  // The help may wrap the list onto the next line.
  return /output format: ([\w|]+)/.exec(help.stdout.replace(/\s+/g, ' '))?.[1]?.split('|') ?? [];
}

describe('hostile names in every command and output format', () => {
  it('the fixture is read: the owner name reaches the output of a plain command', async () => {
    const r = await runCli(['reachable-from', ...COMMANDS['reachable-from']!()]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('statefulset/db\\x1b]0;pwned\\x07\\x1b[2J\\x9b2J\\u202egpj\\u2066\\u061c\\u200e\\x7f');
  });

  for (const command of Object.keys(COMMANDS)) {
    it(`${command}: no raw control character in any format, on a pipe or a TTY`, async () => {
      const formats = await formatsOf(command);
      if (command !== 'snapshot') expect(formats.length).toBeGreaterThan(1);
      for (const format of [undefined, ...formats]) {
        for (const isTTY of [false, true]) {
          // -o jsonpath=... prints the whole -o json document through the template.
          const asked = format === 'jsonpath' ? 'jsonpath={$}' : format;
          const argv = [command, ...COMMANDS[command]!(), ...(asked ? ['-o', asked] : [])];
          const r = await runCli(argv, { isTTY });
          const where = `${argv.slice(0, 1).join(' ')} -o ${format ?? '(default)'}${isTTY ? ' on a TTY' : ''}`;
          // Each run did its work (0, or 1 for a failed assertion / finding), and named the hostile objects.
          expect([0, 1], `${where} exit ${r.code}: ${r.stderr}`).toContain(r.code);
          // -o name lists peers, which need not include the hostile object.
          if (format !== 'name') expect(`${r.stdout}${r.stderr}`, where).toContain('pwned');
          expect(r.stdout.replace(SGR, ''), `${where} stdout`).not.toMatch(RAW);
          expect(r.stderr.replace(SGR, ''), `${where} stderr`).not.toMatch(RAW);
          if (!isTTY) expect(r.stdout, `${where} colours only on a TTY`).not.toMatch(SGR);
        }
      }
    });
  }

  it('an error that quotes a hostile argument escapes it', async () => {
    const r = await runCli(['who-can-reach', `x/${HOSTILE}`, '-f', files.world]);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(RAW);
    expect(r.stderr).toContain('\\x1b]0;pwned\\x07');
  });
});
