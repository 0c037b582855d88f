#!/usr/bin/env node
// Re-runs every "$ kubectl netpol ..." example in README.md (```console blocks) with the built CLI
// and rewrites its output, so the README always shows real output. Usage: node scripts/update-readme-examples.mjs [--check]
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const readmePath = `${root}README.md`;
const readme = readFileSync(readmePath, 'utf8');
const check = process.argv.includes('--check');

const updated = readme.replace(/```console\n\$ kubectl netpol ([^\n]*)\n[\s\S]*?```/g, (_block, args) => {
  const argv = args.match(/'[^']*'|\S+/g).map((a) => a.replace(/^'|'$/g, ''));
  const r = spawnSync(process.execPath, [`${root}bin/kubectl-netpol`, ...argv], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return `\`\`\`console\n$ kubectl netpol ${args}\n${r.stdout}${r.stderr}\`\`\``;
});
if (check) {
  if (updated !== readme) {
    console.error('README.md examples are out of date: run node scripts/update-readme-examples.mjs');
    process.exit(1);
  }
} else {
  writeFileSync(readmePath, updated);
}
