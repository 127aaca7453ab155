#!/usr/bin/env node
// Builds the API (tsc → dist/) and the web app (vite → web/dist/), each only when one of its
// sources is newer than its last build, so `npm start` on an unchanged checkout starts at
// once. `npm ci` builds both through `prepare`; `--force` rebuilds regardless.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const force = process.argv.includes('--force');

const TARGETS = [
  {
    name: 'API',
    inputs: ['src', 'migrations', 'test/bench', 'test/support', 'tsconfig.json', 'tsconfig.build.json', 'package.json'],
    stamp: 'dist/.build-stamp',
    command: 'npx tsc -p tsconfig.build.json',
  },
  {
    name: 'web app',
    inputs: ['web/src', 'web/public', 'web/index.html', 'web/vite.config.mts', 'web/tsconfig.json', 'web/package.json'],
    stamp: 'web/dist/.build-stamp',
    command: 'npm run build -w web',
  },
];

/** Newest modification time under the given paths (files and folders). */
function newest(paths) {
  let max = 0;
  const visit = (path) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    max = Math.max(max, stat.mtimeMs);
    if (stat.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
  };
  for (const p of paths) visit(join(root, p));
  return max;
}

for (const target of TARGETS) {
  const stamp = join(root, target.stamp);
  const builtAt = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
  if (!force && builtAt > newest(target.inputs)) continue;
  const started = Date.now();
  process.stdout.write(`Building the ${target.name}…\n`);
  execSync(target.command, { cwd: root, stdio: 'inherit' });
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
  process.stdout.write(`Built the ${target.name} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
