// Expands -f arguments (files, directories, `-` for stdin) into texts, the way kubectl does.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { SourceError } from '../source-error.js';

export interface ManifestText {
  readonly file: string;
  readonly text: string;
}

const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

async function listDirectory(dir: string, recursive: boolean): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (recursive) files.push(...(await listDirectory(path, true)));
    } else if (MANIFEST_EXTENSIONS.some((ext) => entry.name.endsWith(ext))) {
      files.push(path);
    }
  }
  return files;
}

function describeFsError(path: string, error: unknown): SourceError {
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : 'cannot be read';
  return new SourceError(`${path}: ${why}`, { file: path, doc: 0 });
}

export async function readManifestTexts(
  paths: readonly string[],
  options: { recursive: boolean; stdin: NodeJS.ReadableStream },
): Promise<ManifestText[]> {
  const out: ManifestText[] = [];
  let stdinUsed = false;
  for (const path of paths) {
    if (path === '-') {
      if (stdinUsed) throw new SourceError('-f - can be given only once', { file: '-', doc: 0 });
      stdinUsed = true;
      out.push({ file: '-', text: await readStdin(options.stdin) });
      continue;
    }
    try {
      const info = await stat(path);
      const files = info.isDirectory() ? await listDirectory(path, options.recursive) : [path];
      if (info.isDirectory() && files.length === 0) {
        throw new SourceError(`${path}: no .yaml, .yml or .json files in this directory`, { file: path, doc: 0 });
      }
      // Decoded in one piece from the bytes: a large text becomes one flat string kept outside the
      // JavaScript heap, where reading with an encoding would build a rope that the first scan copies.
      for (const file of files) out.push({ file, text: (await readFile(file)).toString('utf8') });
    } catch (error) {
      if (error instanceof SourceError) throw error;
      throw describeFsError(path, error);
    }
  }
  return out;
}
