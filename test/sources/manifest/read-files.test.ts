// -f arguments -> manifest texts: files, directories (sorted, optionally recursive), stdin.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { readManifestTexts } from '../../../src/sources/manifest/read-files.js';
import { SourceError } from '../../../src/sources/source-error.js';

let dir: string;
const noStdin = () => Readable.from([]);

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'netpol-read-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function tree(files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    const full = join(dir, path);
    await mkdir(join(full, '..'), { recursive: true });
    await writeFile(full, text);
  }
}

async function rejection(promise: Promise<unknown>): Promise<SourceError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(SourceError);
    return error as SourceError;
  }
  throw new Error('expected a SourceError');
}

describe('readManifestTexts', () => {
  it('reads a single file with its path as given', async () => {
    await tree({ 'pod.yaml': 'kind: Pod\n' });
    const path = join(dir, 'pod.yaml');
    expect(await readManifestTexts([path], { recursive: false, stdin: noStdin() })).toEqual([{ file: path, text: 'kind: Pod\n' }]);
  });

  it('reads a file whatever its extension when named directly', async () => {
    await tree({ 'manifest.txt': 'kind: Pod\n' });
    const out = await readManifestTexts([join(dir, 'manifest.txt')], { recursive: false, stdin: noStdin() });
    expect(out.map((t) => t.text)).toEqual(['kind: Pod\n']);
  });

  it('expands a directory to its .yaml, .yml and .json files, sorted by name, skipping others and subdirectories', async () => {
    await tree({ 'b.yml': 'b', 'a.yaml': 'a', 'c.json': 'c', 'notes.txt': 'x', 'README.md': 'x', 'sub/d.yaml': 'd' });
    const out = await readManifestTexts([dir], { recursive: false, stdin: noStdin() });
    expect(out).toEqual([
      { file: join(dir, 'a.yaml'), text: 'a' },
      { file: join(dir, 'b.yml'), text: 'b' },
      { file: join(dir, 'c.json'), text: 'c' },
    ]);
  });

  it('descends into subdirectories with recursive', async () => {
    await tree({ 'a.yaml': 'a', 'sub/d.yaml': 'd', 'sub/deeper/e.json': 'e', 'sub/skip.txt': 'x' });
    const out = await readManifestTexts([dir], { recursive: true, stdin: noStdin() });
    expect(out.map((t) => t.file)).toEqual([join(dir, 'a.yaml'), join(dir, 'sub', 'd.yaml'), join(dir, 'sub', 'deeper', 'e.json')]);
  });

  it('keeps the order of the arguments', async () => {
    await tree({ 'a.yaml': 'a', 'b.yaml': 'b' });
    const out = await readManifestTexts([join(dir, 'b.yaml'), join(dir, 'a.yaml')], { recursive: false, stdin: noStdin() });
    expect(out.map((t) => t.text)).toEqual(['b', 'a']);
  });

  it('a missing path is a SourceError naming it', async () => {
    const path = join(dir, 'missing.yaml');
    const e = await rejection(readManifestTexts([path], { recursive: false, stdin: noStdin() }));
    expect(e.message).toBe(`${path}: no such file or directory`);
    expect(e.origin).toEqual({ file: path, doc: 0 });
  });

  it('a directory without manifests is a SourceError', async () => {
    await tree({ 'notes.txt': 'x' });
    const e = await rejection(readManifestTexts([dir], { recursive: false, stdin: noStdin() }));
    expect(e.message).toContain(dir);
    expect(e.message).toContain('no .yaml, .yml or .json files');
  });

  it('- reads stdin, named -', async () => {
    const stdin = Readable.from([Buffer.from('kind: '), 'Pod\n']);
    expect(await readManifestTexts(['-'], { recursive: false, stdin })).toEqual([{ file: '-', text: 'kind: Pod\n' }]);
  });

  it('- given twice is a SourceError', async () => {
    const e = await rejection(readManifestTexts(['-', '-'], { recursive: false, stdin: Readable.from(['x']) }));
    expect(e.message).toContain('-f -');
  });
});
