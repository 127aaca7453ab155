import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const semver = require('semver') as { minVersion(range: string): { version: string } | null; satisfies(v: string, range: string): boolean };

// `npm ci` must install cleanly on the oldest Node the project declares (no EBADENGINE).
describe('installed dependencies', () => {
  it('every package in the lock file accepts the oldest Node we support', () => {
    const root = join(__dirname, '../..');
    const declared = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines.node as string;
    const oldest = semver.minVersion(declared)!.version;
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version?: string; engines?: { node?: string } | string[]; optional?: boolean }>;
    };
    const excluding = Object.entries(lock.packages)
      .filter(([, p]) => p.engines && !Array.isArray(p.engines) && p.engines.node && !semver.satisfies(oldest, p.engines.node))
      .map(([path, p]) => `${path.replace(/^.*node_modules\//, '')}@${p.version} wants node ${(p.engines as { node: string }).node}`);
    expect(excluding).toEqual([]);
  });
});
