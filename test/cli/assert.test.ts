// `kubectl netpol assert`: the JSON document, the table, the summary line and exit codes.
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, TempDir, type CliResult, envelope } from '../fixtures/cli.js';
import { writeWorld } from '../fixtures/cli-world.js';

let dir: TempDir;
let world: ReturnType<typeof writeWorld>;

beforeAll(() => {
  dir = new TempDir('netpol-assert-');
  world = writeWorld(dir);
});
afterAll(() => dir.cleanup());

const assertCmd = (expectations: string, ...args: string[]): Promise<CliResult> =>
  runCli(['assert', dir.write(`expect-${Math.random().toString(36).slice(2)}.yaml`, expectations), ...world.files, ...args]);

// x/b admits only x/a (TCP 80, TCP 8000-8080, UDP 53); the third line is wrong on purpose.
const MIXED = `assertions:
  - {from: x/a, to: x/b, port: 80, expect: allow}
  - {from: x/c, to: x/b, port: 80, expect: deny}
  - {from: x/c, to: x/b, port: 80, expect: allow}
  - {from: x/a, to: x/b, port: 53, protocol: UDP, expect: allow}
  - {from: x/a, to: x/b, expect: allow}
`;

const ADMITTED = 'egress not isolated; ingress admitted by x/b-ingress spec.ingress[0].from[0]';
const NOT_ADMITTED = 'ingress isolated by x/b-ingress, no rule admits';

