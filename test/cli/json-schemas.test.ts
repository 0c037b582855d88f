// Every -o json document is described by a JSON Schema in schemas/, and real outputs validate:
// the same documents as -o yaml too.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse as parseYaml } from 'yaml';
import { runCli } from '../fixtures/cli.js';
import { API_VERSION } from '../../src/report/document.js';

const dir = join(import.meta.dirname, '..', '..', 'schemas');
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
const schemas = new Map(readdirSync(dir).map((f) => [f.replace(/\.json$/, ''), ajv.compile(JSON.parse(readFileSync(join(dir, f), 'utf8')) as object)]));

const RUNS: readonly (readonly [string, readonly string[]])[] = [
  ['CanReach', ['can-reach', '--demo', 'shop/deployment/frontend', 'shop/deployment/cart']],
  ['CanReach', ['can-reach', '--demo', 'shop/deployment/checkout', 'svc/payments/payment-api', '--port', '443']],
  ['CanReach', ['can-reach', '-f', 'examples/dual-stack.yaml', 'partner/api', 'shop/web', '--port', '443']],
  ['CanReach', ['can-reach', '--demo', 'shop/deployment/frontend', 'svc/payments/payment-api', '--port', '443', '--suggest']],
  ['Fix', ['fix', '--demo', 'shop/deployment/checkout', 'shop/deployment/cart', '--port', '7070']],
  ['Fix', ['fix', '--demo', 'shop/deployment/frontend', 'shop/deployment/cart', '--port', '7070']],
  ['Assert', ['assert', 'test/fixtures/demo-expectations.yaml', '--demo']],
  ['Coverage', ['coverage', '--demo']],
  ['Coverage', ['coverage', '--demo', '-n', 'shop', '-l', 'app=nothing']],
  ['WhoCanReach', ['who-can-reach', '--demo', 'shop/deployment/cart', '--denied']],
  ['ReachableFrom', ['reachable-from', '--demo', 'shop/deployment/frontend', '--port', 'grpc']],
  ['Matrix', ['matrix', '--demo', '-A']],
  ['Matrix', ['matrix', '--demo', '-A', '--by', 'namespace']],
  ['Diff', ['diff', '--demo', '--without-policy', 'shop/default-deny']],
  ['Lint', ['lint', '--demo']],
  ['Audit', ['audit', '--demo', '--flows', 'test/fixtures/flows/hubble.jsonl']],
  ['Audit', ['audit', '--demo', '--flows', 'test/fixtures/flows/calico.jsonl', '--flows', 'test/fixtures/flows/plain.csv', '-n', 'shop']],
  ['Audit', ['audit', '--demo', '--flows', 'test/fixtures/flows/hubble-policies.jsonl']],
  ['Suggestion', ['suggest', '--demo', '--flows', 'test/fixtures/flows/hubble.jsonl', '-A']],
  ['Suggestion', ['suggest', '--demo', '--baseline', '-n', 'monitoring']],
  ['Version', ['version']],
];

describe('JSON schemas', () => {
  it('one schema per document kind, each naming its kind and the API version', () => {
    for (const [kind, validate] of schemas) {
      const schema = validate.schema as { properties: { kind: { const: string }; apiVersion: { const: string } } };
      expect(schema.properties.kind.const).toBe(kind);
      expect(schema.properties.apiVersion.const).toBe(API_VERSION);
    }
    expect([...new Set(RUNS.map(([kind]) => kind))].every((k) => schemas.has(k))).toBe(true);
  });

  it.each(RUNS)('%s: %j validates, as JSON and as YAML', async (kind, argv) => {
    for (const format of ['json', 'yaml'] as const) {
      const r = await runCli([...argv, '-o', format]);
      expect([0, 1], r.stderr).toContain(r.code);
      const doc = (format === 'json' ? JSON.parse(r.stdout) : parseYaml(r.stdout)) as { kind: string };
      expect(doc.kind).toBe(kind);
      const validate = schemas.get(kind)!;
      expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it('a schema can fail: a document without its verdict does not validate', () => {
    const validate = schemas.get('CanReach')!;
    expect(validate({ apiVersion: API_VERSION, kind: 'CanReach', source: 'demo cluster', from: 'a', to: 'b', allowed: true, paths: [] })).toBe(false);
  });
});
