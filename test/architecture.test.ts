// Keeps the layout true: data flows sources -> model -> engine -> report -> format -> cli / ui.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '..', 'src');
type Layer = 'model' | 'engine' | 'sources' | 'report' | 'format' | 'cli' | 'ui' | 'demo';

/** Which layers each layer may import (itself always allowed). */
const ALLOWED: Record<Layer, readonly Layer[]> = {
  model: [],
  engine: ['model'],
  sources: ['model'],
  report: ['model', 'engine'],
  format: ['model', 'report'],
  demo: ['model'],
  // The UI (its store too) reads report view models, the queries the CLI commands run; never the engine.
  ui: ['model', 'report', 'format'],
  cli: ['model', 'engine', 'sources', 'report', 'format', 'ui', 'demo'],
};
const PURE: readonly Layer[] = ['model', 'engine', 'report', 'format'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

const layerOf = (file: string): Layer => relative(SRC, file).split('/')[0] as Layer;
/** Every module specifier: `from '...'` (either quote), side-effect imports, and dynamic import(). */
const importsOf = (text: string): string[] =>
  [
    ...text.matchAll(
      /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+(['"])([^'"]+)\1|(?:^|\n)\s*import\s+(['"])([^'"]+)\3|import\(\s*(['"])([^'"]+)\5\s*\)/g,
    ),
  ].map((m) => (m[2] ?? m[4] ?? m[6])!);
/** Imports that exist at run time (`import type` and `export type` vanish when compiled). */
const runtimeImportsOf = (text: string): string[] =>
  importsOf(text.replace(/(?:^|\n)\s*(?:import|export)\s+type\s[^;]*?from\s+(['"])[^'"]+\1;?/g, '\n'));

const files = filesUnder(SRC);

/** Run-time imports between source files, as absolute paths. */
const graph = new Map(
  files.map((file) => [
    file,
    runtimeImportsOf(readFileSync(file, 'utf8'))
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => resolve(dirname(file), spec).replace(/\.js$/, '.ts'))
      .map((target) => (files.includes(target) ? target : target.replace(/\.ts$/, '.tsx'))),
  ]),
);

describe('architecture', () => {
  it('has no import cycles between two files', () => {
    const cycles = files.flatMap((a) =>
      (graph.get(a) ?? []).filter((b) => b > a && (graph.get(b) ?? []).includes(a)).map((b) => `${relative(SRC, a)} <-> ${relative(SRC, b)}`),
    );
    expect(cycles).toEqual([]);
  });

  it('finds the source tree and reads imports the way the checks need', () => {
    expect(files.length).toBeGreaterThan(10);
    const sample =
      "import type { A } from '../model/a.js';\nimport {\n  b,\n} from 'node:fs';\nexport { c } from './c.js';\nconst d = await import('../ui/app.js');\n" +
      'import { e } from "../sources/e.js";\nimport \'./side-effect.js\';\nimport "node:child_process";';
    expect(importsOf(sample)).toEqual(['../model/a.js', 'node:fs', './c.js', '../ui/app.js', '../sources/e.js', './side-effect.js', 'node:child_process']);
    expect(runtimeImportsOf(sample)).not.toContain('../model/a.js');
  });

  for (const file of files) {
    const name = relative(SRC, file);
    const layer = layerOf(file);
    const text = readFileSync(file, 'utf8');

    it(`${name} imports only from layers ${layer} may use`, () => {
      expect(Object.keys(ALLOWED)).toContain(layer);
      const bad = importsOf(text)
        .filter((spec) => spec.startsWith('.'))
        .map((spec) => layerOf(resolve(dirname(file), spec)))
        .filter((target) => target !== layer && !ALLOWED[layer].includes(target));
      expect(bad).toEqual([]);
    });

    if (layer === 'ui') {
      it(`${name} imports no engine module, not even its types (the report layer gives the UI what it shows)`, () => {
        const engine = importsOf(text)
          .filter((spec) => spec.startsWith('.'))
          .filter((spec) => relative(SRC, resolve(dirname(file), spec)).startsWith('engine/'));
        expect(engine).toEqual([]);
      });
    }

    if (PURE.includes(layer)) {
      it(`${name} is pure (no I/O, clock, randomness or UI runtime)`, () => {
        const external = importsOf(text).filter((spec) => !spec.startsWith('.'));
        const allowedPackages = layer === 'format' ? ['cli-table3', 'yaml', 'jsonpath-plus'] : [];
        expect(external.filter((spec) => !allowedPackages.includes(spec))).toEqual([]);
        expect(text).not.toMatch(/\bprocess\.|\bconsole\.|Date\.now\(|Math\.random\(|new Date\(|\bperformance\.|\brequire\(|\bsetTimeout\(|\bsetInterval\(/);
      });
    }
  }
});