describe('assert -o json', () => {
  it('one result per assertion, in order, with the counts', async () => {
    const r = await assertCmd(MIXED, '-o', 'json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { results: Record<string, unknown>[]; passed: number; failed: number };
    expect(doc).toEqual({
      ...envelope('Assert'),
      results: [
        { from: 'x/a', to: 'x/b', port: 80, protocol: 'TCP', expect: 'allow', actual: 'allow', pass: true, reason: ADMITTED },
        { from: 'x/c', to: 'x/b', port: 80, protocol: 'TCP', expect: 'deny', actual: 'deny', pass: true, reason: NOT_ADMITTED },
        { from: 'x/c', to: 'x/b', port: 80, protocol: 'TCP', expect: 'allow', actual: 'deny', pass: false, reason: NOT_ADMITTED },
        { from: 'x/a', to: 'x/b', port: 53, protocol: 'UDP', expect: 'allow', actual: 'allow', pass: true, reason: ADMITTED },
        { from: 'x/a', to: 'x/b', port: null, protocol: 'any', expect: 'allow', actual: 'allow', pass: true, reason: ADMITTED },
      ],
      passed: 4,
      failed: 1,
    });
    expect(Object.keys(doc.results[0]!)).toEqual(['from', 'to', 'port', 'protocol', 'expect', 'actual', 'pass', 'reason']);
  });

  it('-o yaml is the same document', async () => {
    const asJson = await assertCmd(MIXED, '-o', 'json');
    const asYaml = await assertCmd(MIXED, '-o', 'yaml');
    expect(asYaml.code).toBe(1);
    expect(parse(asYaml.stdout)).toEqual(JSON.parse(asJson.stdout));
  });

  it('a Service with one admitted and one refused endpoint is partial, which is neither allow nor deny', async () => {
    const file = dir.write(
      'svc.yaml',
      `assertions:
  - {from: x/a, to: svc/x/web, port: 80, expect: allow}
  - {from: x/a, to: svc/x/web, port: 80, expect: deny}
  - {from: x/a, to: svc/x/nothing, port: 80, expect: deny}
`,
    );
    const r = await runCli(['assert', file, ...world.files, '-f', world.web8080, '-o', 'json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { results: { actual: string; pass: boolean; reason: string }[]; passed: number; failed: number };
    expect(doc.results.map((x) => [x.actual, x.pass])).toEqual([
      ['partial', false],
      ['partial', false],
      ['deny', true],
    ]);
    expect(doc.results[2]!.reason).toBe('the service has no endpoint for that port');
    expect([doc.passed, doc.failed]).toEqual([1, 2]);
  });

  it('named ports, workloads and addresses', async () => {
    const r = await assertCmd(
      `assertions:
  - {from: x/a, to: x/b, port: metrics, expect: deny}
  - {from: x/deploy/api, to: x/db, port: postgres, expect: allow}
  - {from: ip:192.168.5.5, to: x/db, port: 5432, expect: allow}
  - {from: ip:192.168.9.1, to: x/db, port: 5432, expect: deny}
  - {from: x/d, to: ip:1.1.1.1, port: 53, protocol: UDP, expect: allow}
  - {from: x/d, to: ip:1.1.1.1, port: 53, protocol: TCP, expect: deny}
`,
      '-o',
      'json',
    );
    const doc = JSON.parse(r.stdout) as { results: { port: unknown; actual: string; pass: boolean }[]; passed: number; failed: number };
    expect(doc.results.map((x) => x.actual)).toEqual(['deny', 'allow', 'allow', 'deny', 'allow', 'deny']);
    expect(doc.results[0]!.port).toBe('metrics');
    expect([doc.passed, doc.failed]).toEqual([6, 0]);
    expect(r.code).toBe(0);
  });

  it('a protocol without a port is not silently ignored', async () => {
    // x/a may reach x/b on TCP and UDP ports but on no SCTP port. Judging "some port of any protocol"
    // would wrongly report allow; an error (exit 2) would be acceptable too.
    const r = await assertCmd('assertions:\n  - {from: x/a, to: x/b, protocol: SCTP, expect: deny}\n', '-o', 'json');
    if (r.code === 2) {
      expect(r.stderr).toMatch(/^error: .*protocol/);
    } else {
      const doc = JSON.parse(r.stdout) as { results: { actual: string; protocol: string }[] };
      expect(doc.results[0]).toMatchObject({ protocol: 'SCTP', actual: 'deny' });
      expect(r.code).toBe(0);
    }
  });
});

describe('assert text', () => {
  it('the table and the summary line', async () => {
    const r = await assertCmd(MIXED);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      [
        'FROM   TO    PORT     EXPECT   ACTUAL   RESULT   REASON',
        `x/a    x/b   80/TCP   allow    allow    pass     ${ADMITTED}`,
        `x/c    x/b   80/TCP   deny     deny     pass     ${NOT_ADMITTED}`,
        `x/c    x/b   80/TCP   allow    deny     FAIL     ${NOT_ADMITTED}`,
        `x/a    x/b   53/UDP   allow    allow    pass     ${ADMITTED}`,
        `x/a    x/b   any      allow    allow    pass     ${ADMITTED}`,
        '4 passed, 1 failed',
        '',
      ].join('\n'),
    );
  });

  it('headers are FROM TO PORT EXPECT ACTUAL RESULT REASON, and every column lines up', async () => {
    const r = await assertCmd(MIXED);
    const lines = r.stdout.split('\n').filter((l) => l !== '');
    const headers = lines[0]!.split(/ +/);
    expect(headers).toEqual(['FROM', 'TO', 'PORT', 'EXPECT', 'ACTUAL', 'RESULT', 'REASON']);
    const starts = headers.map((h) => lines[0]!.indexOf(h));
    for (const row of lines.slice(1, -1)) {
      for (const start of starts.slice(1)) {
        expect(row[start - 1]).toBe(' ');
        expect(row[start]).not.toBe(' ');
      }
    }
    expect(lines.at(-1)).toBe('4 passed, 1 failed');
  });

  it('all passing: exit 0', async () => {
    const r = await assertCmd('assertions:\n  - {from: x/a, to: x/b, port: 80, expect: allow}\n  - {from: x/c, to: x/b, port: 8042, expect: deny}\n');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').at(-2)).toBe('2 passed, 0 failed');
    expect(r.stdout).not.toContain('FAIL');
  });

  it('-n resolves names without a namespace', async () => {
    const r = await assertCmd('assertions:\n  - {from: a, to: b, port: 80, expect: allow}\n', '-n', 'x');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('\na      b    80/TCP   allow    allow    pass     ');
  });

  describe('more than 100 assertions', () => {
    const many = ['assertions:', ...Array.from({ length: 99 }, () => '  - {from: x/a, to: x/b, port: 80, expect: allow}'), '  - {from: x/c, to: x/b, port: 80, expect: allow}', '  - {from: x/a, to: x/b, port: 81, expect: allow}', ''].join('\n');

    it('shows only the failures', async () => {
      const r = await assertCmd(many);
      expect(r.code).toBe(1);
      const lines = r.stdout.split('\n').filter((l) => l !== '');
      expect(lines[0]!.split(/ +/)).toEqual(['FROM', 'TO', 'PORT', 'EXPECT', 'ACTUAL', 'RESULT', 'REASON']);
      expect(lines.slice(1, 3).map((l) => l.split(/ {3,}/).slice(0, 6))).toEqual([
        ['x/c', 'x/b', '80/TCP', 'allow', 'deny', 'FAIL'],
        ['x/a', 'x/b', '81/TCP', 'allow', 'deny', 'FAIL'],
      ]);
      expect(lines.slice(3)).toEqual(['(showing the 2 failures of 101 assertions; -o wide shows all)', '99 passed, 2 failed']);
    });

    it('-o wide shows every row', async () => {
      const r = await assertCmd(many, '-o', 'wide');
      expect(r.code).toBe(1);
      const lines = r.stdout.split('\n').filter((l) => l !== '');
      expect(lines).toHaveLength(1 + 101 + 1);
      expect(lines.filter((l) => / pass {3,}/.test(l))).toHaveLength(99);
      expect(lines.at(-1)).toBe('99 passed, 2 failed');
    });
  });
});
