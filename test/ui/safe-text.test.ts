// The UI prints text only through SafeText, whose content must be Sanitized: no file under src/ui
// imports ink's Text, and a raw string given to SafeText does not compile.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const UI = join(ROOT, 'src', 'ui');
const WRAPPER = 'components/safe-text.tsx';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : []));
}

/** What a file takes from ink that could print text: `Text` (aliased or not), a default or a namespace import. */
function inkTextImports(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/import\s+(type\s+)?([^;]*?)\s+from\s+['"]ink['"]/g)) {
    if (m[1]) continue;
    const clause = m[2]!;
    if (/^\*\s+as\s/.test(clause) || /^[A-Za-z_$][\w$]*\s*(,|$)/.test(clause)) found.push(clause);
    const named = /\{([^}]*)\}/.exec(clause)?.[1] ?? '';
    for (const spec of named.split(',').map((s) => s.trim())) {
      if (/^Text(\s+as\s+[\w$]+)?$/.test(spec)) found.push(spec);
    }
  }
  for (const m of source.matchAll(/import\(\s*['"]ink['"]\s*\)/g)) found.push(m[0]);
  return found;
}

describe('SafeText is the only way to print text in the UI', () => {
  it('the import check sees every way of taking Text from ink, and only those', () => {
    expect(inkTextImports("import { Box, Text, useInput } from 'ink';")).toEqual(['Text']);
    expect(inkTextImports("import {\n  Box,\n  Text as T,\n} from 'ink';")).toEqual(['Text as T']);
    expect(inkTextImports("import * as ink from 'ink';")).toEqual(['* as ink']);
    expect(inkTextImports("import Ink, { Box } from 'ink';")).toEqual(['Ink, { Box }']);
    expect(inkTextImports("const ink = await import('ink');")).toEqual(["import('ink')"]);
    expect(inkTextImports("import { Box, useInput, type TextProps } from 'ink';\nimport type { Key } from 'ink';")).toEqual([]);
    expect(inkTextImports("import { Text } from './text.js';")).toEqual([]);
  });

  const files = filesUnder(UI);
  it('finds the UI sources and the wrapper', () => {
    expect(files.map((f) => relative(UI, f))).toContain(WRAPPER);
    expect(files.length).toBeGreaterThan(8);
  });

  for (const file of files) {
    const name = relative(UI, file);
    if (name === WRAPPER) continue;
    it(`src/ui/${name} does not import Text from ink`, () => {
      expect(inkTextImports(readFileSync(file, 'utf8'))).toEqual([]);
    });
  }

  it('a raw string, alone or among sanitized parts, does not type-check as SafeText content', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netpol-safe-text-'));
    try {
      const probe = [
        `import { SafeText } from ${JSON.stringify(join(UI, 'components', 'safe-text.js'))};`,
        `import { safe, sanitize, sanitizeLine } from ${JSON.stringify(join(ROOT, 'src', 'format', 'sanitize.js'))};`,
        'const name: string = "web\\u001b[2J";',
        'SafeText({ children: sanitizeLine(name) });',
        'SafeText({ children: [safe`pod ${name}`, sanitize(name), null] });',
        'SafeText({ children: name });',
        'SafeText({ children: [sanitizeLine(name), name] });',
        'SafeText({ children: 3 });',
        '',
      ].join('\n');
      writeFileSync(join(dir, 'probe.mts'), probe);
      const options = { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2023', lib: ['es2023'], jsx: 'react-jsx', strict: true, skipLibCheck: true, noEmit: true, types: [] };
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: options, files: ['probe.mts'] }));
      let output = '';
      try {
        execFileSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', join(dir, 'tsconfig.json')], { encoding: 'utf8', stdio: 'pipe' });
      } catch (error) {
        output = String((error as { stdout?: string }).stdout ?? '');
      }
      const errorLines = [...output.matchAll(/probe\.mts\((\d+),\d+\): error/g)].map((m) => Number(m[1]));
      // Lines 6-8 pass a raw string or a number; lines 4-5 pass only sanitized text.
      expect([...new Set(errorLines)]).toEqual([6, 7, 8]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
