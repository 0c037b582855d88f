// The CLI as one ESM bundle (esbuild): lib/entry.mjs with what every command needs, and chunks that
// load on demand (the ink UI, the live-cluster client, completion); plus the notices of every
// third-party package that went into it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { build } from 'esbuild';

/**
 * ink imports React DevTools only when DEV=true; the release leaves DevTools out, so that import
 * becomes an empty module instead of an unresolvable package.
 * @type {import('esbuild').Plugin}
 */
const withoutInkDevtools = {
  name: 'without-ink-devtools',
  setup(b) {
    b.onResolve({ filter: /^\.\/devtools\.js$/ }, (args) => (/[\\/]ink[\\/]build$/.test(args.resolveDir) ? { path: 'ink-devtools', namespace: 'empty' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

/** The package.json nearest above a file. */
function packageJsonOf(/** @type {string} */ file) {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) return JSON.parse(readFileSync(candidate, 'utf8'));
  }
  return {};
}

/**
 * `await import('react')` gives Node the named exports of a CommonJS package, but a chunk esbuild
 * splits off for it exports only `default`. A dynamic import of a CommonJS package is routed
 * through a small ES module that names each export (read from the package at build time).
 * @type {import('esbuild').Plugin}
 */
const dynamicCommonJsExports = {
  name: 'dynamic-commonjs-exports',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.kind !== 'dynamic-import' || args.namespace === 'cjs-exports') return undefined;
      const resolved = await b.resolve(args.path, { kind: 'import-statement', resolveDir: args.resolveDir, importer: args.importer });
      if (resolved.errors.length > 0 || resolved.external || resolved.path.endsWith('.mjs') || packageJsonOf(resolved.path).type === 'module') return undefined;
      return { path: args.path, namespace: 'cjs-exports', pluginData: { file: resolved.path, resolveDir: args.resolveDir } };
    });
    b.onLoad({ filter: /.*/, namespace: 'cjs-exports' }, (args) => {
      const names = Object.keys(createRequire(args.pluginData.file)(args.pluginData.file)).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n) && n !== 'default');
      return {
        contents: `import m from ${JSON.stringify(args.path)};\nexport default m;\nexport const { ${names.join(', ')} } = m;\n`,
        resolveDir: args.pluginData.resolveDir,
        loader: 'js',
      };
    });
  },
};

/**
 * Bundles src/cli/entry.ts into `outdir` (entry.mjs + chunks/*.mjs), stamped with the build's
 * commit and date (src/cli/version.ts reads them). Returns the files written (relative paths,
 * sorted) and the npm packages bundled.
 * @param {{ root: string, outdir: string, commit: string, buildDate: string }} options
 */
export async function bundleCli({ root, outdir, commit, buildDate }) {
  const result = await build({
    absWorkingDir: root,
    // The UI's analysis worker is a script of its own, started beside the chunk that starts it.
    entryPoints: { entry: 'src/cli/entry.ts', 'chunks/analysis-worker': 'src/ui/store/analysis-worker.ts' },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    jsx: 'automatic',
    minifySyntax: true,
    minifyWhitespace: true,
    legalComments: 'none',
    sourcemap: false,
    metafile: true,
    logLevel: 'warning',
    define: {
      'process.env.NODE_ENV': '"production"',
      __NETPOL_BUILD__: JSON.stringify({ commit, buildDate }),
      // As in any ES module; else Bun's compiler writes the build directory into the binary (undici asks for it).
      __filename: 'undefined',
      __dirname: 'undefined',
    },
    // CommonJS dependencies (commander, yaml's CJS parts) call require() for Node built-ins.
    banner: { js: "import { createRequire as __netpolRequire } from 'node:module'; const require = __netpolRequire(import.meta.url);" },
    plugins: [withoutInkDevtools, dynamicCommonJsExports],
  });
  const files = Object.keys(result.metafile.outputs)
    .map((f) => relative(outdir, join(root, f)).split(sep).join('/'))
    .sort();
  return { files, packages: bundledPackages(root, Object.keys(result.metafile.inputs)), metafile: result.metafile };
}

/** The package directories (under node_modules) that the bundle's inputs came from. */
function bundledPackages(/** @type {string} */ root, /** @type {readonly string[]} */ inputs) {
  const dirs = new Set();
  for (const input of inputs) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input.split(sep).join('/'));
    if (match) dirs.add(join(root, match[1]));
  }
  return [...dirs].sort();
}

const LICENSE_FILE = /^(licen[sc]e|copying|notice)(\.(md|txt|markdown))?$/i;

/**
 * THIRD_PARTY_NOTICES: for each bundled package, its name, version, license and license text.
 * @param {readonly string[]} packageDirs
 * @param {string} runtimeNote  a paragraph about the runtime the binaries embed ('' for the npm package)
 */
export function thirdPartyNotices(packageDirs, runtimeNote) {
  const sections = new Map();
  for (const dir of packageDirs) {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const key = `${pkg.name}@${pkg.version}`;
    if (sections.has(key)) continue;
    const texts = existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => LICENSE_FILE.test(f))
          .sort()
          .map((f) => readFileSync(join(dir, f), 'utf8').trim())
      : [];
    const license = typeof pkg.license === 'string' ? pkg.license : 'see the package';
    sections.set(key, `${key} (${license})\n\n${texts.length ? texts.join('\n\n') : `The package ships no license file; its package.json declares ${license}.`}\n`);
  }
  const rule = `\n${'-'.repeat(80)}\n\n`;
  const intro =
    'kubectl-netpol is licensed under the Apache License 2.0 (LICENSE). It includes the following\n' +
    'third-party software, under the licenses reproduced below.\n' +
    (runtimeNote ? `\n${runtimeNote}\n` : '');
  return `${intro}${rule}${[...sections.keys()].sort().map((k) => sections.get(k)).join(rule)}`;
}
