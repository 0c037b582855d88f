// The npm package: the bundle, two launchers, LICENSE, notices and README; a package.json without
// dependencies (everything is bundled) that installs with `npm install -g` on Node >= 22.

/** The oldest Node the bundle runs on (esbuild target node22, Node APIs used). */
export const MIN_NODE_MAJOR = 22;

/**
 * The published package.json, derived from the repository's.
 * @param {Record<string, any>} rootPackage
 */
export function npmPackageJson(rootPackage) {
  /** @type {Record<string, unknown>} */
  const pkg = {
    name: rootPackage.name,
    version: rootPackage.version,
    description: rootPackage.description,
    license: rootPackage.license,
    type: 'module',
    bin: {
      'kubectl-netpol': 'bin/kubectl-netpol.mjs',
      'kubectl_complete-netpol': 'bin/kubectl_complete-netpol.mjs',
    },
    engines: { node: `>=${MIN_NODE_MAJOR}` },
    keywords: ['kubectl', 'kubectl-plugin', 'kubernetes', 'networkpolicy'],
  };
  for (const key of ['homepage', 'repository', 'bugs']) if (rootPackage[key] !== undefined) pkg[key] = rootPackage[key];
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

const nodeCheck = (/** @type {string} */ onOld) => `const major = Number(process.versions.node.split('.')[0]);
if (major < ${MIN_NODE_MAJOR}) {
  ${onOld}
}`;

/** bin/kubectl-netpol.mjs: kubectl runs it as \`kubectl netpol\`. */
export const MAIN_LAUNCHER = `#!/usr/bin/env node
// kubectl-netpol: kubectl finds this on PATH and runs it as \`kubectl netpol\`.
${nodeCheck(`process.stderr.write(\`error: kubectl-netpol needs Node.js ${MIN_NODE_MAJOR} or newer (this is \${process.version}); the standalone binaries need no Node at all\\n\`);\n  process.exit(2);`)}
// Compiled code is cached between runs (in the OS temp directory; NODE_DISABLE_COMPILE_CACHE=1 turns it off).
const { enableCompileCache } = await import('node:module');
enableCompileCache?.();
const { main } = await import('../lib/entry.mjs');
await main(process.argv.slice(2));
`;

/** bin/kubectl_complete-netpol.mjs: kubectl (1.26+) runs it for \`kubectl netpol <TAB>\`. */
export const COMPLETE_LAUNCHER = `#!/usr/bin/env node
// kubectl_complete-netpol: kubectl (1.26+) runs this for \`kubectl netpol <TAB>\`.
${nodeCheck("process.stdout.write(':4\\n');\n  process.exit(0);")}
const { enableCompileCache } = await import('node:module');
enableCompileCache?.();
const { main } = await import('../lib/entry.mjs');
await main(['__complete', ...process.argv.slice(2)]);
`;

/** The entry the standalone binaries are compiled from (beside lib/). */
export const STANDALONE_ENTRY = `import { main } from './lib/entry.mjs';
await main(process.argv.slice(2));
`;

/** kubectl_complete-netpol beside the binary in the krew archives (POSIX sh). */
export const COMPLETE_SCRIPT = `#!/bin/sh
# kubectl (1.26+) runs this for \`kubectl netpol <TAB>\`: put it on PATH beside kubectl-netpol.
here=$(dirname "$0")
if [ -x "$here/kubectl-netpol" ]; then exec "$here/kubectl-netpol" __complete "$@"; fi
exec kubectl-netpol __complete "$@"
`;

/** kubectl_complete-netpol.cmd beside kubectl-netpol.exe in the Windows archive. */
export const COMPLETE_CMD = '@"%~dp0kubectl-netpol.exe" __complete %*\r\n';
